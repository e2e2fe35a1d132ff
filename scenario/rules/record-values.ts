// `record: { NAME: VALUE }` adds a number to a custom metric: VALUE is a number or a template
// giving one (the engine fails the step on anything else, every time). A custom metric named
// like a built-in one could never be read: criteria take the built-in.
import { isScalar } from 'yaml';
import { diagnostic } from '../diagnostic';
import { METRICS } from '../expressions';
import { hasTemplate, parseTemplate, wholeTemplate } from '../templates';
import { keyName, mapPairs, nodeRange } from '../yaml-nav';
import type { Rule } from './rule';

export const recordValuesRule: Rule = {
  name: 'record-values',
  check({ doc, outline, report }) {
    for (const step of outline.allSteps) {
      if (step.kind !== 'record') continue;
      for (const pair of mapPairs(step.kindNode)) {
        const name = keyName(pair);
        if (name !== undefined && Object.hasOwn(METRICS, name)) {
          report(diagnostic(nodeRange(doc, pair.key), 'record-shadows-metric',
            `\`${name}\` is a built-in metric: criteria such as \`p95(${name})\` read it, never these values; give the custom metric another name`, 'warning'));
        }
        const value = pair.value;
        // A value that is not a number or text is the schema's to report.
        if (!isScalar(value) || typeof value.value !== 'string') continue;
        const text = value.value;
        if ((text.trim() !== '' && Number.isFinite(Number(text))) || wholeTemplate(text) !== undefined) continue;
        if (!hasTemplate(text)) {
          report(diagnostic(nodeRange(doc, value), 'bad-record-value',
            `\`${text}\` is not a number: \`record\` adds a number (\`12.5\`) or a template giving one (\`"{{ total }}"\`)`));
        } else if (parseTemplate(text).errors.length === 0) {
          report(diagnostic(nodeRange(doc, value), 'bad-record-value',
            `\`${text}\` has text around its template: unless the whole renders to a plain number, the step fails; write the template alone, e.g. \`"{{ total }}"\``, 'warning'));
        }
      }
    }
  },
};
