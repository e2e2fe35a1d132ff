// What a Postman test script says that a scenario can say too, read from its text (never run):
// the values it keeps for later requests (`pm.environment.set('token', pm.response.json().token)`,
// also through a variable holding the parsed body, as `var user = JSON.parse(responseBody).user`)
// become captures, and its status checks (`pm.response.to.have.status(200)`,
// `pm.expect(pm.response.code).to.eql(201)`, `tests[…] = responseCode.code === 200`) become
// `expect.status`. Every other line is counted and shown as not translated.

export interface ScriptFacts {
  /** Postman variable name → capture source (`body.user.token`, `headers.location`, `status`). */
  captures: Record<string, string>;
  statuses: number[];
  /** Body path (without `body.`) → the value a check wants there: `expect.json`. */
  json: Record<string, string | number | boolean>;
  /** `pm.expect(pm.response.responseTime).to.be.below(N)`: `expect.maxLatency`. */
  maxLatencyMs?: number;
  /** The script's lines that do something else, trimmed. */
  leftover: string[];
}

const ACCESSORS = String.raw`((?:\s*(?:\.[A-Za-z_$][\w$]*|\[\s*\d+\s*\]|\[\s*'[^']*'\s*\]|\[\s*"[^"]*"\s*\]))*)`;
const BODY_HEADS = [String.raw`pm\.response\.json\(\s*\)`, String.raw`JSON\.parse\(\s*(?:responseBody|pm\.response\.text\(\s*\))\s*\)`];
const SETTER = /^(?:pm\.(?:environment|globals|collectionVariables|variables)\.set|postman\.set(?:Environment|Global)Variable)\(\s*(['"])(.+?)\1\s*,\s*(.+?)\s*\)\s*;?$/;
const ALIAS = /^(?:(?:var|let|const)\s+)?([A-Za-z_$][\w$]*)\s*=\s*(.+?)\s*;?$/;
const STATUS_CALLS = [
  /^pm\.response\.to\.have\.status\(\s*(\d{3})\s*\)/,
  /pm\.expect\(\s*(?:pm\.response\.code|responseCode\.code)\s*\)\.to\.(?:eql|equal|eq|equals|be\.equal)\(\s*(\d{3})\s*\)/,
  /pm\.expect\(\s*(?:pm\.response\.code|responseCode\.code)\s*\)\.to\.be\.oneOf\(\s*\[([\d\s,]+)\]\s*\)/,
  /^tests\[[^\]]+\]\s*=\s*\(?\s*(?:responseCode\.code|pm\.response\.code)\s*===?\s*(\d{3})\s*\)?\s*;?$/,
];
const STATUS_COMPARISON = /^\(?\s*(?:responseCode\.code|pm\.response\.code)\s*===?\s*(\d{3})\s*\)?$/;
/** Lines that only hold the script together: braces, `pm.test(…, function () {`, an `if (…) {`. */
const STRUCTURE = /^(?:[{}()\s;,]*|pm\.test\(.*(?:function\s*\(\s*\)|\(\s*\)\s*=>)\s*\{|(?:\}\s*else\s*)?if\s*\(.*\)\s*\{|\}\s*else\s*\{)$/;

export function readTestScript(source: string): ScriptFacts {
  const facts: ScriptFacts = { captures: {}, statuses: [], json: {}, leftover: [] };
  const aliases = new Map<string, string>();
  const statusAliases = new Map<string, number>();
  for (const raw of source.split(/\r?\n/)) {
    const line = withoutComment(raw).trim();
    if (STRUCTURE.test(line)) continue;
    if (readAlias(line, aliases, statusAliases) || readSetter(line, aliases, facts) || readStatus(line, statusAliases, facts) || readBodyCheck(line, aliases, facts)) continue;
    facts.leftover.push(line);
  }
  return facts;
}

/** The script's lines that are more than structure and comments (a pre-request script is all leftover). */
export function meaningfulLines(source: string): string[] {
  return source
    .split(/\r?\n/)
    .map((raw) => withoutComment(raw).trim())
    .filter((line) => !STRUCTURE.test(line));
}

function readAlias(line: string, aliases: Map<string, string>, statusAliases: Map<string, number>): boolean {
  const match = ALIAS.exec(line);
  if (!match) return false;
  const [, name, expr] = match;
  const comparison = STATUS_COMPARISON.exec(expr);
  if (comparison) {
    statusAliases.set(name, Number(comparison[1]));
    return true;
  }
  const source = captureSource(expr, aliases);
  if (source === undefined) return false;
  aliases.set(name, source);
  return true;
}

function readSetter(line: string, aliases: ReadonlyMap<string, string>, facts: ScriptFacts): boolean {
  const match = SETTER.exec(line);
  if (!match) return false;
  const source = captureSource(match[3], aliases);
  if (source === undefined) return false;
  facts.captures[match[2]] = source;
  return true;
}

function readStatus(line: string, statusAliases: ReadonlyMap<string, number>, facts: ScriptFacts): boolean {
  if (/^pm\.response\.to\.be\.ok\s*;?$/.test(line)) return addStatus(facts, [200]);
  const latency = /^pm\.expect\(\s*pm\.response\.responseTime\s*\)\.to\.be\.(?:below|lessThan)\(\s*(\d+)\s*\)\s*;?$/.exec(line);
  if (latency) {
    facts.maxLatencyMs = Number(latency[1]);
    return true;
  }
  for (const pattern of STATUS_CALLS) {
    const match = pattern.exec(line);
    if (match) return addStatus(facts, match[1].split(',').map((code) => Number(code.trim())));
  }
  const viaAlias = /^tests\[[^\]]+\]\s*=\s*([A-Za-z_$][\w$]*)\s*;?$/.exec(line);
  const code = viaAlias ? statusAliases.get(viaAlias[1]) : undefined;
  return code === undefined ? false : addStatus(facts, [code]);
}

/** `pm.expect(pm.response.json().state).to.eql("paid")`: a field's expected value. */
function readBodyCheck(line: string, aliases: ReadonlyMap<string, string>, facts: ScriptFacts): boolean {
  const match = /^pm\.expect\(\s*(.+?)\s*\)\.to\.(?:eql|equal|eq|equals|be\.equal)\(\s*('[^']*'|"[^"]*"|-?\d+(?:\.\d+)?|true|false)\s*\)\s*;?$/.exec(line);
  const source = match ? captureSource(match[1], aliases) : undefined;
  if (!match || !source?.startsWith('body.')) return false;
  const literal = match[2];
  facts.json[source.slice('body.'.length)] = /^['"]/.test(literal) ? literal.slice(1, -1) : (JSON.parse(literal) as number | boolean);
  return true;
}

function addStatus(facts: ScriptFacts, codes: number[]): true {
  for (const code of codes) if (!facts.statuses.includes(code)) facts.statuses.push(code);
  return true;
}

/** `pm.response.json().a[0].b`, `alias.b`, a header or the status, as a capture source. */
function captureSource(expr: string, aliases: ReadonlyMap<string, string>): string | undefined {
  const text = expr.replace(/\s*\|\|\s*(?:\{\s*\}|\[\s*\])\s*$/, '').trim();
  if (/^(?:pm\.response\.code|responseCode\.code)$/.test(text)) return 'status';
  const header = /^(?:pm\.response\.headers\.get|postman\.getResponseHeader)\(\s*(['"])(.+?)\1\s*\)$/.exec(text);
  if (header) return `headers.${header[2].toLowerCase()}`;
  const cookie = /^pm\.cookies\.get\(\s*(['"])(.+?)\1\s*\)$/.exec(text);
  if (cookie) return `cookies.${cookie[2]}`;
  for (const head of BODY_HEADS) {
    const match = new RegExp(`^${head}${ACCESSORS}$`).exec(text);
    if (match) return withPath('body', match[1]);
  }
  const alias = new RegExp(`^([A-Za-z_$][\\w$]*)${ACCESSORS}$`).exec(text);
  const base = alias ? aliases.get(alias[1]) : undefined;
  if (!alias || base === undefined || (!base.startsWith('body') && alias[2].trim() !== '')) return undefined;
  return withPath(base, alias[2]);
}

/** `body` + `.a["b c"][0]`; undefined keys a capture path cannot hold are refused upstream by the validator. */
function withPath(base: string, accessors: string): string | undefined {
  let path = base;
  for (const match of accessors.matchAll(/\.([A-Za-z_$][\w$]*)|\[\s*(\d+)\s*\]|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]/g)) {
    const key = match[1] ?? match[3] ?? match[4];
    if (key === undefined) path += `[${match[2]}]`;
    else if (/^[^.[\]\s]+$/.test(key)) path += `.${key}`;
    else return undefined;
  }
  return path;
}

function withoutComment(line: string): string {
  return line.replace(/(^|\s)\/\/.*$/, '$1');
}
