/** One way to serve a public model: an upstream and the model's name there. */
export interface ModelRoute {
  upstreamId: string;
  upstreamModel: string;
  /** Lower is tried first. */
  priority: number;
  /** Share of traffic among routes of equal priority (used by weighted routing). */
  weight: number;
}

/** The public name customers call, and where it is served. */
export interface Model {
  id: string;
  name: string;
  description: string | null;
  status: 'enabled' | 'disabled';
  contextWindow: number | null;
  maxOutputTokens: number | null;
  routes: ModelRoute[];
  createdAtMs: number;
  updatedAtMs: number;
}

export interface ModelStore {
  /** Inserts or replaces a model and all of its routes, in one transaction. */
  saveModel(model: Model): Promise<void>;
  getModel(idOrName: string): Promise<Model | null>;
  listModels(): Promise<Model[]>;
}
