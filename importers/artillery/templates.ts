// Artillery's `{{ … }}` as Stampede templates: variables and captures by name, payload fields as
// `data.SET.COLUMN`, `$processEnvironment.X` as `env.X`, its functions (`$randomNumber`,
// `$randomString`, `$uuid`) as Stampede's, `$loopElement`/`$loopCount` as `loop.value`/`loop.index`.
// Anything else (a JavaScript expression, a field of a captured object) becomes a variable to
// fill in, and is listed.
import { expressionName, stampedeName } from '../shared/names';
import { mapStrings, mapTemplates, template } from '../shared/template-text';

/** What `$loopElement` stands for where a template is read. */
export type LoopBinding =
  | { kind: 'repeat' }
  /** A `loop` over a payload loaded whole: each iteration takes the next row instead. */
  | { kind: 'row'; set: string }
  /** A `loop` over a literal list, unrolled: this element. */
  | { kind: 'value'; value: unknown };

export class ArtilleryTemplates {
  readonly notes = new Set<string>();
  /** Variables made for expressions that do not translate: name → the expression. */
  readonly placeholders = new Map<string, string>();
  loop: LoopBinding | undefined;

  constructor(
    /** Payload field → what reads it: `data.SET.FIELD`, or `env.NAME` for a credential column not copied (payload.ts). */
    private readonly fields: ReadonlyMap<string, string>,
  ) {}

  text(value: string): string {
    return mapTemplates(value, (inside) => this.expr(inside));
  }

  deep<T>(value: T): T {
    return mapStrings(value, (text) => this.text(text)) as T;
  }

  private expr(inside: string): string {
    const env = /^\$(?:processEnvironment|env)\.([A-Za-z_][\w]*)$/.exec(inside);
    if (env) return template(`env.${env[1]}`);
    if (/^\$uuid$/.test(inside)) return template('random.uuid()');
    const random = /^\$randomNumber\(\s*(-?\d+)\s*,\s*(-?\d+)\s*\)$/.exec(inside);
    if (random) return template(`random.int(${random[1]}, ${random[2]})`);
    const text = /^\$randomString\(\s*(\d*)\s*\)$/.exec(inside);
    if (text) return template(`random.string(${text[1] || '10'})`);
    const loop = /^\$loopElement(?:\.([A-Za-z_][\w]*))?$/.exec(inside);
    if (loop) {
      const translated = this.loopElement(loop[1]);
      if (translated !== undefined) return translated;
    }
    if (inside === '$loopCount') {
      this.notes.add('`{{ $loopCount }}` (from 1) became `{{ loop.index }}` (from 0)');
      return template('loop.index');
    }
    if (/^[A-Za-z_][\w-]*$/.test(inside)) {
      return template(this.fields.get(inside) ?? stampedeName(inside));
    }
    return template(this.placeholder(inside));
  }

  private loopElement(field: string | undefined): string | undefined {
    const loop = this.loop;
    if (!loop) return undefined;
    if (loop.kind === 'row') {
      if (!field) return undefined;
      const read = this.fields.get(field);
      // A credential column a copy left out is read from env here too.
      return template(read?.startsWith('env.') ? read : `data.${loop.set}.${field}`);
    }
    if (loop.kind === 'repeat') return field ? undefined : template('loop.value');
    const element = field === undefined ? loop.value : (loop.value as Record<string, unknown> | null)?.[field];
    return element === undefined || typeof element === 'object' ? undefined : String(element);
  }

  private placeholder(inside: string): string {
    const name = expressionName(inside.replace(/\(.*$/s, ''));
    if (!this.placeholders.has(name)) this.placeholders.set(name, inside);
    return name;
  }
}
