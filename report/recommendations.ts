// Advice computed from a finished run. Each rule is a small pure function that returns concrete
// sentences carrying the run's own numbers, or nothing; a clean run yields an empty list (no
// "all good" filler: the reader should only ever see findings).
//
// When the generator itself limited the run (`generator.saturated`), that comes first, and no
// other rule may send the reader after the target or `maxUsers` for what the generator's own
// lateness explains: each rule is told, and words its finding accordingly.
import { expressionMetric, formatCount, formatMs, formatPercent, formatRate } from './format';
import { generatorOf } from './generator-view';
import { parseThreshold, thresholdGap, type ThresholdUnit } from './threshold';
import type { CriterionReport, ErrorCounts, PhaseReport, Report } from './types';

/** A finished run; `generator` may be missing in a report written before it existed. */
type Run = Omit<Report, 'recommendations' | 'generator'> & { generator?: Report['generator'] };

interface Context {
  /** The generator, not the target, limited the run. */
  saturated: boolean;
}

type Rule = (run: Run, context: Context) => string[];

/**
 * Fallback for reports without a `generator` section only: machine CPU and event-loop peaks
 * beyond which the generator's own queueing inflated the latencies it measured.
 */
export const SATURATION_CPU_PCT = 85;
export const SATURATION_EVENT_LOOP_MS = 100;
/** p99 this many times p95 is a tail worth a look, not ordinary spread. */
export const TAIL_RATIO = 3;
/** Share of all errors in one step for it to be named as the place to look. */
export const CONCENTRATION_SHARE = 0.8;
/** A steady window shorter than this gives percentiles that move from run to run. */
export const MIN_STEADY_MS = 30_000;
/** The error rate a starter criterion allows, and above which a run is no baseline. */
export const STARTER_ERROR_RATE = 0.01;

// Below these counts a ratio says more about chance than about the target.
const MIN_ERRORS_FOR_CONCENTRATION = 5;
const MIN_REQUESTS_FOR_TAIL = 100;

const RULES: readonly Rule[] = [
  failedCriteria,
  unmeasuredCriteria,
  lateStart,
  droppedIterations,
  connectErrors,
  timeouts,
  errorsConcentrated,
  tailLatency,
  shortSteadyPhase,
  noCriteria,
];

export function computeRecommendations(report: Run | Report): string[] {
  const saturation = generatorSaturated(report);
  const context: Context = { saturated: saturation.length > 0 };
  // The generator's own verdict comes first: it changes how every other figure reads.
  return [...saturation, ...RULES.flatMap((rule) => rule(report, context))];
}

/** Said after a finding whose figures the saturated generator inflated. */
const MEASURED_WHILE_SATURATED = 'measured while the load generator was saturated, so part of it is the generator\'s own lateness — measure again once it is not';

function failedCriteria(run: Run, context: Context): string[] {
  return run.criteria
    .filter((c) => !c.passed)
    .map((c) => {
      const text = describeFailedCriterion(c);
      if (!context.saturated || c.actual === null) return text;
      // Latency and throughput are what a late generator distorts; error counts are not.
      const metric = expressionMetric(c.expr);
      if (metric === 'rps') return `${text} The load generator was saturated: it could not send faster, so this rate is its limit, not the target's.`;
      if (metric === 'latency' || metric === 'timeToFirstEvent') return `${text} ${capitalize(MEASURED_WHILE_SATURATED)}.`;
      return text;
    });
}

/**
 * Criteria that passed although nothing was measured for them: reports from before a criterion
 * without data failed (they are `reason: "no data"` failures now, said by describeFailedCriterion).
 */
function unmeasuredCriteria(run: Run): string[] {
  return run.criteria
    .filter((c) => c.passed && c.actual === null)
    .map((c) => `Criterion \`${c.expr}\` was not evaluated: ${NOTHING_HAPPENED}`);
}

const NOTHING_HAPPENED = 'nothing it measures happened in this run (a rarely picked flow, or a run too short for it). Run longer, or give its flow more weight.';

function describeFailedCriterion(c: CriterionReport): string {
  const stopped = c.aborted ? ' It stopped the run early.' : '';
  if (c.actual === null) {
    // "no data: none of N answered": requests were tried and every one failed before a response.
    const tried = /^no data: none of (\d+) answered$/.exec(c.actualText);
    if (tried) return `Criterion \`${c.expr}\` failed: none of the ${tried[1]} requests it covers got an answer, so there is no latency to compare — see the errors above.${stopped}`;
    // The names were checked before the run: what it refers to simply did not happen.
    return `Criterion \`${c.expr}\` was not evaluated, so the run did not pass: ${NOTHING_HAPPENED}${stopped}`;
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
 * The generator's verdict from the report's `generator` section. A report without one (written
 * before it existed) falls back to machine CPU and event-loop peaks, sustained: the first
 * interval holds the engine's own start-up, and one busy interval is noise.
 */
function generatorSaturated(run: Run): string[] {
  const generator = generatorOf(run);
  if (generator) {
    if (!generator.saturated) return [];
    return [saturatedAdvice(generator.reason ?? 'its lag, event-loop delay or CPU passed their limits for a sustained share of the load.')];
  }
  return legacySaturation(run);
}

function saturatedAdvice(reason: string): string {
  return (
    `The load generator was saturated, so these results describe it more than the target. ${reason.trim()} ` +
    'Its own lateness is counted as latency and it sent less than was asked: the target can likely do more than this run shows. ' +
    'Run fewer virtual users per engine process, spread the load over more workers or machines, ' +
    'and run the target elsewhere than on this machine (they compete for the same CPU).'
  );
}

function legacySaturation(run: Run): string[] {
  const rows = run.timeseries.slice(1);
  const cpu = peak(rows.map((r) => r.cpu)) ?? run.system.peakCpu;
  const loop = peak(rows.map((r) => r.eventLoopDelay)) ?? run.system.peakEventLoopDelay;
  const hot =
    rows.length === 0
      ? undefined
      : rows.filter((r) => (r.cpu !== null && r.cpu > SATURATION_CPU_PCT) || (r.eventLoopDelay !== null && r.eventLoopDelay > SATURATION_EVENT_LOOP_MS)).length;
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
  return [saturatedAdvice(`This report has no generator section; its machine figures passed the limits (${facts.join(', ')}; limits ${SATURATION_CPU_PCT}% and ${SATURATION_EVENT_LOOP_MS}ms).`)];
}

function droppedIterations(run: Run, context: Context): string[] {
  // Arrivals a late segment missed are the start time's doing, not the cap's (lateStart below).
  const dropped = run.totals.dropped - (run.lateStart?.missed ?? 0);
  if (dropped <= 0) return [];
  const due = run.totals.dropped + run.totals.iterations;
  const share = due > 0 ? ` (${formatPercent(dropped / due)} of those due)` : '';
  const open = run.phases.filter((p) => p.model === 'open');
  const caps = open.map((p) => p.maxUsers).filter((m): m is number => m !== undefined);
  const cap = caps.length ? `maxUsers (${formatCount(Math.max(...caps))})` : 'the concurrency cap';
  const were = dropped === 1 ? 'was' : 'were';
  if (context.saturated) {
    // Iterations the late generator could not finish in time held their users: the cap filled
    // because the generator fell behind, not because it is too low for the target.
    return [
      `${plural(dropped, 'iteration')}${share} ${were} dropped: the load generator fell behind (see the first recommendation), ` +
        `so iterations it could not run in time held their users until ${cap} was reached. ` +
        'Relieve the generator first; the cap is not what limited this run.',
    ];
  }
  const head = `${plural(dropped, 'iteration')}${share} ${were} dropped because ${cap} was reached.`;
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

function timeouts(run: Run, context: Context): string[] {
  const n = run.errors.timeout;
  if (n <= 0) return [];
  if (context.saturated) {
    return [
      `${plural(n, 'request')}${shareOfRequests(run, n)} timed out${inSteps(run, 'timeout')} while the load generator was saturated: ` +
        'a stalled engine reads answers late, so some of these may be its own. Measure again once it is not; timeouts that remain then ' +
        'mean the target stalls under this load, or that the step `timeout` (default 10s) should be raised.',
    ];
  }
  return [
    `${plural(n, 'request')}${shareOfRequests(run, n)} timed out${inSteps(run, 'timeout')}: ` +
      'either the target is stalling under this load, or slow answers are expected and the step `timeout` ' +
      '(default 10s) should be raised.',
  ];
}

function errorsConcentrated(run: Run, context: Context): string[] {
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
      `"${top.name}": mostly ${ERROR_KIND_LABEL[kind]} (${formatCount(kindCount)})${statusText}${sample}. ` +
      // Timeouts from a late generator say nothing about the endpoint yet.
      (context.saturated && kind === 'timeout' ? 'The load generator was saturated, so some of those timeouts may be its own: measure again once it is not.' : 'Start with that endpoint.'),
  ];
}

function tailLatency(run: Run, context: Context): string[] {
  const { p95, p99 } = run.latency;
  if (run.totals.requests < MIN_REQUESTS_FOR_TAIL || p95 <= 0 || p99 <= TAIL_RATIO * p95) return [];
  if (context.saturated) {
    return [
      `p99 latency (${formatMs(p99)}) is ${trimNumber(p99 / p95)}× p95 (${formatMs(p95)}), ${MEASURED_WHILE_SATURATED}: ` +
        "the generator's stalls land in the slowest requests first. Only a tail that remains then points at the target.",
    ];
  }
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

/**
 * Starter criteria are read from the run only where the run was healthy: a threshold taken from a
 * failing run would bless the failure (issue 12: 15% errors gave `errorRate < 20%`). None is ever
 * looser than the sane default, and with errors above it the run's latency and throughput (of
 * fast failures, often) are no baseline either.
 */
function noCriteria(run: Run, context: Context): string[] {
  if (run.criteria.length > 0 || run.totals.requests === 0) return [];
  const errorRate = run.totals.errorRate;
  const saturated = context.saturated ? ' The load generator was saturated, so these figures are partly its own: take the starters from a run where it is not.' : '';
  if (errorRate >= STARTER_ERROR_RATE) {
    // The default, not the measured rate rounded down: at or above the default, that is never stricter.
    return [
      `No criteria are set, so this run cannot fail — yet ${formatPercent(errorRate)} of its requests failed. ` +
        `Start with \`errorRate < ${trimNumber(STARTER_ERROR_RATE * 100)}%\`, fix what fails, and take latency and throughput criteria from a run without errors.${saturated}`,
    ];
  }
  const starters = [
    `p95(latency) < ${thresholdMs(niceCeil(run.latency.p95 * 1.1))}`,
    `errorRate < ${trimNumber(STARTER_ERROR_RATE * 100)}%`,
  ];
  if (run.totals.rps >= 1) starters.push(`rps >= ${trimNumber(niceFloor(run.totals.rps * 0.9))}`);
  return [
    `No criteria are set, so this run cannot fail. Starter criteria from this run (p95 ${formatMs(run.latency.p95)}, ` +
      `error rate ${formatPercent(errorRate)}, ${formatRate(run.totals.rps)} req/s): ` +
      `${starters.map((s) => `\`${s}\``).join(', ')}.${saturated}`,
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

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function roundTo(x: number): number {
  return Number(x.toPrecision(6));
}

function trimNumber(x: number): string {
  return String(Number(x.toFixed(x >= 10 ? 0 : x >= 1 ? 1 : 2)));
}

/** A load (a segment, or the latest of a merged run's) that joined after `--start-at`: its missed arrivals, and how to be in time. */
function lateStart(run: Run): string[] {
  const late = run.lateStart;
  if (!late || late.missed <= 0) return [];
  return [
    `Late start: the load joined ${formatMs(late.byMs)} after --start-at, and the ${plural(late.missed, 'arrival')} due before then ` +
      `${late.missed === 1 ? 'was' : 'were'} dropped rather than sent late, so the run's schedule held. ` +
      'Start the late process earlier, or give every segment more time before the load (a later --start-at; `stampede k8s --lead`).',
  ];
}
