// Sizing through variables: in the fields that shape the load (phase durations and levels,
// weights, timeouts, think times, windows), a value written exactly as `"{{ name }}"` takes that
// variable's value — from `variables`, overridden by `--var` — before anything is checked. So
// `--var users=1000` turns one scenario into its small, medium and large variants without a copy.
// Everywhere else a template stays a string rendered per request, as the contract says.

const WHOLE_TEMPLATE = /^\{\{\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}$/;

type Container = Record<string, unknown> | unknown[];

/** A field's value, replaced when it is a whole template naming a known variable. */
function substitute(holder: Container, key: string | number, values: Map<string, unknown>): void {
  const current = (holder as Record<string | number, unknown>)[key];
  if (typeof current !== 'string') return;
  const match = WHOLE_TEMPLATE.exec(current.trim());
  if (!match || !values.has(match[1])) return;
  let value = values.get(match[1]);
  // `--var users=50` arrives as text; these fields hold numbers or units.
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) value = Number(value);
  (holder as Record<string | number, unknown>)[key] = value;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function level(holder: Record<string, unknown>, key: string, values: Map<string, unknown>): void {
  substitute(holder, key, values);
  const value = holder[key];
  if (isObject(value)) {
    substitute(value, 'from', values);
    substitute(value, 'to', values);
  }
}

function steps(list: unknown, values: Map<string, unknown>): void {
  if (!Array.isArray(list)) return;
  for (const step of list) {
    if (!isObject(step)) continue;
    substitute(step, 'think', values);
    substitute(step, 'timeout', values);
    if (isObject(step.until)) {
      substitute(step.until, 'events', values);
      substitute(step.until, 'timeout', values);
    }
  }
}

/** The names and values sizing may use: `variables`, then `--var` on top. */
function sizingValues(root: Record<string, unknown>, vars: Record<string, string> | undefined): Map<string, unknown> {
  const values = new Map<string, unknown>();
  if (isObject(root.variables)) for (const [name, value] of Object.entries(root.variables)) values.set(name, value);
  for (const [name, value] of Object.entries(vars ?? {})) values.set(name, value);
  return values;
}

/** Rewrites the load-shaping fields of a parsed scenario value in place. */
export function applySizingVariables(root: unknown, vars: Record<string, string> | undefined): void {
  if (!isObject(root)) return;
  const values = sizingValues(root, vars);
  if (values.size === 0) return;
  if (Array.isArray(root.phases)) {
    for (const phase of root.phases) {
      if (!isObject(phase)) continue;
      substitute(phase, 'duration', values);
      substitute(phase, 'maxUsers', values);
      level(phase, 'users', values);
      level(phase, 'rate', values);
    }
  }
  if (isObject(root.defaults)) {
    substitute(root.defaults, 'timeout', values);
    substitute(root.defaults, 'think', values);
  }
  steps(root.setup, values);
  steps(root.teardown, values);
  if (Array.isArray(root.flows)) {
    for (const flow of root.flows) {
      if (!isObject(flow)) continue;
      substitute(flow, 'weight', values);
      steps(flow.steps, values);
    }
  }
  if (isObject(root.monitor)) substitute(root.monitor, 'interval', values);
  if (Array.isArray(root.criteria)) for (const c of root.criteria) if (isObject(c)) substitute(c, 'after', values);
  if (Array.isArray(root.alerts)) for (const a of root.alerts) if (isObject(a)) substitute(a, 'for', values);
}
