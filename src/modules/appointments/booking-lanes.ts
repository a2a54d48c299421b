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
