/**
 * Every event type Tollgate can send to a webhook endpoint. This list is the one place to add a
 * type: endpoint validation and the admin API's schema derive from it, and a test holds the
 * table in README.md to it.
 */
export const webhookEventTypes = [
  'invoice.finalized',
  'invoice.payment_reminder',
  'payment.succeeded',
  'payment.failed',
  'balance.low',
  'subscription.changed',
  'customer.suspended',
  'alert.raised',
] as const;

export type WebhookEventType = (typeof webhookEventTypes)[number];

/** Subscribes an endpoint to every type, including types added later. */
export const ALL_EVENTS = '*';

export type EventSubscription = WebhookEventType | typeof ALL_EVENTS;

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (webhookEventTypes as readonly string[]).includes(value);
}

export function subscribes(events: readonly EventSubscription[], type: WebhookEventType): boolean {
  return events.includes(ALL_EVENTS) || events.includes(type);
}
