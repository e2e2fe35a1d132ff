// Number formatting and the final table. Verdicts: PASS, MISS, or '' for a figure with no goal.

export const int = (n) => Math.round(n).toLocaleString('en-US');
export const fixed = (n, digits = 1) => (n === null || n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits));
export const ms = (n) => (n === null || n === undefined ? 'n/a' : `${n.toFixed(2)} ms`);

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const verdict = (passed) => (passed ? 'PASS' : 'MISS');

/** Prints rows of { figure, value, goal, verdict } as an aligned table. */
export function printTable(rows) {
  const head = { figure: 'figure', value: 'measured', goal: 'goal', verdict: '' };
  const all = [head, ...rows];
  const width = (key) => Math.max(...all.map((row) => String(row[key] ?? '').length));
  const widths = { figure: width('figure'), value: width('value'), goal: width('goal') };
  const line = (row) =>
    `  ${String(row.figure).padEnd(widths.figure)}  ${String(row.value).padStart(widths.value)}  ${String(row.goal ?? '').padEnd(widths.goal)}  ${row.verdict ?? ''}`.trimEnd();
  console.log(line(head));
  console.log(`  ${'-'.repeat(widths.figure + widths.value + widths.goal + 10)}`);
  for (const row of rows) console.log(line(row));
}

/** Load seconds of a report: first phase start to last phase end. */
export function loadSeconds(report) {
  const phases = report.phases;
  if (phases.length === 0) return 0;
  return (phases[phases.length - 1].end - phases[0].start) / 1000;
}

/** `a / b` as "0.87x", or 'n/a' when either is missing or b is 0. */
export function ratioText(a, b) {
  const r = ratioOf(a, b);
  return r === null ? 'n/a' : `${r.toFixed(2)}x`;
}

/** a / b, or null when either is missing or b is 0. */
export function ratioOf(a, b) {
  if (a === null || a === undefined || b === null || b === undefined || Number.isNaN(a) || Number.isNaN(b) || b === 0) return null;
  return a / b;
}

/** The median of the numbers among `values` (null, undefined and NaN left out), or null. */
export function medianOf(values) {
  const numbers = values.filter((v) => typeof v === 'number' && !Number.isNaN(v));
  return numbers.length === 0 ? null : median(numbers);
}

/**
 * Prints a comparison table: `head` is the column titles (the first names the row labels),
 * `rows` arrays of cells (strings or numbers). The first column is left-aligned, the rest right.
 */
export function printColumns(head, rows, indent = '   ') {
  const all = [head, ...rows].map((row) => row.map((cell) => (cell === null || cell === undefined ? 'n/a' : String(cell))));
  const widths = head.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row) => `${indent}${row.map((cell, i) => (i === 0 ? (cell ?? '').padEnd(widths[i]) : (cell ?? '').padStart(widths[i]))).join('  ')}`.trimEnd();
  console.log(line(all[0]));
  console.log(`${indent}${'-'.repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1))}`);
  for (const row of all.slice(1)) console.log(line(row));
}
