// An `if:` condition must parse (scenario/conditions.ts, the engine's own parser), and the names
// it reads must exist where it stands, as in a template. `defined(NAME)` may ask about a name
// that is not there yet; a name defined nowhere in the scenario makes it always false.
import { conditionOperands, definedNames, parseCondition } from '../conditions';
import { diagnostic } from '../diagnostic';
import { didYouMean } from '../suggest';
import { offsetRange, stringValue, valueOffsetMapper } from '../yaml-nav';
import { NameCheck } from './name-check';
import type { Rule } from './rule';
import { forEachStepScope, sectionNames } from './visible-names';

export const ifConditionsRule: Rule = {
  name: 'if-conditions',
  check(context) {
    const { doc, outline, report } = context;
    const anywhere = new Set([...sectionNames(context).withSetup, ...outline.allSteps.flatMap((step) => step.captures.map((capture) => capture.name))]);
    forEachStepScope(context, (step, known) => {
      const node = step.kind === 'if' ? step.kindNode : undefined;
      const text = stringValue(node);
      if (!node || text === undefined) return;
      const at = valueOffsetMapper(doc.text, node);
      const rangeOf = (offset: number, length: number) => offsetRange(doc, ...at(offset, length));
      const parsed = parseCondition(text);
      if (!parsed.ok) {
        report(diagnostic(rangeOf(parsed.offset, parsed.length), 'bad-condition', `this condition does not parse: ${parsed.message}`));
        return;
      }
      const names = new NameCheck(context, known, step);
      for (const operand of conditionOperands(parsed.value)) names.check(operand.expr, text, operand.offset, rangeOf);
      for (const asked of definedNames(parsed.value)) {
        if (anywhere.has(asked.name)) continue;
        report(diagnostic(rangeOf(asked.offset, asked.name.length), 'condition-never-defined',
          `no variable or capture is called \`${asked.name}\`, so \`defined(${asked.name})\` is always false${didYouMean(asked.name, anywhere)}`, 'warning'));
      }
    });
  },
};
