// `request:` and `sse:` values must be `METHOD path`; a relative path needs a `target`.
import { diagnostic } from '../diagnostic';
import { parseRequestLine } from '../request-line';
import { mapValue, nodeRange, offsetRange, stringValue, valueOffsetMapper } from '../yaml-nav';
import type { Rule } from './rule';

export const requestLinesRule: Rule = {
  name: 'request-lines',
  check({ doc, outline, options, report }) {
    const hasTarget = options.target !== undefined || mapValue(doc.root, 'target', doc.document) !== undefined;
    let reportedTarget = false;
    for (const step of outline.allSteps) {
      if ((step.kind !== 'request' && step.kind !== 'sse') || !step.kindNode) continue;
      const line = stringValue(step.kindNode);
      if (line === undefined) continue; // a non-string is the schema's to report
      const parsed = parseRequestLine(line);
      if (!parsed.ok) {
        const [start, end] = valueOffsetMapper(doc.text, step.kindNode)(parsed.offset, parsed.length);
        report(diagnostic(offsetRange(doc, start, end), 'bad-request-line', parsed.message));
        continue;
      }
      // One report is enough: the fix (add `target`) is the same for every relative path.
      if (parsed.value.form === 'relative' && !hasTarget && !reportedTarget) {
        reportedTarget = true;
        report(diagnostic(nodeRange(doc, step.kindNode), 'missing-target',
          `\`${parsed.value.url}\` is a relative path but the scenario has no \`target\`: add \`target: http://host:port\` at the top level, pass \`--target\`, or use an absolute URL`));
      }
    }
  },
};
