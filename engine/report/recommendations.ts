// Advice computed from a finished run. Each rule is a small pure function that returns concrete
// sentences carrying the run's own numbers, or nothing; a clean run yields an empty list (no
// "all good" filler: the reader should only ever see findings).
import { formatCount, formatMs, formatPercent, formatRate } from './format';
import { parseThreshold, thresholdGap, type ThresholdUnit } from './threshold';
import type { CriterionReport, ErrorCounts, PhaseReport, Report } from './types';

type Run = Omit<Report, 'recommendations'>;
type Rule = (run: Run) => string[];

/** Generator limits beyond which its own queueing inflates the latencies it measures. */
export const SATURATION_CPU_PCT = 85;
export const SATURATION_EVENT_LOOP_MS = 100;
/** p99 this many times p95 is a tail worth a look, not ordinary spread. */
export const TAIL_RATIO = 3;
/** Share of all errors in one step for it to be named as the place to look. */
export const CONCENTRATION_SHARE = 0.8;
/** A steady window shorter than this gives percentiles that move from run to run. */
export const MIN_STEADY_MS = 30_000;

// Below these counts a ratio says more about chance than about the target.
const MIN_ERRORS_FOR_CONCENTRATION = 5;
const MIN_REQUESTS_FOR_TAIL = 100;

const RULES: readonly Rule[] = [
  failedCriteria,
  unmeasuredCriteria,
  generatorSaturated,
  droppedIterations,
  connectErrors,
  timeouts,
  errorsConcentrated,
  tailLatency,
  shortSteadyPhase,
  noCriteria,
];

export function computeRecommendations(report: Run | Report): string[] {
  return RULES.flatMap((rule) => rule(report));
}

function failedCriteria(run: Run): string[] {
  return run.criteria.filter((c) => !c.passed).map(describeFailedCriterion);
}

/** Criteria that passed only because nothing was measured for them. */
function unmeasuredCriteria(run: Run): string[] {
  return run.criteria
    .filter((c) => c.passed && c.actual === null)
    .map((c) => `Criterion \`${c.expr}\` was not evaluated: nothing it measures happened in this run (a rarely picked flow, or a run too short for it). Run longer, or give its flow more weight.`);
}

function describeFailedCriterion(c: CriterionReport): string {
  const stopped = c.aborted ? ' It stopped the run early.' : '';
  if (c.actual === null) {
    // "no data: none of N answered": requests were tried and every one failed before a response.
    const tried = /^no data: none of (\d+) answered$/.exec(c.actualText);
    if (tried) return `Criterion \`${c.expr}\` failed: none of the ${tried[1]} requests it covers got an answer, so there is no latency to compare — see the errors above.${stopped}`;
    return `Criterion \`${c.expr}\` failed because nothing was measured: no request matched it — check the step or flow name it refers to.${stopped}`;
  }
  const threshold = parseThreshold(c.expr);
  if (!threshold) return `Criterion \`${c.expr}\` failed: measured ${c.actualText}.${stopped}`;
  const gap = thresholdGap(c.actual, threshold);
  const diff = gap.diff;
  const side = diff > 0 ? 'above' : 'below';
  const relative = gap.relative !== null ? ` (${formatPercent(gap.relative)})` : '';
  const by =
    threshold.unit === 'fraction'
      ? `${trimNumber(Math.abs(diff) * 100)} percentage points`
      : `${formatIn(threshold.unit, Math.abs(diff))}${relative}`;
  return `Criterion \`${c.expr}\` failed: measured ${c.actualText}, ${by} ${side} the limit of ${threshold.text}.${stopped}`;
}

/**
 * Saturation must be sustained: the first interval holds the engine's own start-up, and a single
 * busy interval is noise. With a time series, at least two intervals after the first (and a tenth
 * of them) must be over a limit; without one (a report from elsewhere), the peaks decide.
 */
function hotIntervals(run: Run): number | undefined {
  const rows = run.timeseries.slice(1);
  if (rows.length === 0) return undefined;
  return rows.filter(
    (r) => (r.cpu !== null && r.cpu > SATURATION_CPU_PCT) || (r.eventLoopDelay !== null && r.eventLoopDelay > SATURATION_EVENT_LOOP_MS),
  ).length;
}

function generatorSaturated(run: Run): string[] {
  const rows = run.timeseries.slice(1);
  const cpu = peak(rows.map((r) => r.cpu)) ?? run.system.peakCpu;
  const loop = peak(rows.map((r) => r.eventLoopDelay)) ?? run.system.peakEventLoopDelay;
  const hot = hotIntervals(run);
  if (hot === undefined) {
    const cpuHot = cpu !== null && cpu > SATURATION_CPU_PCT;
    const loopHot = loop !== null && loop > SATURATION_EVENT_LOOP_MS;
    if (!cpuHot && !loopHot) return [];
  } else if (hot < Math.max(2, Math.ceil(rows.length / 10))) {
    return [];
  }
  const facts = [
    cpu !== null ? `peak CPU ${Math.round(cpu)}%` : null,
    loop !== null ? `event-loop delay p99 up to ${formatMs(loop)}` : null,
    hot !== undefined ? `${hot} of ${rows.length} intervals over a limit` : null,
  ].filter((x): x is string => x !== null);
  return [
    `The load generator was saturated (${facts.join(', ')}; limits ${SATURATION_CPU_PCT}% and ${SATURATION_EVENT_LOOP_MS}ms): ` +
      'its own queueing is counted as latency, so these results understate what the target can do. ' +
      'Run fewer virtual users per process, or spread the load over more workers or machines' +
      ' (and if the target runs on this machine, it competes for the same CPU).',
  ];
}

function droppedIterations(run: Run): string[] {
  const dropped = run.totals.dropped;
  if (dropped <= 0) return [];
  const due = dropped + run.totals.iterations;
  const share = due > 0 ? ` (${formatPercent(dropped / due)} of those due)` : '';
  const open = run.phases.filter((p) => p.model === 'open');
  const caps = open.map((p) => p.maxUsers).filter((m): m is number => m !== undefined);
  const cap = caps.length ? `maxUsers (${formatCount(Math.max(...caps))})` : 'the concurrency cap';
  const head = `${plural(dropped, 'iteration')}${share} ${dropped === 1 ? 'was' : 'were'} dropped because ${cap} was reached.`;
  const peakRate = open.length ? Math.max(...open.map((p) => Math.max(p.from, p.to))) : 0;
  const meanMs = weightedFlowLatency(run, 'mean');
  const p95Ms = weightedFlowLatency(run, 'p95');
  if (peakRate <= 0 || meanMs === null || p95Ms === null) {
    return [`${head} Raise \`maxUsers\` to at least the peak rate times the duration of an iteration.`];
  }
  const littles = Math.ceil((peakRate * meanMs) / 1000);
  const forP95 = Math.max(littles, Math.ceil((peakRate * p95Ms) / 1000));
  return [
    `${head} At the peak rate of ${formatRate(peakRate)}/s and a mean iteration time of ${formatMs(meanMs)}, ` +
      `Little's law needs about ${formatCount(littles)} concurrent users on average; raise \`maxUsers\` to at least ` +
      `${formatCount(forP95)} (rate × p95 iteration time of ${formatMs(p95Ms)}). ` +
      'If iterations grow slower as the rate rises, the target is saturated and more users will not help.',
  ];
}

function connectErrors(run: Run): string[] {
  const n = run.errors.connect;
  if (n <= 0) return [];
  return [
    `${plural(n, 'request')}${shareOfRequests(run, n)} could not connect${inSteps(run, 'connect')}: ` +
      'the target was unreachable or refused connections — check that it is up, and that its connection limit ' +
      '(listen backlog, max connections, open files) is not reached at this load.',
  ];
}

function timeouts(run: Run): string[] {
  const n = run.errors.timeout;
  if (n <= 0) return [];
  return [
    `${plural(n, 'request')}${shareOfRequests(run, n)} timed out${inSteps(run, 'timeout')}: ` +
      'either the target is stalling under this load, or slow answers are expected and the step `timeout` ' +
      '(default 10s) should be raised.',
  ];
}

function errorsConcentrated(run: Run): string[] {
  const active = run.steps.filter((s) => s.requests > 0);
  const total = active.reduce((n, s) => n + s.errors, 0);
  if (active.length < 2 || total < MIN_ERRORS_FOR_CONCENTRATION) return [];
  const top = active.reduce((a, b) => (b.errors > a.errors ? b : a));
  if (top.errors / total < CONCENTRATION_SHARE) return [];
  const [kind, kindCount] = topEntry(top.errorKinds);
  const status = topErrorStatus(top.statusCodes);
  const statusText = status ? `, chiefly HTTP ${status[0]} (${formatCount(status[1])} responses)` : '';
  const sample = top.sampleErrors[0] ? `; most frequent message: "${top.sampleErrors[0].message}"` : '';
  return [
    `${formatPercent(top.errors / total)} of the errors (${formatCount(top.errors)} of ${formatCount(total)}) come from step ` +
      `"${top.name}": mostly ${ERROR_KIND_LABEL[kind]} (${formatCount(kindCount)})${statusText}${sample}. Start with that endpoint.`,
  ];
}

function tailLatency(run: Run): string[] {
  const { p95, p99 } = run.latency;
  if (run.totals.requests < MIN_REQUESTS_FOR_TAIL || p95 <= 0 || p99 <= TAIL_RATIO * p95) return [];
  const worst = run.steps
    .filter((s) => s.requests >= MIN_REQUESTS_FOR_TAIL && s.latency.p95 > 0 && s.latency.p99 > TAIL_RATIO * s.latency.p95)
    .sort((a, b) => b.latency.p99 / b.latency.p95 - a.latency.p99 / a.latency.p95)[0];
  const where = worst && run.steps.length > 1 ? ` The longest tail is in step "${worst.name}" (p99 ${formatMs(worst.latency.p99)}, p95 ${formatMs(worst.latency.p95)}).` : '';
  return [
    `p99 latency (${formatMs(p99)}) is ${trimNumber(p99 / p95)}× p95 (${formatMs(p95)}): about 1 request in 100 is far slower than the rest. ` +
      `Look for GC pauses, lock contention, cold caches or a slow dependency behind some requests.${where}`,
  ];
}

function shortSteadyPhase(run: Run): string[] {
  const steady = run.phases.filter((p) => p.from === p.to && p.to > 0);
  if (steady.length === 0) return [];
  const longest = steady.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
  const ms = longest.end - longest.start;
  if (ms >= MIN_STEADY_MS) return [];
  const requests = run.timeseries.filter((r) => r.phase === longest.name).reduce((n, r) => n + r.requests, 0);
  const sample = requests > 0 ? ` (${formatCount(requests)} requests)` : '';
  return [
    `The steady phase "${longest.name}" held ${levelText(longest)} for only ${formatMs(ms)}${sample}: percentiles from so short a window ` +
      `are unstable and p99 will move from run to run. Hold the steady level for at least ${MIN_STEADY_MS / 1000}s — a few minutes is better.`,
  ];
}

function noCriteria(run: Run): string[] {
  if (run.criteria.length > 0 || run.totals.requests === 0) return [];
  const starters = [`p95(latency) < ${thresholdMs(niceCeil(run.latency.p95 * 1.1))}`];
  const errorPct = Math.max(1, niceCeil(run.totals.errorRate * 100 * 1.1));
  starters.push(`errorRate < ${trimNumber(errorPct)}%`);
  if (run.totals.rps >= 1) starters.push(`rps >= ${trimNumber(niceFloor(run.totals.rps * 0.9))}`);
  return [
    `No criteria are set, so this run cannot fail. Starter criteria from this run (p95 ${formatMs(run.latency.p95)}, ` +
      `error rate ${formatPercent(run.totals.errorRate)}, ${formatRate(run.totals.rps)} req/s): ` +
      `${starters.map((s) => `\`${s}\``).join(', ')}.`,
  ];
}

// ---- helpers ----

const ERROR_KIND_LABEL: Record<keyof ErrorCounts, string> = {
  connect: 'connection errors',
  timeout: 'timeouts',
  status: 'unexpected status codes',
  expectation: 'failed expectations',
  capture: 'failed captures',
  template: 'template errors',
  other: 'other errors',
};

function formatIn(unit: ThresholdUnit, value: number): string {
  if (unit === 'ms') return formatMs(value);
  if (unit === 'fraction') return formatPercent(value);
  return formatRate(value);
}

function peak(values: (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return present.length ? Math.max(...present) : null;
}

/** Iteration time across flows, weighted by how many iterations each flow ran. */
function weightedFlowLatency(run: Run, key: 'mean' | 'p95'): number | null {
  const flows = run.flows.filter((f) => f.iterations > 0 && f.iterationDuration[key] > 0);
  const n = flows.reduce((sum, f) => sum + f.iterations, 0);
  if (n === 0) return null;
  return flows.reduce((sum, f) => sum + f.iterationDuration[key] * f.iterations, 0) / n;
}

function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

function shareOfRequests(run: Run, n: number): string {
  return run.totals.requests > 0 ? ` (${formatPercent(n / run.totals.requests)})` : '';
}

function inSteps(run: Run, kind: keyof ErrorCounts): string {
  const names = run.steps
    .filter((s) => s.errorKinds[kind] > 0)
    .sort((a, b) => b.errorKinds[kind] - a.errorKinds[kind])
    .map((s) => `"${s.name}"`);
  if (names.length === 0) return '';
  const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
  return ` in step${names.length > 1 ? 's' : ''} ${shown}`;
}

function topEntry(counts: ErrorCounts): [keyof ErrorCounts, number] {
  const entries = Object.entries(counts) as [keyof ErrorCounts, number][];
  return entries.reduce((a, b) => (b[1] > a[1] ? b : a));
}

/** The most frequent status code that is not a success or redirect. */
function topErrorStatus(codes: Record<string, number>): [string, number] | null {
  const errors = Object.entries(codes).filter(([code, n]) => n > 0 && !/^[23]\d\d$/.test(code));
  return errors.length ? errors.reduce((a, b) => (b[1] > a[1] ? b : a)) : null;
}

function levelText(p: PhaseReport): string {
  return p.model === 'open' ? `${formatRate(p.to)} iterations/s` : `${formatCount(p.to)} users`;
}

// Round-number thresholds: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten.
const NICE_STEPS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

export function niceCeil(x: number): number {
  if (x <= 0) return 0;
  const pow = 10 ** Math.floor(Math.log10(x));
  const step = NICE_STEPS.find((s) => s * pow >= x - 1e-9) ?? 10;
  return roundTo(step * pow);
}

export function niceFloor(x: number): number {
  if (x <= 0) return 0;
  const pow = 10 ** Math.floor(Math.log10(x));
  const step = [...NICE_STEPS].reverse().find((s) => s * pow <= x + 1e-9) ?? 1;
  return roundTo(step * pow);
}

function thresholdMs(ms: number): string {
  return ms >= 1000 ? `${trimNumber(ms / 1000)}s` : `${trimNumber(ms)}ms`;
}

function roundTo(x: number): number {
  return Number(x.toPrecision(6));
}

function trimNumber(x: number): string {
  return String(Number(x.toFixed(x >= 10 ? 0 : x >= 1 ? 1 : 2)));
}
