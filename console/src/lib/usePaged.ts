import { useEffect, useState } from 'react';
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
  const [more, setMore] = useState<{ items: T[]; hasMore: boolean } | null>(null);
  const firstData = first.status === 'ready' ? first.data : null;
  useEffect(() => setMore(null), [firstData]);

  const items = first.status === 'ready' ? [...first.data.data, ...(more?.items ?? [])] : [];
  const hasMore = more ? more.hasMore : first.status === 'ready' && Boolean(first.data.hasMore);
  const last = items[items.length - 1];
  const next = useAction(async () => {
    if (!last) return;
    const page = await api.get<List<T>>(withQuery(path, { ...query, [cursor.param]: cursor.of(last) }));
    setMore((previous) => ({ items: [...(previous?.items ?? []), ...page.data], hasMore: Boolean(page.hasMore) }));
  });
  return { first, items, hasMore, loadMore: () => void next.run(), loadingMore: next.busy };
}
