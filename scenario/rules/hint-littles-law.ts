// Little's law: iterations in flight = arrival rate × time per iteration. When that exceeds
// `maxUsers`, the open model cannot start iterations on time and counts them as dropped.
import { diagnostic } from '../diagnostic';
import { nodeRange } from '../yaml-nav';
import { niceCeil } from './fix-text';
import type { HintRule } from './hint-rule';
import { estimateIteration, NOMINAL_LATENCY_MS } from './iteration-estimate';
import { readLoadProfile } from './load-profile';
import { showMs } from './show';

export const littlesLawHint: HintRule = {
  name: 'hint-littles-law',
  code: 'hint-littles-law',
  explanation:
    "Little's law: the number of iterations in flight equals the arrival rate times the time each one takes. " +
    'With `rate` R per second and iterations of about W seconds, about R × W run at once; when `maxUsers` is lower, ' +
    'iterations that are due find no free slot and are counted as `dropped`, so the server never sees the rate you asked for. ' +
    `The time per iteration is estimated from the flows: think times (a range at its mean) plus each request at its \`expect.maxLatency\`, or ${NOMINAL_LATENCY_MS} ms when none is set — a floor for a healthy server.`,
  check({ doc, outline, report }) {
    const profile = readLoadProfile(doc);
    let estimate: ReturnType<typeof estimateIteration> | undefined;
    for (const phase of profile.phases) {
      const pair = phase.maxUsersPair;
      if (phase.model !== 'open' || phase.maxUsers === undefined || !pair?.value) continue;
      const peak = Math.max(phase.from ?? 0, phase.to ?? 0);
      estimate ??= estimateIteration(doc, outline);
      const inFlight = (peak * estimate.meanMs) / 1000;
      if (inFlight <= phase.maxUsers) continue;
      const suggested = niceCeil(inFlight * 1.25);
      const range = nodeRange(doc, pair.value);
      const message =
        `Little's law: ${peak} iterations/s × about ${showMs(estimate.meanMs)} per iteration ≈ ${Math.ceil(inFlight)} in flight, ` +
        `more than \`maxUsers: ${phase.maxUsers}\`, so iterations will be dropped (estimate: ${showMs(estimate.thinkMs)} of think time and ` +
        `${round(estimate.requests)} request(s) at their \`expect.maxLatency\`, else ${NOMINAL_LATENCY_MS} ms); raise it to about ${suggested}`;
      report(diagnostic(range, this.code, message, 'information', { title: `Set maxUsers to ${suggested}`, range, newText: String(suggested) }));
    }
  },
};

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
