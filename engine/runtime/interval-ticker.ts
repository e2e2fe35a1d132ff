// The load's monitor ticks: at every interval (on wall-clock multiples, so that segments' rows
// line up) one timeseries row, a snapshot message, the criteria and the alerts; a checkpoint of
// the whole store now and then, for partial reports. What a tick costs the load's loop is what
// the truth issue bounds: percentiles and a copy of the histogram counts here, the system sample
// and the checkpoint encoding in the monitor thread.
import type { AlertTracker } from '../metrics/alert-tracker';
import type { CriteriaTracker } from '../metrics/criteria-tracker';
import type { MetricView } from '../metrics/evaluate';
import { bucketString, percentileMs } from '../metrics/histogram';
import { storeView } from '../metrics/store-view';
import { snapshotStore, type PartialResult, type StoreSnapshot } from '../metrics/partial';
import type { IntervalMetrics, MetricsStore } from '../metrics/store';
import type { SystemMonitor } from '../metrics/system-monitor';
import type { EngineToClient } from '../protocol/messages';
import { compactRows } from '../../report/timeseries-compact';
import type { TimeseriesRow } from '../../report/types';
import { IntervalCounts } from './interval-counts';
import type { Scenario } from '../../scenario/types';

/** How often the whole store is sent for partial reports (see CheckpointMessage). */
export const CHECKPOINT_EVERY_MS = 5_000;
/** Rows kept in the report's time series: two hours at 1 s before older ones merge. */
export const MAX_TIMESERIES_ROWS = 7_200;

type SystemSample = Awaited<ReturnType<SystemMonitor['sample']>>;

/** What the ticker needs of the run around it. */
export interface TickerContext {
  emit(message: EngineToClient): void;
  /** An alert or a criterion asked to abort. */
  abort(reason: string): void;
  /** The phase running now, by name. */
  phase(): string;
  /** Users active now (closed level plus busy open-model users). */
  users(): number;
  /** False once the run has reported: nothing more is measured or sent. */
  measuring(): boolean;
}

export class IntervalTicker {
  /** The load's rows, oldest first (compacted past MAX_TIMESERIES_ROWS). */
  readonly rows: TimeseriesRow[] = [];
  /** The engine's peak RSS over the ticks (MB). */
  peakRssMB = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private checkpoints: Promise<void> = Promise.resolve();
  private startedAt: number | undefined;
  private endedAt: number | undefined;
  private lastTickAt = 0;
  private lastCheckpointAt = 0;
  private ticks = 0;
  private readonly counts: IntervalCounts;

  constructor(
    private readonly scenario: Pick<Scenario, 'monitor' | 'phases'>,
    private readonly store: MetricsStore,
    private readonly monitor: Pick<SystemMonitor, 'sample'>,
    private readonly encoder: { encode(snapshot: StoreSnapshot): Promise<PartialResult | undefined> },
    private readonly criteria: CriteriaTracker,
    private readonly alerts: AlertTracker,
    private readonly context: TickerContext,
  ) {
    this.counts = new IntervalCounts(store);
  }

  /** The load's clock started at `epochMs`: ticks begin. */
  start(epochMs: number): void {
    this.startedAt = epochMs;
    this.lastTickAt = epochMs;
    this.counts.begin();
    this.schedule();
  }

  /** The load ended at `epochMs`: no more scheduled ticks; the last, partial interval is taken. */
  async finish(epochMs: number): Promise<void> {
    this.stopTimer();
    this.endedAt = epochMs;
    await this.inFlight;
    await this.tick(epochMs, true);
  }

  /** Stops scheduling ticks (a stop at once). */
  stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Resolves once every checkpoint has been sent, in order. */
  get checkpointsSent(): Promise<void> {
    return this.checkpoints;
  }

  /** The whole load so far (or all of it once finished), for the criteria. */
  cumulativeView(): MetricView {
    const start = this.startedAt ?? Date.now();
    const end = this.endedAt ?? Date.now();
    return storeView(this.store, (end - start) / 1000);
  }

  private schedule(): void {
    const interval = this.scenario.monitor.intervalMs;
    const now = Date.now();
    const next = Math.floor(now / interval) * interval + interval;
    this.timer = setTimeout(() => {
      this.inFlight = this.tick(next).then(() => {
        if (this.timer !== undefined) this.schedule();
      });
    }, next - now);
  }

  /** One interval, ending at `time` (epoch ms). */
  async tick(time: number, final = false): Promise<void> {
    const seconds = Math.max(0.001, (time - this.lastTickAt) / 1000);
    // After a stop at once the load may still wind down in the background: the report has been
    // built, so nothing more is measured or sent.
    if (time <= this.lastTickAt || !this.context.measuring()) return;
    this.lastTickAt = time;
    const interval = this.store.takeInterval();
    const system = await this.monitor.sample();
    this.peakRssMB = Math.max(this.peakRssMB, system.rssMB);
    const row = this.row(time, seconds, interval, system);
    this.rows.push(row);
    // Long runs keep bounded memory: past the limit, older intervals merge (peaks kept).
    if (this.rows.length > MAX_TIMESERIES_ROWS) {
      const compacted = compactRows(this.rows, Math.floor(MAX_TIMESERIES_ROWS * 0.75));
      this.rows.splice(0, this.rows.length, ...compacted);
    }
    const store = this.store;
    this.context.emit({
      type: 'snapshot',
      row,
      totals: { requests: store.requests, errors: store.errors, dropped: store.dropped, iterations: store.iterations },
      elapsedMs: time - (this.startedAt ?? time),
      totalMs: this.scenario.phases.reduce((sum, phase) => sum + phase.durationMs, 0),
    });
    const criteria = this.criteria.evaluate(this.cumulativeView(), time, false);
    if (criteria.length > 0) this.context.emit({ type: 'criteria', criteria });
    this.checkpoint(time, final);
    if (final) await this.checkpoints;
    this.evaluateAlerts(time, seconds, interval, system);
    store.resetIntervalHistograms();
    const failed = this.criteria.dueForAbort(time);
    if (failed) this.context.abort(`criterion "${failed.expr}" failed`);
  }

  /**
   * Encoding a histogram costs about 1 ms (more while the code is cold): here the loop only copies
   * the counts, and the monitor thread encodes. A checkpoint every few seconds keeps a partial
   * report close; the first intervals each get one too (the first may end before any request has).
   */
  private checkpoint(time: number, final: boolean): void {
    this.ticks++;
    if (!final && this.ticks > 3 && time - this.lastCheckpointAt < CHECKPOINT_EVERY_MS) return;
    this.lastCheckpointAt = time;
    const snapshot = snapshotStore(this.store);
    const before = this.checkpoints;
    this.checkpoints = this.encoder.encode(snapshot).then(async (measured) => {
      await before;
      if (measured) this.context.emit({ type: 'checkpoint', measured });
    });
  }

  private evaluateAlerts(time: number, seconds: number, interval: IntervalMetrics, system: SystemSample): void {
    const store = this.store;
    const view: MetricView = {
      latency: (step, flow) =>
        step !== undefined ? store.steps.get(step)?.intervalLatency : flow !== undefined ? store.flows.get(flow)?.intervalLatency : interval.latency,
      requests: interval.requests,
      errors: interval.errors,
      dropped: interval.dropped,
      seconds,
      system,
    };
    // The interval's real length: the first one is partial (ticks fall on wall-clock multiples),
    // and an alert must not count it as a whole `for`.
    for (const change of this.alerts.evaluate(view, time, seconds * 1000)) {
      this.context.emit({ type: 'alert', alert: change.alert, state: change.state });
      if (change.abort) this.context.abort(`alert "${change.alert.when}" fired`);
    }
  }

  private row(time: number, seconds: number, interval: IntervalMetrics, system: SystemSample): TimeseriesRow {
    return {
      time,
      elapsed: Math.round(((time - (this.startedAt ?? time)) / 1000) * 1000) / 1000,
      phase: this.context.phase(),
      users: this.context.users(),
      rps: Math.round((interval.requests / seconds) * 100) / 100,
      requests: interval.requests,
      errors: interval.errors,
      dropped: interval.dropped,
      p50: percentileMs(interval.latency, 50),
      p95: percentileMs(interval.latency, 95),
      p99: percentileMs(interval.latency, 99),
      lagP99: percentileMs(interval.lag, 99),
      engineCpu: system.engineCpu,
      cpu: system.cpu,
      memory: system.memory,
      eventLoopDelay: system.eventLoopDelay,
      heapUsed: system.heapUsed,
      ...(this.scenario.monitor.process ? { processCpu: system.processCpu, processMemory: system.processMemory } : {}),
      networkRxBytes: system.networkRxBytes,
      networkTxBytes: system.networkTxBytes,
      diskReadBytes: system.diskReadBytes,
      diskWriteBytes: system.diskWriteBytes,
      ...this.counts.stepsSince(),
      iterations: interval.iterations,
      ...this.counts.runSince(),
      // Encoded on the load's loop, like the percentiles above: a walk over the counts that
      // percentileMs already makes, so that a time range's percentiles can be exact.
      histogram: bucketString(interval.latency),
    };
  }
}
