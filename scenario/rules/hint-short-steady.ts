// A steady phase too short for its percentiles to settle.
import { diagnostic } from '../diagnostic';
import { formatDuration } from '../units';
import { nodeRange } from '../yaml-nav';
import type { HintRule } from './hint-rule';
import { readLoadProfile } from './load-profile';

export const MIN_STEADY_MS = 30_000;

export const shortSteadyHint: HintRule = {
  name: 'hint-short-steady',
  code: 'hint-short-steady',
  explanation:
    'The steady phase is where the numbers that matter come from. Its first seconds still carry the ramp\'s warm-up ' +
    '(connection set-up, JIT, caches), and tail percentiles need many samples: a p99 rests on the slowest 1 %, so at a ' +
    `few requests per second a short phase leaves only a handful. Hold steady state for at least ${formatDuration(MIN_STEADY_MS)}, longer for p99 and p999.`,
  check({ doc, report }) {
    for (const phase of readLoadProfile(doc).phases) {
      const { durationMs, durationNode } = phase;
      if (!durationNode || durationMs === undefined || durationMs <= 0 || durationMs >= MIN_STEADY_MS) continue;
      if (phase.from === undefined || phase.from !== phase.to || phase.from <= 0) continue;
      report(diagnostic(nodeRange(doc, durationNode), this.code,
        `a steady phase of ${formatDuration(durationMs)} is short for stable percentiles; hold it for at least ${formatDuration(MIN_STEADY_MS)}`,
        'hint'));
    }
  },
};
