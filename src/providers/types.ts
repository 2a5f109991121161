/**
 * The contract between the gateway and an upstream. Every adapter speaks OpenAI's wire format
 * back to the gateway: a JSON body, or a stream of OpenAI SSE bytes. Adapters for other formats
 * translate; the gateway never needs to know which provider answered.
 */
import type { Cancellation } from './cancellation.js';

export type Endpoint = 'chat.completions' | 'completions' | 'embeddings';

export const endpointPaths: Record<Endpoint, string> = {
  'chat.completions': '/chat/completions',
  completions: '/completions',
  embeddings: '/embeddings',
};

export interface ProviderRequest {
  endpoint: Endpoint;
  /** The client's body with `model` already set to the upstream's model name. */
  body: Record<string, unknown>;
  /** The same body serialised, when the client's own bytes can be forwarded unchanged. */
  bodyText?: string;
  stream: boolean;
  /** Cancelled when the client goes away or the server shuts down hard. */
  cancellation: Cancellation;
}

export type ProviderResponse =
  | { kind: 'json'; body: Buffer }
  | { kind: 'stream'; chunks: AsyncIterable<Buffer>; cancel(): void };

export interface Provider {
  send(request: ProviderRequest): Promise<ProviderResponse>;
  close(): Promise<void>;
}

/** Why an upstream attempt failed; the gateway maps this to a catalog error and decides on fallback. */
export type UpstreamFailureKind = 'connect' | 'timeout' | 'status' | 'bad_response' | 'aborted';

export class UpstreamFailure extends Error {
  override name = 'UpstreamFailure';
  constructor(
    readonly kind: UpstreamFailureKind,
    message: string,
    readonly status: number | null = null,
    /** The upstream's error body, when it sent one (4xx bodies are shown to the client). */
    readonly body: Buffer | null = null,
  ) {
    super(message);
  }

  /** Worth trying the next route: the upstream is down, slow or overloaded, not the request bad. */
  get retriable(): boolean {
    if (this.kind === 'connect' || this.kind === 'timeout') return true;
    return this.kind === 'status' && this.status !== null && (this.status >= 500 || this.status === 429 || this.status === 408);
  }
}
