/**
 * PGlite is a single connection: a transaction must own it exclusively, or another
 * caller's statement (a job worker, a second request) would run inside it. The gate
 * serializes every use. Inside a transaction always use its handle: a query on the
 * root handle would wait for the gate the transaction holds.
 */
export class Gate {
  private tail: Promise<void> = Promise.resolve();

  async acquire(): Promise<() => void> {
    let release!: () => void;
    const previous = this.tail;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
