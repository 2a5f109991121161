import type { Clock } from '../core/clock.js';
import { retryDelayMs } from './backoff.js';
import { WebhookSender, type SendResult } from './sender.js';
import { DELIVERY_ID_HEADER, EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature.js';
import type { AttemptOutcome, DueDelivery, NotificationStore, WebhookEndpoint } from './types.js';

export interface DispatcherOptions {
  pollIntervalMs?: number;
  /** Due deliveries read per run. */
  batchSize?: number;
  /** Requests in flight at once per dispatcher. */
  concurrency?: number;
  /** How long a claimed delivery is this dispatcher's; must be well above the send timeout. */
  leaseMs?: number;
  timeoutMs?: number;
  /** Source of the retry jitter (tests pin it). */
  random?: () => number;
}

export interface DispatchSummary {
  /** Attempts this dispatcher made (deliveries another replica claimed first are not counted). */
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
}

interface Log {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

const USER_AGENT = 'Tollgate-Webhooks/1';

/**
 * Sends due deliveries. Every replica runs one; they share the work through the database alone:
 * before sending, a dispatcher claims the attempt with one conditional UPDATE (see
 * NotificationStore.claimDelivery), so two replicas never send the same attempt.
 */
export class WebhookDispatcher {
  private readonly sender: WebhookSender;
  private readonly options: Required<DispatcherOptions>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly store: NotificationStore,
    private readonly secretOf: (endpoint: WebhookEndpoint) => string,
    private readonly clock: Clock,
    options: DispatcherOptions = {},
  ) {
    this.options = { pollIntervalMs: 1000, batchSize: 50, concurrency: 8, leaseMs: 60_000, timeoutMs: 5000, random: Math.random, ...options };
    this.sender = new WebhookSender(this.options.timeoutMs);
  }

  start(log: Log): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce()
        .then((summary) => summary.failed > 0 && log.warn({ ...summary }, 'webhook deliveries failed for good after their last attempt'))
        .catch((err: unknown) => log.error({ err }, 'webhook dispatch failed'))
        .finally(() => (this.running = null));
    }, this.options.pollIntervalMs);
    this.timer.unref();
  }

  /** Stops polling and waits for the attempts in flight to be recorded. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  async close(): Promise<void> {
    await this.stop();
    await this.sender.close();
  }

  /** One pass: claims and sends whatever is due now. */
  async runOnce(): Promise<DispatchSummary> {
    const due = await this.store.dueDeliveries(this.clock.nowMs(), this.options.batchSize);
    const summary: DispatchSummary = { attempted: 0, delivered: 0, retrying: 0, failed: 0 };
    await forEachLimited(due, this.options.concurrency, async (delivery) => {
      const outcome = await this.attempt(delivery);
      if (!outcome) return;
      summary.attempted++;
      summary[outcome.status === 'pending' ? 'retrying' : outcome.status]++;
    });
    return summary;
  }

  private async attempt(delivery: DueDelivery): Promise<AttemptOutcome | null> {
    const startedAtMs = this.clock.nowMs();
    const claim = { id: delivery.id, attempts: delivery.attempts, nextAttemptAtMs: delivery.nextAttemptAtMs, nowMs: startedAtMs, leaseUntilMs: startedAtMs + this.options.leaseMs };
    if (!(await this.store.claimDelivery(claim))) return null;
    const attempts = delivery.attempts + 1;
    const outcome = this.outcomeOf(await this.send(delivery, startedAtMs), attempts);
    await this.store.recordAttempt(delivery.id, attempts, outcome);
    return outcome;
  }

  private async send(delivery: DueDelivery, nowMs: number): Promise<SendResult> {
    let signature: string;
    try {
      signature = signatureHeader(delivery.payload, this.secretOf(delivery.endpoint), Math.floor(nowMs / 1000));
    } catch (error) {
      return { statusCode: null, error: `cannot open the endpoint secret: ${(error as Error).message}` };
    }
    return this.sender.post(delivery.endpoint.url, delivery.payload, {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      [SIGNATURE_HEADER]: signature,
      [EVENT_ID_HEADER]: delivery.eventId,
      [EVENT_TYPE_HEADER]: delivery.eventType,
      [DELIVERY_ID_HEADER]: delivery.id,
    });
  }

  private outcomeOf(result: SendResult, attempts: number): AttemptOutcome {
    const nowMs = this.clock.nowMs();
    if (result.error === null) return { status: 'delivered', nextAttemptAtMs: null, lastStatusCode: result.statusCode, lastError: null, deliveredAtMs: nowMs };
    const delayMs = retryDelayMs(attempts, this.options.random);
    return {
      status: delayMs === null ? 'failed' : 'pending',
      nextAttemptAtMs: delayMs === null ? null : nowMs + delayMs,
      lastStatusCode: result.statusCode,
      lastError: result.error,
      deliveredAtMs: null,
    };
  }
}

async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
