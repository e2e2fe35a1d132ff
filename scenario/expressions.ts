// Criteria and alert expressions: `AGG(METRIC[, step=NAME | flow=NAME | group=NAME]) OP VALUE`,
// `METRIC(step=NAME | flow=NAME) OP VALUE` or `METRIC OP VALUE`; METRIC may also be a custom
// metric of `record:` steps (`p95(cart_total) < 100`, `count(signups) >= 10`). Parsed into a
// MetricExpression whose value is in the metric's base unit, so the engine compares numbers and
// never re-reads text.
import type { Aggregate, Comparator, MetricExpression } from './types';
import { didYouMean, listWords } from './suggest';
import { parseDuration, parsePercent, parseSize } from './units';

export type ExpressionContext = 'criteria' | 'alert';

export type ExpressionResult =
  | { ok: true; value: MetricExpression }
  /** `offset`/`length` locate the problem within the expression text. */
  | { ok: false; message: string; offset: number; length: number };

/** How a metric's threshold is written and converted. */
type ValueKind = 'duration' | 'percentage' | 'count' | 'percent' | 'milliseconds' | 'megabytes';

interface MetricSpec {
  value: ValueKind;
  /** Only `alerts` see it (machine and process gauges exist per monitor interval only). */
  alertOnly: boolean;
  /** Takes an aggregate: the distributions (latency, time to first event, group duration). */
  aggregated: boolean;
  /** What `step=`, `flow=` or `group=` may narrow it to (none: the run as a whole only). */
  filters?: readonly Filter[];
  description: string;
}

export type Filter = 'step' | 'flow' | 'group';
const STEP_OR_FLOW: readonly Filter[] = ['step', 'flow'];

/** Options of a parse: the custom metrics the scenario's `record:` steps define. */
export interface ExpressionOptions {
  customMetrics?: ReadonlySet<string>;
}

/** A custom metric: any number a `record:` step adds, aggregated like latency, plus `count`. */
const CUSTOM: MetricSpec = { value: 'count', alertOnly: false, aggregated: true, description: 'a custom metric of `record:` steps' };

export const METRICS: Readonly<Record<string, MetricSpec>> = {
  latency: { value: 'duration', alertOnly: false, aggregated: true, filters: STEP_OR_FLOW, description: 'request latency, from when the request was due to its last byte' },
  timeToFirstEvent: { value: 'duration', alertOnly: false, aggregated: true, filters: ['step'], description: 'sse and ws steps: time from when the subscription was due to its first event or message' },
  duration: { value: 'duration', alertOnly: false, aggregated: true, filters: ['group'], description: 'time a `group:` block took, from when its first step was due to the end of its last: `p95(duration, group=checkout)`' },
  errorRate: { value: 'percentage', alertOnly: false, aggregated: false, filters: STEP_OR_FLOW, description: 'failed requests / requests, as a percentage' },
  rps: { value: 'count', alertOnly: false, aggregated: false, filters: STEP_OR_FLOW, description: 'mean requests per second' },
  requests: { value: 'count', alertOnly: false, aggregated: false, filters: STEP_OR_FLOW, description: 'requests completed' },
  errors: { value: 'count', alertOnly: false, aggregated: false, filters: STEP_OR_FLOW, description: 'requests that failed' },
  checks: { value: 'percentage', alertOnly: false, aggregated: false, filters: STEP_OR_FLOW, description: '`check:` tests passed / tests, as a percentage' },
  dropped: { value: 'count', alertOnly: false, aggregated: false, description: 'open-model iterations that could not start (maxUsers reached)' },
  cpu: { value: 'percent', alertOnly: true, aggregated: false, description: 'CPU use of this machine, %' },
  memory: { value: 'percent', alertOnly: true, aggregated: false, description: 'memory use of this machine, %' },
  eventLoopDelay: { value: 'milliseconds', alertOnly: true, aggregated: false, description: "p99 event-loop delay of the engine beyond its sampling interval, ms (about 0 when idle)" },
  heapUsed: { value: 'megabytes', alertOnly: true, aggregated: false, description: "the engine's used JavaScript heap, MB" },
  'process.cpu': { value: 'percent', alertOnly: true, aggregated: false, description: 'CPU use of the monitored process, %' },
  'process.memory': { value: 'megabytes', alertOnly: true, aggregated: false, description: 'resident memory of the monitored process, MB' },
};

export const AGGREGATES: readonly Aggregate[] = ['p50', 'p75', 'p90', 'p95', 'p99', 'p999', 'min', 'max', 'mean', 'count'];
/** The aggregates of the built-in distributions (`count` is for custom metrics). */
const DISTRIBUTION_AGGREGATES = AGGREGATES.filter((a) => a !== 'count');
export const COMPARATORS: readonly Comparator[] = ['<', '<=', '>', '>='];

/** A built-in metric's spec; a name such as `constructor` is none (an own key only). */
export function metricSpec(name: string): MetricSpec | undefined {
  return Object.hasOwn(METRICS, name) ? METRICS[name] : undefined;
}

/** Metric names usable in `context`, for completions. */
export function metricNames(context: ExpressionContext): string[] {
  return Object.keys(METRICS).filter((name) => context === 'alert' || !METRICS[name].alertOnly);
}

const IDENT_RE = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const NUMBER_RE = /^\d+(?:\.\d+)?$/;

export function parseMetricExpression(text: string, context: ExpressionContext, options: ExpressionOptions = {}): ExpressionResult {
  const fail = (message: string, offset: number, length = 1): ExpressionResult => ({
    ok: false,
    message,
    offset: Math.max(0, Math.min(offset, text.length)),
    length: Math.max(1, length),
  });
  let pos = skipSpaces(text, 0);
  if (pos >= text.length) return fail('empty expression: write e.g. `p95(latency) < 250ms` or `errorRate < 1%`', 0, text.length);

  const first = readIdent(text, pos);
  if (!first) return fail(`expected a metric such as \`errorRate\` or an aggregate such as \`p95(latency)\`, found \`${text[pos]}\``, pos);
  let aggregate: Aggregate | undefined;
  let metric = first;
  let metricOffset = pos;
  pos = skipSpaces(text, pos + first.length);

  let filterKind: Filter | undefined;
  let filterName: string | undefined;
  /** `step=NAME` / `flow=NAME` / `group=NAME` between `from` and the closing parenthesis. */
  const readFilter = (from: number, close: number): ExpressionResult | undefined => {
    const filter = /^(step|flow|group)\s*=\s*/.exec(text.slice(from, close));
    if (!filter) return fail('inside the parentheses, write `step=NAME`, `flow=NAME` or `group=NAME`', from, close - from);
    const name = text.slice(from + filter[0].length, close).trim();
    if (!name) return fail(`\`${filter[1]}=\` needs a name`, from, close - from);
    filterKind = filter[1] as Filter;
    filterName = name;
    return undefined;
  };

  if (text[pos] === '(') {
    // NAME may hold spaces and even parentheses, so the call ends at the last `)`.
    const close = text.lastIndexOf(')');
    if (close < pos) return fail('`(` is not closed: add `)`', pos);
    const called = metricSpec(first);
    if (called && !called.aggregated && called.filters) {
      // `requests(step=login)`: a counted metric narrowed to a step or flow.
      const problem = readFilter(skipSpaces(text, pos + 1), close);
      if (problem) return problem;
    } else {
      if (!(AGGREGATES as readonly string[]).includes(first)) {
        const callable = [...AGGREGATES, ...Object.keys(METRICS).filter((m) => METRICS[m].filters && !METRICS[m].aggregated)];
        return fail(`unknown aggregate \`${first}\`; expected one of ${listWords(AGGREGATES)}${didYouMean(first, callable)}`, metricOffset, first.length);
      }
      aggregate = first as Aggregate;
      pos = skipSpaces(text, pos + 1);
      metricOffset = pos;
      const inner = readIdent(text, pos);
      if (!inner || pos >= close) return fail(`expected a metric inside \`${first}(…)\`, e.g. \`${first}(latency)\``, pos);
      metric = inner;
      pos = skipSpaces(text, pos + inner.length);
      if (text[pos] === ',') {
        const problem = readFilter(skipSpaces(text, pos + 1), close);
        if (problem) return problem;
      } else if (pos !== close) {
        return fail(`unexpected \`${text.slice(pos, close).trim()}\`: write \`${first}(${metric})\` or \`${first}(${metric}, step=NAME)\``, pos, close - pos);
      }
    }
    pos = skipSpaces(text, close + 1);
  }

  const custom = !metricSpec(metric) && options.customMetrics?.has(metric) === true;
  const spec = custom ? CUSTOM : metricSpec(metric);
  if (!spec) {
    const known = [...metricNames(context), ...(options.customMetrics ?? [])];
    return fail(`unknown metric \`${metric}\`; expected one of ${listWords(known)}${didYouMean(metric, known)}`, metricOffset, metric.length);
  }
  if (spec.alertOnly && context === 'criteria') {
    return fail(`\`${metric}\` is measured per monitor interval and can only be used in \`alerts\``, metricOffset, metric.length);
  }
  if (spec.aggregated && !aggregate) {
    return fail(`\`${metric}\` needs an aggregate, e.g. \`p95(${metric})\`; one of ${listWords(custom ? AGGREGATES : DISTRIBUTION_AGGREGATES)}`, metricOffset, metric.length);
  }
  if (!spec.aggregated && aggregate) {
    return fail(`\`${metric}\` takes no aggregate: write \`${metric} OP VALUE\`, e.g. \`${example(metric)}\``, 0, pos);
  }
  if (aggregate === 'count' && !custom) {
    return fail(`\`count\` is for custom metrics of \`record:\` steps; for \`${metric}\` write e.g. \`requests(step=NAME) >= 100\``, 0, first.length);
  }
  if (filterKind && !(spec.filters ?? []).includes(filterKind)) {
    const allowed = spec.filters?.length ? `; it takes ${listWords((spec.filters ?? []).map((f) => `${f}=NAME`))}` : '';
    return fail(`\`${metric}\` cannot be narrowed with \`${filterKind}=\`${allowed}`, metricOffset, metric.length);
  }
  if (metric === 'duration' && filterKind !== 'group') {
    return fail('`duration` is the time of a `group:` block: write e.g. `p95(duration, group=checkout) < 2s`', metricOffset, metric.length);
  }
  if (context === 'alert' && filterKind && !aggregate) {
    return fail(`alerts read the last interval of the whole run: write \`${metric} OP VALUE\` without \`${filterKind}=\``, metricOffset, metric.length);
  }

  const opMatch = /^(<=|>=|<|>|==|=|!=)/.exec(text.slice(pos));
  if (!opMatch) {
    return fail(`expected a comparison (${listWords(COMPARATORS)}) after \`${text.slice(0, pos).trim()}\``, pos, Math.max(1, text.length - pos));
  }
  if (!(COMPARATORS as readonly string[]).includes(opMatch[1])) {
    return fail(`\`${opMatch[1]}\` is not a comparison here; use one of ${listWords(COMPARATORS)}`, pos, opMatch[1].length);
  }
  const op = opMatch[1] as Comparator;
  const valueOffset = skipSpaces(text, pos + op.length);
  const valueText = text.slice(valueOffset).trim();
  if (!valueText) return fail(`expected a value after \`${op}\`, e.g. \`${example(metric)}\``, valueOffset);

  const converted = convertValue(spec.value, valueText, metric);
  if (typeof converted === 'string') return fail(converted, valueOffset, valueText.length);

  const value: MetricExpression = { metric, op, value: converted, valueText };
  if (aggregate) value.aggregate = aggregate;
  if (filterKind !== undefined && filterName !== undefined) value[filterKind] = filterName;
  if (custom) value.custom = true;
  return { ok: true, value };
}

/** The threshold in the metric's base unit, or a message saying what to write instead. */
function convertValue(kind: ValueKind, text: string, metric: string): number | string {
  switch (kind) {
    case 'duration': {
      const ms = NUMBER_RE.test(text) && text !== '0' ? undefined : parseDuration(text);
      return ms ?? `\`${metric}\` is compared with a duration such as \`250ms\` or \`1s\`, not \`${text}\``;
    }
    case 'percentage': {
      const fraction = parsePercent(text);
      return fraction ?? `\`${metric}\` is compared with a percentage such as \`1%\` or \`0.5%\`, not \`${text}\``;
    }
    case 'count':
      return NUMBER_RE.test(text) ? Number(text) : `\`${metric}\` is compared with a plain number such as \`100\`, not \`${text}\``;
    case 'percent': {
      const percent = parsePercent(text);
      if (percent !== undefined) return percent * 100;
      return NUMBER_RE.test(text) ? Number(text) : `\`${metric}\` is compared with a percentage such as \`80%\`, not \`${text}\``;
    }
    case 'milliseconds': {
      if (NUMBER_RE.test(text)) return Number(text);
      return parseDuration(text) ?? `\`${metric}\` is compared with milliseconds such as \`50\` or \`50ms\`, not \`${text}\``;
    }
    case 'megabytes': {
      if (NUMBER_RE.test(text)) return Number(text);
      const bytes = parseSize(text);
      return bytes === undefined ? `\`${metric}\` is compared with megabytes such as \`512\` or \`512MB\`, not \`${text}\`` : bytes / 1024 ** 2;
    }
  }
}

function example(metric: string): string {
  switch (metricSpec(metric)?.value) {
    case 'duration': return `p95(${metric}) < 250ms`;
    case 'percentage': return `${metric} < 1%`;
    case 'percent': return `${metric} > 80%`;
    case 'milliseconds': return `${metric} > 50ms`;
    case 'megabytes': return `${metric} > 512MB`;
    default: return `${metric} >= 100`;
  }
}

function readIdent(text: string, pos: number): string | undefined {
  IDENT_RE.lastIndex = pos;
  return IDENT_RE.exec(text)?.[0];
}

function skipSpaces(text: string, pos: number): number {
  while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t')) pos += 1;
  return pos;
}
