// `if:` conditions, read like templates and never evaluated as JavaScript:
//   role == 'admin' and defined(token) · not (count > 3) · status != 200 or retry
// Operands: a name as in templates (a variable, a capture, `env.NAME`, `vu.id`, `loop.index`,
// `data.SET.COLUMN`), quoted text, a number, `true`, `false`; `defined(NAME)`. A comparison of
// two numbers compares numbers, anything else compares text; an operand alone is true unless it
// is empty, `false` or `0`.
import { parseTemplate, type TemplateExpr } from './templates';

/** An operand read like a template; `offset`: where it starts in the condition's text. */
export type NameOperand = { kind: 'expr'; expr: TemplateExpr; source: string; offset: number };
export type Operand = { kind: 'literal'; value: string } | NameOperand;
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; inner: Condition }
  | { kind: 'defined'; name: string; offset: number }
  | { kind: 'compare'; op: CompareOp; left: Operand; right: Operand }
  | { kind: 'truthy'; operand: Operand };

export type ConditionResult = { ok: true; value: Condition } | { ok: false; message: string; offset: number; length: number };

type Token = { kind: 'word' | 'string' | 'number' | 'op' | 'paren'; text: string; offset: number };

const TOKEN_RE = /\s*(?:('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(\d+(?:\.\d+)?)(?![\w.])|(==|!=|<=|>=|<|>)|([()])|([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*))/y;

function tokenize(text: string): Token[] | { message: string; offset: number } {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    TOKEN_RE.lastIndex = pos;
    const m = TOKEN_RE.exec(text);
    if (!m) {
      const at = pos + (text.slice(pos).length - text.slice(pos).trimStart().length);
      if (text.startsWith('{{', at)) return { message: 'a condition reads names without braces: write `role == \'admin\'`, not `{{ role }} == \'admin\'`', offset: at };
      return { message: `unexpected \`${text[at]}\`: a condition compares names, quoted text and numbers with == != < <= > >=, joined by and, or, not`, offset: at };
    }
    const offset = m.index + m[0].length - (m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]).length;
    if (m[1] !== undefined) tokens.push({ kind: 'string', text: m[1].slice(1, -1).replace(/\\(.)/g, '$1'), offset });
    else if (m[2] !== undefined) tokens.push({ kind: 'number', text: m[2], offset });
    else if (m[3] !== undefined) tokens.push({ kind: 'op', text: m[3], offset });
    else if (m[4] !== undefined) tokens.push({ kind: 'paren', text: m[4], offset });
    else tokens.push({ kind: 'word', text: m[5], offset });
    pos = TOKEN_RE.lastIndex;
  }
  return tokens;
}

export function parseCondition(text: string): ConditionResult {
  const tokens = tokenize(text);
  if (!Array.isArray(tokens)) return { ok: false, message: tokens.message, offset: tokens.offset, length: 1 };
  if (tokens.length === 0) return { ok: false, message: 'empty condition: write e.g. `role == \'admin\'` or `defined(token)`', offset: 0, length: Math.max(1, text.length) };
  let i = 0;
  class Fail extends Error {
    constructor(message: string, readonly offset: number, readonly length: number) {
      super(message);
    }
  }
  const peek = (): Token | undefined => tokens[i];
  const failAt = (token: Token | undefined, message: string): never => {
    throw new Fail(message, token?.offset ?? text.length, token ? token.text.length || 1 : 1);
  };
  const word = (w: string): boolean => peek()?.kind === 'word' && peek()?.text === w;

  const operand = (): Operand => {
    const token = peek();
    if (!token) return failAt(undefined, 'the condition ends too early: a value is missing');
    i++;
    if (token.kind === 'string' || token.kind === 'number') return { kind: 'literal', value: token.text };
    if (token.kind === 'word') {
      if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: token.text };
      if (['and', 'or', 'not'].includes(token.text)) return failAt(token, `\`${token.text}\` needs a value before it`);
      const parsed = parseTemplate(`{{ ${token.text} }}`);
      const part = parsed.parts[0];
      if (parsed.errors.length > 0 || !part || part.kind !== 'expr') return failAt(token, parsed.errors[0]?.message ?? `\`${token.text}\` is not a name`);
      return { kind: 'expr', expr: part.expr, source: token.text, offset: token.offset };
    }
    return failAt(token, `unexpected \`${token.text}\``);
  };

  const primary = (): Condition => {
    const token = peek();
    if (token?.kind === 'paren' && token.text === '(') {
      i++;
      const inner = or();
      if (peek()?.text !== ')') failAt(peek(), '`(` is not closed: add `)`');
      i++;
      return inner;
    }
    if (word('not')) {
      i++;
      return { kind: 'not', inner: primary() };
    }
    if (word('defined') && tokens[i + 1]?.text === '(') {
      const name = tokens[i + 2];
      if (name?.kind !== 'word' || tokens[i + 3]?.text !== ')') failAt(name ?? token, 'write `defined(NAME)` with one name');
      i += 4;
      return { kind: 'defined', name: (name as Token).text, offset: (name as Token).offset };
    }
    const left = operand();
    const op = peek();
    if (op?.kind !== 'op') return { kind: 'truthy', operand: left };
    i++;
    return { kind: 'compare', op: op.text as CompareOp, left, right: operand() };
  };
  const and = (): Condition => {
    let left = primary();
    while (word('and')) {
      i++;
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };
  const or = (): Condition => {
    let left = and();
    while (word('or')) {
      i++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  try {
    const value = or();
    if (i < tokens.length) failAt(tokens[i], `unexpected \`${tokens[i].text}\`: join conditions with \`and\` or \`or\``);
    return { ok: true, value };
  } catch (err) {
    if (err instanceof Fail) return { ok: false, message: err.message, offset: err.offset, length: err.length };
    throw err;
  }
}

/** The comparisons, `defined(…)` tests and lone operands a condition is made of, in order. */
function leaves(condition: Condition): Condition[] {
  switch (condition.kind) {
    case 'and':
    case 'or':
      return [...leaves(condition.left), ...leaves(condition.right)];
    case 'not':
      return leaves(condition.inner);
    default:
      return [condition];
  }
}

/** The operands that read a name or a form such as `env.NAME` or `loop.index`, in order. */
export function conditionOperands(condition: Condition): NameOperand[] {
  return leaves(condition)
    .flatMap((leaf) => (leaf.kind === 'compare' ? [leaf.left, leaf.right] : leaf.kind === 'truthy' ? [leaf.operand] : []))
    .filter((operand): operand is NameOperand => operand.kind === 'expr');
}

/** The `defined(NAME)` tests of a condition. */
export function definedNames(condition: Condition): Extract<Condition, { kind: 'defined' }>[] {
  return leaves(condition).filter((leaf): leaf is Extract<Condition, { kind: 'defined' }> => leaf.kind === 'defined');
}

/** The plain names a condition reads (for the checks that names are defined). */
export function conditionNames(condition: Condition): string[] {
  return conditionOperands(condition).flatMap((o) => (o.expr.kind === 'name' ? [o.expr.name] : []));
}
