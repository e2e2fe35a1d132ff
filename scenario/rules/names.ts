// Variable and capture names are what `{{ name }}` refers to: they must be writable there, and
// must not take a name the template language reserves.
import { diagnostic } from '../diagnostic';
import { RESERVED_ROOTS } from '../templates';
import { keyName, mapPairs, mapValue, nodeRange, type YamlNode } from '../yaml-nav';
import type { Rule, RuleContext } from './rule';

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export const namesRule: Rule = {
  name: 'names',
  check(context) {
    const { doc, outline } = context;
    for (const pair of mapPairs(mapValue(doc.root, 'variables', doc.document))) {
      const name = keyName(pair);
      if (name !== undefined) checkName(context, name, pair.key, 'variable');
    }
    for (const step of outline.allSteps) {
      for (const capture of step.captures) checkName(context, capture.name, capture.keyNode, 'capture');
    }
  },
};

function checkName({ doc, report }: RuleContext, name: string, node: YamlNode, what: string): void {
  if (!NAME_RE.test(name)) {
    report(diagnostic(nodeRange(doc, node), 'bad-name',
      `\`${name}\` cannot be used as \`{{ ${name} }}\`: a ${what} name starts with a letter or \`_\` and holds letters, digits, \`_\` or \`-\``));
  } else if ((RESERVED_ROOTS as readonly string[]).includes(name)) {
    report(diagnostic(nodeRange(doc, node), 'bad-name',
      `\`${name}\` is reserved by templates (\`env.NAME\`, \`vu.id\`, \`data.SET.COLUMN\`, \`random.*()\`, \`now()\`, \`loop.index\`); choose another ${what} name`));
  }
}
