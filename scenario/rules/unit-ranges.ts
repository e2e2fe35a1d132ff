// What the schema's unit patterns cannot see: a think range written backwards, a phase of no
// length.
import { diagnostic } from '../diagnostic';
import { explainThink, parseDuration, parseThink } from '../units';
import { mapValue, nodeRange, scalarValue, seqItems, type YamlNode } from '../yaml-nav';
import type { Rule, RuleContext } from './rule';

export const unitRangesRule: Rule = {
  name: 'unit-ranges',
  check(context) {
    const { doc, outline } = context;
    const d = doc.document;
    checkThink(context, mapValue(mapValue(doc.root, 'defaults', d), 'think', d));
    for (const step of outline.allSteps) if (step.kind === 'think') checkThink(context, step.kindNode);
    for (const phase of seqItems(mapValue(doc.root, 'phases', d))) {
      const node = mapValue(phase, 'duration', d);
      const value = scalarValue(node);
      if (node && (typeof value === 'string' || typeof value === 'number') && parseDuration(value) === 0) {
        context.report(diagnostic(nodeRange(doc, node), 'bad-duration', 'a phase must last longer than 0, e.g. `duration: 30s`'));
      }
    }
  },
};

function checkThink({ doc, report }: RuleContext, node: YamlNode | undefined): void {
  const value = scalarValue(node);
  if (!node || typeof value !== 'string' || !value.includes('..')) return;
  const [low, high] = value.split('..', 2);
  const min = parseDuration(low);
  const max = parseDuration(high);
  // Malformed halves are the schema's; only a well-formed backwards range is left here.
  if (min !== undefined && max !== undefined && min > max && parseThink(value) === undefined) {
    report(diagnostic(nodeRange(doc, node), 'bad-think', explainThink(value)));
  }
}
