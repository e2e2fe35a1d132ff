// A ramp steeper than a target can absorb: many users (or arrivals per second) added within a
// second open connections, fill pools and caches all at once — a thundering herd.
import { diagnostic } from '../diagnostic';
import { nodeRange } from '../yaml-nav';
import type { HintRule } from './hint-rule';
import { readLoadProfile, type PhaseFacts } from './load-profile';
import { levelKey, levelUnit } from './show';

/** Users (or iterations/s) a ramp may add per second before it counts as a herd. */
export const STEEP_PER_SECOND = 100;

export const steepRampHint: HintRule = {
  name: 'hint-steep-ramp',
  code: 'hint-steep-ramp',
  explanation:
    `A ramp that adds more than ${STEEP_PER_SECOND} users (or iterations per second) per second makes them arrive as a herd: ` +
    'connections, thread pools, caches and autoscalers all see the surge at once, so the first seconds measure the stampede rather than the system. ' +
    'Real traffic grows gradually; ramp over enough seconds that the target can warm up, then hold steady.',
  check({ doc, report }) {
    const phases = readLoadProfile(doc).phases;
    phases.forEach((phase, index) => {
      const key = phase.levelPair?.key;
      if (!key || phase.from === undefined || phase.to === undefined) return;
      const previous = phases[index - 1];
      const before = previous && previous.model === phase.model ? previous.to ?? 0 : 0;
      const unit = levelUnit(phase.model, phase.to);
      const jump = phase.from - before;
      if (jump > STEEP_PER_SECOND) {
        const seconds = Math.ceil(jump / STEEP_PER_SECOND);
        report(diagnostic(nodeRange(doc, key), this.code,
          `this phase starts at ${phase.from} ${unit} at once (from ${before}): a thundering herd; ramp up first, e.g. a phase of ${seconds}s with \`${levelKey(phase.model)}: { from: ${before}, to: ${phase.from} }\``,
          'information'));
        return;
      }
      const perSecond = rampPerSecond(phase);
      if (perSecond > STEEP_PER_SECOND) {
        const seconds = Math.ceil((phase.to - phase.from) / STEEP_PER_SECOND);
        report(diagnostic(nodeRange(doc, key), this.code,
          `this ramp adds ${Math.round(perSecond)} ${unit} per second (${phase.from} → ${phase.to}): a thundering herd the target may not absorb; ramp over at least ${seconds}s`,
          'information'));
      }
    });
  },
};

function rampPerSecond(phase: PhaseFacts): number {
  if (phase.durationMs === undefined || phase.durationMs <= 0 || phase.from === undefined || phase.to === undefined) return 0;
  return ((phase.to - phase.from) * 1000) / phase.durationMs;
}
