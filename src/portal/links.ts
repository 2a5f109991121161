import type { FastifyRequest } from 'fastify';
import type { CheckoutUrls } from '../payments/service.js';

/**
 * Where Stripe sends the browser back: a page of the console (which routes by the URL's hash, so
 * the page and its `checkout` query live after `#`), on the public URL when one is configured,
 * else on the address the browser used. Clients cannot choose it, so a checkout opened from the
 * portal can never return to another site.
 */
export function consoleReturnUrls(request: FastifyRequest, publicUrl: string | null, route: string): CheckoutUrls {
  const page = `${publicUrl ?? `${request.protocol}://${request.host}`}/console/#${route}`;
  return { successUrl: `${page}?checkout=success`, cancelUrl: `${page}?checkout=canceled` };
}
