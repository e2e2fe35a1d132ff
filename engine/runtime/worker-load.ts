// `--workers N`: the load in N worker threads of this engine (load-worker.ts), each a share of
// the one schedule (every N-th user and arrival), merged back into one run: snapshots of the same
// interval become one row, the criteria are evaluated live on the merged checkpoints, and at the
// end the workers' measurements add up exactly in the run's own store (run.ts). The workers warm
// up first and start their clocks at one moment. A worker that dies ends the run as an error
// naming it; the others stop gracefully and what it had measured (its last checkpoint) counts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { mergeSegmentRows, sideBySideLateStart, sideBySideLoopDelay, sideBySidePhases } from '../../report/segment-rows';
import type { AlertReport, PhaseReport, Report, TimeseriesRow } from '../../report/types';
import type { CriteriaTracker } from '../metrics/criteria-tracker';
import { encodeStore, mergePartials, type PartialResult } from '../metrics/partial';
import { storeView } from '../metrics/store-view';
import type { EngineToClient, RunOptions } from '../protocol/messages';
import type { FromLoadWorker, LoadWorkerData, ToLoadWorker } from './load-worker-messages';
import type { Segment } from './schedule';
import type { Value } from './vu-state';

/** Between the last `ready` and the clock's start: time for `go` to reach every thread. */
const GO_LEAD_MS = 20;

export interface WorkerLoadHooks {
  emit(message: EngineToClient): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  criteria: CriteriaTracker;
  abort(reason: string): void;
}

export interface WorkerLoadResult {
  /** Each worker's measurements: its final part, or the last checkpoint of one that died. */
  measured: PartialResult[];
  rows: TimeseriesRow[];
  phases: PhaseReport[];
  alerts: AlertReport[];
  loadStartedAt: number | undefined;
  loadEndedAt: number | undefined;
  eventLoopDelay: { p99: number | null; max: number | null };
  /** The workers' late start: the latest of them, and the arrivals they missed together. */
  lateStart?: { byMs: number; missed: number };
  /** Why the run failed: a worker died or could not run. */
  failure?: string;
}

interface WorkerState {
  worker: Worker;
  ready: boolean;
  exited: boolean;
  checkpoint?: PartialResult;
  part?: PartialResult;
  report?: Report;
  rows: TimeseriesRow[];
  totals?: { requests: number; errors: number; dropped: number; iterations: number };
  failure?: string;
}

/** The load-worker bundle sits next to the engine's (dist/); tests run from dist-test/. */
function workerScript(): string {
  const candidates = [join(__dirname, 'load-worker.js'), join(__dirname, '..', '..', 'dist', 'load-worker.js')];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error('dist/load-worker.js is missing: run `npm run build`');
  return found;
}

export class WorkerLoad {
  private readonly states: WorkerState[] = [];
  private startAt: number | undefined;
  /** Snapshot rows waiting for the other workers' rows of the same interval. */
  private readonly pendingRows = new Map<number, Map<number, TimeseriesRow>>();
  private stopping = false;

  constructor(
    private readonly count: number,
    private readonly options: RunOptions,
    private readonly segment: Segment,
    private readonly shared: Record<string, Value>,
    private readonly hooks: WorkerLoadHooks,
  ) {}

  /** Runs the load; resolves when every worker has ended. */
  run(): Promise<WorkerLoadResult> {
    const script = workerScript();
    const ended: Promise<void>[] = [];
    for (let j = 0; j < this.count; j++) {
      // Worker j of a segment i/N takes the users and arrivals of segment i + j·N of N·count.
      const data: LoadWorkerData = {
        options: { ...this.options, workers: 1 },
        segment: { index: this.segment.index + j * this.segment.count, count: this.segment.count * this.count },
        shared: this.shared,
      };
      const worker = new Worker(script, { workerData: data });
      const state: WorkerState = { worker, ready: false, exited: false, rows: [] };
      this.states.push(state);
      worker.on('message', (message: FromLoadWorker) => this.onMessage(j, message));
      worker.on('error', (err) => {
        state.failure ??= err.message;
      });
      ended.push(
        new Promise((resolve) => {
          worker.on('exit', (code) => {
            state.exited = true;
            if (!state.report) {
              // Its counts are those of its last checkpoint: say so, the totals are a lower bound.
              const counted = state.checkpoint ? 'counted up to its last checkpoint' : 'nothing of it counted';
              state.failure = `worker ${j + 1} of ${this.count} ended before its report (${state.failure ?? `exit code ${code}`}; ${counted})`;
              this.hooks.log('error', state.failure);
              // The rest of the run stops; what this worker measured still counts.
              this.stop(state.failure);
            }
            // Intervals it will never report no longer wait for it.
            this.flushRows();
            resolve();
          });
        }),
      );
    }
    return Promise.all(ended).then(() => this.result());
  }

  /** Graceful stop of every worker still running. */
  stop(reason: string): void {
    if (this.stopping) return;
    this.stopping = true;
    this.post({ type: 'stop', reason });
  }

  /** Stop at once. */
  kill(reason: string): void {
    this.stopping = true;
    this.post({ type: 'kill', reason });
  }

  private post(message: ToLoadWorker): void {
    for (const state of this.states) if (!state.exited) state.worker.postMessage(message);
  }

  private onMessage(j: number, message: FromLoadWorker): void {
    const state = this.states[j];
    switch (message.type) {
      case 'ready':
        state.ready = true;
        if (this.states.length === this.count && this.states.every((s) => s.ready || s.exited) && this.startAt === undefined) {
          // `--start-at` is every thread's clock too: a segment's workers start with the other
          // segments, and after a late start each drops its share of what was missed.
          this.startAt = this.options.startAt ?? Date.now() + GO_LEAD_MS;
          this.post({ type: 'go', startAt: this.startAt });
        }
        return;
      case 'snapshot':
        state.rows.push(message.row);
        state.totals = message.totals;
        this.rowArrived(j, message.row, message.elapsedMs, message.totalMs);
        return;
      case 'checkpoint':
        state.checkpoint = message.measured;
        this.checkpointArrived();
        return;
      case 'phase':
        if (j === 0) this.hooks.emit(message);
        return;
      case 'alert':
        this.hooks.emit(message);
        return;
      case 'log':
        this.hooks.emit({ ...message, message: `worker ${j + 1}: ${message.message}` });
        return;
      case 'part':
        state.part = message.measured;
        return;
      case 'report':
        state.report = message.report;
        // Its last word: the thread's pools and timers may still hold its loop.
        void state.worker.terminate();
        return;
      case 'fatal':
        state.failure = message.message;
        return;
      default:
        // Stages, the workers' own criteria and plans: the main thread speaks for the run.
        return;
    }
  }

  /** A worker's row of an interval: once every running worker has its row, the merged one goes out. */
  private rowArrived(j: number, row: TimeseriesRow, elapsedMs: number, totalMs: number): void {
    const rows = this.pendingRows.get(row.time) ?? new Map<number, TimeseriesRow>();
    rows.set(j, row);
    this.pendingRows.set(row.time, rows);
    this.lastElapsed = { elapsedMs, totalMs };
    this.flushRows();
  }

  private lastElapsed = { elapsedMs: 0, totalMs: 0 };

  private flushRows(): void {
    for (const [time, rows] of [...this.pendingRows.entries()].sort((a, b) => a[0] - b[0])) {
      const waiting = this.states.some((state, j) => !state.exited && !rows.has(j));
      if (waiting) return;
      this.pendingRows.delete(time);
      const [row] = mergeSegmentRows([...rows.values()].map((r) => [r]));
      const totals = { requests: 0, errors: 0, dropped: 0, iterations: 0 };
      for (const state of this.states) {
        totals.requests += state.totals?.requests ?? 0;
        totals.errors += state.totals?.errors ?? 0;
        totals.dropped += state.totals?.dropped ?? 0;
        totals.iterations += state.totals?.iterations ?? 0;
      }
      this.hooks.emit({ type: 'snapshot', row, totals, ...this.lastElapsed });
    }
  }

  /** Live criteria on the whole run, as of every worker's latest checkpoint. */
  private checkpointArrived(): void {
    const latest = this.states.map((state) => state.checkpoint);
    if (latest.some((measured) => measured === undefined)) return;
    const merged = mergePartials(latest as PartialResult[]);
    const now = Date.now();
    const criteria = this.hooks.criteria.evaluate(storeView(merged, (now - (this.startAt ?? now)) / 1000), now, false);
    if (criteria.length > 0) this.hooks.emit({ type: 'criteria', criteria });
    // For a partial report if the engine itself dies.
    this.hooks.emit({ type: 'checkpoint', measured: encodeStore(merged) });
    const failed = this.hooks.criteria.dueForAbort(now);
    if (failed) this.hooks.abort(`criterion "${failed.expr}" failed`);
  }

  private result(): WorkerLoadResult {
    const reports = this.states.flatMap((state) => (state.report ? [state.report] : []));
    const failures = this.states.flatMap((state) => (state.failure ? [state.failure] : []));
    const ends = reports.flatMap((r) => (r.phases.length > 0 ? [r.phases[r.phases.length - 1].end] : []));
    const lateStart = sideBySideLateStart(reports);
    return {
      ...(lateStart ? { lateStart } : {}),
      measured: this.states.flatMap((state) => {
        const measured = state.part ?? state.checkpoint;
        return measured ? [measured] : [];
      }),
      rows: mergeSegmentRows(this.states.map((state) => state.report?.timeseries ?? state.rows)),
      phases: sideBySidePhases(reports),
      alerts: reports.flatMap((r) => r.alerts),
      loadStartedAt: this.startAt,
      loadEndedAt: ends.length > 0 ? Math.max(...ends) : undefined,
      eventLoopDelay: sideBySideLoopDelay(reports),
      ...(failures.length > 0 ? { failure: failures.join('; ') } : {}),
    };
  }
}
