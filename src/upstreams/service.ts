import type { Clock } from '../core/clock.js';
import { TollgateError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { SecretBox } from '../core/secret-box.js';
import type { Upstream, UpstreamSettings, UpstreamStore, UpstreamType } from './types.js';

export interface UpstreamInput {
  name: string;
  type: UpstreamType;
  baseUrl?: string | null;
  /** Sent as "Authorization: Bearer <apiKey>"; sealed before it is stored. */
  apiKey?: string | null;
  settings?: UpstreamSettings;
  status?: 'enabled' | 'disabled';
}

/** What the API shows of an upstream: everything but the sealed credentials. */
export interface UpstreamView extends Omit<Upstream, 'credentialsSealed'> {
  hasCredentials: boolean;
}

export function viewUpstream(upstream: Upstream): UpstreamView {
  const { credentialsSealed, ...rest } = upstream;
  return { ...rest, hasCredentials: credentialsSealed !== null };
}

export class UpstreamService {
  constructor(
    private readonly store: UpstreamStore,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  async create(input: UpstreamInput): Promise<Upstream> {
    validate(input);
    if (await this.store.getUpstream(input.name)) throw new TollgateError('conflict', `An upstream named "${input.name}" already exists.`, { param: 'name' });
    const nowMs = this.clock.nowMs();
    const upstream: Upstream = {
      id: newId('ups', nowMs),
      name: input.name,
      type: input.type,
      baseUrl: input.baseUrl ? trimSlash(input.baseUrl) : null,
      credentialsSealed: input.apiKey ? this.secrets.seal(input.apiKey) : null,
      settings: input.settings ?? {},
      status: input.status ?? 'enabled',
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    await this.store.insertUpstream(upstream);
    return upstream;
  }

  /** Creates the upstream or brings an existing one (by name) to the given state. */
  async upsert(input: UpstreamInput): Promise<{ upstream: Upstream; created: boolean }> {
    const existing = await this.store.getUpstream(input.name);
    if (!existing) return { upstream: await this.create(input), created: true };
    return { upstream: await this.update(existing.id, input), created: false };
  }

  async update(idOrName: string, input: Partial<UpstreamInput>): Promise<Upstream> {
    const existing = await this.get(idOrName);
    const merged = { ...existing, ...input, name: existing.name } as UpstreamInput;
    validate(merged);
    const patch: Parameters<UpstreamStore['updateUpstream']>[1] = {};
    if (input.type !== undefined) patch.type = input.type;
    if (input.baseUrl !== undefined) patch.baseUrl = input.baseUrl ? trimSlash(input.baseUrl) : null;
    if (input.apiKey !== undefined) patch.credentialsSealed = input.apiKey ? this.secrets.seal(input.apiKey) : null;
    if (input.settings !== undefined) patch.settings = input.settings;
    if (input.status !== undefined) patch.status = input.status;
    return (await this.store.updateUpstream(existing.id, patch, this.clock.nowMs()))!;
  }

  async get(idOrName: string): Promise<Upstream> {
    const upstream = await this.store.getUpstream(idOrName);
    if (!upstream) throw new TollgateError('not_found', `No upstream "${idOrName}".`);
    return upstream;
  }

  list(): Promise<Upstream[]> {
    return this.store.listUpstreams();
  }

  /** The plaintext API key, for the provider adapter only. */
  apiKeyOf(upstream: Upstream): string | null {
    return upstream.credentialsSealed ? this.secrets.open(upstream.credentialsSealed) : null;
  }
}

function validate(input: UpstreamInput): void {
  if (input.type === 'sim') return;
  if (!input.baseUrl) throw new TollgateError('invalid_request', `An ${input.type} upstream needs a baseUrl.`, { param: 'baseUrl' });
  let url: URL;
  try {
    url = new URL(input.baseUrl);
  } catch {
    throw new TollgateError('invalid_request', `baseUrl "${input.baseUrl}" is not a URL.`, { param: 'baseUrl' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TollgateError('invalid_request', 'baseUrl must use http or https.', { param: 'baseUrl' });
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
