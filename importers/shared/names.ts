// Names from other tools (`base url`, `user.id`, `X-Auth-Token`) as Stampede variable and capture
// names: a letter or `_`, then letters, digits, `_` and `-` (scenario/templates.ts), and never one
// of the roots the template language reserves (`env`, `data`, `loop`, …); and names for the
// expressions of other tools that no template can say, which become variables to fill in.
import { RESERVED_ROOTS } from '../../scenario/templates';

export function stampedeName(raw: string): string {
  let name = raw.trim().replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+(?=[A-Za-z])/, '');
  if (!/^[A-Za-z_]/.test(name)) name = `_${name}`;
  if ((RESERVED_ROOTS as readonly string[]).includes(name)) name = `${name}_`;
  return name;
}

/**
 * The variable that stands for an expression no template can say: its words, in order, joined by
 * `_`, as many whole words as fit in `max` characters, so that the name still reads as the
 * expression it replaces (`Buffer.from(user + ":" + password).toString('base64')` →
 * `Buffer_from_user_password_toString`); a word is never cut in two.
 */
export function expressionName(expression: string, max = 40): string {
  let name = '';
  for (const word of expression.match(/[A-Za-z0-9]+/g) ?? []) {
    const longer = name ? `${name}_${word}` : word;
    if (name && longer.length > max) break;
    name = longer;
  }
  return stampedeName(name || 'expression');
}
