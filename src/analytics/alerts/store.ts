import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../storage/schema.js';
import type { Alert, AlertKind, AlertSeverity } from './types.js';

type Row = Selectable<Database['alerts']>;

function toAlert(r: Row): Alert {
  return {
    id: r.id,
    kind: r.kind as AlertKind,
    subject: r.subject,
    severity: r.severity as AlertSeverity,
    message: r.message,
    details: JSON.parse(r.details) as Record<string, unknown>,
    firstSeenMs: Number(r.firstSeenMs),
    lastSeenMs: Number(r.lastSeenMs),
    resolvedAtMs: r.resolvedAtMs === null ? null : Number(r.resolvedAtMs),
  };
}

export class AlertStore {
  constructor(private readonly db: Kysely<Database>) {}

  async list(filter: { open?: boolean; limit: number }): Promise<Alert[]> {
    let query = this.db.selectFrom('alerts').selectAll().orderBy('firstSeenMs', 'desc').orderBy('id').limit(filter.limit);
    if (filter.open === true) query = query.where('resolvedAtMs', 'is', null);
    if (filter.open === false) query = query.where('resolvedAtMs', 'is not', null);
    return (await query.execute()).map(toAlert);
  }

  async get(id: string): Promise<Alert | null> {
    const row = await this.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toAlert(row) : null;
  }

  /** Inserts a new alert, or reopens a resolved one under the same id with a new first-seen time. */
  async open(alert: Alert): Promise<void> {
    const values = { ...alert, details: JSON.stringify(alert.details) };
    await this.db
      .insertInto('alerts')
      .values(values)
      .onConflict((oc) => oc.column('id').doUpdateSet({ severity: values.severity, message: values.message, details: values.details, firstSeenMs: values.firstSeenMs, lastSeenMs: values.lastSeenMs, resolvedAtMs: null }))
      .execute();
  }

  async touch(alert: Pick<Alert, 'id' | 'severity' | 'message' | 'details' | 'lastSeenMs'>): Promise<void> {
    await this.db
      .updateTable('alerts')
      .set({ severity: alert.severity, message: alert.message, details: JSON.stringify(alert.details), lastSeenMs: alert.lastSeenMs })
      .where('id', '=', alert.id)
      .where('resolvedAtMs', 'is', null)
      .execute();
  }

  async resolve(id: string, atMs: number): Promise<void> {
    await this.db.updateTable('alerts').set({ resolvedAtMs: atMs }).where('id', '=', id).where('resolvedAtMs', 'is', null).execute();
  }
}
