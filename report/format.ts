// Number formatting shared by the HTML report, the recommendations and the CLI summary, so a
// figure reads the same wherever it is shown. Locale is fixed (en-US) so output is reproducible.
import type { CriterionReport } from './types';

const DASH = '—';

// Made on first use: creating an Intl formatter loads ICU's data (about 30 ms), which every
// command loading this module paid at start — `stampede run` before its first request.
let groupedFormat: Intl.NumberFormat | undefined;
const grouped = (): Intl.NumberFormat => (groupedFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }));

/** Milliseconds with precision that matches their size: `0.412ms`, `4.56ms`, `212.4ms`, `1.24s`, `2m 05s`. */
export function formatMs(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return DASH;
  const abs = Math.abs(ms);
  if (abs === 0) return '0ms';
  if (abs < 1) return `${trim(ms.toFixed(3))}ms`;
  if (abs < 10) return `${trim(ms.toFixed(2))}ms`;
  if (abs < 1000) return `${trim(ms.toFixed(1))}ms`;
  if (abs < 60_000) return `${trim((ms / 1000).toFixed(2))}s`;
  return formatDuration(ms);
}

/** A wall-clock span: `45.2s`, `2m 05s`, `1h 02m`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return DASH;
  if (ms < 60_000) return `${trim((ms / 1000).toFixed(ms < 10_000 ? 2 : 1))}s`;
  const totalSeconds = Math.round(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h > 0) return `${h}h ${pad2(m)}m`;
  return `${m}m ${pad2(s)}s`;
}

/** Seconds since the start as a clock offset: `0:05`, `12:30`, `1:02:03`. */
export function formatElapsed(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${m}:${pad2(s)}`;
}

/**
 * A fraction 0..1 as a percentage with enough digits to tell small rates apart:
 * `0%`, `<0.01%`, `0.34%`, `4.2%`, `100%`.
 */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction == null || !Number.isFinite(fraction)) return DASH;
  const pct = fraction * 100;
  if (pct === 0) return '0%';
  if (Math.abs(pct) < 0.01) return '<0.01%';
  if (Math.abs(pct) < 1) return `${trim(pct.toFixed(2))}%`;
  if (Math.abs(pct) < 100) return `${trim(pct.toFixed(1))}%`;
  return `${Math.round(pct)}%`;
}

/** An integer count with thousands separators: `12,345`. */
export function formatCount(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return DASH;
  return grouped().format(Math.round(n));
}

/** A rate such as requests per second: one decimal below 100, grouped integer above: `42.5`, `1,234`. */
export function formatRate(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return DASH;
  if (Math.abs(n) < 100) return trim(n.toFixed(1));
  return grouped().format(Math.round(n));
}

/** Megabytes as `512 MB` or `15.6 GB`. */
export function formatMegabytes(mb: number | null | undefined): string {
  if (mb == null || !Number.isFinite(mb)) return DASH;
  if (Math.abs(mb) >= 1024) return `${trim((mb / 1024).toFixed(1))} GB`;
  return `${trim(mb.toFixed(mb < 10 ? 1 : 0))} MB`;
}

/** Epoch ms or ISO string as `2024-05-01 14:03:07 UTC` (UTC, so reports from CI agree). */
export function formatTimestamp(time: number | string): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return String(time);
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The `actualText` of a value that was not measured, and the `reason` of a criterion without one. */
export const NO_DATA = 'no data';

/** A measured value in the unit its metric is written in (`212.4ms`, `0.3%`, `83.5%`, `512MB`). */
export function formatMetricValue(metric: string, value: number | null): string {
  if (value === null) return NO_DATA;
  if (metric === 'latency' || metric === 'timeToFirstEvent' || metric === 'duration' || metric === 'eventLoopDelay') return `${Math.round(value * 10) / 10}ms`;
  // errorRate and checks are fractions; cpu and memory are already percentages.
  if (metric === 'errorRate' || metric === 'checks') return `${Math.round(value * 10000) / 100}%`;
  if (metric === 'cpu' || metric === 'memory' || metric === 'process.cpu') return `${Math.round(value * 10) / 10}%`;
  if (metric === 'heapUsed' || metric === 'process.memory') return `${Math.round(value * 10) / 10}MB`;
  if (metric === 'rps') return `${Math.round(value * 10) / 10}`;
  // Counts, and custom metrics in their own unit.
  return String(Math.round(value * 1000) / 1000);
}

/** The metric a criteria or alert expression measures: `p95(latency, step=x) < 1s` -> `latency`. */
export function expressionMetric(expr: string): string {
  const match = /^\s*(?:[A-Za-z0-9_]+\s*\(\s*)?([A-Za-z_][A-Za-z0-9_.]*)/.exec(expr);
  return match ? match[1] : '';
}

// A criterion's result as every reader shows it — the CLI summary, the report, the live panel,
// the Test Explorer — so that one without data says the same thing in each.

/**
 * Not evaluated: nothing it measures happened (its step never ran). A latency criterion whose
 * requests were all tried and none answered has no data either, but its text says how many were
 * tried (`no data: none of 3 answered`), which tells the reader more than the reason alone.
 */
export function notEvaluated(c: CriterionReport): boolean {
  return c.reason !== undefined && c.actualText === c.reason;
}

/** For a table's Actual column: `212.4ms`, or `not evaluated: no data`. */
export function criterionValueText(c: CriterionReport): string {
  return notEvaluated(c) ? `not evaluated: ${c.reason}` : c.actualText;
}

/** For a sentence: `actual 212.4ms`, or `not evaluated: no data`. */
export function criterionResultText(c: CriterionReport): string {
  return notEvaluated(c) ? criterionValueText(c) : `actual ${c.actualText}`;
}

function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * What fed a run besides one engine thread: `2 worker threads`, `3 segments (host-a, host-b)`;
 * undefined for a plain run. The CLI summary, report.html and the panel all say it so.
 */
export function loadSourceText(run: { workers?: number; segments?: { host: string }[] }): string | undefined {
  const parts: string[] = [];
  if (run.workers !== undefined && run.workers > 1) parts.push(`${run.workers} worker threads`);
  if (run.segments && run.segments.length > 0) {
    const hosts = [...new Set(run.segments.map((s) => s.host))];
    parts.push(`${run.segments.length} segment${run.segments.length === 1 ? '' : 's'} (${hosts.length === 1 ? hosts[0] : `${hosts.length} machines: ${hosts.join(', ')}`})`);
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}
