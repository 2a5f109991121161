import type { IncomingHttpHeaders } from 'node:http';
import { TollgateError } from '../core/errors.js';

/** The secret a client sent: "Authorization: Bearer <key>", or the "api-key" header Azure SDKs use. */
export function bearerToken(request: { headers: IncomingHttpHeaders }): string {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.length > 7 && header.slice(0, 7).toLowerCase() === 'bearer ') {
    const token = header.slice(7).trim();
    if (token.length > 0) return token;
  }
  const apiKey = request.headers['api-key'];
  if (typeof apiKey === 'string' && apiKey.length > 0) return apiKey;
  throw new TollgateError('missing_api_key');
}
