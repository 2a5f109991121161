/**
 * A request's "the client went away". Most requests are never cancelled, and an AbortController
 * with its signal and listeners is a measurable share of a proxied request's CPU, so one is made
 * only for a provider that asks for `signal`.
 */
export class Cancellation {
  private controller: AbortController | null = null;
  private listeners: (() => void)[] | null = null;
  private done = false;

  get cancelled(): boolean {
    return this.done;
  }

  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    if (this.done) this.controller.abort();
    return this.controller.signal;
  }

  /** Calls `listener` once on cancellation (at once if cancelled already); returns its removal. */
  onCancel(listener: () => void): () => void {
    if (this.done) {
      listener();
      return () => undefined;
    }
    (this.listeners ??= []).push(listener);
    return () => {
      const at = this.listeners?.indexOf(listener) ?? -1;
      if (at !== -1) this.listeners!.splice(at, 1);
    };
  }

  cancel(): void {
    if (this.done) return;
    this.done = true;
    this.controller?.abort();
    const listeners = this.listeners ?? [];
    this.listeners = null;
    for (const listener of listeners) listener();
  }
}
