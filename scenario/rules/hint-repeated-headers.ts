// The same header with the same value on every request of the flows belongs in
// `defaults.headers`, written once.
import { isScalar } from 'yaml';
import { diagnostic } from '../diagnostic';
import type { Outline, StepInfo } from '../outline';
import type { ParsedDocument } from '../parse';
import { parseTemplate } from '../templates';
import { findPair, keyName, mapPairs, mapValue, nodeRange, type YamlPair } from '../yaml-nav';
import type { HintRule } from './hint-rule';
import { connects } from './hint-non-loopback-target';

export interface RepeatedHeader {
  name: string;
  /** The value as the YAML source writes it (`application/json`, `"Bearer {{ t }}"`). */
  source: string;
  occurrences: { step: StepInfo; headers: YamlPair; pair: YamlPair }[];
}

export const repeatedHeadersHint: HintRule = {
  name: 'hint-repeated-headers',
  code: 'hint-repeated-headers',
  explanation:
    'A header with the same value on every request is noise in each step and easy to forget in the next one. ' +
    '`defaults.headers` are sent with every request and subscription; a step that needs a different value still sets its own, which wins. ' +
    'Only headers whose templates `defaults` can see (variables, setup captures, `env`, `vu`, `data`, functions) can move; a per-user capture such as a login token cannot.',
  check({ doc, outline, report }) {
    for (const header of findRepeatedHeaders(doc, outline)) {
      for (const { pair } of header.occurrences) {
        report(diagnostic(nodeRange(doc, pair.key), this.code,
          `header \`${header.name}\` has the same value on all ${header.occurrences.length} requests of the flows; move it to \`defaults.headers\``,
          'hint'));
      }
    }
  },
};

/** Headers set with one value on every request, sse and ws step of the flows (at least two steps). */
export function findRepeatedHeaders(doc: ParsedDocument, outline: Outline): RepeatedHeader[] {
  const d = doc.document;
  // `defaults.headers` go with every one of them: a header one of them lacks cannot move there.
  const steps = outline.flows.flatMap((flow) => flow.steps).filter(connects);
  if (steps.length < 2) return [];
  const visible = new Set([...outline.variables, ...outline.setup.flatMap((step) => step.captures.map((c) => c.name))]);
  const perStep = steps.map((step) => {
    const headers = findPair(step.node, 'headers');
    const byName = new Map<string, { pair: YamlPair; source: string }>();
    for (const pair of mapPairs(mapValue(step.node, 'headers', d))) {
      const name = keyName(pair);
      if (name === undefined || !pair.value || !isScalar(pair.value)) continue;
      byName.set(name.toLowerCase(), { pair, source: doc.text.slice(pair.value.range[0], pair.value.range[1]) });
    }
    return { step, headers, byName };
  });
  const defaults = new Set(mapPairs(mapValue(mapValue(doc.root, 'defaults', d), 'headers', d)).map((pair) => keyName(pair)?.toLowerCase()));
  const found: RepeatedHeader[] = [];
  for (const [lower, first] of perStep[0].byName) {
    if (defaults.has(lower)) continue;
    const value = isScalar(first.pair.value) ? String(first.pair.value.value) : '';
    if (!defaultsCanSee(value, visible)) continue;
    const same = perStep.every(({ byName }) => {
      const other = byName.get(lower);
      return other !== undefined && isScalar(other.pair.value) && String(other.pair.value.value) === value;
    });
    if (!same) continue;
    found.push({
      name: keyName(first.pair) ?? lower,
      source: first.source,
      occurrences: perStep.map(({ step, headers, byName }) => ({ step, headers: headers as YamlPair, pair: (byName.get(lower) as { pair: YamlPair }).pair })),
    });
  }
  return found;
}

/** `defaults` resolves templates against variables and setup captures only, never a flow's captures. */
function defaultsCanSee(value: string, visible: Set<string>): boolean {
  return parseTemplate(value).parts.every((part) => part.kind !== 'expr' || part.expr.kind !== 'name' || visible.has(part.expr.name));
}
