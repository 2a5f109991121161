import type { Clock } from '../core/clock.js';
import { TollgateError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { stableStringify } from '../core/json.js';
import type { UpstreamStore } from '../upstreams/types.js';
import type { Model, ModelStore } from './types.js';

export interface ModelRouteInput {
  /** Upstream id or name. */
  upstream: string;
  /** The model's name at the upstream; defaults to the public name. */
  upstreamModel?: string;
  priority?: number;
  weight?: number;
}

export interface ModelInput {
  name: string;
  description?: string | null;
  status?: 'enabled' | 'disabled';
  contextWindow?: number | null;
  maxOutputTokens?: number | null;
  routes: ModelRouteInput[];
}

export class ModelService {
  constructor(
    private readonly store: ModelStore,
    private readonly upstreams: UpstreamStore,
    private readonly clock: Clock,
  ) {}

  /** Creates the model or replaces the one with the same name; routes are replaced whole. */
  async upsert(input: ModelInput): Promise<{ model: Model; created: boolean; changed: boolean }> {
    const existing = await this.store.getModel(input.name);
    const nowMs = this.clock.nowMs();
    const model: Model = {
      id: existing?.id ?? newId('mdl', nowMs),
      name: input.name,
      description: input.description ?? existing?.description ?? null,
      status: input.status ?? existing?.status ?? 'enabled',
      contextWindow: input.contextWindow ?? existing?.contextWindow ?? null,
      maxOutputTokens: input.maxOutputTokens ?? existing?.maxOutputTokens ?? null,
      routes: await this.resolveRoutes(input),
      createdAtMs: existing?.createdAtMs ?? nowMs,
      updatedAtMs: nowMs,
    };
    const changed = !existing || stableStringify({ ...existing, updatedAtMs: 0 }) !== stableStringify({ ...model, updatedAtMs: 0 });
    if (!changed) return { model: existing, created: false, changed: false };
    await this.store.saveModel(model);
    return { model, created: !existing, changed: true };
  }

  async create(input: ModelInput): Promise<Model> {
    if (await this.store.getModel(input.name)) throw new TollgateError('conflict', `A model named "${input.name}" already exists.`, { param: 'name' });
    return (await this.upsert(input)).model;
  }

  async update(idOrName: string, input: Partial<ModelInput>): Promise<Model> {
    const existing = await this.get(idOrName);
    const routes = input.routes ?? existing.routes.map((r) => ({ upstream: r.upstreamId, upstreamModel: r.upstreamModel, priority: r.priority, weight: r.weight }));
    return (await this.upsert({ ...existing, ...input, name: existing.name, routes })).model;
  }

  async get(idOrName: string): Promise<Model> {
    const model = await this.store.getModel(idOrName);
    if (!model) throw new TollgateError('not_found', `No model "${idOrName}".`);
    return model;
  }

  list(): Promise<Model[]> {
    return this.store.listModels();
  }

  private async resolveRoutes(input: ModelInput): Promise<Model['routes']> {
    if (input.routes.length === 0) throw new TollgateError('invalid_request', 'A model needs at least one route.', { param: 'routes' });
    const routes: Model['routes'] = [];
    for (const [index, route] of input.routes.entries()) {
      const upstream = await this.upstreams.getUpstream(route.upstream);
      if (!upstream) throw new TollgateError('invalid_request', `Route ${index}: no upstream "${route.upstream}".`, { param: `routes.${index}.upstream` });
      routes.push({
        upstreamId: upstream.id,
        upstreamModel: route.upstreamModel ?? input.name,
        priority: route.priority ?? index,
        weight: route.weight ?? 1,
      });
    }
    return routes.sort((a, b) => a.priority - b.priority);
  }
}
