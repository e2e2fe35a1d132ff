// One run of a scenario, start to report: setup (preparation), the load phases, teardown
// (cleanup, always), with a monitor tick per interval that emits snapshots, evaluates criteria
// and alerts, and may abort. The run only emits messages; clients do all formatting.
import { MonitorThread } from '../metrics/monitor-thread';
import { AlertTracker } from '../metrics/alert-tracker';
import { CriteriaTracker } from '../metrics/criteria-tracker';
import { createHistogram } from '../metrics/histogram';
import { MetricsStore } from '../metrics/store';
import { addPartial } from '../metrics/partial';
import { SystemMonitor } from '../metrics/system-monitor';
import type { EngineToClient, RunOptions } from '../protocol/messages';
import { buildReport } from '../metrics/build-report';
import type { AlertReport, PhaseReport, Report } from '../../report/types';
import type { Scenario, Step } from '../../scenario/types';
import { loadDataSet } from './data-sets';
import { createRedactor, envNamesIn, type Redact } from './redact';
import { compileSteps, FlowPicker, type CompiledFlow } from './flow';
import { runIteration } from './sequence';
import { ClosedPopulation, OpenPopulation } from './populations';
import { IntervalTicker } from './interval-ticker';
import { openUserLimit } from './open-files';
import { PhaseDriver } from './phases';
import type { RequestContext } from './request-step';
import { WHOLE, type Segment } from './schedule';
import { StageContext } from './stage-context';
import type { StepRunner } from './step';
import { compileTemplate } from './template';
import { parseTarget, type Target } from './url';
import { startTestStall } from './test-stall';
import { VuState, type RunScope, type Value } from './vu-state';
import { warmJit, warmRequestsFor } from './jit-warm-up';
import { expectedConcurrency, firstSecondDemand, warmUp } from './warm-up';
import { WorkerLoad } from './worker-load';
import { workerCount } from './worker-count';

/** How long in-flight iterations may finish after a stop before they are cut. */
const STOP_GRACE_MS = 500;
/** How long iterations still running when the last phase ends may take to finish. */
const DRAIN_MS = 5_000;

type Emit = (message: EngineToClient) => void;

/** A Run inside a load worker (`--workers N`): no setup or teardown, and a clock started from outside. */
export interface LoadWorkerRole {
  /** Setup's captures, from the engine's main thread. */
  shared: Record<string, Value>;
  /** Resolves with the load's start (epoch ms) once every worker is warm. */
  untilGo(): Promise<number>;
}

export class Run {
  private readonly store = new MetricsStore();
  private readonly monitor: SystemMonitor;
  /** System sampling and checkpoint encoding, in a thread of their own. */
  private readonly thread: MonitorThread;
  private readonly criteria: CriteriaTracker;
  private readonly alerts: AlertTracker;
  /** The load's monitor intervals: rows, snapshots, criteria, alerts, checkpoints. */
  private readonly ticker: IntervalTicker;
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
  private loadStartedAt: number | undefined;
  private loadEndedAt: number | undefined;
  private currentPhase = '';
  private killRun: (() => void) | undefined;
  /** `--workers N`: the threads running the load, while they do. */
  private workers: WorkerLoad | undefined;
  private workerTotal = 1;
  private readonly workerAlerts: AlertReport[] = [];
  private workerLoopDelay: { p99: number | null; max: number | null } | undefined;
  /** Set when the load joined after `--start-at` and missed arrivals (its own, or its workers' summed). */
  private lateStart: { byMs: number; missed: number } | undefined;
  /** Ends the wait for `--start-at` (a stop). */
  private wakeStartAt: (() => void) | undefined;
  private readonly redact: Redact;
  private cpuAtLoadStart: NodeJS.CpuUsage | undefined;
  private engineCpuSeconds: number | undefined;

  constructor(
    private readonly scenario: Scenario,
    private readonly options: RunOptions,
    private readonly emit: Emit,
    segment: Segment = WHOLE,
    private readonly role?: LoadWorkerRole,
  ) {
    this.segment = segment;
    this.thread = new MonitorThread((message) => this.log('warn', message));
    this.monitor = new SystemMonitor(scenario.monitor, this.thread);
    this.criteria = new CriteriaTracker(scenario.criteria);
    this.alerts = new AlertTracker(scenario.alerts);
    this.ticker = new IntervalTicker(scenario, this.store, this.monitor, this.thread, this.criteria, this.alerts, {
      emit: (message) => this.emit(message),
      abort: (reason) => this.stop(reason, 'aborted'),
      phase: () => this.currentPhase,
      users: () => (this.closed?.level ?? 0) + (this.open?.busy ?? 0),
      measuring: () => this.stage !== 'done',
    });
    this.scope = {
      shared: { ...scenario.variables } as Record<string, Value>,
      templated: new Map(Object.entries(scenario.variables).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].includes('{{'))),
      env: options.env ?? { ...process.env },
      data: {},
    };
    if (role) Object.assign(this.scope.shared, role.shared);
    this.redact = createRedactor(envNamesIn(scenario), this.scope.env);
    this.store.redact = this.redact;
    // Alerts that name a step or flow need that name's latency per interval.
    for (const alert of scenario.alerts) {
      if (alert.parsed.step) this.store.step(alert.parsed.step, 'request', '').intervalLatency ??= createHistogram();
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
    if (this.stage === 'setup' || (this.stage === 'load' && this.options.trial)) void this.current?.cancel();
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
    this.workers?.kill(reason);
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
      if (this.scenario.setup.length > 0 && !this.role) {
        setupStatus = await Promise.race([this.runSetup(), killed.then(() => ({ ran: true, passed: false, error: 'interrupted' }))]);
        if (!setupStatus.passed && !this.stopRequested) {
          this.outcome = 'error';
          this.reason = `setup failed: ${setupStatus.error}`;
          this.log('error', this.reason);
        }
      }
      if (setupStatus.passed && !this.stopRequested) {
        const workers = this.role || this.options.trial ? 1 : workerCount(this.options.workers);
        await Promise.race([this.options.trial ? this.runTrial() : workers > 1 ? this.runWorkers(workers) : this.runLoad(), killed]);
      }
    } catch (err) {
      this.outcome = 'error';
      this.reason = `engine error: ${(err as Error).message}`;
      this.log('error', this.reason);
    }
    this.endLoad();
    if (!this.killed) {
      this.emit({ type: 'stage', stage: 'teardown', time: Date.now() });
      if (this.scenario.teardown.length > 0 && !this.role) {
        teardownStatus = await Promise.race([this.runTeardown(), killed.then(() => ({ ran: true, passed: false, error: 'interrupted' }))]);
      }
    } else if (this.scenario.teardown.length > 0 && !this.role) {
      teardownStatus = { ran: false, passed: false, error: 'skipped: stopped at once by a second signal' };
    }
    this.stage = 'done';
    await this.current?.cancel();
    await this.ticker.checkpointsSent;
    this.monitor.stop();
    const endedAt = Date.now();
    const finalCriteria = this.criteria.evaluate(this.ticker.cumulativeView(), endedAt, true);
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
      alerts: [...this.alerts.history, ...this.workerAlerts],
      timeseries: this.ticker.rows,
      setup: setupStatus,
      teardown: teardownStatus,
      engine: { cpuSeconds: this.engineCpuSeconds, peakRssMB: Math.round(this.ticker.peakRssMB * 10) / 10 },
      // With workers, the load's loops were theirs: this thread only relayed.
      eventLoopDelay: this.workerLoopDelay ?? this.monitor.loadEventLoopDelay(),
      ...(this.workerTotal > 1 ? { workers: this.workerTotal } : {}),
      ...(this.lateStart ? { lateStart: this.lateStart } : {}),
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
      cookies: this.scenario.defaults.cookies,
      tls: this.scenario.defaults.connection.tls,
      streams: stage.streams,
      flow,
      flowName,
      ...(this.options.trial
        ? { trial: { stage: flow ? 'flow' : flowName === 'teardown' ? 'teardown' : 'setup', redact: this.redact, emit: (exchange) => this.emit({ type: 'exchange', exchange }) } }
        : {}),
    };
  }

  private compile(steps: Step[], stage: StageContext, flowName: string, flow: CompiledFlow['metrics']): StepRunner[] {
    return compileSteps(steps, this.requestContext(stage, flowName, flow), this.scenario.defaults.think);
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

  /**
   * A trial (`stampede try`): instead of the phases, user 1 runs one iteration of each flow (or
   * of the one named), in the scenario's order; every request is described as an exchange.
   */
  private async runTrial(): Promise<void> {
    this.stage = 'load';
    this.store.recordingLoad = true;
    const stage = new StageContext();
    this.current = stage;
    const named = this.options.trial?.flow;
    const vu = new VuState(1, this.scope);
    stage.vu = vu;
    this.emit({ type: 'stage', stage: 'load', time: Date.now() });
    this.loadStartedAt = Date.now();
    for (const flow of this.scenario.flows) {
      if (this.stopRequested) break;
      if (named !== undefined && flow.name !== named) continue;
      const metrics = this.store.flow(flow.name, flow.weight);
      await this.runOnce(this.compile(flow.steps, stage, flow.name, metrics), vu);
    }
    this.loadEndedAt = Date.now();
    await stage.cancel();
  }

  /** Waits for `--start-at` (a stop ends the wait); says so when the start is already past. */
  private async untilStartAt(startAt: number): Promise<void> {
    const wait = startAt - Date.now();
    if (wait <= 0) {
      if (-wait > 1000) this.log('warn', `started ${((-wait) / 1000).toFixed(1)} s after --start-at: this segment follows the run's schedule from now on, and the arrivals it missed count as dropped`);
      return;
    }
    this.log('info', `waiting ${(wait / 1000).toFixed(1)} s for --start-at ${new Date(startAt).toISOString()}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      this.wakeStartAt = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeStartAt = undefined;
  }

  /** `--workers N`: the load in N threads (worker-load.ts), merged back into this run's store. */
  private async runWorkers(count: number): Promise<void> {
    this.stage = 'load';
    this.store.recordingLoad = true;
    const cpu = process.cpuUsage();
    this.workers = new WorkerLoad(count, this.options, this.segment, this.scope.shared, {
      emit: (message) => this.emit(message),
      log: (level, message) => this.log(level, message),
      criteria: this.criteria,
      abort: (reason) => this.stop(reason, 'aborted'),
    });
    this.workerTotal = count;
    this.emit({ type: 'stage', stage: 'load', time: Date.now() });
    const result = await this.workers.run();
    this.workers = undefined;
    for (const measured of result.measured) addPartial(this.store, measured);
    this.phaseReports.push(...result.phases);
    this.loadStartedAt = result.loadStartedAt;
    this.loadEndedAt = result.loadEndedAt ?? Date.now();
    this.ticker.adopt(result.rows, this.loadStartedAt ?? this.loadEndedAt, this.loadEndedAt);
    this.workerAlerts.push(...result.alerts);
    this.workerLoopDelay = result.eventLoopDelay;
    if (result.lateStart) this.lateStart = result.lateStart;
    // The process's CPU: every thread's, the workers' included.
    const used = process.cpuUsage(cpu);
    this.engineCpuSeconds = Math.round((used.user + used.system) / 1000) / 1000;
    if (result.failure && this.outcome !== 'error') {
      this.outcome = 'error';
      this.reason = result.failure;
    }
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
    // Read once: the driver holds the open model to it, and the warm start opens no more.
    const userLimit = openUserLimit();
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
          `the open model reached ${limit} users at once, the most this engine can keep connected with its open-files limit (ulimit -n); later arrivals wait for a free user, and their wait counts as generator lag. Set maxUsers below it to drop them instead, or raise the limit.`,
        ),
    }, userLimit);
    // The warm start: the first phase's connections open and the request path is compiled (on a
    // server of the engine's own) before the phase's clock starts; each is bounded, so neither can
    // hold the load for long. The monitor thread, started with the process, comes up meanwhile;
    // it is not waited for (priming never delays the first request): its first sample is asked
    // at the first tick, and a request posted before it is up waits in its queue.
    const first = this.scenario.phases[0];
    await Promise.all([
      warmUp(first, flows, stage.pools, this.target?.origin, this.segment, userLimit),
      warmJit(this.scope, warmRequestsFor(firstSecondDemand(first, this.segment)), first ? expectedConcurrency(first, this.segment, userLimit) : undefined),
    ]);
    // `--start-at`: every segment's load starts at the same moment, wherever it runs; a load
    // worker's moment comes from the main thread once every worker is warm.
    const startAt = this.role ? await this.role.untilGo() : this.options.startAt;
    if (startAt !== undefined) await this.untilStartAt(startAt);
    this.emit({ type: 'stage', stage: 'load', time: Date.now() });
    this.loadStartedAt = startAt ?? Date.now();
    this.cpuAtLoadStart = process.cpuUsage();
    this.monitor.beginLoad();
    this.ticker.start(this.loadStartedAt);
    const stall = startTestStall(this.scope.env);
    // The schedule's origin on the performance clock (in the past after a late start).
    await this.driver.runAll(performance.now() - (Date.now() - this.loadStartedAt));
    stall?.stop();
    if (this.driver.missed > 0) this.lateStart = { byMs: this.driver.lateByMs, missed: this.driver.missed };
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
    this.ticker.stopTimer();
    this.loadEndedAt = Date.now();
    const cpu = process.cpuUsage(this.cpuAtLoadStart);
    this.engineCpuSeconds = Math.round((cpu.user + cpu.system) / 1000) / 1000;
    await this.ticker.finish(this.loadEndedAt);
    // Nothing in flight: close politely; otherwise cut what is left.
    if (idle) await stage.pools.closeAll();
    else await stage.cancel();
  }

  private endLoad(): void {
    this.wakeStartAt?.();
    this.workers?.stop(this.reason ?? 'stopped');
    this.driver?.stop();
    this.closed?.setLevel(0);
    this.open?.stopAll();
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.emit({ type: 'log', level, message: this.redact(message) });
  }
}
