/**
 * Passive upstream health: after `threshold` consecutive failures an upstream is skipped for
 * `cooldownMs`, then tried again (half-open). Routing still falls back to a skipped upstream when
 * nothing healthier is left, so a cold start or a lone upstream is never refused outright.
 */
export class UpstreamHealth {
  private readonly state = new Map<string, { failures: number; openUntilMs: number }>();

  constructor(
    private readonly threshold = 3,
    private readonly cooldownMs = 10_000,
  ) {}

  isHealthy(upstreamId: string, nowMs: number): boolean {
    const entry = this.state.get(upstreamId);
    return !entry || entry.openUntilMs <= nowMs;
  }

  recordSuccess(upstreamId: string): void {
    if (this.state.has(upstreamId)) this.state.delete(upstreamId);
  }

  recordFailure(upstreamId: string, nowMs: number): void {
    const entry = this.state.get(upstreamId) ?? { failures: 0, openUntilMs: 0 };
    entry.failures += 1;
    if (entry.failures >= this.threshold) entry.openUntilMs = nowMs + this.cooldownMs;
    this.state.set(upstreamId, entry);
  }

  snapshot(nowMs: number): Record<string, { consecutiveFailures: number; healthy: boolean }> {
    const out: Record<string, { consecutiveFailures: number; healthy: boolean }> = {};
    for (const [id, entry] of this.state) out[id] = { consecutiveFailures: entry.failures, healthy: entry.openUntilMs <= nowMs };
    return out;
  }
}

/** Routes to try, in order: healthy ones by priority, then the rest by priority. */
export function orderRoutes<R extends { upstreamId: string; priority: number }>(routes: readonly R[], health: UpstreamHealth, nowMs: number): R[] {
  const healthy: R[] = [];
  const resting: R[] = [];
  for (const route of routes) (health.isHealthy(route.upstreamId, nowMs) ? healthy : resting).push(route);
  return [...healthy, ...resting];
}
