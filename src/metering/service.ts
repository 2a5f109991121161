import { TollgateError } from '../core/errors.js';
import type { AttemptQuery, AttemptSummaryRow, UsageCursor, UsageFilter, UsageStore } from './store.js';
import { entitiesOf, foldRollup, sqlBucket, type SummaryDimension, type SummaryRow } from './summary.js';
import type { UsageEvent } from './types.js';

export const MAX_USAGE_PAGE = 1000;
/** Rows read per query while exporting: big enough to be quick, small enough to keep memory flat. */
export const EXPORT_CHUNK = 5000;

export interface SummaryQuery {
  groupBy: readonly SummaryDimension[];
  utcOffsetMinutes: number;
  fromMs?: number;
  toMs?: number;
  customerId?: string;
  keyId?: string;
  model?: string;
  upstreamId?: string;
}

/** Reading what was metered: events page by page, sums from the hourly rollup, exports in chunks. */
export class UsageService {
  constructor(private readonly store: UsageStore) {}

  /** Newest first. `before` is the request id of the last event of the previous page. */
  async list(filter: UsageFilter, page: { limit: number; before?: string }): Promise<{ events: UsageEvent[]; hasMore: boolean }> {
    if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_USAGE_PAGE) {
      throw new TollgateError('invalid_request', `limit must be an integer from 1 to ${MAX_USAGE_PAGE}.`, { param: 'limit' });
    }
    const cursor = page.before === undefined ? undefined : await this.cursorAt(page.before);
    const events = await this.store.listEvents(filter, page.limit + 1, cursor);
    return { events: events.slice(0, page.limit), hasMore: events.length > page.limit };
  }

  /** Every matching event, newest first, a chunk at a time; events that start after the first read are not included. */
  async *chunks(filter: UsageFilter, size = EXPORT_CHUNK): AsyncGenerator<UsageEvent[]> {
    let cursor: UsageCursor | undefined;
    for (;;) {
      const events = await this.store.listEvents(filter, size, cursor);
      if (events.length > 0) yield events;
      if (events.length < size) return;
      const last = events[events.length - 1]!;
      cursor = { startedAtMs: last.startedAtMs, requestId: last.requestId };
    }
  }

  async summary(query: SummaryQuery): Promise<SummaryRow[]> {
    const offset = query.utcOffsetMinutes;
    if (!Number.isInteger(offset) || offset < -720 || offset > 840) {
      throw new TollgateError('invalid_request', 'utcOffsetMinutes must be an integer from -720 to 840.', { param: 'utcOffsetMinutes' });
    }
    const { groupBy, ...filter } = query;
    const [rows, cardCurrencies] = await Promise.all([
      this.store.rollup({ ...filter, dimensions: entitiesOf(groupBy), bucket: sqlBucket(groupBy) }),
      this.store.costCurrencies(),
    ]);
    return foldRollup(rows, groupBy, offset, cardCurrencies);
  }

  /** Upstream attempts that failed (then retried on the next route, or the request failed), per upstream and how. */
  failedAttempts(query: AttemptQuery): Promise<AttemptSummaryRow[]> {
    return this.store.failedAttempts(query);
  }

  private async cursorAt(requestId: string): Promise<UsageCursor> {
    const event = await this.store.getEvent(requestId);
    if (!event) throw new TollgateError('invalid_request', `before: no usage event has the request id "${requestId}".`, { param: 'before' });
    return { startedAtMs: event.startedAtMs, requestId: event.requestId };
  }
}
