import type { ReactNode } from 'react';
import type { Resource } from '../lib/useResource.js';
import { ErrorNote, Loading, NotFoundNote, Unavailable } from './Notice.js';

/**
 * Renders a resource's state: loading, its data, "not available yet" when the endpoint is not on
 * this server, "not found" for a missing record, or the error with a retry.
 */
export function Loadable<T>({ resource, what, children }: { resource: Resource<T>; what: string; children: (data: T) => ReactNode }) {
  switch (resource.status) {
    case 'idle':
      return null;
    case 'loading':
      return <Loading />;
    case 'error':
      if (resource.error.routeMissing) return <Unavailable what={what} />;
      if (resource.error.notFound) return <NotFoundNote />;
      return <ErrorNote error={resource.error} onRetry={resource.reload} />;
    case 'ready':
      return <div aria-busy={resource.refreshing}>{children(resource.data)}</div>;
  }
}
