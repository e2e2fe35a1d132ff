// Flow names key the report's per-flow results and `flow=NAME` criteria: they must be unique.
import { diagnostic } from '../diagnostic';
import { nodeRange } from '../yaml-nav';
import type { Rule } from './rule';

export const flowNamesRule: Rule = {
  name: 'flow-names',
  check({ doc, outline, report }) {
    const seen = new Map<string, number>();
    outline.flows.forEach((flow, index) => {
      if (flow.name === undefined || !flow.nameNode) return;
      const first = seen.get(flow.name);
      if (first === undefined) {
        seen.set(flow.name, index);
        return;
      }
      report(diagnostic(nodeRange(doc, flow.nameNode), 'duplicate-flow-name',
        `flow name \`${flow.name}\` is already used by flow ${first + 1}; flow names must be unique`));
    });
  },
};
