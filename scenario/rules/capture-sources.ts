// A capture reads `body…` (a dot path into a JSON body), `headers.NAME` or `status`.
import { diagnostic } from '../diagnostic';
import { nodeRange, stringValue } from '../yaml-nav';
import type { Rule } from './rule';

const SOURCE_RE = /^(status|body(\[\d+\]|\.[^.[\]\s]+)*|headers\.[^\s.]+)$/;

export const captureSourcesRule: Rule = {
  name: 'capture-sources',
  check({ doc, outline, report }) {
    for (const step of outline.allSteps) {
      for (const capture of step.captures) {
        const source = stringValue(capture.sourceNode);
        if (source === undefined || !capture.sourceNode || SOURCE_RE.test(source.trim())) continue;
        report(diagnostic(nodeRange(doc, capture.sourceNode), 'bad-capture',
          `\`${source}\` is not a capture source: write \`body\`, a path into a JSON body such as \`body.items[0].id\`, \`headers.NAME\` or \`status\``));
      }
    }
  },
};
