export const upstreamTypes = ['openai-compatible', 'sim'] as const;
export type UpstreamType = (typeof upstreamTypes)[number];

export interface UpstreamTimeouts {
  connectMs?: number;
  /** Until the upstream's response headers (time to first byte). */
  headersMs?: number;
  /** Longest silence between two body chunks. */
  bodyMs?: number;
}

/** Settings of the built-in simulated model; see providers/sim. */
export interface SimSettings {
  /** Delay before the first token (or the whole JSON answer). */
  firstTokenMs?: number;
  /** Output speed; 0 sends everything at once. */
  tokensPerSecond?: number;
}

export interface UpstreamSettings {
  /** Extra request headers that are not secret (secrets go in credentials). */
  headers?: Record<string, string>;
  timeouts?: UpstreamTimeouts;
  sim?: SimSettings;
}

/** A provider connection. Credentials are sealed (encrypted) at rest and never returned by the API. */
export interface Upstream {
  id: string;
  name: string;
  type: UpstreamType;
  baseUrl: string | null;
  credentialsSealed: string | null;
  settings: UpstreamSettings;
  status: 'enabled' | 'disabled';
  createdAtMs: number;
  updatedAtMs: number;
}

export interface UpstreamStore {
  insertUpstream(upstream: Upstream): Promise<void>;
  getUpstream(idOrName: string): Promise<Upstream | null>;
  listUpstreams(): Promise<Upstream[]>;
  updateUpstream(id: string, patch: Partial<Pick<Upstream, 'baseUrl' | 'credentialsSealed' | 'settings' | 'status' | 'type'>>, nowMs: number): Promise<Upstream | null>;
}
