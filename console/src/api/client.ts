/**
 * The one way the console talks to the server. Auth is the HttpOnly session cookie (sent with
 * same-origin credentials); writes carry the session's CSRF token. No secret is kept in storage.
 */

export type Query = Record<string, string | number | boolean | null | undefined>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null,
    readonly requestId: string | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get notFound(): boolean {
    return this.status === 404;
  }

  /** The endpoint itself does not exist on this server (yet), as opposed to a missing record. */
  get routeMissing(): boolean {
    return this.status === 404 && (this.code === 'route_not_found' || this.code === null);
  }
}

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

export interface ApiClientOptions {
  fetch?: typeof fetch;
  csrfToken(): string | null;
  /** Called when a request that needs a session answers 401: the session ended. */
  onUnauthorized?(): void;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** A 401 is the expected answer (signing in, checking the session): do not end the session. */
  expectUnauthorized?: boolean;
}

export interface ApiClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, query?: Query, options?: RequestOptions): Promise<T>;
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
}

async function errorOf(response: Response): Promise<ApiError> {
  const requestId = response.headers.get('x-request-id');
  let message = response.statusText || `HTTP ${response.status}`;
  let code: string | null = null;
  try {
    const body = (await response.json()) as { error?: { message?: string; code?: string | null } | string; message?: string };
    if (body && typeof body.error === 'object') {
      message = body.error.message ?? message;
      code = body.error.code ?? null;
    } else if (body && typeof body.message === 'string') {
      message = body.message;
    }
  } catch {
    // Not JSON (a proxy's HTML page): the status text says enough.
  }
  return new ApiError(response.status, message, code, requestId);
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function request<T>(method: string, path: string, requestOptions: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...requestOptions.headers };
    if (method !== 'GET' && method !== 'HEAD') {
      const csrf = options.csrfToken();
      if (csrf) headers['x-csrf-token'] = csrf;
    }
    let body: string | undefined;
    if (requestOptions.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(requestOptions.body);
    }
    let response: Response;
    try {
      response = await doFetch(withQuery(path, requestOptions.query), { method, headers, body, credentials: 'same-origin' });
    } catch (error) {
      throw new ApiError(0, (error as Error).message || 'network error', 'network_error', null);
    }
    if (!response.ok) {
      const error = await errorOf(response);
      if (response.status === 401 && !requestOptions.expectUnauthorized) options.onUnauthorized?.();
      throw error;
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    request,
    get: (path, query, requestOptions) => request('GET', path, { ...requestOptions, query }),
    post: (path, body, requestOptions) => request('POST', path, { ...requestOptions, body }),
    put: (path, body) => request('PUT', path, { body }),
    patch: (path, body) => request('PATCH', path, { body }),
    delete: (path) => request('DELETE', path),
  };
}
