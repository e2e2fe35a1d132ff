// Reads the right-hand side of a criterion (`p95(latency) < 250ms` -> 250 ms) in the unit its
// `actual` is reported in, so the report and the recommendations can say by how much it failed.
import { formatMs, formatPercent, formatRate } from './format';
import type { CriterionReport } from './types';

export type ThresholdUnit = 'ms' | 'fraction' | 'count';

export interface Threshold {
  /** In the criterion's unit: milliseconds, a fraction 0..1, or a plain number. */
  value: number;
  unit: ThresholdUnit;
  /** As written, e.g. `250ms`, `1%`. */
  text: string;
  op: '<' | '<=' | '>' | '>=';
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseThreshold(expr: string): Threshold | null {
  const match = /(<=|>=|<|>)\s*(.+?)\s*$/.exec(expr);
  if (!match) return null;
  const op = match[1] as Threshold['op'];
  const text = match[2];
  const percent = /^(-?\d+(?:\.\d+)?)\s*%$/.exec(text);
  if (percent) return { value: Number(percent[1]) / 100, unit: 'fraction', text, op };
  if (/^-?\d+(?:\.\d+)?$/.test(text)) return { value: Number(text), unit: 'count', text, op };
  const ms = parseDurationMs(text);
  return ms === null ? null : { value: ms, unit: 'ms', text, op };
}

/** `500ms`, `1.5s`, `1h30m` -> milliseconds; null when it is not a duration. */
function parseDurationMs(text: string): number | null {
  const parts = text.match(/\d+(?:\.\d+)?(?:ms|s|m|h)/g);
  if (!parts || parts.join('') !== text) return null;
  let total = 0;
  for (const part of parts) {
    const unit = /(ms|s|m|h)$/.exec(part)?.[1] ?? 'ms';
    total += Number.parseFloat(part) * DURATION_UNITS[unit];
  }
  return total;
}

/** How far `actual` is on the wrong (or right) side of the threshold: `actual - value`. */
export function thresholdGap(actual: number, threshold: Threshold): { diff: number; relative: number | null } {
  const diff = actual - threshold.value;
  return { diff, relative: threshold.value !== 0 ? Math.abs(diff) / Math.abs(threshold.value) : null };
}

/**
 * How far a criterion's actual value is from its limit, in words: `145.9ms (58.4%) below`,
 * `0.39 pts above`, `at the limit`, or `—` when it cannot be said. A percentage of a percentage
 * reads badly: rates get points, the rest a relative share too.
 */
export function criterionMargin(c: CriterionReport): string {
  const threshold = parseThreshold(c.expr);
  if (!threshold || c.actual === null) return '—';
  const gap = thresholdGap(c.actual, threshold);
  const abs = Math.abs(gap.diff);
  const amount =
    threshold.unit === 'fraction'
      ? `${Number((abs * 100).toFixed(2))} pts`
      : `${threshold.unit === 'ms' ? formatMs(abs) : formatRate(abs)}${gap.relative !== null ? ` (${formatPercent(gap.relative)})` : ''}`;
  return gap.diff === 0 ? 'at the limit' : `${amount} ${gap.diff > 0 ? 'above' : 'below'}`;
}
