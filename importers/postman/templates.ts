// Postman's `{{name}}` and dynamic variables (`{{$guid}}`, `{{$randomInt}}`, …) as Stampede
// templates. A plain name becomes `{{ name }}` (made a valid name); whether it is a variable, a
// capture or something to ask `env` for is decided once the whole scenario is built
// (shared/resolve-names.ts). Dynamic variables without an equal are approximated and listed.
import { stampedeName } from '../shared/names';
import { mapStrings, mapTemplates, template } from '../shared/template-text';

const DYNAMIC: Record<string, string> = {
  $guid: 'random.uuid()',
  $randomUUID: 'random.uuid()',
  $randomInt: 'random.int(0, 1000)',
  $randomAlphaNumeric: 'random.string(1)',
  $randomBoolean: "random.pick('true', 'false')",
};

/** Dynamic variables written in a different form than Postman's, with what differs. */
const APPROXIMATED: Record<string, { expr: string; note: string }> = {
  $timestamp: { expr: 'now()', note: '`{{$timestamp}}` (epoch seconds) became `{{ now() }}` (epoch milliseconds)' },
  $isoTimestamp: { expr: 'now()', note: '`{{$isoTimestamp}}` (an ISO date) became `{{ now() }}` (epoch milliseconds)' },
};

export class PostmanTemplates {
  /** What was approximated, each said once. */
  readonly notes = new Set<string>();

  text(value: string): string {
    return mapTemplates(value, (inside) => template(this.expr(inside)));
  }

  /** Every string of a JSON value rewritten. */
  deep<T>(value: T): T {
    return mapStrings(value, (text) => this.text(text)) as T;
  }

  private expr(inside: string): string {
    if (!inside.startsWith('$')) return stampedeName(inside);
    if (inside in DYNAMIC) return DYNAMIC[inside];
    const approximated = APPROXIMATED[inside];
    if (approximated) {
      this.notes.add(approximated.note);
      return approximated.expr;
    }
    this.notes.add(`\`{{${inside}}}\` (a generated ${inside.replace(/^\$random/, '').toLowerCase() || 'value'}) became \`{{ random.string(8) }}\``);
    return 'random.string(8)';
  }
}
