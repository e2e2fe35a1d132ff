// A profile that ends at full load: every user stops in the same instant.
import { diagnostic } from '../diagnostic';
import { formatDuration } from '../units';
import { mapValue, nodeRange } from '../yaml-nav';
import { asLines, insertionAt, lineAfter } from './fix-text';
import type { HintRule } from './hint-rule';
import { readLoadProfile } from './load-profile';
import { levelKey, levelUnit } from './show';

export const noRampDownHint: HintRule = {
  name: 'hint-no-ramp-down',
  code: 'hint-no-ramp-down',
  explanation:
    'Without a ramp-down the run ends at full load and stops every user at once. A final phase that lowers the load ' +
    '(`users: { to: 0 }` or `rate: { to: 0 }`) shows whether the system recovers — queues drain, latency falls back — ' +
    'and keeps the last seconds of the report from mixing measurements with connections being torn down.',
  check({ doc, report }) {
    const profile = readLoadProfile(doc);
    const last = profile.phases[profile.phases.length - 1];
    const key = last?.levelPair?.key;
    if (!last || !key || last.to === undefined || last.to <= 0) return;
    // With `iterations`, users leave one by one as they finish: there is no cliff to soften.
    if (mapValue(last.node, 'iterations', doc.document) !== undefined) return;
    const range = nodeRange(doc, key);
    const message = `the profile ends at ${last.to} ${levelUnit(last.model, last.to)} with no ramp-down: every user stops at once; add a last phase such as \`${levelKey(last.model)}: { to: 0 }\``;
    report(diagnostic(range, this.code, message, 'information', rampDownFix(doc.text, last.node.range[0], last.node.range[1], levelKey(last.model), profile.totalMs, (offset) => insertionAt(doc, offset))));
  },
};

function rampDownFix(text: string, start: number, end: number, key: string, totalMs: number, at: (offset: number) => ReturnType<typeof insertionAt>) {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const prefix = text.slice(lineStart, start);
  // Only a block sequence item (`  - duration: …`) has a place for a new line.
  const dash = /^(\s*)-\s+$/.exec(prefix);
  if (!dash) return undefined;
  const pad = dash[1];
  const inner = ' '.repeat(prefix.length);
  const seconds = Math.min(60, Math.max(5, Math.round(totalMs / 10_000)));
  const offset = lineAfter(text, end);
  const lines = `${pad}- name: ramp-down\n${inner}duration: ${formatDuration(seconds * 1000)}\n${inner}${key}: { to: 0 }\n`;
  return { title: 'Add a ramp-down phase', range: at(offset), newText: asLines(text, offset, lines) };
}
