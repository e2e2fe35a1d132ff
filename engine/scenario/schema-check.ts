// Checks the plain value against schemas/scenario.schema.json and rewrites ajv's errors in plain
// words, each on the exact key or value it is about. Errors are recognised by the schema object
// they come from (ajv's `parentSchema`), not by paths, so the wording survives schema edits.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schemaJson from '../../schemas/scenario.schema.json';
import { diagnostic } from './diagnostic';
import type { ParsedDocument } from './parse';
import { closest, didYouMean, listWords } from './suggest';
import type { Diagnostic, SourceRange } from './types';
import { explainDuration, explainSize, explainThink, showValue } from './units';
import { asMap, nodeAtPath, nodeRange, offsetRange, pointerSegments, type YamlNode } from './yaml-nav';

export const scenarioSchema = schemaJson;
const D = schemaJson.definitions;

let compiled: ValidateFunction | undefined;

/** Compiled once, on first use: compiling costs far more than validating. */
function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
    ajv.addVocabulary(['markdownDescription']);
    compiled = ajv.compile(schemaJson);
  }
  return compiled;
}

/** How messages name the object a key belongs to, by the schema's `title`. */
const NOUNS: Record<string, string> = {
  Scenario: 'at the top level',
  Defaults: 'in `defaults`',
  'Data set': 'in a data set',
  'Users ramp': 'in a `users` ramp',
  'Rate ramp': 'in a `rate` ramp',
  Phase: 'in a phase',
  Flow: 'in a flow',
  'Request step': 'in a request step',
  'Think step': 'in a think step',
  'SSE step': 'in an `sse` step',
  'Multipart field': 'in a multipart field',
  'Generated file': 'in a generated file',
  Expectations: 'in `expect`',
  Until: 'in `until`',
  Criterion: 'in a criterion',
  Alert: 'in an alert',
  Monitor: 'in `monitor`',
  Process: 'in `monitor.process`',
};

const STEP_KINDS = ['request', 'think', 'sse'];
const STEP_SCHEMAS: Record<string, { properties: Record<string, unknown> }> = {
  request: D.requestStep,
  think: D.thinkStep,
  sse: D.sseStep,
};
const BODY_KEYS = ['json', 'body', 'form', 'multipart'];

/** Examples appended to "needs `key`" messages. */
const EXAMPLES: Record<string, string> = {
  version: 'version: 1',
  name: 'name: checkout',
  phases: 'phases: [{ duration: 1m, users: 10 }]',
  flows: 'flows: [{ name: browse, steps: [{ request: GET / }] }]',
  duration: 'duration: 30s',
  steps: 'steps: [{ request: GET / }]',
  file: 'file: users.csv',
  to: 'to: 50',
  when: 'when: cpu > 90%',
  expr: 'expr: p95(latency) < 250ms',
  size: 'size: 1MB',
};

interface Explained {
  /** Same key, same diagnostic: ajv reports some problems once per schema branch. */
  key: string;
  diagnostic: Diagnostic;
}

export function checkSchema(doc: ParsedDocument): Diagnostic[] {
  const validate = validator();
  if (validate(doc.value)) return [];
  const found = new Map<string, Diagnostic>();
  for (const error of validate.errors ?? []) {
    const explained = explain(error, doc);
    if (explained && !found.has(explained.key)) found.set(explained.key, explained.diagnostic);
  }
  return [...found.values()];
}

function explain(error: ErrorObject, doc: ParsedDocument): Explained | undefined {
  const parent = error.parentSchema as Record<string, unknown> | undefined;
  const segments = pointerSegments(error.instancePath);
  const at = nodeAtPath(doc.root, segments, doc.document);
  const valueRange = (): SourceRange => (at.node ? nodeRange(doc, at.node) : ownerRange(doc, at));
  const result = (code: string, range: SourceRange, message: string, extraKey = ''): Explained => ({
    key: `${error.instancePath}|${code}|${extraKey}`,
    diagnostic: diagnostic(range, code, message),
  });
  const label = labelOf(segments);

  if (error.keyword === 'if') return undefined;

  if (parent === D.phase && error.keyword === 'oneOf' || parent === D.phase.oneOf[0] || parent === D.phase.oneOf[1]) {
    const phase = error.data as Record<string, unknown>;
    if ('users' in phase && 'rate' in phase) {
      const later = laterKey(at.node, ['users', 'rate']);
      return result('load-model', later ? nodeRange(doc, later) : ownerRange(doc, at),
        'a phase takes `users` (closed model) or `rate` (open model), not both');
    }
    return result('load-model', ownerRange(doc, at),
      'a phase needs a load model: `users` (closed model, e.g. `users: 50`) or `rate` (open model, e.g. `rate: 200`)');
  }
  if (parent === D.phase.then) {
    const key = keyNodeOf(at.node, 'maxUsers');
    return result('max-users-without-rate', key ? nodeRange(doc, key) : ownerRange(doc, at),
      '`maxUsers` caps the open model and needs `rate`; with `users` the concurrency is already fixed');
  }
  if (parent === D.duration) return result('bad-duration', valueRange(), explainDuration(error.data));
  if (parent === D.think) return result('bad-think', valueRange(), explainThink(error.data));
  if (parent === D.size) return result('bad-size', valueRange(), explainSize(error.data));
  if (parent === D.step.else.else.else) {
    const keys = Object.keys((error.data ?? {}) as object);
    const typo = keys.map((key) => [key, closest(key, STEP_KINDS)] as const).find(([, match]) => match);
    const hint = typo ? `; \`${typo[0]}\` looks like a typo of \`${typo[1]}\`` : '';
    return result('step-kind', ownerRange(doc, at), `a step needs one of \`request\`, \`think\` or \`sse\`${hint}`);
  }
  if (error.keyword === 'not' && parent && Object.values(D.requestStep.dependencies).includes(parent as never)) {
    const present = BODY_KEYS.filter((key) => keyNodeOf(at.node, key));
    const later = laterKey(at.node, BODY_KEYS);
    return result('body-conflict', later ? nodeRange(doc, later) : ownerRange(doc, at),
      `a request has one body: \`json\`, \`body\`, \`form\` or \`multipart\`; this one has ${listWords(present, 'and')}`);
  }

  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = String(error.params.additionalProperty);
      const keyNode = keyNodeOf(at.node, extra);
      const range = keyNode ? nodeRange(doc, keyNode) : valueRange();
      const expected = Object.keys((parent?.properties ?? {}) as object);
      const ownKind = STEP_KINDS.find((kind) => STEP_SCHEMAS[kind] === parent);
      if (ownKind && STEP_KINDS.includes(extra)) {
        return result('step-kind', range, `a step is exactly one of \`request\`, \`think\` or \`sse\`; this one has both \`${ownKind}\` and \`${extra}\``, extra);
      }
      const otherKind = ownKind && STEP_KINDS.find((kind) => kind !== ownKind && extra in STEP_SCHEMAS[kind].properties && !(extra in STEP_SCHEMAS[ownKind].properties));
      if (otherKind) {
        return result('unknown-key', range, `\`${extra}\` belongs to ${otherKind === 'sse' ? 'an `sse`' : `a \`${otherKind}\``} step, not ${ownKind === 'sse' ? 'an `sse`' : `a \`${ownKind}\``} step`, extra);
      }
      const noun = NOUNS[String(parent?.title)] ?? 'here';
      const suggestion = closest(extra, expected);
      const explainedKey = result('unknown-key', range,
        `unknown key \`${extra}\` ${noun}; ${suggestion ? `did you mean \`${suggestion}\`? ` : ''}expected one of ${listWords(expected)}`, extra);
      if (suggestion && keyNode) {
        explainedKey.diagnostic.fix = { title: `Change to \`${suggestion}\``, range, newText: suggestion };
      }
      return explainedKey;
    }
    case 'required': {
      const missing = String(error.params.missingProperty);
      const noun = NOUNS[String(parent?.title)] ?? `\`${label}\``;
      const owner = noun.replace(/^(in|at) /, '');
      const example = parent === D.usersLevel || parent === D.rateLevel
        ? `, e.g. \`${segments[segments.length - 1]}: { from: 0, to: 50 }\``
        : EXAMPLES[missing] ? `, e.g. \`${EXAMPLES[missing]}\`` : '';
      const subject = owner === 'the top level' ? 'the scenario' : owner;
      return result('missing-key', ownerRange(doc, at), `${subject} needs \`${missing}\`${example}`, missing);
    }
    case 'type': {
      if (parent === D.step) {
        return result('wrong-type', valueRange(), `a step is a mapping such as \`request: GET /path\` or \`think: 1s\`, not ${describeFound(error.data)}`);
      }
      const types = ([] as string[]).concat(error.params.type as string | string[]);
      return result('wrong-type', valueRange(), `\`${label}\` should be ${typeWords(types)}, not ${describeFound(error.data)}`);
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const written = String(error.data);
      const suggestion = typeof error.data === 'string' ? closest(written, allowed) : undefined;
      const explainedEnum = result('bad-value', valueRange(), `\`${label}\` must be ${listWords(allowed)}, not ${showValue(error.data)}${suggestion ? didYouMean(written, allowed) : ''}`);
      if (suggestion && at.node) explainedEnum.diagnostic.fix = { title: `Change to \`${suggestion}\``, range: valueRange(), newText: suggestion };
      return explainedEnum;
    }
    case 'const':
      return result('bad-value', valueRange(), `\`${label}\` must be \`${String(error.params.allowedValue)}\`, not ${showValue(error.data)}`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum': {
      if (segments.includes('status')) return result('bad-value', valueRange(), `\`status\` must be an HTTP status code from 100 to 599, not ${showValue(error.data)}`);
      const limit = String(error.params.limit);
      const bound = error.keyword === 'minimum' ? `at least ${limit}` : error.keyword === 'maximum' ? `at most ${limit}` : `more than ${limit}`;
      return result('bad-value', valueRange(), `\`${label}\` must be ${bound}, not ${showValue(error.data)}`);
    }
    case 'minItems': {
      const what = label === 'phases' ? 'one phase' : label === 'flows' ? 'one flow' : 'one item';
      return result('bad-value', at.keyNode ? nodeRange(doc, at.keyNode) : valueRange(), `\`${label}\` needs at least ${what}`);
    }
    case 'minLength':
      return result('bad-value', valueRange(), `\`${label}\` must not be empty`);
    case 'maxProperties':
      return result('bad-value', ownerRange(doc, at), `\`${label}\` takes one of ${listWords(Object.keys((parent?.properties ?? {}) as object))}, not both`);
    case 'minProperties':
      return result('missing-key', ownerRange(doc, at), `\`${label}\` needs ${listWords(Object.keys((parent?.properties ?? {}) as object))}`);
    default:
      return result('schema', valueRange(), `\`${label}\` ${error.message ?? 'is not valid'}`, error.keyword);
  }
}

/** Where to point when a whole object is at fault: its key, else its first key, else itself. */
function ownerRange(doc: ParsedDocument, at: { node: YamlNode | undefined; keyNode: YamlNode | undefined }): SourceRange {
  if (at.keyNode) return nodeRange(doc, at.keyNode);
  const firstKey = asMap(at.node)?.items[0]?.key as YamlNode | undefined;
  if (firstKey) return nodeRange(doc, firstKey);
  if (at.node) return nodeRange(doc, at.node);
  return offsetRange(doc, 0, 0);
}

function keyNodeOf(node: YamlNode | undefined, key: string): YamlNode | undefined {
  const items = asMap(node)?.items ?? [];
  for (let i = items.length - 1; i >= 0; i--) {
    const k = items[i].key as YamlNode | null;
    if (k && 'value' in k && String((k as { value: unknown }).value) === key) return k;
  }
  return undefined;
}

/** Of `keys`, the key node that appears last in the mapping: the one that broke the rule. */
function laterKey(node: YamlNode | undefined, keys: string[]): YamlNode | undefined {
  const found = keys.map((key) => keyNodeOf(node, key)).filter((k): k is YamlNode => k !== undefined);
  found.sort((a, b) => a.range[0] - b.range[0]);
  return found.length > 1 ? found[found.length - 1] : found[0];
}

/** The key a message talks about: the last named segment (`status` for `/expect/status/1`). */
function labelOf(segments: string[]): string {
  for (let i = segments.length - 1; i >= 0; i--) {
    if (!/^\d+$/.test(segments[i])) return i === segments.length - 1 ? segments[i] : `${segments[i]}[${segments.slice(i + 1).join('][')}]`;
  }
  return segments.length ? `item ${segments.join('.')}` : 'the scenario';
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: '`true` or `false`',
  object: 'a mapping',
  array: 'a list',
  null: 'empty',
};

function typeWords(types: string[]): string {
  const words = types.map((type) => TYPE_WORDS[type] ?? type);
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function describeFound(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text \`${value}\``;
  if (typeof value === 'number') return Number.isInteger(value) ? `the number \`${value}\`` : `the fraction \`${value}\``;
  return `\`${String(value)}\``;
}
