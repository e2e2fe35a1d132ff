// `target: {{ env.TARGET }}` is a YAML flow mapping, not a string: say so in the contract's
// words and offer the quotes.
import { diagnostic } from '../diagnostic';
import { addQuotes } from './fix-text';
import type { Rule } from './rule';

export const unquotedTemplateRule: Rule = {
  name: 'unquoted-template',
  check({ doc, report }) {
    for (const template of doc.unquotedTemplates) {
      const { quoted, ...fix } = addQuotes(doc, template.start, template.end, template.intended);
      report(diagnostic(fix.range, 'unquoted-template',
        `a value that starts with \`{{\` must be quoted, since YAML reads a leading \`{\` as a mapping: write ${quoted}`, 'error', fix));
    }
  },
};
