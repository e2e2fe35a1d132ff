// An `sse` step without `until` holds its subscription for the step timeout, which is rarely
// what was meant.
import { diagnostic } from '../diagnostic';
import { findPair, nodeRange } from '../yaml-nav';
import type { Rule } from './rule';

export const sseUntilRule: Rule = {
  name: 'sse-until',
  check({ doc, outline, report }) {
    for (const step of outline.allSteps) {
      if (step.kind !== 'sse' || findPair(step.node, 'until')) continue;
      const key = findPair(step.node, 'sse')?.key;
      if (!key) continue;
      report(diagnostic(nodeRange(doc, key), 'sse-without-until',
        'this subscription has no `until`, so it stays open until the step timeout; add e.g. `until: { events: 10, timeout: 30s }`',
        'warning'));
    }
  },
};
