// Measures a criteria or alert expression against a view of the metrics: the whole run so far
// (criteria) or the last monitor interval (alerts).
import type { Comparator, MetricExpression } from '../../scenario/types';
import { percentileMs, type Histogram } from './histogram';
import type { SystemSample } from './system-monitor';

export interface MetricView {
  /** Latency histogram overall, of one step, or of one flow; undefined when unknown. */
  latency(step: string | undefined, flow: string | undefined): Histogram | undefined;
  /** Time to first event of sse steps: of one step, or of all of them. */
  timeToFirstEvent?(step: string | undefined): Histogram | undefined;
  requests: number;
  errors: number;
  dropped: number;
  /**
   * Requests tried where a latency criterion looks (one step, one flow's iterations, or all):
   * with no latency measured, it tells "nothing ran" from "everything failed".
   */
  attempted?(step: string | undefined, flow: string | undefined): number;
  /** `check:` tests of the whole view. */
  checks?: { passed: number; failed: number };
  /**
   * The counters of one step or one flow (`requests(step=…)`, `checks(flow=…)`); undefined when
   * the view does not keep them (alerts) or the step never ran.
   */
  scoped?(step: string | undefined, flow: string | undefined): ScopedCounts | undefined;
  /** A `group:` block's durations, or a custom metric's recorded values. */
  group?(name: string): Histogram | undefined;
  custom?(name: string): Histogram | undefined;
  /** Seconds the view covers, for `rps`. */
  seconds: number;
  system?: SystemSample;
}

export interface ScopedCounts {
  requests: number;
  errors: number;
  checks: { passed: number; failed: number };
}

const PERCENTILES: Record<string, number> = {
  p50: 50, p75: 75, p90: 90, p95: 95, p99: 99, p999: 99.9,
};

/** The measured value in the metric's base unit, or null when there is nothing to measure. */
export function measure(expr: MetricExpression, view: MetricView): number | null {
  if (expr.custom) return aggregateValue(view.custom?.(expr.metric), expr);
  // A counted metric narrowed to a step or flow reads that one's counters; none yet: no data.
  const narrowed = expr.step !== undefined || expr.flow !== undefined;
  const counts: ScopedCounts | undefined = narrowed
    ? view.scoped?.(expr.step, expr.flow)
    : { requests: view.requests, errors: view.errors, checks: view.checks ?? { passed: 0, failed: 0 } };
  switch (expr.metric) {
    case 'latency':
      return aggregateMs(view.latency(expr.step, expr.flow), expr);
    case 'timeToFirstEvent':
      return aggregateMs(view.timeToFirstEvent?.(expr.step), expr);
    case 'duration':
      return expr.group === undefined ? null : aggregateMs(view.group?.(expr.group), expr);
    case 'errorRate':
      return counts && counts.requests > 0 ? counts.errors / counts.requests : null;
    case 'rps':
      return counts && view.seconds > 0 ? counts.requests / view.seconds : null;
    case 'requests':
      return counts ? counts.requests : null;
    case 'errors':
      return counts ? counts.errors : null;
    case 'checks': {
      const tested = counts ? counts.checks.passed + counts.checks.failed : 0;
      return counts && tested > 0 ? counts.checks.passed / tested : null;
    }
    case 'dropped':
      return view.dropped;
    case 'cpu':
      return view.system?.cpu ?? null;
    case 'memory':
      return view.system?.memory ?? null;
    case 'eventLoopDelay':
      return view.system?.eventLoopDelay ?? null;
    case 'heapUsed':
      return view.system?.heapUsed ?? null;
    case 'process.cpu':
      return view.system?.processCpu ?? null;
    case 'process.memory':
      return view.system?.processMemory ?? null;
    default:
      return null;
  }
}

function aggregateMs(histogram: Histogram | undefined, expr: MetricExpression): number | null {
  if (!histogram || histogram.totalCount === 0) return null;
  const aggregate = expr.aggregate ?? 'p95';
  if (aggregate === 'count') return histogram.totalCount;
  if (aggregate === 'min') return histogram.minNonZeroValue / 1000;
  if (aggregate === 'max') return histogram.getValueAtPercentile(100) / 1000;
  if (aggregate === 'mean') return histogram.mean / 1000;
  return percentileMs(histogram, PERCENTILES[aggregate]);
}

/** A custom metric's values are kept like milliseconds (thousandths), so they aggregate alike. */
function aggregateValue(histogram: Histogram | undefined, expr: MetricExpression): number | null {
  if (expr.aggregate === 'count') return histogram?.totalCount ?? 0;
  return aggregateMs(histogram, expr);
}

export function compare(actual: number, op: Comparator, threshold: number): boolean {
  switch (op) {
    case '<':
      return actual < threshold;
    case '<=':
      return actual <= threshold;
    case '>':
      return actual > threshold;
    case '>=':
      return actual >= threshold;
  }
}
