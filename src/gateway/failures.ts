import { TollgateError } from '../core/errors.js';
import { UpstreamFailure } from '../providers/types.js';

/** Upstream statuses that describe the client's request, so the client should see them. */
const PASSTHROUGH_STATUSES = new Set([400, 413, 422]);

export function asUpstreamFailure(error: unknown): UpstreamFailure {
  if (error instanceof UpstreamFailure) return error;
  return new UpstreamFailure('bad_response', error instanceof Error ? error.message : String(error));
}

/**
 * The client-facing error for a failed upstream attempt. Request errors (400, 413, 422) keep the
 * upstream's message and status; everything else (the upstream down, slow, overloaded, or
 * refusing Tollgate's own credentials) is a 502/503/504 that says whose fault it is.
 */
export function failureToError(failure: UpstreamFailure): TollgateError {
  switch (failure.kind) {
    case 'connect':
      return new TollgateError('upstream_unreachable');
    case 'timeout':
      return new TollgateError('upstream_timeout');
    case 'bad_response':
      return new TollgateError('upstream_bad_response');
    case 'aborted':
      return new TollgateError('upstream_unreachable', 'The request was cancelled before the upstream answered.');
    case 'status':
      return statusError(failure);
  }
}

function statusError(failure: UpstreamFailure): TollgateError {
  const status = failure.status ?? 502;
  const upstreamError = parseOpenAIError(failure.body);
  if (PASSTHROUGH_STATUSES.has(status)) {
    return new TollgateError('upstream_rejected', upstreamError?.message ?? `The upstream rejected the request (HTTP ${status}).`, {
      status,
      param: upstreamError?.param ?? null,
      details: upstreamError?.code ? { upstream_code: upstreamError.code } : {},
    });
  }
  return new TollgateError('upstream_error', `The upstream provider answered HTTP ${status}.`);
}

function parseOpenAIError(body: Buffer | null): { message: string; code: string | null; param: string | null } | null {
  if (!body || body.length === 0) return null;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { error?: { message?: unknown; code?: unknown; param?: unknown } | string; message?: unknown };
    const error = typeof parsed.error === 'object' && parsed.error ? parsed.error : null;
    const message = typeof error?.message === 'string' ? error.message : typeof parsed.error === 'string' ? parsed.error : typeof parsed.message === 'string' ? parsed.message : null;
    if (!message) return null;
    return {
      message,
      code: typeof error?.code === 'string' ? error.code : null,
      param: typeof error?.param === 'string' ? error.param : null,
    };
  } catch {
    return null;
  }
}
