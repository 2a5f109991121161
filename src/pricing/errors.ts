import type { UnitKind } from './types.js';

export type PricingErrorCode =
  | 'missing_rate'
  | 'invalid_rate'
  | 'invalid_quantity'
  | 'invalid_discount'
  | 'duplicate_version'
  | 'invalid_cost_card'
  | 'invalid_allocation';

/**
 * A price that cannot be computed. Thrown rather than returning zero, so a missing rate is seen
 * by whoever configured it instead of silently serving tokens for free.
 */
export class PricingError extends Error {
  override readonly name = 'PricingError';
  readonly code: PricingErrorCode;
  readonly unit: UnitKind | null;
  readonly model: string | null;

  constructor(code: PricingErrorCode, message: string, context: { unit?: UnitKind; model?: string } = {}) {
    super(message);
    this.code = code;
    this.unit = context.unit ?? null;
    this.model = context.model ?? null;
  }
}

/** "for model m" when a model is known, so messages name what was being priced. */
export function forModel(model: string | undefined): string {
  return model === undefined ? '' : ` for model ${JSON.stringify(model)}`;
}
