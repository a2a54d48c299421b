/**
 * In-process traffic control for bursts of bookings. None of this decides anything: the
 * unique seat index in the database does (see repo.insertBookingOnFreeSeat). It only keeps a
 * burst from piling up in front of the database.
 */

/** At most `size` tasks at once; the rest wait in memory (not on the pool's 15 s timeout). */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The permit passes straight on to the next waiter.
      if (next) next();
      else this.active--;
    }
  }
}

/**
 * One task per key at a time, in arrival order: attempts on the same slot in this process
 * queue here instead of waiting inside the database for each other's commit.
 */
export class Lanes {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const result = previous ? previous.then(task) : task();
    const tail = result.then(
      () => {},
      () => {},
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

/**
 * Slots this process saw full, with the moment the statement that saw it started. Only a
 * hint: an attempt that arrived before that moment is refused on it (the database said
 * "full" after the attempt began); a later one asks the database again (a cancellation
 * frees a seat at once).
 */
export class FullSlots {
  private readonly seen = new Map<string, number>();

  seenAt(key: string): number | undefined {
    return this.seen.get(key);
  }

  mark(key: string, at: number) {
    if (this.seen.size >= 10_000) this.seen.clear();
    this.seen.set(key, Math.max(at, this.seen.get(key) ?? at));
  }

  clear(key: string) {
    this.seen.delete(key);
  }
}

/**
 * Group commit: items that arrive while a batch is in flight (or in the same turn of the
 * event loop) go together into the next one, so a burst costs a few transactions instead of
 * one per item. At most one batch runs at a time; `run` resolves with the item's outcome
 * from `flush`, which is called with at least one item and answers in input order.
 */
export class GroupCommit<I, O> {
  private queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private busy = false;

  constructor(
    private readonly flush: (items: I[]) => Promise<O[]>,
    readonly maxBatch = 200,
  ) {}

  run(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.busy) {
        this.busy = true;
        // Whatever else arrives in this turn joins the first batch.
        setImmediate(() => void this.next());
      }
    });
  }

  private async next() {
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) {
      this.busy = false;
      return;
    }
    try {
      const outcomes = await this.flush(batch.map((b) => b.item));
      for (const [i, b] of batch.entries()) b.resolve(outcomes[i]);
    } catch (error) {
      for (const b of batch) b.reject(error);
    }
    void this.next();
  }
}
