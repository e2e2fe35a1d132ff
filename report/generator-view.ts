// What the report says about the load generator itself, as words and figures: one source for the
// CLI summary's `generator` line, the HTML report's Generator group and the panel's, so the three
// read the same. Pure; tolerates reports written before the `generator` section existed (a
// report.json opened from disk), which read "not measured" instead of guessing.
import { formatMs, formatRate } from './format';
import type { Tone } from './tones';
import type { GeneratorReport } from './types';

/** A report, or the part of one that says anything about the generator (optional: old reports lack it). */
export type WithGenerator = { generator?: GeneratorReport | null };

export interface GeneratorFact {
  key: 'lag' | 'eventLoopDelay' | 'engineCpu';
  label: string;
  /** What the figure measures, for a tooltip or a note. */
  meaning: string;
  /** The figures, each `name value`: `p50 0.41ms`. */
  parts: string[];
}

export interface GeneratorView {
  /** False for a report without a `generator` section. */
  measured: boolean;
  saturated: boolean;
  /** `not saturated`, `SATURATED` or `not measured`. */
  verdict: string;
  tone: Tone;
  /** Which limit was passed, in words (the report's own `generator.reason`); null otherwise. */
  reason: string | null;
  facts: GeneratorFact[];
  /** The limits the verdict applied and how many intervals passed one; null when not measured. */
  limits: string | null;
  /** What the figures mean and, when measured, the limits: a line under them. */
  note: string;
}

const MEANING =
  'Lag runs from when a request was due to when it was sent; event-loop delay is beyond the sampling interval (about 0 when idle); engine CPU is in % of one core.';
const NOT_MEASURED = 'This report was written before Stampede measured its generator: no lag or verdict to show.';

/** The report's generator section, or undefined for a report from before it existed. */
export function generatorOf(report: WithGenerator): GeneratorReport | undefined {
  const g = report.generator;
  return g && typeof g === 'object' && g.lag && typeof g.saturated === 'boolean' ? g : undefined;
}

const percent = (value: number | null | undefined): string => (typeof value === 'number' && Number.isFinite(value) ? `${formatRate(value)}%` : '—');

export function generatorView(report: WithGenerator): GeneratorView {
  const g = generatorOf(report);
  const facts = (lag: string[], loop: string[], cpu: string[]): GeneratorFact[] => [
    { key: 'lag', label: 'Lag', meaning: 'from when a request was due to when the engine sent it', parts: lag },
    { key: 'eventLoopDelay', label: 'Event-loop delay', meaning: "the engine's event-loop delay beyond its sampling interval (about 0 when idle)", parts: loop },
    { key: 'engineCpu', label: 'Engine CPU', meaning: 'CPU of the engine process, in % of one core', parts: cpu },
  ];
  if (!g) {
    return {
      measured: false,
      saturated: false,
      verdict: 'not measured',
      tone: 'neutral',
      reason: null,
      facts: facts(['—'], ['—'], ['—']),
      limits: null,
      note: NOT_MEASURED,
    };
  }
  const cpu = g.cpu ?? { mean: null, max: null };
  const l = g.limits;
  const limits = l
    ? `${g.hotIntervals} of ${g.intervals} load intervals over a limit (lag p99 ${formatMs(l.lagP99Ms)}, event-loop delay ${formatMs(l.eventLoopDelayMs)}, ` +
      `engine CPU ${formatRate(l.cpuPct)}%); saturated from ${formatRate(l.share * 100)}% of them`
    : null;
  return {
    measured: true,
    saturated: g.saturated,
    verdict: g.saturated ? 'SATURATED' : 'not saturated',
    tone: g.saturated ? 'bad' : 'ok',
    reason: g.saturated ? (g.reason ?? 'the generator, not the target, limited this run') : null,
    facts: facts(
      [`p50 ${formatMs(g.lag.p50)}`, `p99 ${formatMs(g.lag.p99)}`, `max ${formatMs(g.lag.max)}`],
      [`p99 ${formatMs(g.eventLoopDelay?.p99)}`, `max ${formatMs(g.eventLoopDelay?.max)}`],
      [`mean ${percent(cpu.mean)}`, `max ${percent(cpu.max)}`],
    ),
    limits,
    note: limits ? `${MEANING} ${limits}.` : MEANING,
  };
}

/**
 * The CLI summary's line: `generator  lag p50 0.2ms p99 1.4ms max 6ms  event-loop delay p99 0.8ms
 * engine CPU mean 31% max 58%  not saturated` (or `SATURATED: <reason>`); null when not measured.
 */
export function generatorLine(report: WithGenerator): string | null {
  const v = generatorView(report);
  if (!v.measured) return null;
  const [lag, loop, cpu] = v.facts;
  const verdict = v.saturated ? `SATURATED: ${v.reason}` : v.verdict;
  return `generator  lag ${lag.parts.join(' ')}  event-loop delay ${loop.parts[0]}  engine CPU ${cpu.parts.join(' ')}  ${verdict}`;
}
