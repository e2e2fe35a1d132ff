// Turns the value of an Artillery or k6 key into the Stampede text it stands for, so the
// foreign-key messages (foreign-keys.ts) can show the user's own numbers rather than a generic
// example. Each function answers undefined when the value is not the shape it knows.
import { AGGREGATES } from './expressions';
import { formatDuration, parseDuration } from './units';

/** A value as it would be written inline in YAML: plain when that is safe, else quoted. */
export function inline(value: unknown): string {
  if (typeof value === 'string') return /^[\w./-][\w./ -]*$/.test(value) && !/ $/.test(value) ? value : JSON.stringify(value);
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '…';
}

/** Artillery writes seconds as bare numbers, k6 as strings: `60` and `"1m"` both give `1m`. */
export function seconds(value: unknown): string | undefined {
  if (typeof value === 'number' && value >= 0) return formatDuration(value * 1000);
  if (typeof value !== 'string') return undefined;
  const ms = parseDuration(value);
  return ms === undefined ? undefined : formatDuration(ms);
}

export function secondsOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  return ms === undefined ? undefined : ms / 1000;
}

/** A JSONPath into the body (`$.items[0].id`) as a capture source (`body.items[0].id`). */
export function jsonPathSource(path: unknown): string | undefined {
  if (typeof path !== 'string') return undefined;
  const match = /^\$((?:\.[A-Za-z_][\w-]*|\[\d+\])*)$/.exec(path.trim());
  return match ? `body${match[1]}` : undefined;
}

const K6_AGGREGATES: Record<string, string> = { avg: 'mean', med: 'p50', min: 'min', max: 'max' };

/** One k6 threshold (`p(95)<500` on `http_req_duration`) as a criterion; undefined if unknown. */
function k6Criterion(metric: string, threshold: string): string | undefined {
  const match = /^\s*([a-z]+(?:\(\d+(?:\.\d+)?\))?)\s*(<=|>=|<|>|==)\s*(\d+(?:\.\d+)?)\s*$/.exec(threshold);
  if (!match || match[2] === '==') return undefined;
  const [, aggregate, op, number] = match;
  const value = Number(number);
  if (metric === 'http_req_duration') {
    const percentile = /^p\((\d+(?:\.\d+)?)\)$/.exec(aggregate)?.[1];
    const name = percentile ? `p${percentile.replace('.', '')}` : K6_AGGREGATES[aggregate];
    return name && (AGGREGATES as readonly string[]).includes(name) ? `${name}(latency) ${op} ${formatDuration(value)}` : undefined;
  }
  const percent = `${Number((value * 100).toFixed(4))}%`;
  if (metric === 'http_req_failed' && aggregate === 'rate') return `errorRate ${op} ${percent}`;
  if (metric === 'checks' && aggregate === 'rate') return `checks ${op} ${percent}`;
  if (metric === 'http_reqs' && aggregate === 'rate') return `rps ${op} ${number}`;
  if (metric === 'http_reqs' && aggregate === 'count') return `requests ${op} ${number}`;
  return undefined;
}

/** k6's `thresholds` mapping as Stampede criteria, as far as they translate. */
export function k6Criteria(thresholds: unknown): string[] {
  if (!isRecord(thresholds)) return [];
  const out: string[] = [];
  for (const [metric, list] of Object.entries(thresholds)) {
    for (const item of Array.isArray(list) ? list : [list]) {
      const text = isRecord(item) ? item.threshold : item;
      const criterion = typeof text === 'string' ? k6Criterion(metric, text) : undefined;
      if (criterion) out.push(criterion);
    }
  }
  return out;
}

/** Artillery's `ensure` (`p95: 200`, `maxErrorRate: 1`) as Stampede criteria. */
export function artilleryCriteria(ensure: unknown): string[] {
  if (!isRecord(ensure)) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(ensure)) {
    if (typeof value !== 'number') continue;
    if (/^(p50|p75|p90|p95|p99|p999|min|max)$/.test(key)) out.push(`${key}(latency) < ${formatDuration(value)}`);
    else if (key === 'median') out.push(`p50(latency) < ${formatDuration(value)}`);
    else if (key === 'maxErrorRate') out.push(`errorRate < ${value}%`);
  }
  return out;
}

/** `criteria: ["a", "b"]`, or the generic example when nothing translated. */
export function criteriaExample(criteria: string[]): string {
  const shown = criteria.length ? criteria.slice(0, 3) : ['p95(latency) < 500ms', 'errorRate < 1%'];
  return `criteria: [${shown.map((c) => JSON.stringify(c)).join(', ')}]`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
