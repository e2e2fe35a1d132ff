// Artillery's times (a number of seconds, or text such as `10min`, `5m`, `2h`, `500ms`) as
// scenario durations (`10m`, `500ms`).

const UNITS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000, m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000, h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000 };

/** Milliseconds, or undefined when `value` is not a time Artillery writes. */
export function artilleryMs(value: unknown): number | undefined {
  if (typeof value === 'number') return value >= 0 ? value * 1000 : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!match) return undefined;
  const unit = match[2].toLowerCase() || 's';
  return unit in UNITS ? Number(match[1]) * UNITS[unit] : undefined;
}

/** A duration in the scenario's units, the largest that writes it exactly. */
export function formatMs(ms: number): string {
  const whole = Math.round(ms);
  if (whole % 3_600_000 === 0 && whole > 0) return `${whole / 3_600_000}h`;
  if (whole % 60_000 === 0 && whole > 0) return `${whole / 60_000}m`;
  if (whole % 1000 === 0) return `${whole / 1000}s`;
  return `${whole}ms`;
}

export function artilleryDuration(value: unknown): string | undefined {
  const ms = artilleryMs(value);
  return ms === undefined ? undefined : formatMs(ms);
}
