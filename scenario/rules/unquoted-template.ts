// `target: {{ env.TARGET }}` is a YAML flow mapping, not a string: say so in the contract's
// words and offer the quotes.
import { diagnostic } from '../diagnostic';
import { offsetRange } from '../yaml-nav';
import type { Rule } from './rule';

export const unquotedTemplateRule: Rule = {
  name: 'unquoted-template',
  check({ doc, report }) {
    for (const template of doc.unquotedTemplates) {
      const range = offsetRange(doc, template.start, template.end);
      const quoted = JSON.stringify(template.intended);
      report(
        diagnostic(range, 'unquoted-template',
          `a value that starts with \`{{\` must be quoted, since YAML reads a leading \`{\` as a mapping: write ${quoted}`,
          'error', { title: 'Add quotes', range, newText: quoted }),
      );
    }
  },
};
