/** The cookies a browser would keep for one site: enough of RFC 6265 for Tollgate's session cookie. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Takes the Set-Cookie headers of a response: a cookie with Max-Age=0 or an empty value is dropped. */
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      const expired = attributes.some((a) => /^max-age=0$/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  header(): string | undefined {
    return this.cookies.size === 0 ? undefined : [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export interface Answer {
  status: number;
  headers: Headers;
  /** JSON parsed, text as a string, anything else as bytes. */
  body: any;
}

/**
 * Talks to Tollgate the way the console does: a cookie jar, JSON bodies, and the session's CSRF
 * token on every request other than GET (unless a test leaves it out on purpose).
 */
export class ConsoleClient {
  readonly jar = new CookieJar();
  csrfToken: string | null = null;

  constructor(readonly baseUrl: string) {}

  async signIn(credentials: Record<string, string>): Promise<Answer> {
    const answer = await this.call('POST', '/console/api/session', credentials);
    if (answer.status === 200) this.csrfToken = answer.body.csrfToken;
    return answer;
  }

  async call(method: string, path: string, body?: unknown, options: { csrf?: boolean; headers?: Record<string, string> } = {}): Promise<Answer> {
    const response = await this.fetch(method, path, body, options);
    const type = response.headers.get('content-type') ?? '';
    const parsed = type.includes('json') ? await response.json() : type.includes('text') ? await response.text() : Buffer.from(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, body: parsed };
  }

  async fetch(method: string, path: string, body?: unknown, options: { csrf?: boolean; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    const cookie = this.jar.header();
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    if (method !== 'GET' && method !== 'HEAD' && options.csrf !== false && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
    this.jar.store(response);
    return response;
  }
}
