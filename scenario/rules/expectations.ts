// `expect:` and `check:` beyond their shape: a `json` key is a path into the JSON body, read by
// the capture parser as the engine reads it (`user.id`, `items[0].id`, `items[*].id`, without
// `body.`), and `matches` is a regular expression that must compile (JavaScript syntax, `u` flag).
import { parseCaptureSource } from '../capture-source';
import { diagnostic } from '../diagnostic';
import { keyName, mapPairs, mapValue, nodeRange, offsetRange, stringValue, valueOffsetMapper, type YamlNode, type YamlPair } from '../yaml-nav';
import type { Rule, RuleContext } from './rule';

export const expectationsRule: Rule = {
  name: 'expectations',
  check(context) {
    const d = context.doc.document;
    for (const step of context.outline.allSteps) {
      for (const key of ['expect', 'check']) {
        const tests = mapValue(step.node, key, d);
        for (const pair of mapPairs(mapValue(tests, 'json', d))) checkJsonPath(context, key, pair);
        checkRegex(context, key, mapValue(tests, 'matches', d));
      }
    }
  },
};

function checkJsonPath({ doc, report }: RuleContext, key: string, pair: YamlPair): void {
  const path = keyName(pair);
  if (path === undefined) return;
  const parsed = parseCaptureSource(path.startsWith('[') ? `body${path}` : `body.${path}`);
  const range = nodeRange(doc, pair.key);
  if (!parsed.ok || parsed.value.from !== 'body') {
    report(diagnostic(range, 'bad-json-path',
      `\`${path}\` is not a path into a JSON body: keys joined by \`.\`, \`[0]\` for an index, \`[*]\` for every element, e.g. \`items[0].id\``));
  } else if (path.startsWith('body.')) {
    const rest = path.slice('body.'.length);
    // The fix deletes `body.` inside the key, whatever its quotes.
    const [start, end] = valueOffsetMapper(doc.text, pair.key)(0, 'body.'.length);
    const fix = end - start === 'body.'.length ? { title: `Change to \`${rest}\``, range: offsetRange(doc, start, end), newText: '' } : undefined;
    report(diagnostic(range, 'bad-json-path',
      `\`${key}.json\` paths start inside the body: \`${path}\` looks for a key \`body\` in it; write \`${rest}\``, 'warning', fix));
  }
}

function checkRegex({ doc, report }: RuleContext, key: string, node: YamlNode | undefined): void {
  const source = stringValue(node);
  if (!node || source === undefined) return;
  try {
    new RegExp(source, 'u');
  } catch (error) {
    // "Invalid regular expression: /(/u: Unterminated group": the last part says why.
    const why = (error as Error).message.split(': ').pop() ?? '';
    report(diagnostic(nodeRange(doc, node), 'bad-regex', `\`${key}.matches\` is not a regular expression: ${why.toLowerCase()}`));
  }
}
