import { useState } from 'react';
import { type Query, withQuery } from '../api/client.js';
import { useApi } from '../api/session.js';
import type { List } from '../api/types.js';
import { type Resource, useAction, useResource } from './useResource.js';

/**
 * A list the API pages with a cursor (`after=<id>` or `before=<requestId>`): the first page
 * loads with the query, "load more" appends the next one.
 */
export function usePaged<T>(
  path: string,
  query: Query,
  cursor: { param: string; of(item: T): string },
): { first: Resource<List<T>>; items: T[]; hasMore: boolean; loadMore(): void; loadingMore: boolean } {
  const api = useApi();
  const url = withQuery(path, query);
  const first = useResource<List<T>>(url, (client) => client.get<List<T>>(url));
  // The pages loaded after `first`, tagged with the first page they follow: a new first page (a
  // changed query, a reload) leaves them behind without an effect to clear them.
  const [loaded, setLoaded] = useState<{ after: List<T>; items: T[]; hasMore: boolean } | null>(null);
  const firstData = first.status === 'ready' ? first.data : null;
  const more = loaded && loaded.after === firstData ? loaded : null;

  const items = firstData ? [...firstData.data, ...(more?.items ?? [])] : [];
  const hasMore = more ? more.hasMore : Boolean(firstData?.hasMore);
  const last = items[items.length - 1];
  const next = useAction(async () => {
    if (!last || !firstData) return;
    const page = await api.get<List<T>>(withQuery(path, { ...query, [cursor.param]: cursor.of(last) }));
    setLoaded((previous) => ({ after: firstData, items: [...(previous?.after === firstData ? previous.items : []), ...page.data], hasMore: Boolean(page.hasMore) }));
  });
  return { first, items, hasMore, loadMore: () => void next.run(), loadingMore: next.busy };
}
