import type { FailedAttempt } from '../metering/types.js';
import type { Endpoint } from '../providers/types.js';
import type { Caller, ResolvedModel, ResolvedRoute } from './catalog.js';
import type { Usage } from './usage.js';

/** What the request path knows before it forwards. */
export interface RequestContext {
  requestId: string;
  endpoint: Endpoint;
  caller: Caller;
  model: ResolvedModel;
  body: Record<string, unknown>;
  /** The body's bytes as the client sent them. */
  bodyText: string | null;
  stream: boolean;
  startedAtMs: number;
  idempotencyKey: string | null;
}

export type Outcome =
  /** The client received the whole response. */
  | 'completed'
  /** A stream ended early: the upstream failed or the client left; delivered output is charged. */
  | 'cut_short'
  /** Nothing was served. */
  | 'failed';

export interface Settlement {
  outcome: Outcome;
  route: ResolvedRoute | null;
  usage: Usage | null;
  latencyMs: number;
  firstByteMs: number | null;
  httpStatus: number;
  /** Attempts that failed before this outcome (a fallback served, or every route failed). */
  failedAttempts: FailedAttempt[];
}

/** An admitted request: settle it exactly once, before the response's last bytes leave. */
export interface Admission {
  /** Response headers to add (rate-limit state, for example). */
  headers: Record<string, string>;
  settle(settlement: Settlement): Promise<void>;
}

/**
 * The money core's hook on the request path: `admit` may refuse (rate limits, budgets, credit)
 * by throwing a catalog error, before anything is forwarded.
 */
export interface Admitter {
  admit(context: RequestContext): Promise<Admission>;
}

/** Admits everything and records nothing: the gateway without the money core. */
export const openAdmitter: Admitter = {
  admit: async () => ({ headers: {}, settle: async () => undefined }),
};
