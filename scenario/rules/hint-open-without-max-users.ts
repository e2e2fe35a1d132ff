// The open model starts iterations on schedule whether or not earlier ones finished; without a
// cap, a slow server makes concurrency grow without bound.
import { diagnostic } from '../diagnostic';
import { nodeRange } from '../yaml-nav';
import { asLines, columnOf, insertionAt, lineAfter, niceCeil } from './fix-text';
import type { HintRule } from './hint-rule';
import { estimateIteration } from './iteration-estimate';
import { readLoadProfile } from './load-profile';
import { showMs } from './show';

export const openWithoutMaxUsersHint: HintRule = {
  name: 'hint-open-without-max-users',
  code: 'hint-open-without-max-users',
  explanation:
    'The open model (`rate`) starts iterations on schedule whether or not earlier ones have finished — that is what keeps its ' +
    'latency honest. But if the server slows down, iterations pile up: concurrency, sockets and the generator\'s memory grow ' +
    'without bound and the generator itself becomes the bottleneck. `maxUsers` caps concurrency; iterations that find no free ' +
    'slot are counted as `dropped`, which the report and criteria (`dropped <= 0`) make visible.',
  check({ doc, outline, report }) {
    let meanMs: number | undefined;
    for (const phase of readLoadProfile(doc).phases) {
      const key = phase.levelPair?.key;
      if (phase.model !== 'open' || phase.maxUsersPair || !key) continue;
      meanMs ??= estimateIteration(doc, outline).meanMs;
      const peak = Math.max(phase.from ?? 0, phase.to ?? 0);
      const inFlight = (peak * meanMs) / 1000;
      const suggested = Math.max(10, niceCeil(inFlight * 2));
      const range = nodeRange(doc, key);
      const message =
        `an open model without \`maxUsers\`: if the server slows down, concurrent iterations grow without bound; ` +
        `at ${peak}/s × about ${showMs(meanMs)} per iteration ≈ ${Math.ceil(inFlight)} in flight, \`maxUsers: ${suggested}\` leaves room for twice that`;
      let fix;
      if (!('flow' in phase.node && phase.node.flow)) {
        const offset = lineAfter(doc.text, phase.node.range[1]);
        const line = `${' '.repeat(columnOf(doc, phase.node))}maxUsers: ${suggested}\n`;
        fix = { title: `Add maxUsers: ${suggested}`, range: insertionAt(doc, offset), newText: asLines(doc.text, offset, line) };
      }
      report(diagnostic(range, this.code, message, 'information', fix));
    }
  },
};
