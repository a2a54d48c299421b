import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Requests in flight in this process, so heavy background work can step aside for them.
 * A receipt PDF costs more CPU than the submission it belongs to: rendered in the middle
 * of a burst, it would halve the burst's throughput and double every answer's latency.
 * Background work asks `whenQuiet`, which resolves once no request has been in flight for
 * a moment, or after `maxWaitMs` at the latest, so it is delayed, never starved.
 */
export class ForegroundLoad {
  private inFlight = 0;
  private lastEndedAt = 0;
  private releaseTimer: NodeJS.Timeout | undefined;
  private readonly waiting = new Set<() => void>();

  /** How long the process must have had no request before background work goes on. */
  constructor(readonly quietMs = 50) {}

  get requestsInFlight() {
    return this.inFlight;
  }

  begin() {
    this.inFlight++;
    if (this.releaseTimer) {
      clearTimeout(this.releaseTimer);
      this.releaseTimer = undefined;
    }
  }

  end() {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.lastEndedAt = Date.now();
    if (this.inFlight === 0) this.releaseAfter(this.quietMs);
  }

  /** Resolves when no request has been in flight for `quietMs`, or after `maxWaitMs`. */
  whenQuiet(maxWaitMs: number): Promise<void> {
    const quietFor = Date.now() - this.lastEndedAt;
    if (this.inFlight === 0 && quietFor >= this.quietMs) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      timer.unref();
      this.waiting.add(done);
      if (this.inFlight === 0) this.releaseAfter(this.quietMs - quietFor);
    });
  }

  private releaseAfter(ms: number) {
    if (this.waiting.size === 0 || this.releaseTimer) return;
    this.releaseTimer = setTimeout(() => {
      this.releaseTimer = undefined;
      for (const done of [...this.waiting]) done();
    }, ms);
    this.releaseTimer.unref();
  }
}

const counted = Symbol('counted in ForegroundLoad');

/** Counts every request of the app from its start to its answer (or its abort). */
export function countRequestsInFlight(app: FastifyInstance, load: ForegroundLoad) {
  const finish = async (request: FastifyRequest) => {
    const r = request as FastifyRequest & { [counted]?: boolean };
    if (!r[counted]) return;
    r[counted] = false;
    load.end();
  };
  app.addHook('onRequest', async (request) => {
    (request as FastifyRequest & { [counted]?: boolean })[counted] = true;
    load.begin();
  });
  app.addHook('onResponse', finish);
  app.addHook('onRequestAbort', finish);
}
