import type { Clock } from '../core/clock.js';
import { TollgateError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Currency } from '../core/money.js';
import type { SecretBox } from '../core/secret-box.js';
import { maybeBalanceLow } from './balance-low.js';
import { ALL_EVENTS, type EventSubscription, isWebhookEventType, subscribes, type WebhookEventType } from './events.js';
import { generateEndpointSecret } from './signature.js';
import type { DeliveryFilter, EndpointStatus, NotificationStore, WebhookDelivery, WebhookEndpoint } from './types.js';

export interface EndpointInput {
  url: string;
  /** Event types to receive; absent or ["*"]: all of them, including types added later. */
  events?: string[];
}

export interface EndpointUpdate {
  url?: string;
  events?: string[];
  status?: EndpointStatus;
}

/** What the API shows of an endpoint: everything but the sealed secret. */
export type EndpointView = Omit<WebhookEndpoint, 'secretSealed'>;

export function viewEndpoint({ secretSealed: _sealed, ...rest }: WebhookEndpoint): EndpointView {
  return rest;
}

/** Webhook endpoints, and the events recorded for them; the dispatcher does the sending. */
export class NotificationService {
  constructor(
    private readonly store: NotificationStore,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  /** The secret is in this answer only; what is stored is sealed with the app's key. */
  async createEndpoint(input: EndpointInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const nowMs = this.clock.nowMs();
    const secret = generateEndpointSecret();
    const endpoint: WebhookEndpoint = {
      id: newId('whe', nowMs),
      url: validUrl(input.url),
      secretSealed: this.secrets.seal(secret),
      events: validEvents(input.events),
      status: 'enabled',
      createdAtMs: nowMs,
    };
    await this.store.insertEndpoint(endpoint);
    return { endpoint, secret };
  }

  async getEndpoint(id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.store.getEndpoint(id);
    if (!endpoint) throw new TollgateError('not_found', `No webhook endpoint with id ${id}.`);
    return endpoint;
  }

  listEndpoints(filter: { status?: EndpointStatus; limit: number; after?: string }): Promise<WebhookEndpoint[]> {
    return this.store.listEndpoints(filter);
  }

  /** Disabling pauses an endpoint's deliveries (they stay pending); enabling resumes them. */
  async updateEndpoint(id: string, input: EndpointUpdate): Promise<WebhookEndpoint> {
    await this.getEndpoint(id);
    const patch = {
      ...(input.url !== undefined ? { url: validUrl(input.url) } : {}),
      ...(input.events !== undefined ? { events: validEvents(input.events) } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
    };
    return (await this.store.updateEndpoint(id, patch))!;
  }

  /**
   * Records one delivery per enabled endpoint subscribed to the type. The event id makes this
   * idempotent: emitting it again (a retried job, two replicas) adds nothing for endpoints that
   * already have it. Returns how many deliveries were new.
   */
  async emit(type: WebhookEventType, data: Record<string, unknown>, options: { eventId: string }): Promise<number> {
    // Callers may reach here through a cast; an unlisted type would be a delivery no view can show.
    if (!isWebhookEventType(type)) throw new Error(`Unknown webhook event type "${String(type)}": add it to notifications/events.ts`);
    const nowMs = this.clock.nowMs();
    const endpoints = (await this.store.enabledEndpoints()).filter((e) => subscribes(e.events, type));
    if (endpoints.length === 0) return 0;
    const payload = eventBody(options.eventId, type, nowMs, data);
    return this.store.insertDeliveries(
      endpoints.map((endpoint) => ({
        id: newId('whd', nowMs),
        endpointId: endpoint.id,
        eventId: options.eventId,
        eventType: type,
        payload,
        status: 'pending',
        attempts: 0,
        nextAttemptAtMs: nowMs,
        lastStatusCode: null,
        lastError: null,
        createdAtMs: nowMs,
        deliveredAtMs: null,
      })),
    );
  }

  /** Emits `balance.low` when a charge took the balance below the threshold (see balance-low.ts). */
  maybeBalanceLow(customer: { id: string; currency: Currency }, balanceBeforeNanos: bigint, balanceAfterNanos: bigint, thresholdNanos: bigint): Promise<boolean> {
    return maybeBalanceLow(this, customer, balanceBeforeNanos, balanceAfterNanos, thresholdNanos);
  }

  async getDelivery(id: string): Promise<WebhookDelivery> {
    const delivery = await this.store.getDelivery(id);
    if (!delivery) throw new TollgateError('not_found', `No webhook delivery with id ${id}.`);
    return delivery;
  }

  listDeliveries(filter: DeliveryFilter): Promise<WebhookDelivery[]> {
    return this.store.listDeliveries(filter);
  }

  /**
   * Sends a delivered or failed delivery again, at the dispatcher's next pass. A pending one is
   * refused: it may be in flight on some replica right now, and its retry is scheduled anyway.
   */
  async retryDelivery(id: string): Promise<WebhookDelivery> {
    const delivery = await this.getDelivery(id);
    if (!(await this.store.rescheduleDelivery(id, this.clock.nowMs()))) {
      throw new TollgateError('conflict', `Delivery ${id} is still pending; its next attempt is already scheduled.`, { details: { next_attempt_at_ms: delivery.nextAttemptAtMs } });
    }
    return this.getDelivery(id);
  }
}

/** The body every endpoint receives: the same bytes on every attempt. */
function eventBody(eventId: string, type: WebhookEventType, createdAtMs: number, data: Record<string, unknown>): string {
  return JSON.stringify({ id: eventId, type, createdAtMs, data }, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

function validUrl(text: string): string {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new TollgateError('invalid_request', 'url must be an absolute http:// or https:// URL.', { param: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TollgateError('invalid_request', `url must use http or https, not ${url.protocol.replace(/:$/, '')}.`, { param: 'url' });
  }
  return trimmed;
}

function validEvents(events: string[] | undefined): EventSubscription[] {
  if (events === undefined) return [ALL_EVENTS];
  const unknown = events.filter((e) => e !== ALL_EVENTS && !isWebhookEventType(e));
  if (unknown.length > 0) throw new TollgateError('invalid_request', `Unknown event types: ${unknown.join(', ')}.`, { param: 'events' });
  if (events.length === 0) throw new TollgateError('invalid_request', 'events must name at least one event type, or "*".', { param: 'events' });
  return events.includes(ALL_EVENTS) ? [ALL_EVENTS] : [...new Set(events as WebhookEventType[])].sort();
}
