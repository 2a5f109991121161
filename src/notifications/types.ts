import type { EventSubscription, WebhookEventType } from './events.js';

export type EndpointStatus = 'enabled' | 'disabled';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** Where the operator wants events sent. The signing secret is stored sealed, never in clear. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  secretSealed: string;
  events: EventSubscription[];
  status: EndpointStatus;
  createdAtMs: number;
}

/** One event on its way to one endpoint, with the record of every attempt so far. */
export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: WebhookEventType;
  /** The exact JSON body sent (and signed) on every attempt. */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  /** When the dispatcher may next pick it up; null once delivered or failed. */
  nextAttemptAtMs: number | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAtMs: number;
  deliveredAtMs: number | null;
}

/** A due delivery with what sending it needs from its endpoint. */
export interface DueDelivery extends WebhookDelivery {
  nextAttemptAtMs: number;
  endpoint: WebhookEndpoint;
}

/** What one attempt leaves behind. */
export interface AttemptOutcome {
  status: DeliveryStatus;
  nextAttemptAtMs: number | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAtMs: number | null;
}

export type EndpointPatch = Partial<Pick<WebhookEndpoint, 'url' | 'events' | 'status'>>;

export interface DeliveryFilter {
  endpointId?: string;
  status?: DeliveryStatus;
  limit: number;
  after?: string;
}

/** The compare-and-set that hands one attempt of a delivery to exactly one dispatcher. */
export interface DeliveryClaim {
  id: string;
  /** The attempts count and due time the dispatcher saw; the claim fails if either moved. */
  attempts: number;
  nextAttemptAtMs: number;
  nowMs: number;
  /** Until when the claimer holds it: if it dies mid-send, another dispatcher retries after this. */
  leaseUntilMs: number;
}

export interface NotificationStore {
  insertEndpoint(endpoint: WebhookEndpoint): Promise<void>;
  getEndpoint(id: string): Promise<WebhookEndpoint | null>;
  listEndpoints(filter: { status?: EndpointStatus; limit: number; after?: string }): Promise<WebhookEndpoint[]>;
  enabledEndpoints(): Promise<WebhookEndpoint[]>;
  updateEndpoint(id: string, patch: EndpointPatch): Promise<WebhookEndpoint | null>;
  /** Inserts what is not there yet (one per endpoint and event id); returns how many were new. */
  insertDeliveries(deliveries: WebhookDelivery[]): Promise<number>;
  getDelivery(id: string): Promise<WebhookDelivery | null>;
  listDeliveries(filter: DeliveryFilter): Promise<WebhookDelivery[]>;
  /** Pending deliveries of enabled endpoints whose next attempt is due, oldest due first. */
  dueDeliveries(nowMs: number, limit: number): Promise<DueDelivery[]>;
  /** True when this caller won the attempt (attempts is then counted up, and the lease set). */
  claimDelivery(claim: DeliveryClaim): Promise<boolean>;
  /** Records the attempt numbered `attempts`; false if another dispatcher has since taken it over. */
  recordAttempt(id: string, attempts: number, outcome: AttemptOutcome): Promise<boolean>;
  /** Makes a delivered or failed delivery due now; false if it is missing or still pending. */
  rescheduleDelivery(id: string, nowMs: number): Promise<boolean>;
}
