// REST Client's and httpyac's `{{ … }}` as Stampede templates. System variables become Stampede's
// functions or `env` (`{{$guid}}` → `random.uuid()`, `{{$processEnv X}}` → `env.X`); a reference
// to a named request's response (`{{login.response.body.$.token}}`, httpyac's `{{login.token}}`)
// becomes a capture on that request (`responses` collects them) and its name here.
import { jsonPathToCapture } from '../shared/json-path';
import { expressionName, stampedeName } from '../shared/names';
import { mapStrings, mapTemplates, template } from '../shared/template-text';

/** Captures to add to named requests: request name → capture name → source. */
export type ResponseCaptures = Map<string, Map<string, string>>;

export class HttpTemplates {
  readonly notes = new Set<string>();
  readonly captures: ResponseCaptures = new Map();
  /** Variables made for expressions that do not translate: name → the expression. */
  readonly placeholders = new Map<string, string>();

  constructor(
    /** The file's named requests. */
    private readonly named: ReadonlySet<string>,
    /** File variables with a value of plain text, for `{{%name}}` (percent-encoded). */
    private readonly literals: ReadonlyMap<string, string>,
    /** Request headers by request name, for `{{name.request.headers.X}}`. */
    private readonly requestHeaders: ReadonlyMap<string, Map<string, string>>,
  ) {}

  text(value: string): string {
    return mapTemplates(value, (inside) => this.expr(inside));
  }

  deep<T>(value: T): T {
    return mapStrings(value, (text) => this.text(text)) as T;
  }

  private expr(inside: string): string {
    if (inside.startsWith('$')) return this.system(inside);
    if (inside.startsWith('%')) return this.encoded(inside.slice(1).trim());
    const reference = this.reference(inside);
    if (reference !== undefined) return reference;
    if (/^[A-Za-z_][\w-]*$/.test(inside)) return template(stampedeName(inside));
    return template(this.placeholder(inside));
  }

  private system(inside: string): string {
    const [name, ...args] = inside.split(/\s+/);
    switch (name) {
      case '$guid':
      case '$uuid':
      case '$random.uuid':
        return template('random.uuid()');
      case '$randomInt': {
        const [low, high] = args.map(Number);
        if (args.length === 2 && Number.isInteger(low) && Number.isInteger(high) && high > low) return template(`random.int(${low}, ${high - 1})`);
        break;
      }
      case '$timestamp':
        this.notes.add(`\`{{${inside}}}\` (epoch seconds${args.length ? ', with an offset' : ''}) became \`{{ now() }}\` (epoch milliseconds, now)`);
        return template('now()');
      case '$datetime':
      case '$localDatetime':
        this.notes.add(`\`{{${inside}}}\` (a formatted date) became \`{{ now() }}\` (epoch milliseconds): a scenario does not format dates`);
        return template('now()');
      case '$processEnv':
      case '$dotenv': {
        const variable = (args[0] ?? '').replace(/^%/, '');
        if (args[0]?.startsWith('%')) this.notes.add(`\`{{${inside}}}\` names its variable through a REST Client setting; it became \`{{ env.${variable} }}\``);
        if (variable) return template(`env.${variable}`);
        break;
      }
      case '$shared':
        if (args[0]) return template(stampedeName(args[0]));
        break;
      case '$aadToken':
      case '$aadV2Token':
      case '$oidcAccessToken':
        this.notes.add(`\`{{${name}}}\` (a token REST Client signs in for) became \`{{ env.ACCESS_TOKEN }}\`: get one and set it`);
        return template('env.ACCESS_TOKEN');
      default:
    }
    return template(this.placeholder(inside));
  }

  /** `{{%name}}`: the value percent-encoded; written out when the file gives it as plain text. */
  private encoded(name: string): string {
    const literal = this.literals.get(name);
    if (literal !== undefined) return encodeURIComponent(literal);
    this.notes.add(`\`{{%${name}}}\` is sent as \`{{ ${stampedeName(name)} }}\`, not percent-encoded`);
    return template(stampedeName(name));
  }

  /** `login.response.body.$.token`, `login.response.headers.X-Token`, `login.request.headers.X`, httpyac's `login.token`. */
  private reference(inside: string): string | undefined {
    const dot = inside.indexOf('.');
    const request = dot > 0 ? inside.slice(0, dot) : inside;
    if (!this.named.has(request)) return undefined;
    const rest = dot > 0 ? inside.slice(dot + 1) : '';
    const rc = /^(response|request)\.(body|headers)\.(.+)$/.exec(rest);
    if (rc?.[1] === 'request') {
      const header = rc[2] === 'headers' ? this.requestHeaders.get(request)?.get(rc[3].toLowerCase()) : undefined;
      if (header !== undefined) return header;
      return template(this.placeholder(inside));
    }
    const source = rc ? (rc[2] === 'headers' ? `headers.${rc[3].toLowerCase()}` : jsonPathToCapture(rc[3])) : jsonPathToCapture(rest === '' ? '$' : `$.${rest}`);
    if (source === undefined) return template(this.placeholder(inside));
    const name = stampedeName(`${request}_${source.replace(/^(body|headers)\.?/, '') || 'body'}`);
    const captures = this.captures.get(request) ?? new Map<string, string>();
    captures.set(name, source);
    this.captures.set(request, captures);
    return template(name);
  }

  private placeholder(inside: string): string {
    const name = expressionName(inside);
    if (!this.placeholders.has(name)) this.placeholders.set(name, inside);
    return name;
  }
}
