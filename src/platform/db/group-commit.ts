/**
 * Group commit: items that arrive while a batch is in the database (or in the same turn of
 * the event loop) go together into the next one, so a burst costs a few statements or
 * transactions instead of one per item. Used by bookings, submissions and rate limits.
 *
 * At most `inFlight` batches run at once: with one, the next batch collects while the
 * current one commits; with two, their round trips overlap. `run` resolves with the item's
 * outcome from `flush`, which is called with at least one item and answers in input order;
 * if `flush` throws, every item of that batch is rejected with the error.
 */
export class GroupCommit<I, O> {
  private queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly flush: (items: I[]) => Promise<O[]>,
    readonly maxBatch = 200,
    readonly inFlight = 1,
  ) {}

  run(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled && this.running < this.inFlight) {
        this.scheduled = true;
        // Whatever else arrives in this turn joins the batch.
        setImmediate(() => {
          this.scheduled = false;
          void this.next();
        });
      }
    });
  }

  private async next() {
    if (this.running >= this.inFlight) return;
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    this.running++;
    try {
      const outcomes = await this.flush(batch.map((b) => b.item));
      for (const [i, b] of batch.entries()) b.resolve(outcomes[i]);
    } catch (error) {
      for (const b of batch) b.reject(error);
    } finally {
      this.running--;
    }
    void this.next();
  }
}
