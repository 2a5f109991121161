/**
 * The one catalog of coded errors. Every error Tollgate returns over HTTP is one of these, in
 * OpenAI's shape `{"error":{"message","type","param","code"}}`, on /v1, /admin/v1 and /portal/v1
 * alike. `docs/errors.md` documents each code; a test keeps the two in step.
 */

/** OpenAI's `error.type` values, so SDKs classify our errors as they classify OpenAI's. */
export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'conflict_error'
  | 'rate_limit_error'
  | 'insufficient_quota'
  | 'server_error'
  | 'upstream_error';

interface CatalogEntry {
  status: number;
  type: ErrorType;
  /** Default message; callers may pass a more specific one. */
  message: string;
}

export const errorCatalog = {
  invalid_json: { status: 400, type: 'invalid_request_error', message: 'The request body is not valid JSON.' },
  invalid_request: { status: 400, type: 'invalid_request_error', message: 'The request is invalid.' },
  unsupported_media_type: { status: 415, type: 'invalid_request_error', message: 'The request body must be application/json.' },
  body_too_large: { status: 413, type: 'invalid_request_error', message: 'The request body is larger than the limit.' },
  missing_api_key: { status: 401, type: 'invalid_request_error', message: 'You didn\'t provide an API key. Send it as "Authorization: Bearer <key>".' },
  invalid_api_key: { status: 401, type: 'invalid_request_error', message: 'Incorrect API key provided.' },
  api_key_disabled: { status: 401, type: 'invalid_request_error', message: 'This API key has been disabled.' },
  api_key_expired: { status: 401, type: 'invalid_request_error', message: 'This API key has expired.' },
  customer_disabled: { status: 401, type: 'invalid_request_error', message: 'The account this API key belongs to is disabled.' },
  account_suspended: { status: 403, type: 'permission_error', message: 'Your account is suspended because an invoice is past due. Pay it to restore access.' },
  model_not_found: { status: 404, type: 'invalid_request_error', message: 'The model does not exist or you do not have access to it.' },
  model_not_priced: { status: 403, type: 'permission_error', message: 'This model has no price in your currency yet, so it cannot be served.' },
  rate_limit_exceeded: { status: 429, type: 'rate_limit_error', message: 'Rate limit reached. Please try again later.' },
  insufficient_quota: { status: 429, type: 'insufficient_quota', message: 'You exceeded your current quota, please check your plan and billing details.' },
  not_found: { status: 404, type: 'not_found_error', message: 'Not found.' },
  route_not_found: { status: 404, type: 'invalid_request_error', message: 'Unknown request URL.' },
  method_not_allowed: { status: 405, type: 'invalid_request_error', message: 'Method not allowed for this URL.' },
  conflict: { status: 409, type: 'conflict_error', message: 'The resource already exists or was changed concurrently.' },
  missing_operator_token: { status: 401, type: 'authentication_error', message: 'An operator token is required: send "Authorization: Bearer <token>".' },
  invalid_operator_token: { status: 401, type: 'authentication_error', message: 'The operator token is invalid, revoked or expired.' },
  forbidden: { status: 403, type: 'permission_error', message: 'Your role does not allow this action.' },
  invalid_credentials: { status: 401, type: 'authentication_error', message: 'Sign-in failed: the email and password, or the operator token, are not correct.' },
  not_signed_in: { status: 401, type: 'authentication_error', message: 'Sign in first: there is no session, or it has expired or been signed out.' },
  csrf_failed: { status: 403, type: 'permission_error', message: 'The x-csrf-token header is missing or does not match the session.' },
  code_invalid: { status: 400, type: 'invalid_request_error', message: 'This redemption code does not exist. Check it for typos.' },
  code_expired: { status: 400, type: 'invalid_request_error', message: 'This redemption code has expired.' },
  code_redeemed: { status: 409, type: 'conflict_error', message: 'This redemption code has already been redeemed.' },
  code_wrong_currency: { status: 400, type: 'invalid_request_error', message: "This redemption code is for another currency than the account's." },
  no_upstream_available: { status: 503, type: 'upstream_error', message: 'No upstream is available to serve this model right now.' },
  upstream_unreachable: { status: 502, type: 'upstream_error', message: 'The upstream provider could not be reached.' },
  upstream_timeout: { status: 504, type: 'upstream_error', message: 'The upstream provider did not answer in time.' },
  upstream_error: { status: 502, type: 'upstream_error', message: 'The upstream provider answered with an error.' },
  upstream_rejected: { status: 400, type: 'invalid_request_error', message: 'The upstream provider rejected the request.' },
  upstream_bad_response: { status: 502, type: 'upstream_error', message: 'The upstream provider sent a response Tollgate could not read.' },
  invalid_signature: { status: 400, type: 'invalid_request_error', message: 'The webhook signature is missing, stale, or does not match the body.' },
  payments_not_configured: { status: 501, type: 'server_error', message: 'Card payments (Stripe) are not configured on this Tollgate.' },
  payment_provider_error: { status: 502, type: 'upstream_error', message: 'The payment provider could not be reached or refused the request.' },
  service_unavailable: { status: 503, type: 'server_error', message: 'Tollgate is shutting down or not ready.' },
  internal_error: { status: 500, type: 'server_error', message: 'Internal error. It has been logged.' },
} as const satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof errorCatalog;

export class TollgateError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly type: ErrorType;
  readonly param: string | null;
  /** Extra response headers, e.g. `retry-after` on 429. */
  readonly headers: Record<string, string>;
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message?: string,
    options: {
      param?: string | null;
      headers?: Record<string, string>;
      cause?: unknown;
      /** Only for codes whose status comes from elsewhere (upstream_rejected carries the upstream's 4xx). */
      status?: number;
      /** Extra fields in the error object, e.g. `upstream_code`. */
      details?: Record<string, unknown>;
    } = {},
  ) {
    const entry: CatalogEntry = errorCatalog[code];
    super(message ?? entry.message, { cause: options.cause });
    this.name = 'TollgateError';
    this.code = code;
    this.status = options.status ?? entry.status;
    this.details = options.details ?? {};
    this.type = entry.type;
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
  }

  toBody(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code, ...this.details } };
  }
}

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null; [extra: string]: unknown };
}

export function isTollgateError(value: unknown): value is TollgateError {
  return value instanceof TollgateError;
}
