// Sizing through variables: in the fields that shape the load (phase durations and levels,
// weights, timeouts, think times, windows), a value written exactly as `"{{ name }}"` takes that
// variable's value — from `variables`, overridden by `--var` — before anything is checked. So
// `--var users=1000` turns one scenario into its small, medium and large variants without a copy.
// Everywhere else a template stays a string rendered per request, as the contract says.

const WHOLE_TEMPLATE = /^\{\{\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}$/;

type Container = Record<string, unknown> | unknown[];
type Path = (string | number)[];

/** What sizing did: fields it filled from a variable, and whole templates naming no variable. */
export interface SizingResult {
  resolved: { path: Path; value: unknown }[];
  unresolved: { path: Path; name: string }[];
}

/** The walk's state: the values it may use and what it has done so far. */
interface Walk {
  values: Map<string, unknown>;
  result: SizingResult;
}

/** A field's value, replaced when it is a whole template naming a known variable. */
function substitute(holder: Container, key: string | number, walk: Walk, at: Path): void {
  const current = (holder as Record<string | number, unknown>)[key];
  if (typeof current !== 'string') return;
  const match = WHOLE_TEMPLATE.exec(current.trim());
  if (!match) return;
  const path = [...at, key];
  // A variable may name another (`users: "{{ base }}"`); a chain that ends nowhere, or loops, is
  // an error at the field.
  let name = match[1];
  let value: unknown;
  for (let hops = 0; ; hops++) {
    if (!walk.values.has(name) || hops > 8) {
      walk.result.unresolved.push({ path, name });
      return;
    }
    value = walk.values.get(name);
    const next = typeof value === 'string' ? WHOLE_TEMPLATE.exec(value.trim()) : null;
    if (!next) break;
    name = next[1];
  }
  // `--var users=50` arrives as text; these fields hold numbers or units.
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) value = Number(value);
  (holder as Record<string | number, unknown>)[key] = value;
  walk.result.resolved.push({ path, value });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function level(holder: Record<string, unknown>, key: string, walk: Walk, at: Path): void {
  substitute(holder, key, walk, at);
  const value = holder[key];
  if (isObject(value)) {
    substitute(value, 'from', walk, [...at, key]);
    substitute(value, 'to', walk, [...at, key]);
  }
}

function steps(list: unknown, walk: Walk, at: Path): void {
  if (!Array.isArray(list)) return;
  list.forEach((step, i) => {
    if (!isObject(step)) return;
    substitute(step, 'think', walk, [...at, i]);
    substitute(step, 'timeout', walk, [...at, i]);
    if (isObject(step.until)) {
      substitute(step.until, 'events', walk, [...at, i, 'until']);
      substitute(step.until, 'messages', walk, [...at, i, 'until']);
      substitute(step.until, 'timeout', walk, [...at, i, 'until']);
    }
    // A block's own steps, and an `if`'s `else`.
    steps(step.steps, walk, [...at, i, 'steps']);
    steps(step.else, walk, [...at, i, 'else']);
  });
}

/** The names and values sizing may use: `variables`, then `--var` on top. */
function sizingValues(root: Record<string, unknown>, vars: Record<string, string> | undefined): Map<string, unknown> {
  const values = new Map<string, unknown>();
  if (isObject(root.variables)) for (const [name, value] of Object.entries(root.variables)) values.set(name, value);
  for (const [name, value] of Object.entries(vars ?? {})) values.set(name, value);
  return values;
}

/**
 * Rewrites the load-shaping fields of a parsed scenario value in place, and says which fields
 * it filled and which whole templates name no variable (an error: these fields are read before
 * the run, so a capture or `env` cannot fill them).
 */
export function applySizingVariables(root: unknown, vars: Record<string, string> | undefined): SizingResult {
  const walk: Walk = { values: new Map(), result: { resolved: [], unresolved: [] } };
  if (!isObject(root)) return walk.result;
  walk.values = sizingValues(root, vars);
  if (Array.isArray(root.phases)) {
    root.phases.forEach((phase, i) => {
      if (!isObject(phase)) return;
      substitute(phase, 'duration', walk, ['phases', i]);
      substitute(phase, 'maxUsers', walk, ['phases', i]);
      substitute(phase, 'iterations', walk, ['phases', i]);
      level(phase, 'users', walk, ['phases', i]);
      level(phase, 'rate', walk, ['phases', i]);
    });
  }
  if (isObject(root.defaults)) {
    substitute(root.defaults, 'timeout', walk, ['defaults']);
    substitute(root.defaults, 'think', walk, ['defaults']);
  }
  steps(root.setup, walk, ['setup']);
  steps(root.teardown, walk, ['teardown']);
  if (Array.isArray(root.flows)) {
    root.flows.forEach((flow, i) => {
      if (!isObject(flow)) return;
      substitute(flow, 'weight', walk, ['flows', i]);
      steps(flow.steps, walk, ['flows', i, 'steps']);
    });
  }
  if (isObject(root.monitor)) substitute(root.monitor, 'interval', walk, ['monitor']);
  if (Array.isArray(root.criteria)) root.criteria.forEach((c, i) => isObject(c) && substitute(c, 'after', walk, ['criteria', i]));
  if (Array.isArray(root.alerts)) root.alerts.forEach((a, i) => isObject(a) && substitute(a, 'for', walk, ['alerts', i]));
  return walk.result;
}