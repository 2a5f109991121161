import { useCallback, useEffect, useRef, useState } from 'react';
import { type ApiClient, ApiError, type Query, withQuery } from '../api/client.js';
import { useApi } from '../api/session.js';

export type ResourceState<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; data: T; refreshing: boolean }
  | { status: 'error'; error: ApiError };

export type Resource<T> = ResourceState<T> & { reload(): void };

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, error instanceof Error ? error.message : String(error), null, null);
}

/**
 * Loads whenever `key` changes (null: nothing to load yet). A reload keeps the old data on
 * screen while the new answer is on its way, and an answer that arrives after the key moved on is dropped.
 */
export function useResource<T>(key: string | null, load: (api: ApiClient) => Promise<T>): Resource<T> {
  const api = useApi();
  const loader = useRef(load);
  loader.current = load;
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<ResourceState<T>>(key === null ? { status: 'idle' } : { status: 'loading' });
  const loadedKey = useRef<string | null>(null);

  useEffect(() => {
    if (key === null) {
      setState({ status: 'idle' });
      return;
    }
    let live = true;
    const sameKey = loadedKey.current === key;
    setState((previous) => (previous.status === 'ready' && sameKey ? { ...previous, refreshing: true } : { status: 'loading' }));
    loader
      .current(api)
      .then((data) => {
        if (!live) return;
        loadedKey.current = key;
        setState({ status: 'ready', data, refreshing: false });
      })
      .catch((error: unknown) => live && setState({ status: 'error', error: asApiError(error) }));
    return () => {
      live = false;
    };
  }, [api, key, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}

/** GET one endpoint. */
export function useGet<T>(path: string | null, query?: Query): Resource<T> {
  const url = path === null ? null : withQuery(path, query);
  return useResource<T>(url, (api) => api.get<T>(url!));
}

/** A button's or form's action: busy while it runs, its error shown until the next try. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>): {
  run(...args: A): Promise<R | undefined>;
  busy: boolean;
  error: ApiError | null;
  clearError(): void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const latest = useRef(action);
  latest.current = action;
  const run = useCallback(async (...args: A) => {
    setBusy(true);
    setError(null);
    try {
      return await latest.current(...args);
    } catch (caught) {
      setError(asApiError(caught));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, busy, error, clearError: useCallback(() => setError(null), []) };
}
