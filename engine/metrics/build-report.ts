// Assembles report.json from what a run measured: the engine's store (live, or rebuilt from a
// checkpoint by the driver) in, the result model of report/ out. A pure function of its inputs.
import { hostname, cpus, totalmem } from 'node:os';
import { generatorReport, type LagFigures } from '../../report/generator';
import { computeRecommendations } from '../../report/recommendations';
import { STAMPEDE_VERSION } from '../../report/version';
import { percentileMs, summarizeLatency } from './histogram';
import type { MetricsStore } from './store';
import type {
  AlertReport,
  CriterionReport,
  PhaseReport,
  Report,
  StepReport,
  SystemFacts,
  TimeseriesRow,
} from '../../report/types';

export interface ReportInputs {
  scenario: string;
  file: string;
  target?: string;
  startedAt: number;
  endedAt: number;
  /** Epoch ms of the first phase's start and the load's end, for `rps`. */
  loadStartedAt: number | undefined;
  loadEndedAt: number | undefined;
  outcome: Report['outcome'];
  reason?: string;
  store: MetricsStore;
  phases: PhaseReport[];
  criteria: CriterionReport[];
  alerts: AlertReport[];
  timeseries: TimeseriesRow[];
  setup: Report['setup'];
  teardown: Report['teardown'];
  /** The engine's event-loop delay beyond its sampling interval over the load (ms). */
  eventLoopDelay?: { p99: number | null; max: number | null };
  /** The engine process's own cost over the load phases. */
  engine?: { cpuSeconds: number | undefined; peakRssMB: number };
  /** `--workers N`: the load threads that ran it (absent for one). */
  workers?: number;
  /** A late segment: how late, and the arrivals it missed (report/types.ts). */
  lateStart?: { byMs: number; missed: number };
}

const statusRecord = (codes: Map<number, number>): Record<string, number> =>
  Object.fromEntries([...codes.entries()].sort((a, b) => a[0] - b[0]).map(([code, count]) => [String(code), count]));

function stepReports(store: MetricsStore): StepReport[] {
  return [...store.steps.values()].map((step) => {
    const report: StepReport = {
      ...step.counters(),
      latency: summarizeLatency(step.latency),
      statusCodes: statusRecord(step.statusCodes),
      sampleErrors: [...step.sampleErrors.entries()].map(([message, count]) => ({ message, count })),
    };
    if (step.kind !== 'request' && step.timeToFirstEvent) {
      report.events = step.events;
      report.timeToFirstEvent = summarizeLatency(step.timeToFirstEvent);
    }
    if (step.kind === 'ws') report.sent = step.sent;
    return report;
  });
}

function peak(rows: TimeseriesRow[], key: 'cpu' | 'eventLoopDelay' | 'heapUsed'): number | null {
  let best: number | null = null;
  for (const row of rows) {
    const value = row[key];
    if (value !== null && (best === null || value > best)) best = value;
  }
  return best;
}

/** The machine's and the engine's facts; the peaks come from the time series. */
export function systemFacts(rows: TimeseriesRow[], engine: ReportInputs['engine'] | undefined): SystemFacts {
  const cpuList = cpus();
  return {
    hostname: hostname(),
    platform: process.platform,
    arch: process.arch,
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model ?? 'unknown',
    totalMemoryMB: Math.round(totalmem() / (1024 * 1024)),
    node: process.version,
    stampede: STAMPEDE_VERSION,
    peakCpu: peak(rows, 'cpu'),
    peakEventLoopDelay: peak(rows, 'eventLoopDelay'),
    peakHeapUsed: peak(rows, 'heapUsed'),
    ...(engine?.cpuSeconds !== undefined ? { engineCpuSeconds: engine.cpuSeconds } : {}),
    ...(engine ? { peakRssMB: engine.peakRssMB } : {}),
  };
}

export function exitCodeFor(outcome: Report['outcome'], criteriaPassed: boolean): Report['exitCode'] {
  if (outcome === 'stopped' || outcome === 'error') return 3;
  // Aborted by a criterion: it failed (1). Aborted by an alert with every criterion holding:
  // the run was interrupted before it could complete (3).
  if (outcome === 'aborted') return criteriaPassed ? 3 : 1;
  return criteriaPassed ? 0 : 1;
}

export function buildReport(inputs: ReportInputs): Report {
  const { store } = inputs;
  const loadSeconds =
    inputs.loadStartedAt !== undefined && inputs.loadEndedAt !== undefined
      ? Math.max(0.001, (inputs.loadEndedAt - inputs.loadStartedAt) / 1000)
      : 0;
  // An aborted run's criteria that saw no data yet were cut short, not failed by the target:
  // only criteria that measured something decide between "failed" (1) and "interrupted" (3).
  const deciding = inputs.outcome === 'aborted' ? inputs.criteria.filter((criterion) => criterion.reason !== 'no data') : inputs.criteria;
  const criteriaPassed = deciding.every((criterion) => criterion.passed);
  const exitCode = exitCodeFor(inputs.outcome, criteriaPassed);
  const withoutAdvice: Omit<Report, 'recommendations'> = {
    scenario: inputs.scenario,
    file: inputs.file,
    startedAt: new Date(inputs.startedAt).toISOString(),
    endedAt: new Date(inputs.endedAt).toISOString(),
    durationMs: inputs.endedAt - inputs.startedAt,
    passed: exitCode === 0,
    exitCode,
    outcome: inputs.outcome,
    ...(inputs.reason ? { reason: inputs.reason } : {}),
    ...(inputs.target ? { target: inputs.target } : {}),
    totals: {
      requests: store.requests,
      errors: store.errors,
      dropped: store.dropped,
      rps: loadSeconds > 0 ? Math.round((store.requests / loadSeconds) * 100) / 100 : 0,
      errorRate: store.requests > 0 ? Math.round((store.errors / store.requests) * 1e6) / 1e6 : 0,
      iterations: store.iterations,
    },
    latency: summarizeLatency(store.latency),
    errors: { ...store.errorKinds },
    statusCodes: statusRecord(store.statusCodes),
    steps: stepReports(store),
    flows: [...store.flows.values()].map((flow) => ({
      name: flow.name,
      weight: flow.weight,
      iterations: flow.iterations,
      failures: flow.failures,
      latency: summarizeLatency(flow.latency),
      iterationDuration: summarizeLatency(flow.iterationDuration),
      requests: flow.requests,
      errors: flow.errors,
      checks: { passed: flow.checksPassed, failed: flow.checksFailed },
    })),
    groups: [...store.groups.entries()].map(([name, histogram]) => ({ name, count: histogram.totalCount, duration: summarizeLatency(histogram) })),
    metrics: [...store.custom.entries()].map(([name, histogram]) => ({ name, count: histogram.totalCount, values: summarizeLatency(histogram) })),
    checks: { passed: store.checksPassed, failed: store.checksFailed },
    ...(inputs.workers !== undefined ? { workers: inputs.workers } : {}),
    ...(inputs.lateStart ? { lateStart: inputs.lateStart } : {}),
    phases: inputs.phases,
    criteria: inputs.criteria,
    alerts: inputs.alerts,
    timeseries: inputs.timeseries,
    generator: generatorReport({ lag: lagFigures(store), eventLoopDelay: inputs.eventLoopDelay, rows: inputs.timeseries, threads: inputs.workers }),
    system: systemFacts(inputs.timeseries, inputs.engine),
    setup: inputs.setup,
    teardown: inputs.teardown,
  };
  return { ...withoutAdvice, recommendations: computeRecommendations(withoutAdvice) };
}

/** The lag figures of the load's requests, for the generator verdict; undefined without any. */
function lagFigures(store: MetricsStore): LagFigures | undefined {
  if (store.lag.totalCount === 0) return undefined;
  return { p50: percentileMs(store.lag, 50), p99: percentileMs(store.lag, 99), max: percentileMs(store.lag, 100) };
}
