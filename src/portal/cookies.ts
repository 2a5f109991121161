/** The console's session cookie. Path=/ because the console, the portal API and the admin API all read it. */
export const SESSION_COOKIE = 'tg_session';

/** The value of one cookie in a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || null;
  }
  return null;
}

/**
 * SameSite=Strict: the console is a single-page app whose HTML needs no cookie, and every request
 * that does is made by the app itself, from the same site. So Strict costs nothing (a link from an
 * email or Stripe's return still lands on the app, which then calls the API with the cookie) and
 * no other site can make a browser send it at all.
 */
export function sessionCookie(value: string, maxAgeMs: number, secure: boolean): string {
  const attributes = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.max(0, Math.floor(maxAgeMs / 1000))}`];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}
