// Names from other tools (`base url`, `user.id`, `X-Auth-Token`) as Stampede variable and capture
// names: a letter or `_`, then letters, digits, `_` and `-` (scenario/templates.ts), and never one
// of the roots the template language reserves (`env`, `data`, `loop`, …).
import { RESERVED_ROOTS } from '../../scenario/templates';

export function stampedeName(raw: string): string {
  let name = raw.trim().replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+(?=[A-Za-z])/, '');
  if (!/^[A-Za-z_]/.test(name)) name = `_${name}`;
  if ((RESERVED_ROOTS as readonly string[]).includes(name)) name = `${name}_`;
  return name;
}
