// `repeat:` takes a number, one whole template giving the number (`"{{ pages }}"`), or
// `{ over: "{{ list }}" }`. The schema checks the types; this checks the text of the templates,
// which the engine renders per iteration (a count that is not a number fails the step then).
import { diagnostic } from '../diagnostic';
import { hasTemplate, parseTemplate, wholeTemplate } from '../templates';
import { mapValue, nodeRange, stringValue, type YamlNode } from '../yaml-nav';
import type { Rule, RuleContext } from './rule';

export const repeatValuesRule: Rule = {
  name: 'repeat-values',
  check(context) {
    for (const step of context.outline.allSteps) {
      if (step.kind !== 'repeat' || !step.kindNode) continue;
      const count = stringValue(step.kindNode);
      if (count !== undefined) checkCount(context, step.kindNode, count);
      const over = mapValue(step.kindNode, 'over', context.doc.document);
      const list = stringValue(over);
      if (over && list !== undefined) checkOver(context, over, list);
    }
  },
};

/** Whether the text is one whole template, or has template errors of its own to report. */
function templateOrBroken(text: string): boolean {
  return wholeTemplate(text) !== undefined || parseTemplate(text).errors.length > 0;
}

function checkCount({ doc, report }: RuleContext, node: YamlNode, text: string): void {
  if (templateOrBroken(text)) return;
  const range = nodeRange(doc, node);
  if (/^\s*\d+\s*$/.test(text)) {
    const number = text.trim();
    report(diagnostic(range, 'bad-repeat', `\`repeat\` takes a number: write \`repeat: ${number}\` without quotes`, 'error',
      { title: `Change to \`${number}\``, range, newText: number }));
    return;
  }
  const problem = hasTemplate(text) ? `\`${text}\` has text around its template` : `\`${text}\` is neither`;
  report(diagnostic(range, 'bad-repeat',
    `\`repeat\` takes a number (\`repeat: 3\`), one whole template giving the number (\`"{{ pages }}"\`) or \`{ over: "{{ list }}" }\`; ${problem}`));
}

function checkOver({ doc, report }: RuleContext, node: YamlNode, text: string): void {
  if (templateOrBroken(text)) return;
  report(diagnostic(nodeRange(doc, node), 'bad-repeat-over',
    `\`over\` takes one whole template naming a list, e.g. \`"{{ ids }}"\` captured with \`body.items[*].id\`, not \`${text}\`; for a number of times write \`repeat: 3\``));
}
