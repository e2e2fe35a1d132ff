// `config.phases` as the scenario's open-model phases: `arrivalRate` (with `rampTo`, a ramp) is a
// `rate`, `arrivalCount` over `duration` the rate that spreads it evenly, `pause` a phase of no
// arrivals, `maxVusers` the `maxUsers` cap. With no phases Artillery sends one user through the
// scenarios once: so does the scenario (a closed phase of one iteration).
import { artilleryDuration, artilleryMs } from './durations';

type Phase = Record<string, unknown>;

export function phases(source: unknown, untranslated: string[]): Phase[] {
  if (!Array.isArray(source) || source.length === 0) {
    return [{ name: 'once', users: 1, iterations: 1 }];
  }
  const out: Phase[] = [];
  source.forEach((raw: Record<string, unknown>, index) => {
    const phase = translate(raw);
    if (typeof phase === 'string') untranslated.push(`config.phases[${index}]${raw.name ? ` (${String(raw.name)})` : ''}: ${phase}`);
    else out.push(phase);
  });
  if (out.length === 0) return [{ name: 'once', users: 1, iterations: 1 }];
  return out;
}

/** The phase, or why it does not translate. */
function translate(raw: Record<string, unknown>): Phase | string {
  const phase: Phase = {};
  if (typeof raw.name === 'string') phase.name = raw.name;
  if (raw.pause !== undefined) {
    const pause = artilleryDuration(raw.pause);
    return pause ? { ...phase, duration: pause, rate: 0 } : `pause \`${String(raw.pause)}\` is not a time`;
  }
  const duration = artilleryDuration(raw.duration);
  if (!duration) return `duration \`${String(raw.duration)}\` is not a time (templates from the environment cannot size a phase: use --var)`;
  phase.duration = duration;
  const rate = number(raw.arrivalRate);
  const rampTo = number(raw.rampTo);
  const count = number(raw.arrivalCount);
  if (raw.arrivalRate !== undefined && rate === undefined) return `arrivalRate \`${String(raw.arrivalRate)}\` is not a number`;
  if (rampTo !== undefined) phase.rate = { from: rate ?? 0, to: rampTo };
  else if (rate !== undefined) phase.rate = rate;
  else if (count !== undefined) phase.rate = Math.round((count / ((artilleryMs(raw.duration) ?? 1000) / 1000)) * 1000) / 1000;
  else return 'no arrivalRate, rampTo or arrivalCount';
  const maxUsers = number(raw.maxVusers);
  if (maxUsers !== undefined) phase.maxUsers = maxUsers;
  return phase;
}

function number(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}
