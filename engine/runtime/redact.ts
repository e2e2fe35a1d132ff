// Secrets never leave the engine: every value a scenario takes from `{{ env.NAME }}` is replaced
// by `[redacted env.NAME]` in anything the engine reports (error samples, logs, reasons, target).
import { parseTemplate } from '../../scenario/templates';

/** Shorter values would redact ordinary text (a `1`, an `on`) all over the report. */
const MIN_SECRET_LENGTH = 3;

/** Every `env.NAME` any string of the scenario refers to. */
export function envNamesIn(value: unknown, names = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    if (value.includes('{{')) {
      for (const part of parseTemplate(value).parts) if (part.kind === 'expr' && part.expr.kind === 'env') names.add(part.expr.name);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) envNamesIn(item, names);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) envNamesIn(item, names);
  }
  return names;
}

export type Redact = (text: string) => string;

export function createRedactor(names: Iterable<string>, env: Record<string, string | undefined>): Redact {
  const secrets = [...names]
    .map((name) => ({ name, value: env[name] }))
    .filter((s): s is { name: string; value: string } => typeof s.value === 'string' && s.value.length >= MIN_SECRET_LENGTH)
    // Longest first, so a secret that contains another is replaced whole.
    .sort((a, b) => b.value.length - a.value.length);
  if (secrets.length === 0) return (text) => text;
  // One pass over the text, longest secret first at each place: replacing secret after secret
  // would let a short one (`act`) rewrite the marker a longer one left (`[redacted env.…]`).
  const escape = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(secrets.map((s) => escape(s.value)).join('|'), 'g');
  const marker = new Map(secrets.map(({ name, value }) => [value, `[redacted env.${name}]`]));
  return (text) => text.replace(pattern, (found) => marker.get(found) as string);
}
