// Units as the scenario format writes them: durations (`1h30m`), think ranges (`500ms..2s`),
// sizes (`1MB`) and percentages (`0.5%`). The patterns below are also the ones in
// schemas/scenario.schema.json; a test keeps the two in agreement.

const NUMBER = '\\d+(?:\\.\\d+)?';
/**
 * Units go from largest to smallest, each at most once (`1h30m`, `2m30s`, `1s500ms`).
 * The `(?!s)` keeps `500ms` from being read as `500m` followed by a stray `s`.
 */
const DURATION_BODY = `(?=\\d)(?:${NUMBER}h)?(?:${NUMBER}m(?!s))?(?:${NUMBER}s)?(?:${NUMBER}ms)?`;

/** A lone `0` means the same in every unit, so it needs none. */
export const DURATION_PATTERN = `^(?:0|${DURATION_BODY})$`;
export const THINK_PATTERN = `^(?:0|${DURATION_BODY}(?:\\.\\.${DURATION_BODY})?)$`;
export const SIZE_PATTERN = `^${NUMBER}(?:B|KB|MB|GB)$`;
export const PERCENT_PATTERN = `^${NUMBER}%$`;

const DURATION_RE = new RegExp(DURATION_PATTERN);
const SEGMENT_RE = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
const SIZE_RE = new RegExp(`^(${NUMBER})(B|KB|MB|GB)$`);
const PERCENT_RE = new RegExp(`^(${NUMBER})%$`);

const MS_PER_UNIT: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const BYTES_PER_UNIT: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/**
 * A duration in milliseconds, or undefined when `value` is not one.
 * A bare number is rejected (is `30` seconds or milliseconds?) except 0, which means the same
 * in every unit; `"0"` as a string is accepted for the same reason.
 */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return value === 0 ? 0 : undefined;
  const text = value.trim();
  if (text === '0') return 0;
  if (!DURATION_RE.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(SEGMENT_RE)) total += Number(match[1]) * MS_PER_UNIT[match[2]];
  return total;
}

/** Why `value` is not a duration, in words a user can act on. */
export function explainDuration(value: unknown): string {
  const shown = showValue(value);
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()))) {
    return `${shown} has no unit: write a duration such as \`${value}s\` or \`${value}ms\``;
  }
  if (typeof value === 'string' && /^-/.test(value.trim())) return `${shown} is negative; a duration is 0 or more`;
  if (typeof value === 'string' && /^(\d+(\.\d+)?(ms|h|m|s))+$/.test(value.trim())) {
    return `${shown} is not a duration: combine units from largest to smallest, each once, e.g. \`1h30m\` or \`2m30s\``;
  }
  return `${shown} is not a duration: write a number with \`ms\`, \`s\`, \`m\` or \`h\`, e.g. \`500ms\`, \`30s\`, \`1h30m\``;
}

/** A think time: a fixed duration (`1s`) or a uniform range (`500ms..2s`); undefined if invalid. */
export function parseThink(value: string | number): { minMs: number; maxMs: number } | undefined {
  if (typeof value === 'number') {
    const ms = parseDuration(value);
    return ms === undefined ? undefined : { minMs: ms, maxMs: ms };
  }
  const separator = value.indexOf('..');
  if (separator < 0) {
    const ms = parseDuration(value);
    return ms === undefined ? undefined : { minMs: ms, maxMs: ms };
  }
  const minMs = parseDuration(value.slice(0, separator));
  const maxMs = parseDuration(value.slice(separator + 2));
  if (minMs === undefined || maxMs === undefined || minMs > maxMs) return undefined;
  return { minMs, maxMs };
}

export function explainThink(value: unknown): string {
  if (typeof value === 'string' && value.includes('..')) {
    const [low, high] = value.split('..', 2);
    const minMs = parseDuration(low);
    const maxMs = parseDuration(high);
    if (minMs === undefined) return explainDuration(low);
    if (maxMs === undefined) return explainDuration(high);
    if (minMs > maxMs) return `the range ${showValue(value)} runs backwards: write the shorter time first`;
  }
  if (typeof value === 'string' || typeof value === 'number') {
    return `${explainDuration(value)}, or a range such as \`500ms..2s\``;
  }
  return `${showValue(value)} is not a think time: write a duration (\`1s\`) or a range (\`500ms..2s\`)`;
}

/**
 * A size in bytes (B, KB, MB, GB; powers of 1024), rounded to whole bytes.
 * A bare whole number is taken as bytes: unlike a duration it cannot be misread.
 */
export function parseSize(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  const match = SIZE_RE.exec(value.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * BYTES_PER_UNIT[match[2]]);
}

export function explainSize(value: unknown): string {
  if (typeof value === 'string' && /^\d+(\.\d+)?\s*(b|kb|mb|gb|kib|mib|gib)$/i.test(value.trim())) {
    const fixed = value.trim().replace(/\s+/g, '').replace(/i?b$/i, 'B').replace(/^(\d+(?:\.\d+)?)([kmg])/i, (_, n: string, u: string) => n + u.toUpperCase());
    return `${showValue(value)} is not a size: write \`${fixed}\` (units \`B\`, \`KB\`, \`MB\`, \`GB\`, powers of 1024)`;
  }
  return `${showValue(value)} is not a size: write a number with \`B\`, \`KB\`, \`MB\` or \`GB\`, e.g. \`1MB\``;
}

/** A percentage as a fraction: `1%` -> 0.01, `0.5%` -> 0.005. */
export function parsePercent(value: string): number | undefined {
  const match = PERCENT_RE.exec(value.trim());
  return match ? Number(match[1]) / 100 : undefined;
}

/** The shortest duration text that `parseDuration` reads back as `ms`: 90000 -> `1m30s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return `${ms}ms`;
  if (ms === 0) return '0s';
  if (ms < 1000) return `${trimNumber(ms)}ms`;
  let rest = ms;
  let out = '';
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  if (rest > 0) out += `${trimNumber(rest)}ms`;
  return out;
}

function trimNumber(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** A value as shown inside a message: `30`, `abc`. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return `\`${value}\``;
  if (value === null || value === undefined) return 'an empty value';
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'a mapping';
  return `\`${String(value)}\``;
}
