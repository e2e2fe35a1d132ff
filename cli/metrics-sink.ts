// What the metrics backends of a run share (--prometheus-rw, --otlp): a run id, sends queued one
// at a time in order, and a failure said once without failing the run.
import { randomUUID } from 'node:crypto';
import type { RunSeries } from '../engine/driver/metric-series';

export abstract class MetricsSink {
  readonly runId = randomUUID();
  private chain: Promise<void> = Promise.resolve();
  private warned = false;

  constructor(
    protected readonly url: string,
    protected readonly scenario: string,
    private readonly warn: (message: string) => void,
  ) {}

  /** Queues a send of `series` as of `now`. */
  push(series: RunSeries, now = Date.now()): void {
    const send = this.prepare(series, now);
    this.chain = this.chain.then(send);
  }

  /** Resolves once every queued send has gone out (or failed). */
  flush(): Promise<void> {
    return this.chain.then(() => this.close());
  }

  /** Builds the payload now; the returned function sends it when its turn comes. */
  protected abstract prepare(series: RunSeries, now: number): () => Promise<void>;

  protected async close(): Promise<void> {}

  protected failed(flag: string, reason: string): void {
    if (this.warned) return;
    this.warned = true;
    this.warn(`${flag}: could not send to ${this.url}: ${reason} (the run goes on)`);
  }
}
