// Criteria and alert expressions: they must parse, and the steps and flows they name must exist.
import { diagnostic } from '../diagnostic';
import { parseMetricExpression, type ExpressionContext } from '../expressions';
import { didYouMean } from '../suggest';
import { mapValue, offsetRange, seqItems, stringValue, valueOffsetMapper, type YamlNode } from '../yaml-nav';
import type { Rule, RuleContext } from './rule';

export const expressionsRule: Rule = {
  name: 'expressions',
  check(context) {
    const { doc } = context;
    const d = doc.document;
    for (const item of seqItems(mapValue(doc.root, 'criteria', d))) {
      checkExpression(context, stringValue(item) !== undefined ? item : mapValue(item, 'expr', d), 'criteria');
    }
    for (const item of seqItems(mapValue(doc.root, 'alerts', d))) checkExpression(context, mapValue(item, 'when', d), 'alert');
  },
};

function checkExpression(context: RuleContext, node: YamlNode | undefined, kind: ExpressionContext): void {
  const text = stringValue(node);
  if (!node || text === undefined) return;
  const { doc, outline, report } = context;
  const at = valueOffsetMapper(doc.text, node);
  const rangeOf = (offset: number, length: number) => {
    const [start, end] = at(offset, length);
    return offsetRange(doc, start, end);
  };
  const parsed = parseMetricExpression(text, kind, { customMetrics: outline.customMetrics });
  if (!parsed.ok) {
    report(diagnostic(rangeOf(parsed.offset, parsed.length), 'bad-expression', parsed.message));
    return;
  }
  const { value } = parsed;
  const filter = /(step|flow|group)\s*=\s*/.exec(text);
  const nameOffset = filter ? filter.index + filter[0].length : 0;
  if (value.step !== undefined) {
    const names = new Set(outline.allSteps.map((step) => step.name).filter((name): name is string => name !== undefined));
    if (!names.has(value.step)) {
      report(diagnostic(rangeOf(nameOffset, value.step.length), 'unknown-step',
        `no step is named \`${value.step}\` (a step's name is its \`name\`, else its request line as written, e.g. \`GET /users\`)${didYouMean(value.step, names)}`));
    }
  }
  if (value.flow !== undefined) {
    const names = outline.flows.map((flow) => flow.name).filter((name): name is string => name !== undefined);
    if (!names.includes(value.flow)) {
      report(diagnostic(rangeOf(nameOffset, value.flow.length), 'unknown-flow', `no flow is named \`${value.flow}\`${didYouMean(value.flow, names)}`));
    }
  }
  if (value.group !== undefined && !outline.groups.has(value.group)) {
    report(diagnostic(rangeOf(nameOffset, value.group.length), 'unknown-group', `no \`group:\` block is named \`${value.group}\`${didYouMean(value.group, outline.groups)}`));
  }
  if (value.metric.startsWith('process.') && !outline.hasMonitorProcess) {
    report(diagnostic(rangeOf(0, text.length), 'process-metric-without-monitor',
      `\`${value.metric}\` is only measured with \`monitor.process\` (\`{ pid: N }\` or \`{ name: "node" }\`); without it this alert never fires`, 'warning'));
  }
}
