// A capture reads a source scenario/capture-source.ts knows (the same parser the engine uses):
// `status`, `body…`, `headers.NAME`, `cookies.NAME`, or `{ regex, from, group }`. The regex
// form's shape is the schema's to check; its pattern, `from` and group are checked here.
import { isMap } from 'yaml';
import { parseCaptureSource, type CaptureSpec } from '../capture-source';
import { diagnostic } from '../diagnostic';
import { nodeRange, stringValue } from '../yaml-nav';
import type { Rule } from './rule';

export const captureSourcesRule: Rule = {
  name: 'capture-sources',
  check({ doc, outline, report }) {
    for (const step of outline.allSteps) {
      // Artillery's `{ json: "$.id", as: id }`: the foreign-keys rule says what to write instead.
      if (step.captures.some((capture) => capture.name === 'as')) continue;
      for (const capture of step.captures) {
        const node = capture.sourceNode;
        let spec: CaptureSpec | undefined = stringValue(node);
        if (spec === undefined && isMap(node)) {
          const value = node.toJSON() as { regex?: unknown; from?: unknown; group?: unknown };
          // A malformed regex form is the schema's diagnostic (a missing or non-text `regex`).
          if (typeof value.regex !== 'string' || (value.from !== undefined && typeof value.from !== 'string') || (value.group !== undefined && !Number.isInteger(value.group))) continue;
          spec = value as CaptureSpec;
        }
        if (spec === undefined || !node) continue;
        const parsed = parseCaptureSource(spec);
        if (!parsed.ok) report(diagnostic(nodeRange(doc, node), 'bad-capture', parsed.message));
      }
    }
  },
};
