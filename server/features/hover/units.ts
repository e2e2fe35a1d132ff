// A duration or think time in seconds, for hover.
import { parseDuration, parseThink } from '../../../scenario/units';

export function durationText(kind: string | undefined, value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  if (kind === 'think') {
    const think = parseThink(value);
    if (!think) return undefined;
    if (think.minMs === think.maxMs) return `\`${value}\` = ${seconds(think.minMs)}`;
    return `\`${value}\`: a pause between ${seconds(think.minMs)} and ${seconds(think.maxMs)}, uniformly (mean ${seconds((think.minMs + think.maxMs) / 2)})`;
  }
  if (kind !== 'duration') return undefined;
  const ms = parseDuration(value);
  return ms === undefined ? undefined : `\`${value}\` = ${seconds(ms)}`;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  const text = `${Number.isInteger(s) ? s : Number(s.toFixed(3))} s`;
  return s >= 120 ? `${text} (${Number((s / 60).toFixed(2))} min)` : text;
}
