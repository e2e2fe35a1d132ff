// An `sse` or `ws` step without `until` holds its subscription (or session) for the step
// timeout, which is rarely what was meant.
import { diagnostic } from '../diagnostic';
import { findPair, nodeRange } from '../yaml-nav';
import type { Rule } from './rule';

const WITHOUT_UNTIL: Record<string, { code: string; what: string; example: string }> = {
  sse: { code: 'sse-without-until', what: 'subscription', example: 'until: { events: 10, timeout: 30s }' },
  ws: { code: 'ws-without-until', what: 'WebSocket session', example: 'until: { messages: 10, timeout: 30s }' },
};

export const sseUntilRule: Rule = {
  name: 'sse-until',
  check({ doc, outline, report }) {
    for (const step of outline.allSteps) {
      const kind = step.kind === 'sse' || step.kind === 'ws' ? WITHOUT_UNTIL[step.kind] : undefined;
      const key = step.kind && findPair(step.node, step.kind)?.key;
      if (!kind || !key || findPair(step.node, 'until')) continue;
      report(diagnostic(nodeRange(doc, key), kind.code,
        `this ${kind.what} has no \`until\`, so it stays open until the step timeout; add e.g. \`${kind.example}\``,
        'warning'));
    }
  },
};
