// Keys that newcomers bring from Artillery and k6, and what Stampede calls the same thing: one
// table, read by the foreign-keys rule (a diagnostic at the key, with a quick fix where a rename
// is the whole fix), which also tells the schema check to stay quiet about the same key. Every
// replacement is written in the terms of the scenario format contract.
import {
  artilleryCriteria, criteriaExample, inline, isRecord, jsonPathSource, k6Criteria, seconds, secondsOf,
} from './foreign-values';

/** Where a key sits; a key is foreign only where the table says so. */
export type Place = 'top' | 'defaults' | 'phase' | 'flow' | 'step' | 'request' | 'expect' | 'capture' | 'dataSet' | 'multipartField';

export interface ForeignUse {
  place: Place;
  key: string;
  value: unknown;
  /** The mapping that holds the key, as plain data. */
  owner: Record<string, unknown>;
  /** The mapping is an item of a list where Stampede has one mapping (`expect: - statusCode: 200`). */
  inList: boolean;
}

export interface ForeignKey {
  keys: readonly string[];
  tool: 'Artillery' | 'k6';
  places: readonly Place[];
  when?(use: ForeignUse): boolean;
  /** What to write instead, ending the sentence "in Stampede, …". */
  instead(use: ForeignUse): string;
  /** The key Stampede uses, when renaming the key is the whole fix (offered as a quick fix). */
  rename?(use: ForeignUse): string | undefined;
  /** Keys whose absence the schema would report, that this key was written in place of. */
  explainsMissing?: readonly string[];
}

/** In `explainsMissing`: the key was meant as a kind of step (`loop` for `repeat`). */
export const A_STEP_KIND = '(a step kind)';
const LOAD_MODEL = ['users', 'rate'];
const NO_JAVASCRIPT = 'there is no JavaScript: values come from templates (`{{ random.uuid() }}`, `{{ data.SET.COLUMN }}`) and captures';

const has = (use: ForeignUse, key: string) => Object.hasOwn(use.owner, key);
const durationOf = (use: ForeignUse) => seconds(use.owner.duration) ?? '30s';

export const FOREIGN_KEYS: readonly ForeignKey[] = [
  // ---- the top level (Artillery's `config:` is read as the top level too) ----
  { keys: ['config'], tool: 'Artillery', places: ['top'], explainsMissing: ['phases'],
    instead: () => 'its keys (`target`, `phases`, `variables`, `defaults`) sit at the top level, with `flows` beside them' },
  { keys: ['scenarios'], tool: 'Artillery', places: ['top'], when: (u) => Array.isArray(u.value), explainsMissing: ['flows'],
    rename: () => 'flows', instead: () => 'write `flows:`, a list of `{ name, weight, steps }` (each scenario\'s `flow` becomes `steps`)' },
  { keys: ['scenarios'], tool: 'k6', places: ['top'], when: (u) => isRecord(u.value), explainsMissing: ['flows', 'phases'],
    instead: () => 'the load is `phases` (`users` or `rate` over a `duration`) and what each user does is `flows` (`{ name, steps }`)' },
  { keys: ['before', 'after'], tool: 'Artillery', places: ['top'],
    instead: (u) => `write \`${u.key === 'before' ? 'setup' : 'teardown'}:\`, a list of steps run once ${u.key === 'before' ? 'before the first phase' : 'after the last phase'}` },
  { keys: ['payload'], tool: 'Artillery', places: ['top'],
    instead: (u) => `write \`data: { rows: { file: ${inline(payloadPath(u.value) ?? 'users.csv')} } }\` and read a column as \`{{ data.rows.COLUMN }}\` (the file's header row names the columns)` },
  { keys: ['ensure'], tool: 'Artillery', places: ['top'],
    instead: (u) => `write \`${criteriaExample(artilleryCriteria(u.value))}\`` },
  { keys: ['thresholds'], tool: 'k6', places: ['top'],
    instead: (u) => `write \`${criteriaExample(k6Criteria(u.value))}\` (expressions over \`latency\`, \`errorRate\`, \`rps\`, \`requests\`)` },
  { keys: ['stages'], tool: 'k6', places: ['top', 'phase'], explainsMissing: ['phases', ...LOAD_MODEL, 'duration'],
    instead: (u) => `each stage is a phase: \`phases: [${stagePhase(u.value)}]\`` },
  { keys: ['vus'], tool: 'k6', places: ['top'], explainsMissing: ['phases'],
    instead: (u) => `users are set per phase: \`phases: [{ duration: ${durationOf(u)}, users: ${inline(u.value)} }]\`` },
  { keys: ['duration'], tool: 'k6', places: ['top'], explainsMissing: ['phases'],
    instead: (u) => `a run lasts as long as its phases: \`phases: [{ duration: ${seconds(u.value) ?? '30s'}, users: ${inline(u.owner.vus ?? 10)} }]\`` },
  { keys: ['iterations'], tool: 'k6', places: ['top'], explainsMissing: ['phases'],
    instead: (u) => `a closed phase takes \`iterations\`, run by each user (k6 shares them among its VUs): \`phases: [{ users: ${inline(u.owner.vus ?? 1)}, iterations: ${perUser(u)} }]\`` },
  { keys: ['insecureSkipTLSVerify'], tool: 'k6', places: ['top', 'defaults'],
    instead: () => 'write `defaults: { tls: { insecure: true } }` (accepts any certificate)' },
  { keys: ['tlsAuth'], tool: 'k6', places: ['top', 'defaults'],
    instead: () => 'a client certificate is `defaults: { tls: { cert: client.pem, key: client-key.pem } }`' },
  { keys: ['tls'], tool: 'Artillery', places: ['top'],
    instead: () => 'TLS settings sit in `defaults`: `defaults: { tls: { insecure: true } }` accepts any certificate' },
  { keys: ['http'], tool: 'Artillery', places: ['top'],
    instead: (u) => `HTTP settings sit in \`defaults\`: \`defaults: { timeout: ${(isRecord(u.value) && seconds(u.value.timeout)) || '10s'}, redirects: 10 }\`` },
  { keys: ['maxRedirects'], tool: 'k6', places: ['top', 'defaults'], rename: (u) => (u.place === 'defaults' ? 'redirects' : undefined),
    instead: (u) => `write \`defaults: { redirects: ${inline(u.value)} }\`` },
  { keys: ['userAgent'], tool: 'k6', places: ['top', 'defaults'],
    instead: (u) => `write \`defaults: { headers: { user-agent: ${inline(u.value)} } }\`` },
  { keys: ['rps'], tool: 'k6', places: ['top'],
    instead: () => 'the pace is set per phase: `rate: N` starts N flow iterations per second (the open model)' },
  { keys: ['processor', 'plugins'], tool: 'Artillery', places: ['top'],
    instead: () => `${NO_JAVASCRIPT}, and \`expect\` is built into every request` },
  { keys: ['environments'], tool: 'Artillery', places: ['top'],
    instead: () => 'write `target: "{{ env.TARGET }}"`, or pass `--target URL` and `--var NAME=VALUE` to `stampede run`' },
  { keys: ['maxVusers'], tool: 'Artillery', places: ['top'],
    instead: () => '`maxUsers` caps each open-model phase: write it in the phase, beside `rate`' },

  // ---- a phase (k6's scenarios are read as phases too) ----
  { keys: ['arrivalRate'], tool: 'Artillery', places: ['phase'], explainsMissing: LOAD_MODEL,
    rename: (u) => (has(u, 'rampTo') ? undefined : 'rate'),
    instead: (u) => has(u, 'rampTo')
      ? `it and \`rampTo\` make one ramp: \`rate: { from: ${inline(u.value)}, to: ${inline(u.owner.rampTo)} }\` (flow iterations started per second)`
      : `write \`rate: ${inline(u.value)}\` (flow iterations started per second: the open model)` },
  { keys: ['rampTo'], tool: 'Artillery', places: ['phase'], explainsMissing: LOAD_MODEL,
    instead: (u) => has(u, 'arrivalRate')
      ? `it and \`arrivalRate\` make one ramp: \`rate: { from: ${inline(u.owner.arrivalRate)}, to: ${inline(u.value)} }\` (flow iterations started per second)`
      : `a ramp of the arrival rate is \`rate: { to: ${inline(u.value)} }\` (from where the previous phase ended)` },
  { keys: ['arrivalCount'], tool: 'Artillery', places: ['phase'], explainsMissing: LOAD_MODEL,
    instead: (u) => `the open model counts per second: write \`rate: ${arrivalsPerSecond(u)}\` (arrivals / duration)` },
  { keys: ['maxVusers'], tool: 'Artillery', places: ['phase'], rename: () => 'maxUsers', instead: () => 'write `maxUsers`' },
  { keys: ['pause'], tool: 'Artillery', places: ['phase'], explainsMissing: [...LOAD_MODEL, 'duration'],
    instead: (u) => `a pause is a phase with no new arrivals: \`{ duration: ${seconds(u.value) ?? '10s'}, rate: 0 }\`` },
  { keys: ['vus'], tool: 'k6', places: ['phase'], explainsMissing: LOAD_MODEL, rename: () => 'users',
    instead: (u) => `write \`users: ${inline(u.value)}\` (concurrent virtual users: the closed model)` },
  { keys: ['target'], tool: 'k6', places: ['phase'], explainsMissing: LOAD_MODEL,
    instead: (u) => `a stage's target is the level the phase ramps to: \`${arrivalExecutor(u) ? 'rate' : 'users'}: { to: ${inline(u.value)} }\`` },
  { keys: ['executor'], tool: 'k6', places: ['phase'], explainsMissing: LOAD_MODEL,
    instead: (u) => arrivalExecutor(u)
      ? 'the open model is `rate: N` (iterations started per second), a ramp `rate: { from: A, to: B }`'
      : 'the closed model is `users: N`, a ramp `users: { from: A, to: B }`; `iterations: N` runs N per user' },
  { keys: ['startVUs'], tool: 'k6', places: ['phase'], explainsMissing: LOAD_MODEL,
    instead: (u) => `write \`users: { from: ${inline(u.value)}, to: N }\`` },
  { keys: ['startRate'], tool: 'k6', places: ['phase'], explainsMissing: LOAD_MODEL,
    instead: (u) => `write \`rate: { from: ${inline(u.value)}, to: N }\` (per second)` },
  { keys: ['maxVUs'], tool: 'k6', places: ['phase'], rename: () => 'maxUsers', instead: () => 'write `maxUsers`' },
  { keys: ['preAllocatedVUs'], tool: 'k6', places: ['phase'],
    instead: () => 'users start as the arrivals need them; leave it out (`maxUsers` caps them)' },
  { keys: ['timeUnit'], tool: 'k6', places: ['phase'],
    instead: () => '`rate` is always per second: divide by the time unit (`rate: 60` per `1m` is `rate: 1`)' },
  { keys: ['exec'], tool: 'k6', places: ['phase'],
    instead: () => 'every phase runs the `flows`, each iteration picking one by `weight`' },

  // ---- a flow (Artillery's scenarios are read as flows) ----
  { keys: ['flow'], tool: 'Artillery', places: ['flow'], explainsMissing: ['steps'], rename: () => 'steps', instead: () => 'write `steps`' },
  { keys: ['engine'], tool: 'Artillery', places: ['flow'],
    instead: () => 'a WebSocket is a step of the flow: `- ws: /path`, with `send` and `until`' },
  { keys: ['beforeScenario', 'afterScenario', 'beforeRequest', 'afterResponse', 'function'], tool: 'Artillery', places: ['flow', 'step', 'request'],
    explainsMissing: [A_STEP_KIND], instead: () => NO_JAVASCRIPT },

  // ---- a step ----
  { keys: ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'], tool: 'Artillery', places: ['step'], explainsMissing: [A_STEP_KIND],
    instead: (u) => `write \`- request: ${u.key.toUpperCase()} ${requestPath(u.value)}\`, with \`json\`, \`headers\`, \`capture\`, \`expect\` beside it` },
  { keys: ['loop'], tool: 'Artillery', places: ['step'], explainsMissing: [A_STEP_KIND],
    instead: (u) => `write a \`repeat\` block: \`- repeat: ${repeatValue(u)}\` with the steps under \`steps:\`; inside, \`{{ loop.index }}\` counts from 0${has(u, 'over') ? ' and `{{ loop.value }}` is the item (Artillery\'s `$loopElement`)' : ''}` },
  { keys: ['ifTrue'], tool: 'Artillery', places: ['step', 'request'], explainsMissing: [A_STEP_KIND],
    instead: (u) => `write an \`if\` block: \`- if: ${JSON.stringify(typeof u.value === 'string' ? u.value : "role == 'admin'")}\` with the steps under \`steps:\` (\`==\` \`!=\` \`<\` \`>\`, \`and\`, \`or\`, \`not\`, \`defined(NAME)\`)` },
  { keys: ['log'], tool: 'Artillery', places: ['step'], explainsMissing: [A_STEP_KIND],
    instead: () => 'there is no log step: `expect` checks a response, and the report lists each step\'s status codes and errors' },
  { keys: ['parallel'], tool: 'Artillery', places: ['step'], explainsMissing: [A_STEP_KIND],
    instead: () => 'a user runs its steps in order; more concurrency is more `users` (or a higher `rate`)' },
  { keys: ['sleep'], tool: 'k6', places: ['step'], explainsMissing: [A_STEP_KIND],
    instead: (u) => `write \`- think: ${seconds(u.value) ?? '1s'}\` (or a range such as \`500ms..2s\`)` },
  { keys: ['connect'], tool: 'Artillery', places: ['step'], explainsMissing: [A_STEP_KIND],
    instead: () => 'a WebSocket is a `ws` step: `- ws: /path` (`ws://` from an http target, `wss://` from https)' },
  { keys: ['send', 'emit'], tool: 'Artillery', places: ['step'], when: (u) => !has(u, 'ws'), explainsMissing: [A_STEP_KIND],
    instead: () => 'messages are sent by a `ws` step: `- ws: /path` with `send: [ … ]` (a mapping is sent as JSON)' },

  // ---- a request's keys ----
  { keys: ['qs'], tool: 'Artillery', places: ['request'], rename: () => 'query', instead: () => 'write `query`' },
  { keys: ['formData'], tool: 'Artillery', places: ['request'], rename: () => 'multipart',
    instead: () => 'write `multipart` (a field is text, or a file: `{ file: { path: ./logo.png } }`)' },
  { keys: ['cookie'], tool: 'Artillery', places: ['request'], rename: () => 'cookies', instead: () => 'write `cookies` (sent beside the user\'s cookie jar)' },
  { keys: ['followRedirect'], tool: 'Artillery', places: ['request', 'defaults'],
    instead: (u) => (u.value === false ? 'write `redirects: 0` (never follow)' : 'write `redirects: 10`, the most hops to follow (10 is the default)') },

  // ---- expectations (Artillery writes a list of one-key mappings) ----
  { keys: ['statusCode'], tool: 'Artillery', places: ['expect'], rename: (u) => (u.inList ? undefined : 'status'),
    instead: (u) => `write \`expect: { status: ${inline(u.value)} }\`` },
  { keys: ['contentType'], tool: 'Artillery', places: ['expect'],
    instead: (u) => `write \`expect: { headers: { content-type: ${inline(u.value)} } }\` (a substring of the header)` },
  { keys: ['matchesRegexp'], tool: 'Artillery', places: ['expect'], rename: (u) => (u.inList ? undefined : 'matches'),
    instead: (u) => `write \`expect: { matches: ${inline(u.value)} }\`` },

  // ---- captures: Artillery's `{ json: "$.id", as: id }` ----
  { keys: ['json', 'header', 'regexp'], tool: 'Artillery', places: ['capture'], when: (u) => has(u, 'as'),
    instead: (u) => `a capture is \`NAME: SOURCE\`: write \`capture: { ${captureText(u)} }\`` },
  { keys: ['xpath', 'selector'], tool: 'Artillery', places: ['capture'], when: (u) => has(u, 'as'),
    instead: () => 'a capture is `NAME: SOURCE`, from a JSON body (`body.PATH`), a header (`headers.NAME`) or a regex (`{ regex: PATTERN, from: body }`)' },

  // ---- a data set (Artillery's payload) and a multipart field ----
  { keys: ['path'], tool: 'Artillery', places: ['dataSet'], explainsMissing: ['file'], rename: () => 'file', instead: () => 'write `file`' },
  { keys: ['fields'], tool: 'Artillery', places: ['dataSet'],
    instead: () => 'the file\'s header row names the columns: `{{ data.SET.COLUMN }}`' },
  { keys: ['skipHeader'], tool: 'Artillery', places: ['dataSet'], instead: () => 'a CSV file\'s first row is always its header row' },
  { keys: ['fromFile'], tool: 'Artillery', places: ['multipartField'], explainsMissing: ['file'],
    instead: (u) => `a file from disk is \`{ file: { path: ${inline(u.value)} } }\` (relative to the scenario)` },
];

/** The table entry for `key` at `place`, if it is foreign there. */
export function foreignKey(place: Place, use: ForeignUse): ForeignKey | undefined {
  return FOREIGN_KEYS.find((entry) => entry.places.includes(place) && entry.keys.includes(use.key) && (entry.when?.(use) ?? true));
}

/** The whole message: which tool the key comes from and what Stampede writes. */
export function foreignMessage(entry: ForeignKey, use: ForeignUse): string {
  return `\`${use.key}\` is ${entry.tool}'s; in Stampede ${entry.instead(use)}`;
}

/** Artillery's capture, `{ json: "$.id", as: id }` (or a list of them). */
export function isArtilleryCapture(value: unknown): boolean {
  const items = Array.isArray(value) ? value : [value];
  return items.some((item) => isRecord(item) && 'as' in item);
}

function payloadPath(value: unknown): unknown {
  const first = Array.isArray(value) ? value[0] : value;
  return isRecord(first) ? first.path : undefined;
}

function stagePhase(stages: unknown): string {
  const first = Array.isArray(stages) && isRecord(stages[0]) ? stages[0] : {};
  return `{ duration: ${seconds(first.duration) ?? '30s'}, users: { to: ${inline(first.target ?? 20)} } }, …`;
}

function perUser(use: ForeignUse): string {
  const total = typeof use.value === 'number' ? use.value : undefined;
  const users = typeof use.owner.vus === 'number' && use.owner.vus > 0 ? use.owner.vus : 1;
  return total === undefined ? inline(use.value) : String(Math.ceil(total / users));
}

function arrivalsPerSecond(use: ForeignUse): string {
  const duration = secondsOf(use.owner.duration);
  if (typeof use.value !== 'number' || !duration) return 'N';
  return String(Math.round((use.value / duration) * 100) / 100);
}

function arrivalExecutor(use: ForeignUse): boolean {
  return typeof use.owner.executor === 'string' && use.owner.executor.includes('arrival-rate');
}

function requestPath(value: unknown): string {
  const url = isRecord(value) ? value.url : value;
  return typeof url === 'string' && url ? url : '/path';
}

function repeatValue(use: ForeignUse): string {
  if (typeof use.owner.over === 'string') return `{ over: "{{ ${use.owner.over} }}" }`;
  return typeof use.owner.count === 'number' ? String(use.owner.count) : '3';
}

function captureText(use: ForeignUse): string {
  const name = typeof use.owner.as === 'string' ? use.owner.as : 'NAME';
  if (use.key === 'json') return `${name}: ${jsonPathSource(use.value) ?? 'body.PATH'}`;
  if (use.key === 'header') return `${name}: headers.${typeof use.value === 'string' ? use.value.toLowerCase() : 'NAME'}`;
  return `${name}: { regex: ${JSON.stringify(String(use.value ?? ''))}, from: body }`;
}
