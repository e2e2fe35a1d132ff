// One run of a scenario, start to report: setup (preparation), the load phases, teardown
// (cleanup, always), with a monitor tick per interval that emits snapshots, evaluates criteria
// and alerts, and may abort. The run only emits messages; clients do all formatting.
import { MonitorThread } from '../metrics/monitor-thread';
import { snapshotStore } from '../metrics/partial';
import { AlertTracker } from '../metrics/alert-tracker';
import { CriteriaTracker } from '../metrics/criteria-tracker';
import type { MetricView } from '../metrics/evaluate';
import { createHistogram, mergeHistograms, percentileMs } from '../metrics/histogram';
import { MetricsStore, type IntervalMetrics } from '../metrics/store';
import { SystemMonitor } from '../metrics/system-monitor';
import type { EngineToClient, RunOptions } from '../protocol/messages';
import { buildReport } from '../metrics/build-report';
import { compactRows } from '../../report/timeseries-compact';
import type { CriterionReport, PhaseReport, Report, TimeseriesRow } from '../../report/types';
import type { Scenario, Step } from '../../scenario/types';
import { loadDataSet } from './data-sets';
import { createRedactor, envNamesIn, type Redact } from './redact';
import { compileSteps, FlowPicker, runIteration, type CompiledFlow } from './flow';
import { Deadlines } from './deadlines';
import { HttpPools } from './http-pools';
import { ClosedPopulation, OpenPopulation } from './populations';
import { PhaseDriver } from './phases';
import type { RequestContext } from './request-step';
import { WHOLE, type Segment } from './schedule';
import { SseStepRunner } from './sse-step';
import type { StepRunner } from './step';
import { compileTemplate } from './template';
import { parseTarget, type Target } from './url';
import { startTestStall } from './test-stall';
import { VuState, type RunScope, type Scalar } from './vu-state';
import { warmJit, warmRequestsFor } from './jit-warm-up';
import { firstSecondDemand, warmUp } from './warm-up';

/** How long in-flight iterations may finish after a stop before they are cut. */
const STOP_GRACE_MS = 500;
/** How often the whole store is sent for partial reports (see CheckpointMessage). */
const CHECKPOINT_EVERY_MS = 5_000;
/** How long the load waits for the monitor thread to be up before starting without it. */
const THREAD_READY_WAIT_MS = 1_000;
/** How long iterations still running when the last phase ends may take to finish. */
const DRAIN_MS = 5_000;
/** Rows kept in the report's time series: two hours at 1 s before older ones merge. */
export const MAX_TIMESERIES_ROWS = 7_200;

type Emit = (message: EngineToClient) => void;

/** The pools and the cancelled flag of one stage: a stop cuts one stage without the next. */
class StageContext {
  readonly pools = new HttpPools();
  readonly deadlines = new Deadlines();
  cancelled = false;
  readonly sse: SseStepRunner[] = [];
  /** Setup's or teardown's one user; the load stage's users belong to the populations. */
  vu: VuState | undefined;

  async cancel(): Promise<void> {
    this.cancelled = true;
    // Wake it from a think, so that a stop during setup does not wait the think out.
    if (this.vu) {
      this.vu.stopping = true;
      this.vu.wake?.();
    }
    for (const step of this.sse) step.closeAll();
    await this.pools.destroyAll();
  }
}

export class Run {
  private readonly store = new MetricsStore();
  private readonly monitor: SystemMonitor;
  /** System sampling and checkpoint encoding, in a thread of their own. */
  private readonly thread: MonitorThread;
  /** Checkpoints go out in order: each waits for the one before it. */
  private checkpointsSent: Promise<void> = Promise.resolve();
  private readonly criteria: CriteriaTracker;
  private readonly alerts: AlertTracker;
  private readonly timeseries: TimeseriesRow[] = [];
  private readonly phaseReports: PhaseReport[] = [];
  private readonly scope: RunScope;
  private readonly segment: Segment;
  private target: Target | undefined;
  private targetText: string | undefined;
  private outcome: Report['outcome'] = 'completed';
  private reason: string | undefined;
  private stage: 'idle' | 'setup' | 'load' | 'teardown' | 'done' = 'idle';
  private stopRequested = false;
  private killed = false;
  private current: StageContext | undefined;
  private driver: PhaseDriver | undefined;
  private closed: ClosedPopulation | undefined;
  private open: OpenPopulation | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private loadStartedAt: number | undefined;
  private loadEndedAt: number | undefined;
  private lastTickAt = 0;
  private lastCheckpointAt = 0;
  private ticks = 0;
  private currentPhase = '';
  private lastCriteria: CriterionReport[] = [];
  private tickInFlight: Promise<void> = Promise.resolve();
  private killRun: (() => void) | undefined;
  private readonly redact: Redact;
  private cpuAtLoadStart: NodeJS.CpuUsage | undefined;
  private engineCpuSeconds: number | undefined;
  private peakRssMB = 0;

  constructor(
    private readonly scenario: Scenario,
    private readonly options: RunOptions,
    private readonly emit: Emit,
    segment: Segment = WHOLE,
  ) {
    this.segment = segment;
    this.thread = new MonitorThread((message) => this.log('warn', message));
    this.monitor = new SystemMonitor(scenario.monitor, this.thread);
    this.criteria = new CriteriaTracker(scenario.criteria);
    this.alerts = new AlertTracker(scenario.alerts);
    this.scope = {
      shared: { ...scenario.variables } as Record<string, Scalar>,
      templated: new Map(Object.entries(scenario.variables).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].includes('{{'))),
      env: options.env ?? { ...process.env },
      data: {},
    };
    this.redact = createRedactor(envNamesIn(scenario), this.scope.env);
    this.store.redact = this.redact;
    // Alerts that name a step or flow need that name's latency per interval.
    for (const alert of scenario.alerts) {
      if (alert.parsed.step) this.store.step(alert.parsed.step, 'request', '').intervalLatency = createHistogram();
      if (alert.parsed.flow) this.store.flow(alert.parsed.flow, 1).intervalLatency = createHistogram();
    }
  }

  /** What this run (or segment of a run) measured; `encodeStore` sends it across boundaries. */
  get metrics(): MetricsStore {
    return this.store;
  }

  /** Graceful stop: the current stage winds down, teardown runs, the report is written. */
  stop(reason: string, outcome: 'stopped' | 'aborted' = 'stopped'): void {
    if (this.stopRequested || this.stage === 'done') return;
    this.stopRequested = true;
    this.outcome = outcome;
    this.reason = reason;
    this.log('warn', `stopping: ${reason}`);
    if (this.stage === 'setup') void this.current?.cancel();
    if (this.stage === 'load') this.endLoad();
  }

  /** Second stop: cut everything now, skip what remains of teardown, report at once. */
  kill(reason: string): void {
    if (this.stage === 'done') return;
    if (!this.stopRequested) {
      this.outcome = 'stopped';
      this.reason = reason;
    }
    this.stopRequested = true;
    this.killed = true;
    this.endLoad();
    void this.current?.cancel();
    this.killRun?.();
  }

  async execute(): Promise<Report> {
    const startedAt = Date.now();
    const killed = new Promise<'killed'>((resolve) => {
      this.killRun = () => resolve('killed');
    });
    let setupStatus: Report['setup'] = { ran: false, passed: true };
    let teardownStatus: Report['teardown'] = { ran: false, passed: true };
    try {
      // The sampler thread starts now and primes itself; nothing waits for it.
      this.monitor.start();
      this.prepare();
      this.emit({ type: 'stage', stage: 'setup', time: Date.now() });
      if (this.scenario.setup.length > 0) {
        setupStatus = await Promise.race([this.runSetup(), killed.then(() => ({ ran: true, passed: false, error: 'interrupted' }))]);
        if (!setupStatus.passed && !this.stopRequested) {
          this.outcome = 'error';
          this.reason = `setup failed: ${setupStatus.error}`;
          this.log('error', this.reason);
        }
      }
      if (setupStatus.passed && !this.stopRequested) {
        await Promise.race([this.runLoad(), killed]);
      }
    } catch (err) {
      this.outcome = 'error';
      this.reason = `engine error: ${(err as Error).message}`;
      this.log('error', this.reason);
    }
    this.endLoad();
    if (!this.killed) {
      this.emit({ type: 'stage', stage: 'teardown', time: Date.now() });
      if (this.scenario.teardown.length > 0) {
        teardownStatus = await Promise.race([this.runTeardown(), killed.then(() => ({ ran: true, passed: false, error: 'interrupted' }))]);
      }
    } else if (this.scenario.teardown.length > 0) {
      teardownStatus = { ran: false, passed: false, error: 'skipped: stopped at once by a second signal' };
    }
    this.stage = 'done';
    await this.current?.cancel();
    await this.checkpointsSent;
    this.monitor.stop();
    const endedAt = Date.now();
    const finalCriteria = this.criteria.evaluate(this.cumulativeView(), endedAt, true);
    const report = buildReport({
      scenario: this.scenario.name,
      file: this.scenario.file ?? this.options.file,
      target: this.targetText !== undefined ? this.redact(this.targetText) : undefined,
      startedAt,
      endedAt,
      loadStartedAt: this.loadStartedAt,
      loadEndedAt: this.loadEndedAt,
      outcome: this.outcome,
      reason: this.reason !== undefined ? this.redact(this.reason) : undefined,
      store: this.store,
      phases: this.phaseReports,
      criteria: finalCriteria,
      alerts: this.alerts.history,
      timeseries: this.timeseries,
      setup: setupStatus,
      teardown: teardownStatus,
      engine: { cpuSeconds: this.engineCpuSeconds, peakRssMB: Math.round(this.peakRssMB * 10) / 10 },
      eventLoopDelay: this.monitor.loadEventLoopDelay(),
    });
    this.emit({ type: 'stage', stage: 'done', time: endedAt });
    return report;
  }

  private prepare(): void {
    const starter = new VuState(0, this.scope);
    const targetText = this.options.target ?? this.scenario.target;
    if (targetText !== undefined) {
      this.targetText = compileTemplate(targetText).render(starter);
      this.target = parseTarget(this.targetText);
    }
    for (const [name, set] of Object.entries(this.scenario.data)) this.scope.data[name] = loadDataSet(set);
  }

  private requestContext(stage: StageContext, flowName: string, flow: CompiledFlow['metrics']): RequestContext {
    return {
      target: this.target,
      pools: stage.pools,
      deadlines: stage.deadlines,
      store: this.store,
      env: stage,
      defaultHeaders: this.scenario.defaults.headers,
      flow,
      flowName,
    };
  }

  private compile(steps: Step[], stage: StageContext, flowName: string, flow: CompiledFlow['metrics']): StepRunner[] {
    const runners = compileSteps(steps, this.requestContext(stage, flowName, flow), this.scenario.defaults.think);
    for (const runner of runners) if (runner instanceof SseStepRunner) stage.sse.push(runner);
    return runners;
  }

  /** Runs a list of steps once with one VU; returns whether every step passed. */
  private runOnce(runners: StepRunner[], vu: VuState): Promise<{ ok: boolean; error?: string }> {
    return new Promise((resolve) => {
      vu.beginIteration();
      runIteration(runners, vu, performance.now(), (failed) => {
        // Cut short by a stop: the steps after the cut did not run.
        if (!failed && vu.stopping) {
          resolve({ ok: false, error: 'interrupted' });
          return;
        }
        if (!failed) {
          resolve({ ok: true });
          return;
        }
        resolve({ ok: false, error: this.lastErrorOf(runners) });
      });
    });
  }

  private lastErrorOf(runners: StepRunner[]): string {
    for (const { metrics } of runners) {
      if (metrics && metrics.errors > 0) {
        const message = [...metrics.sampleErrors.keys()].pop() ?? 'failed';
        return `${metrics.name}: ${message}`;
      }
    }
    return this.stopRequested ? 'interrupted' : 'a step failed';
  }

  private async runSetup(): Promise<Report['setup']> {
    this.stage = 'setup';
    this.store.recordingLoad = false;
    const stage = new StageContext();
    this.current = stage;
    // Setup's and teardown's one user is user 1 (`vu.id` is 1-based everywhere).
    const vu = new VuState(1, this.scope);
    stage.vu = vu;
    const result = await this.runOnce(this.compile(this.scenario.setup, stage, 'setup', undefined), vu);
    await stage.cancel();
    // Setup's captures become shared, read-only, for every VU.
    for (const [key, value] of Object.entries(vu.vars)) this.scope.shared[key] = value;
    return { ran: true, passed: result.ok, ...(result.error ? { error: result.error } : {}) };
  }

  private async runTeardown(): Promise<Report['teardown']> {
    this.stage = 'teardown';
    this.store.recordingLoad = false;
    const stage = new StageContext();
    this.current = stage;
    stage.vu = new VuState(1, this.scope);
    const result = await this.runOnce(this.compile(this.scenario.teardown, stage, 'teardown', undefined), stage.vu);
    await stage.cancel();
    return { ran: true, passed: result.ok, ...(result.error ? { error: result.error } : {}) };
  }

  private async runLoad(): Promise<void> {
    this.stage = 'load';
    this.store.recordingLoad = true;
    const stage = new StageContext();
    this.current = stage;
    const flows: CompiledFlow[] = this.scenario.flows.map((flow) => {
      const metrics = this.store.flow(flow.name, flow.weight);
      return { name: flow.name, weight: flow.weight, metrics, steps: this.compile(flow.steps, stage, flow.name, metrics) };
    });
    const picker = new FlowPicker(flows);
    this.closed = new ClosedPopulation(picker, this.store, this.scope, this.segment, (vu) => stage.pools.release(vu));
    this.open = new OpenPopulation(picker, this.store, this.scope, this.segment);
    this.driver = new PhaseDriver(this.scenario.phases, this.closed, this.open, this.store, this.segment, {
      onPhaseStart: (index, phase, start) => {
        const previous = this.phaseReports[this.phaseReports.length - 1];
        if (previous) previous.end = start;
        this.currentPhase = phase.name;
        this.phaseReports.push({
          name: phase.name,
          start,
          end: start + phase.durationMs,
          model: phase.model,
          from: phase.from,
          to: phase.to,
          target: phase.to,
          ...(phase.maxUsers !== undefined ? { maxUsers: phase.maxUsers } : {}),
        });
        this.emit({ type: 'phase', index, name: phase.name, start });
      },
      onUserLimit: (limit) =>
        this.log(
          'warn',
          `the open model reached ${limit} users at once, the most this engine can keep connected with its open-files limit (ulimit -n); later arrivals wait for a free user, and their wait counts as generator lag. Set maxUsers to drop them instead, or raise the limit.`,
        ),
    });
    // The warm start: the first phase's connections open, the request path is compiled (on a
    // server of the engine's own) and the monitor thread is up, before the phase's clock starts;
    // each is bounded, so none can hold the load for long.
    await Promise.all([
      warmUp(this.scenario.phases[0], flows, stage.pools, this.target?.origin, this.segment),
      warmJit(this.scope, warmRequestsFor(firstSecondDemand(this.scenario.phases[0], this.segment))),
      Promise.race([this.thread.ready, new Promise((resolve) => setTimeout(resolve, THREAD_READY_WAIT_MS))]),
    ]);
    this.emit({ type: 'stage', stage: 'load', time: Date.now() });
    this.loadStartedAt = Date.now();
    this.cpuAtLoadStart = process.cpuUsage();
    this.monitor.beginLoad();
    this.lastTickAt = this.loadStartedAt;
    this.scheduleTick();
    const stall = startTestStall(this.scope.env);
    await this.driver.runAll();
    stall?.stop();
    const last = this.phaseReports[this.phaseReports.length - 1];
    if (last) last.end = Date.now();
    // Let iterations in flight finish: briefly after a stop, longer after a natural end.
    this.open.stopAll();
    this.closed.setLevel(0);
    const grace = this.stopRequested ? STOP_GRACE_MS : DRAIN_MS;
    const idle = await Promise.race([
      Promise.all([this.closed.whenIdle(), this.open.whenIdle()]).then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), grace)),
    ]);
    // The engine's own cost and last interval are taken before the pools close, so closing
    // (and any stack traces of cut requests) is not counted as load.
    this.stopTicker();
    this.loadEndedAt = Date.now();
    const cpu = process.cpuUsage(this.cpuAtLoadStart);
    this.engineCpuSeconds = Math.round((cpu.user + cpu.system) / 1000) / 1000;
    await this.tickInFlight;
    await this.tick(this.loadEndedAt, true);
    // Nothing in flight: close politely; otherwise cut what is left.
    if (idle) await stage.pools.closeAll();
    else await stage.cancel();
  }

  private endLoad(): void {
    this.driver?.stop();
    this.closed?.setLevel(0);
    this.open?.stopAll();
  }

  // ---- monitor ticks ----

  /** Ticks fall on wall-clock multiples of the interval, so segments' rows line up. */
  private scheduleTick(): void {
    const interval = this.scenario.monitor.intervalMs;
    const now = Date.now();
    const next = Math.floor(now / interval) * interval + interval;
    this.ticker = setTimeout(() => {
      this.tickInFlight = this.tick(next).then(() => {
        if (this.ticker !== undefined) this.scheduleTick();
      });
    }, next - now);
  }

  private stopTicker(): void {
    if (this.ticker) clearTimeout(this.ticker);
    this.ticker = undefined;
  }

  private async tick(time: number, final = false): Promise<void> {
    const seconds = Math.max(0.001, (time - this.lastTickAt) / 1000);
    // After a stop at once the load stage may still wind down in the background: the report has
    // been built, so nothing more is measured or sent.
    if (time <= this.lastTickAt || this.stage === 'done') return;
    this.lastTickAt = time;
    const interval = this.store.takeInterval();
    const system = await this.monitor.sample();
    this.peakRssMB = Math.max(this.peakRssMB, system.rssMB);
    const row = this.row(time, seconds, interval, system);
    this.timeseries.push(row);
    // Long runs keep bounded memory: past the limit, older intervals merge (peaks kept).
    if (this.timeseries.length > MAX_TIMESERIES_ROWS) {
      const compacted = compactRows(this.timeseries, Math.floor(MAX_TIMESERIES_ROWS * 0.75));
      this.timeseries.splice(0, this.timeseries.length, ...compacted);
    }
    this.emit({
      type: 'snapshot',
      row,
      totals: {
        requests: this.store.requests,
        errors: this.store.errors,
        dropped: this.store.dropped,
        iterations: this.store.iterations,
      },
      elapsedMs: time - (this.loadStartedAt ?? time),
      totalMs: this.scenario.phases.reduce((sum, phase) => sum + phase.durationMs, 0),
    });
    this.lastCriteria = this.criteria.evaluate(this.cumulativeView(), time, false);
    if (this.lastCriteria.length > 0) this.emit({ type: 'criteria', criteria: this.lastCriteria });
    // Encoding a histogram costs about 1 ms (more while the code is cold): here the loop only
    // copies the counts, and the monitor thread encodes. A checkpoint every few seconds keeps a
    // partial report close; the first intervals each get one too (the first may end before any
    // request has).
    this.ticks++;
    if (final || this.ticks <= 3 || time - this.lastCheckpointAt >= CHECKPOINT_EVERY_MS) {
      this.lastCheckpointAt = time;
      const snapshot = snapshotStore(this.store);
      const before = this.checkpointsSent;
      this.checkpointsSent = this.thread.encode(snapshot).then(async (measured) => {
        await before;
        this.emit({ type: 'checkpoint', measured });
      });
      if (final) await this.checkpointsSent;
    }
    const intervalView: MetricView = {
      latency: (step, flow) =>
        step !== undefined
          ? this.store.steps.get(step)?.intervalLatency
          : flow !== undefined
            ? this.store.flows.get(flow)?.intervalLatency
            : interval.latency,
      requests: interval.requests,
      errors: interval.errors,
      dropped: interval.dropped,
      seconds,
      system,
    };
    // The interval's real length: the first one is partial (ticks fall on wall-clock multiples),
    // and an alert must not count it as a whole `for`.
    for (const change of this.alerts.evaluate(intervalView, time, seconds * 1000)) {
      this.emit({ type: 'alert', alert: change.alert, state: change.state });
      if (change.abort) this.stop(`alert "${change.alert.when}" fired`, 'aborted');
    }
    this.store.resetNamedIntervalHistograms();
    const failed = this.criteria.dueForAbort(time);
    if (failed) this.stop(`criterion "${failed.expr}" failed`, 'aborted');
  }

  private row(time: number, seconds: number, interval: IntervalMetrics, system: Awaited<ReturnType<SystemMonitor['sample']>>): TimeseriesRow {
    return {
      time,
      elapsed: Math.round(((time - (this.loadStartedAt ?? time)) / 1000) * 1000) / 1000,
      phase: this.currentPhase,
      users: (this.closed?.level ?? 0) + (this.open?.busy ?? 0),
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
    };
  }

  private cumulativeView(): MetricView {
    const start = this.loadStartedAt ?? Date.now();
    const end = this.loadEndedAt ?? Date.now();
    return {
      latency: (step, flow) =>
        step !== undefined
          ? this.store.steps.get(step)?.latency
          : flow !== undefined
            ? this.store.flows.get(flow)?.latency
            : this.store.latency,
      timeToFirstEvent: (step) => {
        if (step !== undefined) return this.store.steps.get(step)?.timeToFirstEvent;
        const streams = [...this.store.steps.values()].flatMap((s) => (s.timeToFirstEvent ? [s.timeToFirstEvent] : []));
        return streams.length > 0 ? mergeHistograms(streams) : undefined;
      },
      attempted: (step, flow) =>
        step !== undefined ? (this.store.steps.get(step)?.requests ?? 0) : flow !== undefined ? (this.store.flows.get(flow)?.iterations ?? 0) : this.store.requests,
      requests: this.store.requests,
      errors: this.store.errors,
      dropped: this.store.dropped,
      seconds: Math.max(0.001, (end - start) / 1000),
    };
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.emit({ type: 'log', level, message: this.redact(message) });
  }
}
