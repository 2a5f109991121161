import type { Kysely, Selectable } from 'kysely';
import type { EventSubscription, WebhookEventType } from '../../notifications/events.js';
import type {
  AttemptOutcome, DeliveryClaim, DeliveryFilter, DeliveryStatus, DueDelivery, EndpointPatch, EndpointStatus, NotificationStore, WebhookDelivery,
  WebhookEndpoint,
} from '../../notifications/types.js';
import type { Database, WebhookDeliveriesTable, WebhookEndpointsTable } from '../schema.js';
import { num, numOrNull, parseJson } from './rows.js';

function toEndpoint(row: Selectable<WebhookEndpointsTable>): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    secretSealed: row.secretSealed,
    events: parseJson<EventSubscription[]>(row.events, []),
    status: row.status as EndpointStatus,
    createdAtMs: num(row.createdAtMs),
  };
}

function toDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpointId,
    eventId: row.eventId,
    eventType: row.eventType as WebhookEventType,
    payload: row.payload,
    status: row.status as DeliveryStatus,
    attempts: num(row.attempts),
    nextAttemptAtMs: numOrNull(row.nextAttemptAtMs),
    lastStatusCode: numOrNull(row.lastStatusCode),
    lastError: row.lastError,
    createdAtMs: num(row.createdAtMs),
    deliveredAtMs: numOrNull(row.deliveredAtMs),
  };
}

/** Webhook endpoints and deliveries; the claim and the attempt record are single conditional UPDATEs. */
export class KyselyNotificationStore implements NotificationStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insertEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    await this.db.insertInto('webhookEndpoints').values({ ...endpoint, events: JSON.stringify(endpoint.events) }).execute();
  }

  async getEndpoint(id: string): Promise<WebhookEndpoint | null> {
    const row = await this.db.selectFrom('webhookEndpoints').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toEndpoint(row) : null;
  }

  async listEndpoints(filter: { status?: EndpointStatus; limit: number; after?: string }): Promise<WebhookEndpoint[]> {
    let query = this.db.selectFrom('webhookEndpoints').selectAll().orderBy('id').limit(filter.limit);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.after) query = query.where('id', '>', filter.after);
    return (await query.execute()).map(toEndpoint);
  }

  async enabledEndpoints(): Promise<WebhookEndpoint[]> {
    return (await this.db.selectFrom('webhookEndpoints').selectAll().where('status', '=', 'enabled').orderBy('id').execute()).map(toEndpoint);
  }

  async updateEndpoint(id: string, patch: EndpointPatch): Promise<WebhookEndpoint | null> {
    const { events, ...rest } = patch;
    const set = { ...rest, ...(events ? { events: JSON.stringify(events) } : {}) };
    if (Object.keys(set).length > 0) await this.db.updateTable('webhookEndpoints').set(set).where('id', '=', id).execute();
    return this.getEndpoint(id);
  }

  async insertDeliveries(deliveries: WebhookDelivery[]): Promise<number> {
    if (deliveries.length === 0) return 0;
    const result = await this.db
      .insertInto('webhookDeliveries')
      .values(deliveries)
      .onConflict((oc) => oc.columns(['endpointId', 'eventId']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n);
  }

  async getDelivery(id: string): Promise<WebhookDelivery | null> {
    const row = await this.db.selectFrom('webhookDeliveries').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toDelivery(row) : null;
  }

  async listDeliveries(filter: DeliveryFilter): Promise<WebhookDelivery[]> {
    let query = this.db.selectFrom('webhookDeliveries').selectAll().orderBy('id').limit(filter.limit);
    if (filter.endpointId) query = query.where('endpointId', '=', filter.endpointId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.after) query = query.where('id', '>', filter.after);
    return (await query.execute()).map(toDelivery);
  }

  async dueDeliveries(nowMs: number, limit: number): Promise<DueDelivery[]> {
    const rows = await this.db
      .selectFrom('webhookDeliveries as d')
      .innerJoin('webhookEndpoints as e', 'e.id', 'd.endpointId')
      .selectAll('d')
      .select(['e.url as endpointUrl', 'e.secretSealed as endpointSecretSealed', 'e.events as endpointEvents', 'e.status as endpointStatus', 'e.createdAtMs as endpointCreatedAtMs'])
      .where('d.status', '=', 'pending')
      .where('d.nextAttemptAtMs', '<=', BigInt(nowMs))
      .where('e.status', '=', 'enabled')
      .orderBy('d.nextAttemptAtMs')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      ...toDelivery(row),
      nextAttemptAtMs: num(row.nextAttemptAtMs!),
      endpoint: toEndpoint({ id: row.endpointId, url: row.endpointUrl, secretSealed: row.endpointSecretSealed, events: row.endpointEvents, status: row.endpointStatus, createdAtMs: row.endpointCreatedAtMs }),
    }));
  }

  /**
   * A compare-and-set on (status, attempts, next_attempt_at_ms) as the dispatcher read them. The
   * winner moves next_attempt_at_ms to its lease end and counts the attempt, so every other
   * dispatcher's identical UPDATE matches no row. PostgreSQL re-checks the WHERE after waiting
   * for a concurrent winner's row lock; SQLite runs one writer at a time.
   */
  async claimDelivery(claim: DeliveryClaim): Promise<boolean> {
    const result = await this.db
      .updateTable('webhookDeliveries')
      .set({ attempts: claim.attempts + 1, nextAttemptAtMs: claim.leaseUntilMs })
      .where('id', '=', claim.id)
      .where('status', '=', 'pending')
      .where('attempts', '=', BigInt(claim.attempts))
      .where('nextAttemptAtMs', '=', BigInt(claim.nextAttemptAtMs))
      .where('nextAttemptAtMs', '<=', BigInt(claim.nowMs))
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Fenced by the attempt number: a dispatcher whose lease ran out cannot overwrite a newer attempt. */
  async recordAttempt(id: string, attempts: number, outcome: AttemptOutcome): Promise<boolean> {
    const result = await this.db
      .updateTable('webhookDeliveries')
      .set(outcome)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('attempts', '=', BigInt(attempts))
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async rescheduleDelivery(id: string, nowMs: number): Promise<boolean> {
    const result = await this.db
      .updateTable('webhookDeliveries')
      .set({ status: 'pending', nextAttemptAtMs: nowMs })
      .where('id', '=', id)
      .where('status', '<>', 'pending')
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }
}
