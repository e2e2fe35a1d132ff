// A plain value holding `: ` (a step name such as `GET /a: b`, or a criterion naming that step)
// is read by YAML as a key and its value: say so, and offer the quotes.
import { diagnostic } from '../diagnostic';
import { addQuotes } from './fix-text';
import type { Rule } from './rule';

export const unquotedColonRule: Rule = {
  name: 'unquoted-colon',
  check({ doc, report }) {
    for (const colon of doc.unquotedColons) {
      const { quoted, ...fix } = addQuotes(doc, colon.start, colon.end, colon.intended);
      const what = colon.what === 'criterion' ? 'this criterion' : 'this value';
      report(diagnostic(fix.range, 'unquoted-colon',
        `${what} holds \`: \`, which YAML reads as a key and its value: quote the whole ${colon.what}: ${quoted}`, 'error', fix));
    }
  },
};
