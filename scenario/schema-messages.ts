// ajv's errors in plain words. An error is recognised by the schema object it comes from (ajv's
// `parentSchema`), not by its path, so the wording survives edits to the schema's layout.
import schemaJson from '../schemas/scenario.schema.json';
import { explainBodyField } from './body-messages';
import { result, type ErrorSite, type Explained } from './schema-site';
import { explainNoKind, explainStepKey } from './step-kind-messages';
import { NO_KIND_SCHEMA } from './step-kinds';
import { closest, didYouMean, listWords } from './suggest';
import type { TextFix } from './types';
import { explainDuration, explainSize, explainThink, showValue } from './units';

const D = schemaJson.definitions;

/** How messages name the object a key belongs to, by the schema's `title`. */
const PLACES: Record<string, string> = {
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
  TLS: 'in `tls`',
  'Basic auth': 'in `auth`',
  'Capture source': 'in a regex capture',
  Checks: 'in `check`',
  'Group block': 'in a `group` block',
  'Repeat block': 'in a `repeat` block',
  'If block': 'in an `if` block',
  'Record step': 'in a `record` step',
  'WebSocket step': 'in a `ws` step',
  'WebSocket expectations': "in a `ws` step's `expect`",
};

const BODY_KEYS = ['json', 'body', 'form', 'multipart'];
const BODY_RULES: unknown[] = Object.values(D.requestStep.dependencies);

/** Examples appended to "needs `key`" messages. */
const EXAMPLES: Record<string, string> = {
  version: 'version: 1',
  name: 'name: checkout',
  phases: 'phases: [{ duration: 1m, users: 10 }]',
  flows: 'flows: [{ name: browse, steps: [{ request: GET / }] }]',
  duration: 'duration: 30s',
  steps: 'steps: [{ request: GET / }]',
  file: 'file: users.csv',
  when: 'when: cpu > 90%',
  expr: 'expr: p95(latency) < 250ms',
  size: 'size: 1MB',
};

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: '`true` or `false`',
  object: 'a mapping',
  array: 'a list',
  null: 'empty',
};

export function explainSchemaError(site: ErrorSite): Explained | undefined {
  if (site.error.keyword === 'if') return undefined; // "must match then": the `then` error says why
  // A phase without `duration` and `iterations`: the anyOf error says it, once.
  if (site.parent === D.phase.anyOf[0] || site.parent === D.phase.anyOf[1]) return undefined;
  return explainByOrigin(site) ?? explainByKeyword(site);
}

/** Errors from schema parts that encode one rule of the contract. */
function explainByOrigin(site: ErrorSite): Explained | undefined {
  const { error, parent } = site;
  const body = explainBodyField(site);
  if (body) return body;
  if ((parent === D.phase && error.keyword === 'oneOf') || parent === D.phase.oneOf[0] || parent === D.phase.oneOf[1]) {
    // While typing, a phase can still be empty (`- `): null, not a mapping.
    const phase = error.data !== null && typeof error.data === 'object' ? (error.data as Record<string, unknown>) : {};
    return 'users' in phase && 'rate' in phase
      ? result(site, 'load-model', site.laterKeyRange(['users', 'rate']), 'a phase takes `users` (closed model) or `rate` (open model), not both')
      : result(site, 'load-model', site.ownerRange(), 'a phase needs a load model: `users` (closed model, e.g. `users: 50`) or `rate` (open model, e.g. `rate: 200`)');
  }
  if (parent === D.phase.allOf[0].then) {
    return result(site, 'max-users-without-rate', site.keyRange('maxUsers') ?? site.ownerRange(),
      '`maxUsers` caps the open model and needs `rate`; with `users` the concurrency is already fixed');
  }
  if (parent === D.phase.allOf[1].then) {
    return result(site, 'iterations-without-users', site.keyRange('iterations') ?? site.ownerRange(),
      '`iterations` is for the closed model: each of `users` runs that many iterations and leaves; with `rate`, the phase runs for its `duration`');
  }
  if (parent === D.phase && error.keyword === 'anyOf') {
    return result(site, 'phase-without-duration', site.ownerRange(),
      'a phase needs a `duration` (e.g. `duration: 30s`), or, in the closed model, `iterations` (each user runs that many and leaves)');
  }
  if (parent === D.duration) return result(site, 'bad-duration', site.valueRange(), explainDuration(error.data), '', secondsFix(site));
  if (parent === D.think) return result(site, 'bad-think', site.valueRange(), explainThink(error.data), '', secondsFix(site));
  if (parent === D.size) return result(site, 'bad-size', site.valueRange(), explainSize(error.data));
  if (parent === NO_KIND_SCHEMA) return explainNoKind(site);
  if (error.keyword === 'not' && BODY_RULES.includes(parent)) {
    const present = BODY_KEYS.filter((key) => site.keyRange(key));
    return result(site, 'body-conflict', site.laterKeyRange(BODY_KEYS),
      `a request has one body: \`json\`, \`body\`, \`form\` or \`multipart\`; this one has ${listWords(present, 'and')}`);
  }
  if (parent === D.tls && error.keyword === 'dependencies') {
    const { property, missingProperty } = error.params as { property: string; missingProperty: string };
    return result(site, 'missing-key', site.keyRange(property) ?? site.ownerRange(),
      `a client certificate takes \`cert\` and \`key\` together: this \`tls\` has \`${property}\` but no \`${missingProperty}\``);
  }
  if (parent === D.recordStep.properties.record.propertyNames || (parent === D.recordStep.properties.record && error.keyword === 'propertyNames')) {
    const name = String(error.propertyName ?? error.params.propertyName);
    const instead = name.replace(/[^A-Za-z0-9_]/g, '_');
    const example = /^[A-Za-z_]/.test(instead) ? `, e.g. \`${instead}\`` : '';
    return result(site, 'bad-name', site.keyRange(name) ?? site.valueRange(),
      `\`${name}\` cannot name a custom metric: a metric name starts with a letter or \`_\` and holds letters, digits and \`_\`${example}`, name);
  }
  if (parent === D.recordStep.properties.record && error.keyword === 'minProperties') {
    return result(site, 'missing-key', site.ownerRange(), '`record` needs at least one metric, e.g. `record: { cart_total: "{{ total }}" }`');
  }
  if (error.keyword === 'type' && site.segments.length === 0) {
    const found = error.data === null || error.data === undefined ? 'it is empty' : `it holds ${describeFound(error.data)}`;
    return result(site, 'wrong-type', site.valueRange(), `a scenario is a YAML mapping starting with \`version: 1\`; ${found}`);
  }
  return undefined;
}

/**
 * A bare number as a phase's `duration` or a `think`: Artillery and k6 count seconds there, so
 * seconds is the likely meaning and the fix. (A `timeout` in milliseconds is as likely: no fix.)
 */
function secondsFix(site: ErrorSite): TextFix | undefined {
  const { data } = site.error;
  const key = site.segments[site.segments.length - 1];
  if (typeof data !== 'number' || data <= 0 || (key !== 'duration' && key !== 'think')) return undefined;
  const range = site.valueRange();
  return { title: `Change to \`${data}s\``, range, newText: `${data}s` };
}

function explainByKeyword(site: ErrorSite): Explained | undefined {
  const { error, parent, segments } = site;
  const label = labelOf(segments);
  const propertyNames = Object.keys((parent?.properties ?? {}) as object);
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownKey(site, String(error.params.additionalProperty), propertyNames);
    case 'required': {
      const missing = String(error.params.missingProperty);
      const place = (PLACES[String(parent?.title)] ?? `in \`${label}\``).replace(/^(in|at) /, '');
      const owner = place === 'the top level' ? 'the scenario' : place;
      const example = parent === D.usersLevel || parent === D.rateLevel
        ? `, e.g. \`${segments[segments.length - 1]}: { from: 0, to: 50 }\``
        : EXAMPLES[missing] ? `, e.g. \`${EXAMPLES[missing]}\`` : '';
      return result(site, 'missing-key', site.ownerRange(), `${owner} needs \`${missing}\`${example}`, missing);
    }
    case 'type': {
      if (parent === D.step) {
        return result(site, 'wrong-type', site.valueRange(), `a step is a mapping such as \`request: GET /path\` or \`think: 1s\`, not ${describeFound(error.data)}`);
      }
      const types = ([] as string[]).concat(error.params.type as string | string[]);
      const sizing = typeof error.data === 'string' ? /^\{\{\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}$/.exec(error.data.trim()) : null;
      if (sizing) {
        // A whole template here sizes the load through a variable (scenario/sizing.ts).
        return result(site, 'undefined-template-name', site.valueRange(),
          `\`${sizing[1]}\` is not a variable: define it under \`variables\` or pass \`--var ${sizing[1]}=…\` to size \`${label}\` with it`);
      }
      return result(site, 'wrong-type', site.valueRange(), `\`${label}\` should be ${typeWords(types)}, not ${describeFound(error.data)}`);
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const suggestion = typeof error.data === 'string' ? closest(error.data, allowed) : undefined;
      const explained = result(site, 'bad-value', site.valueRange(),
        `\`${label}\` must be ${listWords(allowed)}, not ${showValue(error.data)}${suggestion ? didYouMean(String(error.data), allowed) : ''}`);
      if (suggestion) explained.diagnostic.fix = { title: `Change to \`${suggestion}\``, range: site.valueRange(), newText: suggestion };
      return explained;
    }
    case 'const':
      return result(site, 'bad-value', site.valueRange(), `\`${label}\` must be \`${String(error.params.allowedValue)}\`, not ${showValue(error.data)}`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum': {
      if (segments.includes('status')) {
        return result(site, 'bad-value', site.valueRange(), `\`status\` must be an HTTP status code from 100 to 599, not ${showValue(error.data)}`);
      }
      const limit = String(error.params.limit);
      const bound = error.keyword === 'minimum' ? `at least ${limit}` : error.keyword === 'maximum' ? `at most ${limit}` : `more than ${limit}`;
      return result(site, 'bad-value', site.valueRange(), `\`${label}\` must be ${bound}, not ${showValue(error.data)}`);
    }
    case 'minItems': {
      const what = label === 'phases' ? 'one phase' : label === 'flows' ? 'one flow' : 'one item';
      return result(site, 'bad-value', site.ownerRange(), `\`${label}\` needs at least ${what}`);
    }
    case 'minLength':
      return result(site, 'bad-value', site.valueRange(), `\`${label}\` must not be empty`);
    case 'maxProperties':
      return result(site, 'bad-value', site.ownerRange(), `\`${label}\` takes one of ${listWords(propertyNames)}, not both`);
    case 'minProperties':
      return result(site, 'missing-key', site.ownerRange(), `\`${label}\` needs ${listWords(propertyNames)}`);
    default:
      return result(site, 'schema', site.valueRange(), `\`${label}\` ${error.message ?? 'is not valid'}`, error.keyword);
  }
}

function unknownKey(site: ErrorSite, extra: string, expected: string[]): Explained {
  const keyRange = site.keyRange(extra);
  const range = keyRange ?? site.valueRange();
  const stepKey = explainStepKey(site, extra, range);
  if (stepKey) return stepKey;
  const place = PLACES[String(site.parent?.title)] ?? 'here';
  const suggestion = closest(extra, expected);
  const explained = result(site, 'unknown-key', range,
    `unknown key \`${extra}\` ${place}; ${suggestion ? `did you mean \`${suggestion}\`? ` : ''}expected one of ${listWords(expected)}`, extra);
  if (suggestion && keyRange) explained.diagnostic.fix = { title: `Change to \`${suggestion}\``, range: keyRange, newText: suggestion };
  return explained;
}

/** The key a message talks about: the last named segment (`status[1]` for `/expect/status/1`). */
function labelOf(segments: string[]): string {
  for (let i = segments.length - 1; i >= 0; i--) {
    if (!/^\d+$/.test(segments[i])) {
      return i === segments.length - 1 ? segments[i] : `${segments[i]}[${segments.slice(i + 1).join('][')}]`;
    }
  }
  return segments.length ? `item ${segments.join('.')}` : 'the scenario';
}

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
