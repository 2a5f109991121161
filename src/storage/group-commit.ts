/**
 * Group commit: items submitted while a commit is being prepared or is in flight are committed
 * together by the next one. Each submitter's promise resolves once its item is durable. A batch
 * that fails is retried item by item, so one bad item fails alone.
 */
export class GroupCommit<T, R> {
  private queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly commit: (items: T[]) => Promise<R[]> | R[],
    private readonly maxBatch = 512,
  ) {}

  submit(item: T): Promise<R> {
    if (this.closed) return Promise.reject(new Error('The ledger writer is closed.'));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing || this.queue.length > 0) {
      if (!this.flushing) this.flushing = this.drain();
      await this.flushing;
    }
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    // setImmediate lets every request handled in this turn of the event loop join the batch.
    setImmediate(() => {
      this.scheduled = false;
      if (!this.flushing) this.flushing = this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.commitBatch(batch);
      }
    } finally {
      this.flushing = null;
    }
  }

  private async commitBatch(batch: typeof this.queue): Promise<void> {
    try {
      const results = await this.commit(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(results[i]!));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      for (const one of batch) await this.commitBatch([one]);
    }
  }
}
