// Generators for the fuzz tests: (a) scenarios built from the schema's shape, with valid and
// invalid values, templates, durations and expressions, written out as YAML that is sometimes
// malformed on purpose; (b) mutations of the real samples (lines deleted, duplicated, swapped,
// re-indented; characters inserted; text truncated; `{{`, `[`, `:`, tabs, unicode, huge numbers
// injected).
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/paths';

// ---------------------------------------------------------------------------------------------
// Leaf values

const NAMES = ['pageSize', 'token', 'adminToken', 'collectionId', 'apiVersion', 'x', 'Ünï', '', 'a b', 'vu', 'env', 'data'];
const TEMPLATE_INNER = [
  'pageSize', 'token', 'env.TARGET', 'env.', 'env', 'data.users.username', 'data.products.sku', 'data.users', 'data.', 'data.nope.col',
  'random.int(1, 100)', 'random.int(', 'random.int(100, 1)', 'random.uuid()', 'random.string(6)', "random.pick(red, 'dark blue', 3)",
  'random.pick()', 'now()', 'now(', 'vu.id', 'vu.iteration', 'vu.', 'a.b.c.d', '', ' ', '{{', '}}', '"', "'", 'ø', '9999999999999999999999',
  'random.int(-1e308, 1e308)', 'random.string(99999999999)', 'random.string(-1)', '()', ')', 'undefinedName',
  'loop.index', 'loop.value', 'loop.', 'loop', 'loop.x', 'ids', 'total',
];
const DURATIONS = [
  '30s', '1m', '1m30s', '500ms', '1h', '0s', '0', '-5s', '10', '1.5s', '99999999999999999999s', '5 s', 's', '1x', 'ms', '1h2m3s4ms',
  '500ms..2s', '2s..1s', '..', '1s..', '..1s', '1e400s', 'NaNs', '∞s', '1ｓ', '9007199254740993ms',
];
const NUMBERS = [
  '0', '-1', '1', '20', '200', '1e308', '1e309', '-1e309', '1e21', '.nan', '.inf', '-.inf', '0.5', '99999999999999999999', '0x10', '1_000',
  '3', '10000', '10001', '9007199254740993', '-0', '1.', '.5',
];
const METRICS = ['latency', 'errorRate', 'rps', 'requests', 'errors', 'dropped', 'cpu', 'memory', 'unknownMetric', '', 'checks', 'duration', 'timeToFirstEvent', 'cart_total', 'constructor'];
const FUNCS = ['p50', 'p90', 'p95', 'p99', 'p999', 'avg', 'max', 'min', 'p', 'p100', 'p-1', 'count'];
const OPS = ['<', '<=', '>', '>=', '==', '!=', '=<', '<<', ''];
const VALUES = ['250ms', '1%', '5%', '1s', '40', '0', '-1', '1e309', '%', '', '100%', '101%', 'ms', '1m', '1KB'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'FOO', 'get', ''];
const PATHS = [
  '/', '/items', '/collections/{{ collectionId }}/items', '/items?limit={{ pageSize }}', 'https://status.example.com/health', 'http://',
  '/a b', '/{{', '/{{ }}', '', '/events?channel=orders', 'ftp://x', '//x', '/ü', '/%zz',
];
const SIZES = ['1MB', '2KB', '0B', '1GB', '10TB', '-1KB', 'KB', '1.5MB', '99999999999999999999MB', '1kb'];
const WEIRD = ['', ' ', '\t', '{{', '}}', '[', ']', '{', '}', ':', ': ', '- ', '#', '&a', '*a', '!!str', '|', '>', '%', '@', '`', '"', "'", '\\', '\u00a0', '\u2028', '\ufeff', '💥', 'é', '\u0000', '?', ',', '---', '...', '<<'];

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);

const template = fc.tuple(pick(TEMPLATE_INNER), fc.boolean()).map(([inner, closed]) => `{{ ${inner}${closed ? ' }}' : ''}`);
const shortText = fc.string({ maxLength: 12, unit: fc.oneof(fc.constantFrom('a', 'b', 'z', ' ', '-', '_', '.', '/', 'é'), fc.constantFrom(...WEIRD)) });
/** A string scalar, possibly with templates around it. */
const text = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(shortText, template, shortText).map(([a, t, b]) => a + t + b) },
  { weight: 2, arbitrary: shortText },
  { weight: 1, arbitrary: pick(NAMES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20, unit: 'binary' }) },
);
const duration = fc.oneof({ weight: 4, arbitrary: pick(DURATIONS) }, { weight: 1, arbitrary: template }, { weight: 1, arbitrary: pick(NUMBERS) });
const number = fc.oneof({ weight: 4, arbitrary: pick(NUMBERS) }, { weight: 1, arbitrary: fc.integer().map(String) }, { weight: 1, arbitrary: fc.double().map(String) }, { weight: 1, arbitrary: template });
const expression = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(pick(FUNCS), pick(METRICS), fc.option(fc.tuple(pick(['step', 'flow', 'group', 'stepp', '']), pick(['login', 'browse', 'GET /collections/{{ collectionId }}/items', '', 'nope', 'checkout', 'WS /live'])), { nil: undefined }), pick(OPS), pick(VALUES), fc.boolean())
      .map(([f, m, filter, op, v, call]) => `${call ? `${f}(${m}${filter ? `, ${filter[0]}=${filter[1]}` : ''})` : m} ${op} ${v}`),
  },
  { weight: 1, arbitrary: fc.tuple(pick(METRICS), pick(OPS), pick(VALUES)).map((p) => p.join(' ')) },
  { weight: 1, arbitrary: text },
);
/** `if:` conditions: names, quoted text and numbers joined by the operators, well formed or not. */
const CONDITION_WORDS = ['role', 'token', 'pageSize', 'loop.index', 'loop.value', 'vu.id', 'env.MODE', 'data.users.username', "'admin'", '"x"', '3', '-1', 'true', 'defined(token)', 'defined(nope)', 'defined(', 'not', 'and', 'or', '==', '!=', '<', '<=', '>', '>=', '=', '(', ')', '{{ role }}', 'vu.', '&&', ''];
const condition = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(pick(CONDITION_WORDS.slice(0, 10)), pick(['==', '!=', '<', '>=']), pick(CONDITION_WORDS.slice(0, 10)), fc.option(fc.tuple(pick(['and', 'or', 'and not']), pick(['defined(token)', 'defined(nope)', 'pageSize > 2'])))).map(([a, op, b, more]) => `${a} ${op} ${b}${more ? ` ${more[0]} ${more[1]}` : ''}`) },
  { weight: 2, arbitrary: fc.array(pick(CONDITION_WORDS), { maxLength: 7 }).map((words) => words.join(' ')) },
  { weight: 1, arbitrary: text },
);
const requestLine = fc.oneof({ weight: 5, arbitrary: fc.tuple(pick(METHODS), pick(PATHS)).map(([m, p]) => `${m} ${p}`) }, { weight: 1, arbitrary: text });

// ---------------------------------------------------------------------------------------------
// A value tree, written out by a YAML emitter that can also produce broken YAML.

/** A scalar as written in the file (`raw` unquoted, or `"…"`-quoted by the emitter). */
export type Node = { s: string } | { map: [string, Node][]; flow?: boolean } | { seq: Node[]; flow?: boolean };

const scalar = (arb: fc.Arbitrary<string>): fc.Arbitrary<Node> => arb.map((s) => ({ s }));
const anyScalar = scalar(fc.oneof(text, number, duration, pick(['true', 'false', 'null', '~', 'yes'])));

const anyNode: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: anyScalar },
    { weight: 1, arbitrary: fc.array(fc.tuple(fc.oneof(pick(NAMES), shortText), tie('node')), { maxLength: 3 }).map((map) => ({ map })) },
    { weight: 1, arbitrary: fc.array(tie('node'), { maxLength: 3 }).map((seq) => ({ seq })) },
  ),
})).node;

/** A map with the given keys (each optional), some random extra keys, in random order. */
function mapOf(fields: Record<string, fc.Arbitrary<Node>>, extra = 0.1): fc.Arbitrary<Node> {
  const entries = Object.entries(fields).map(([key, arb]) => fc.option(arb.map((v) => [key, v] as [string, Node]), { freq: 3, nil: undefined }));
  return fc
    .tuple(fc.tuple(...entries), fc.array(fc.tuple(fc.oneof(pick(NAMES), shortText), anyNode), { maxLength: 2 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([pairs, extras, dice, flow, shuffle]) => {
      const map = pairs.filter((p): p is [string, Node] => p !== undefined);
      if (dice < extra) map.push(...extras);
      if (shuffle < 0.2) map.reverse();
      return { map, flow: flow && dice > 0.8 };
    });
}
const seqOf = (item: fc.Arbitrary<Node>, max = 4): fc.Arbitrary<Node> => fc.tuple(fc.array(item, { maxLength: max }), fc.double({ min: 0, max: 1, noNaN: true })).map(([seq, dice]) => ({ seq, flow: dice < 0.1 }));
const or = (arb: fc.Arbitrary<Node>): fc.Arbitrary<Node> => fc.oneof({ weight: 9, arbitrary: arb }, { weight: 1, arbitrary: anyNode });
const scalarMap = or(fc.array(fc.tuple(fc.oneof(pick(['accept', 'authorization', 'x-trace', 'content-type', 'limit']), shortText), scalar(fc.oneof(text, number))), { maxLength: 3 }).map((map) => ({ map, flow: map.length === 1 })));
const level = or(fc.oneof(scalar(number), mapOf({ from: scalar(number), to: scalar(number) })));

const JSON_PATHS = ['user.id', 'items[0].id', 'items[*].id', '[0].name', 'body.user', 'items[', 'a..b', '', ' ', 'a b', '[*]', '"quoted"'];
const REGEXES = ['"token":\\s*"\\w+"', '(', '[a-', 'a{2,1}', '(?<n>x)\\k<n>', '\\', '.*', '', '(a)(b)', '\\p{L}+', '{{ x }}'];
const tests = mapOf({
  status: or(fc.oneof(scalar(pick(['200', '201', '304', '999', '0', 'ok'])), seqOf(scalar(pick(['200', '201', '304', 'x'])), 3))), contains: scalar(text), maxLatency: scalar(duration),
  headers: scalarMap,
  json: or(fc.array(fc.tuple(pick(JSON_PATHS), fc.oneof(scalar(fc.oneof(text, number)), anyNode)), { maxLength: 3 }).map((map) => ({ map }))),
  matches: scalar(pick(REGEXES)),
});
const expect = or(tests);
const CAPTURE_SOURCES = ['body.token', 'body.id', 'body.items[0].id', 'body.items[*].id', 'body[*]', 'headers.location', 'headers.set-cookie', 'cookies.sid', 'cookies.', 'status', 'body.', 'body[', 'x', ''];
const regexCapture = mapOf({ regex: scalar(pick(REGEXES)), from: scalar(pick(['body', 'headers.location', 'headers.', 'status', ''])), group: scalar(pick(['0', '1', '2', '-1', 'x'])) });
const capture = or(fc.array(fc.tuple(pick(NAMES), fc.oneof({ weight: 3, arbitrary: scalar(pick(CAPTURE_SOURCES)) }, { weight: 1, arbitrary: regexCapture })), { maxLength: 3 }).map((map) => ({ map })));
const CERTS = ['../tls/ca.pem', '../tls/client-cert.pem', '../tls/client-key.pem', 'users.csv', 'missing.pem', '/etc/hostname', '', '{{ env.CA }}'];
const tls = or(mapOf({ insecure: scalar(pick(['true', 'false', 'yes'])), ca: scalar(pick(CERTS)), cert: scalar(pick(CERTS)), key: scalar(pick(CERTS)) }));
const flag = scalar(pick(['true', 'false', '1', 'x']));
const multipart = or(
  fc.array(
    fc.tuple(pick(['title', 'attachment', 'report']), fc.oneof(scalar(text), mapOf({ file: mapOf({ size: scalar(pick(SIZES)), name: scalar(text), contentType: scalar(pick(['text/csv', 'x', ''])) }) }))),
    { maxLength: 3 },
  ).map((map) => ({ map })),
);
const requestStep = mapOf({
  request: scalar(requestLine), name: scalar(text), headers: scalarMap, query: scalarMap, json: anyNode, body: scalar(text), form: scalarMap,
  multipart, timeout: scalar(duration), expect, capture,
  redirects: scalar(number), tls, http2: flag, cookies: scalarMap, auth: or(mapOf({ user: scalar(text), password: scalar(text) })), check: or(tests),
});
const thinkStep = mapOf({ think: scalar(duration), name: scalar(text) });
const sseStep = mapOf({ sse: scalar(requestLine), name: scalar(text), headers: scalarMap, until: or(mapOf({ events: scalar(number), timeout: scalar(duration) })), timeout: scalar(duration) });
const wsStep = mapOf({
  ws: scalar(pick(['/live', '/live?channel={{ token }}', 'wss://live.example.com/feed', 'ws://127.0.0.1:1/x', 'http://x', '', 'GET /live'])), name: scalar(text), headers: scalarMap,
  send: or(seqOf(fc.oneof(scalar(text), anyNode), 3)), until: or(mapOf({ messages: scalar(number), timeout: scalar(duration) })), timeout: scalar(duration), expect: or(mapOf({ contains: scalar(text) })),
});
const recordStep = mapOf({ record: or(fc.array(fc.tuple(pick(['cart_total', 'signups', 'latency', 'bad-name', '1x', '']), scalar(fc.oneof(number, text, template))), { maxLength: 3 }).map((map) => ({ map }))), name: scalar(text) });
const repeatCount = fc.oneof(scalar(number), scalar(pick(['"{{ pageSize }}"', '"{{ ids }}"', '"3"', 'three', '"{{ pageSize }} x"', '{{ pageSize }}'])), mapOf({ over: scalar(pick(['"{{ ids }}"', 'ids', '"[1, 2]"', '"{{ loop.value }}"', '3'])) }));
// Blocks hold steps, which may be blocks: recursion with a bounded depth (a request at the bottom).
const { steps } = fc.letrec<{ step: Node; steps: Node }>((tie) => ({
  step: or(fc.oneof(
    { maxDepth: 3, depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: requestStep }, { weight: 2, arbitrary: thinkStep }, { weight: 1, arbitrary: sseStep }, { weight: 1, arbitrary: wsStep }, { weight: 1, arbitrary: recordStep },
    { weight: 1, arbitrary: mapOf({ group: scalar(pick(['checkout', 'browse', '', 'a b'])), steps: tie('steps') }) },
    { weight: 1, arbitrary: mapOf({ repeat: repeatCount, name: scalar(text), steps: tie('steps') }) },
    { weight: 1, arbitrary: mapOf({ if: scalar(condition), name: scalar(text), steps: tie('steps'), else: tie('steps') }) },
  )),
  steps: or(seqOf(tie('step'), 4)),
}));
const phase = or(mapOf({ name: scalar(text), duration: scalar(duration), users: level, rate: level, maxUsers: scalar(number), iterations: scalar(number) }));
const flow = or(mapOf({ name: scalar(text), weight: scalar(number), steps }));
const criterion = or(fc.oneof({ weight: 3, arbitrary: scalar(expression) }, { weight: 1, arbitrary: mapOf({ expr: scalar(expression), abort: scalar(pick(['true', 'false', 'maybe'])), after: scalar(duration) }) }));
const alert = or(mapOf({ when: scalar(expression), for: scalar(duration), severity: scalar(pick(['warning', 'critical', 'info', 'x'])), abort: scalar(pick(['true', 'false', '1'])) }));

const scenarioTree = mapOf(
  {
    version: scalar(pick(['1', '2', '0', '"1"', '1.0'])),
    name: scalar(text),
    description: scalar(text),
    target: scalar(fc.oneof(pick(['http://127.0.0.1:4100', 'https://example.com', '"{{ env.TARGET }}"', '{{ env.TARGET }}', 'localhost:80', 'http://', '']), text)),
    defaults: or(mapOf({ headers: scalarMap, timeout: scalar(duration), think: scalar(duration), cookies: flag, redirects: scalar(number), tls, http2: flag })),
    variables: or(fc.array(fc.tuple(pick(NAMES), scalar(fc.oneof(text, number))), { maxLength: 4 }).map((map) => ({ map }))),
    data: or(fc.array(fc.tuple(pick(['users', 'products', 'nope']), mapOf({ file: scalar(pick(['users.csv', 'products.json', 'missing.csv', '../../../etc/passwd', '/etc/hostname', ''])), order: scalar(pick(['sequential', 'random', 'shuffled'])) })), { maxLength: 2 }).map((map) => ({ map }))),
    phases: or(seqOf(phase, 4)),
    setup: steps,
    flows: or(seqOf(flow, 3)),
    teardown: steps,
    criteria: or(seqOf(criterion, 4)),
    alerts: or(seqOf(alert, 2)),
    monitor: or(mapOf({ interval: scalar(duration), system: scalar(pick(['true', 'false', 'x'])), process: scalar(pick(['true', 'false', '[]'])) })),
  },
  0.15,
);

/** How the emitter writes scalars: as they are, or always quoted (then the YAML is valid). */
function emit(node: Node, indent: number, quoteAll: boolean, out: string[], prefix: string): void {
  const pad = ' '.repeat(indent);
  const scalarText = (s: string) => (quoteAll ? JSON.stringify(s) : s);
  const inline = (n: Node): string => {
    if ('s' in n) return scalarText(n.s);
    if ('map' in n) return `{ ${n.map.map(([k, v]) => `${k}: ${inline(v)}`).join(', ')} }`;
    return `[${n.seq.map(inline).join(', ')}]`;
  };
  if ('s' in node || node.flow || ('map' in node && node.map.length === 0) || ('seq' in node && node.seq.length === 0)) {
    out.push(`${prefix}${inline(node)}`);
    return;
  }
  if ('map' in node) {
    node.map.forEach(([key, value], i) => {
      const head = i === 0 && prefix.trimStart().startsWith('-') ? prefix : pad;
      const k = quoteAll ? JSON.stringify(key) : key;
      if ('s' in value || value.flow || ('map' in value ? value.map.length === 0 : value.seq.length === 0)) emit(value, indent + 2, quoteAll, out, `${head}${k}: `);
      else {
        out.push(`${head}${k}:`);
        emit(value, indent + 2, quoteAll, out, ' '.repeat(indent + 2));
      }
    });
    return;
  }
  for (const item of node.seq) {
    if ('s' in item || item.flow) emit(item, indent + 2, quoteAll, out, `${pad}- `);
    else if ('map' in item && item.map.length > 0) emit(item, indent + 2, quoteAll, out, `${pad}- `);
    else emit(item, indent + 2, quoteAll, out, `${pad}- `);
  }
}

export function writeYaml(node: Node, quoteAll: boolean): string {
  const out: string[] = [];
  if ('map' in node && !node.flow) emit(node, 0, quoteAll, out, '');
  else emit(node, 0, quoteAll, out, '');
  return `${out.join('\n')}\n`;
}

/** (a) A structured scenario: the schema's keys with valid and invalid values, as YAML text. */
export const structuredScenario: fc.Arbitrary<string> = fc
  .tuple(scenarioTree, fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([tree, dice]) => writeYaml(tree, dice < 0.25));

// ---------------------------------------------------------------------------------------------
// (b) Mutations of the real samples.

export interface Sample {
  name: string;
  text: string;
}

export function loadSamples(): Sample[] {
  const files = [
    join(ROOT, 'samples/quickstart.scenario.yaml'),
    join(ROOT, 'test/fixtures/scenarios/full.scenario.yaml'),
    ...readdirSync(join(ROOT, 'samples/gallery')).filter((f) => f.endsWith('.scenario.yaml')).sort().map((f) => join(ROOT, 'samples/gallery', f)),
  ];
  return files.map((file) => ({ name: file.slice(ROOT.length + 1), text: readFileSync(file, 'utf8') }));
}

const INJECT = ['{{', '}}', '[', ']', '{', '}', ':', ': ', '\t', '\t\t', '- ', '#', '"', "'", '&x ', '*x', '!!binary ', '|', '>-', '\r', '\r\n', '\n', '\u00a0', '\u2028', '\ufeff', 'é', '💥', '\u0301', '\u0000', '𝔘', '99999999999999999999999999', '1e400', '-1', '0', '{{ x', '{{ data.', '{{ random.int(', '  ', '---\n', '...\n', '? ', '<<: *x', '%YAML 1.2\n'];

export type Mutation =
  | { op: 'delete'; line: number }
  | { op: 'duplicate'; line: number }
  | { op: 'swap'; line: number; other: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'truncate'; at: number }
  | { op: 'indent'; line: number; delta: number }
  | { op: 'number'; nth: number; value: string };

const position = fc.nat({ max: 1_000_000 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), line: position }),
  fc.record({ op: fc.constant('duplicate' as const), line: position }),
  fc.record({ op: fc.constant('swap' as const), line: position, other: position }),
  { weight: 4, arbitrary: fc.record({ op: fc.constant('insert' as const), at: position, text: fc.oneof({ weight: 3, arbitrary: pick(INJECT) }, { weight: 1, arbitrary: fc.string({ maxLength: 4, unit: 'binary' }) }) }) },
  fc.record({ op: fc.constant('truncate' as const), at: position }),
  { weight: 2, arbitrary: fc.record({ op: fc.constant('indent' as const), line: position, delta: fc.integer({ min: -4, max: 4 }) }) },
  fc.record({ op: fc.constant('number' as const), nth: position, value: pick(['99999999999999999999999', '1e309', '-1', '0', '1.5', '9007199254740993', '.nan', '-0', 'NaN', '1e-400']) }),
);

export function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const lines = out.split('\n');
    switch (m.op) {
      case 'delete':
        lines.splice(m.line % lines.length, 1);
        out = lines.join('\n');
        break;
      case 'duplicate': {
        const i = m.line % lines.length;
        lines.splice(i, 0, lines[i]);
        out = lines.join('\n');
        break;
      }
      case 'swap': {
        const i = m.line % lines.length;
        const j = m.other % lines.length;
        [lines[i], lines[j]] = [lines[j], lines[i]];
        out = lines.join('\n');
        break;
      }
      case 'insert': {
        const at = m.at % (out.length + 1);
        out = out.slice(0, at) + m.text + out.slice(at);
        break;
      }
      case 'truncate':
        out = out.slice(0, m.at % (out.length + 1));
        break;
      case 'indent': {
        const i = m.line % lines.length;
        lines[i] = m.delta >= 0 ? ' '.repeat(m.delta) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-m.delta}}`), '');
        out = lines.join('\n');
        break;
      }
      case 'number': {
        const numbers = [...out.matchAll(/\b\d+(\.\d+)?\b/g)];
        if (numbers.length === 0) break;
        const hit = numbers[m.nth % numbers.length];
        out = out.slice(0, hit.index) + m.value + out.slice((hit.index ?? 0) + hit[0].length);
        break;
      }
    }
  }
  return out;
}

export function mutatedSample(samples: readonly Sample[]): fc.Arbitrary<{ sample: string; text: string; mutations: Mutation[] }> {
  return fc
    .tuple(fc.nat({ max: samples.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }))
    .map(([index, mutations]) => ({ sample: samples[index].name, text: mutate(samples[index].text, mutations), mutations }));
}

/** A cursor somewhere in (or, sometimes, beyond) the text. */
export const cursor = fc.tuple(fc.nat({ max: 1_000_000 }), fc.nat({ max: 1_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }));

// ---------------------------------------------------------------------------------------------
// (a') Structured scenarios from valid values only: most of them have no error, so the
// normalizer runs and "zero errors ⇒ a scenario" is exercised.

const V_DURATION = ['1s', '30s', '1m', '1m30s', '500ms', '2m', '10s'];
const V_THINK = ['1s', '100ms', '500ms..2s', '0s', '"{{ think }}"'];
const V_PATH = ['/', '/items', '/items?limit={{ pageSize }}', '/collections/{{ collectionId }}/items', '/auth/login', 'https://status.example.com/health'];
const V_CRITERIA = ['p95(latency) < 250ms', 'errorRate < 1%', 'p99(latency, step=login) <= 800ms', 'p90(latency, flow=browse) < 400ms', 'rps >= 40', 'requests > 1000', 'errors < 50', 'dropped <= 0', 'checks >= 99%', 'p95(duration, group=checkout) < 2s', 'count(cart_total) >= 1'];
/** What a criterion names must exist: its step, flow, group or custom metric. */
const V_NEEDS: Record<string, string> = { 'step=login': '  name: login', 'flow=browse': '- name: browse', 'group=checkout': '- group: checkout', cart_total: 'record: { cart_total' };
const indentLines = (lines: string[], by: number) => lines.map((l) => ' '.repeat(by) + l);

const vLevel = fc.oneof(fc.integer({ min: 0, max: 200 }).map(String), fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 })).map(([a, b]) => `{ from: ${a}, to: ${b} }`));
const vPhase = fc.tuple(fc.option(pick(['ramp', 'steady', 'down', 'peak'])), pick(V_DURATION), fc.boolean(), vLevel, fc.option(fc.integer({ min: 1, max: 500 })))
  .map(([name, duration, closed, level, max]) => [
    `- duration: ${duration}`, ...(name ? [`  name: ${name}`] : []), `  ${closed ? 'users' : 'rate'}: ${level}`, ...(max ? [closed ? `  iterations: ${max}` : `  maxUsers: ${max}`] : []),
  ]);
const V_SESSION = ['  redirects: 0', '  cookies: { consent: "yes" }', '  http2: true', '  tls: { insecure: true }', '  auth: { user: ann, password: "{{ env.PASSWORD }}" }', '  check: { status: 200, json: { "items[*].id": [1, 2] }, matches: \'"id":\\s*\\d+\' }'];
const vLeaf = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']), pick(V_PATH), fc.option(pick(['login', 'list', 'write'])), fc.boolean(), fc.boolean(), fc.subarray(V_SESSION, { maxLength: 2 }))
      .map(([m, p, name, cap, exp, session]) => [`- request: ${m} ${p}`, ...(name ? [`  name: ${name}`] : []), ...(cap ? ['  capture:', '    token: body.token', '    sid: cookies.sid'] : []), ...(exp ? ['  expect: { status: [200, 201], headers: { content-type: json } }'] : []), '  headers: { authorization: "Bearer {{ token }}" }', ...session]) },
  { weight: 1, arbitrary: pick(V_THINK).map((t) => [`- think: ${t}`]) },
  { weight: 1, arbitrary: pick(['/events?channel=a', '/events']).map((p) => [`- sse: GET ${p}`, '  until: { events: 5, timeout: 10s }']) },
  { weight: 1, arbitrary: pick(['/live', '/live?channel={{ token }}']).map((p) => [`- ws: ${p}`, '  send: [ hello, { ping: "{{ vu.id }}" } ]', '  until: { messages: 3, timeout: 5s }']) },
  { weight: 1, arbitrary: fc.constant(['- record: { cart_total: "{{ pageSize }}", fixed: 3 }']) },
);
const vLeaves = fc.array(vLeaf, { minLength: 1, maxLength: 2 }).map((leaves) => indentLines(leaves.flat(), 4));
const vBlock = fc.oneof(
  vLeaves.map((inner) => ['- group: checkout', '  steps:', ...inner]),
  fc.tuple(pick(['2', '"{{ pageSize }}"', '{ over: "{{ ids }}" }']), vLeaves).map(([count, inner]) => [`- repeat: ${count}`, '  steps:', '    - request: GET /items/{{ loop.index }}', ...inner]),
  fc.tuple(vLeaves, fc.option(vLeaves)).map(([then, otherwise]) => ['- if: "pageSize > 2 and not defined(token)"', '  steps:', ...then, ...(otherwise ? ['  else:', ...otherwise] : [])]),
);
const vStep = fc.oneof({ weight: 4, arbitrary: vLeaf }, { weight: 1, arbitrary: vBlock });
const vFlow = fc.tuple(pick(['browse', 'write', 'login', 'mixed']), fc.integer({ min: 1, max: 5 }), fc.array(vStep, { minLength: 1, maxLength: 4 }))
  .map(([name, weight, steps]) => [`- name: ${name}`, `  weight: ${weight}`, '  steps:', ...indentLines(steps.flat(), 4)]);

export const validScenario: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(vPhase, { minLength: 1, maxLength: 4 }), fc.uniqueArray(vFlow, { minLength: 1, maxLength: 2, selector: (lines) => lines[0] }), fc.subarray(V_CRITERIA),
    fc.boolean(), fc.boolean(), fc.option(fc.array(vStep, { minLength: 1, maxLength: 2 })),
  )
  .map(([phases, flows, written, defaults, flowStyle, setup]) => {
    const body = [...flows.flat(), ...(setup ?? []).flat()].join('\n');
    const criteria = written.filter((c) => Object.entries(V_NEEDS).every(([name, needs]) => !c.includes(name) || body.includes(needs)));
    return [
    'version: 1',
    'name: generated',
    'target: http://127.0.0.1:4100',
    ...(defaults ? ['defaults:', '  headers: { accept: application/json }', '  timeout: 5s', '  think: 100ms..300ms', '  cookies: true', '  redirects: 5', '  http2: false'] : []),
    'variables:', '  pageSize: 20', '  collectionId: c1', '  token: t', '  think: 1s', '  ids: "[1, 2]"',
    'phases:', ...indentLines(phases.flat(), 2),
    ...(setup ? ['setup:', ...indentLines(setup.flat(), 2)] : []),
    'flows:', ...indentLines(flows.flat(), 2),
    ...(criteria.length ? (flowStyle ? [`criteria: [${criteria.map((c) => JSON.stringify(c)).join(', ')}]`] : ['criteria:', ...criteria.map((c) => `  - ${c}`)]) : []),
    '',
    ].join('\n');
  });
