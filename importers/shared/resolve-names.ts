// The last pass of an import: every `{{ name }}` must name something the scenario defines where it
// is read (a variable, or a capture earlier in the same list or in setup), as the validator
// checks. A name the input left to its tool's environment (a Postman environment, a REST Client
// setting, an Artillery processor) is handed to `fallback`, which says what to write instead.
// Visibility follows scenario/rules/visible-names.ts: a block's steps come right after it in its
// list, so what they capture is visible to the steps after the block too.
import { mapStrings, mapTemplates, template } from './template-text';
import type { ScenarioData } from '../types';

/** What to write for an undefined `name`: a Stampede expression such as `env.API_URL`. */
export type Fallback = (name: string) => string;

type Step = Record<string, unknown>;

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Keys of a step that hold no templates of the step itself (nested steps, capture sources, conditions). */
const NOT_TEMPLATED = new Set(['steps', 'else', 'capture', 'if']);

export function resolveNames(scenario: ScenarioData, fallback: Fallback): void {
  const base = new Set(Object.keys((scenario.variables as Record<string, unknown> | undefined) ?? {}));
  // A variable may name another (rendered per iteration), never a capture.
  if (scenario.variables) scenario.variables = mapStrings(scenario.variables, (text) => rewrite(text, base, fallback));
  if (typeof scenario.target === 'string') scenario.target = rewrite(scenario.target, base, fallback);
  const setup = new Set(base);
  walk(asSteps(scenario.setup), setup, fallback);
  if (scenario.defaults) scenario.defaults = mapStrings(scenario.defaults, (text) => rewrite(text, setup, fallback));
  for (const flow of (scenario.flows as { steps?: unknown }[] | undefined) ?? []) walk(asSteps(flow.steps), new Set(setup), fallback);
  walk(asSteps(scenario.teardown), new Set(setup), fallback);
}

function walk(steps: Step[], known: Set<string>, fallback: Fallback): void {
  for (const step of steps) {
    for (const [key, value] of Object.entries(step)) {
      if (!NOT_TEMPLATED.has(key)) step[key] = mapStrings(value, (text) => rewrite(text, known, fallback));
    }
    if (typeof step.if === 'string') step.if = rewriteCondition(step.if, known, fallback);
    walk(asSteps(step.steps), known, fallback);
    walk(asSteps(step.else), known, fallback);
    for (const name of Object.keys((step.capture as Record<string, unknown> | undefined) ?? {})) known.add(name);
  }
}

function rewrite(text: string, known: ReadonlySet<string>, fallback: Fallback): string {
  return mapTemplates(text, (inside) => template(PLAIN_NAME.test(inside) && !known.has(inside) ? fallback(inside) : inside));
}

/** A condition names without braces (`count > 0 and defined(token)`): its plain names, outside quotes and calls. */
function rewriteCondition(text: string, known: ReadonlySet<string>, fallback: Fallback): string {
  return text.replace(/('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|\b([A-Za-z_][\w-]*(?:\.[\w-]+)*)(\s*\()?/g, (whole, quoted: string | undefined, name: string | undefined, call: string | undefined) => {
    if (quoted || call || !name || CONDITION_WORDS.has(name) || !PLAIN_NAME.test(name) || known.has(name)) return whole;
    return fallback(name);
  });
}

const CONDITION_WORDS = new Set(['and', 'or', 'not', 'true', 'false', 'defined']);

function asSteps(value: unknown): Step[] {
  return Array.isArray(value) ? (value as Step[]) : [];
}
