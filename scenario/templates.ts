// `{{ expr }}` templates inside string values. They are parsed here into a small closed set of
// expressions (names, env, vu, data, a few functions) and never evaluated as JavaScript: the
// engine interprets the parts (engine/runtime/template.ts), the checks read them statically.

export type TemplateFunction = 'random.int' | 'random.uuid' | 'random.string' | 'random.pick' | 'now';

export type TemplateExpr =
  | { kind: 'name'; name: string }
  | { kind: 'env'; name: string }
  | { kind: 'vu'; field: 'id' | 'iteration' }
  /** Inside a `repeat:` block: the 0-based index, or with `over` the current element. */
  | { kind: 'loop'; field: 'index' | 'value' }
  | { kind: 'data'; set: string; column: string }
  | { kind: 'call'; fn: TemplateFunction; args: (string | number)[] };

export type TemplatePart =
  | { kind: 'text'; value: string }
  /** `offset`/`length` span the whole `{{ … }}` in the text; `source` is the trimmed inside. */
  | { kind: 'expr'; expr: TemplateExpr; offset: number; length: number; source: string };

/** Offsets are into the template text (0-based UTF-16 units). */
export interface TemplateError {
  offset: number;
  length: number;
  message: string;
}

export interface ParsedTemplate {
  parts: TemplatePart[];
  errors: TemplateError[];
}

/** Names the template language reserves: a variable cannot be called this. */
export const RESERVED_ROOTS = ['env', 'vu', 'data', 'random', 'now', 'loop'] as const;

interface FunctionSpec {
  /** Shown in messages, e.g. `random.int(a, b)`. */
  signature: string;
  check(args: (string | number)[]): string | undefined;
}

const FUNCTIONS: Record<TemplateFunction, FunctionSpec> = {
  'random.int': {
    signature: 'random.int(a, b)',
    check: (args) => {
      if (args.length !== 2 || typeof args[0] !== 'number' || typeof args[1] !== 'number') {
        return 'takes two numbers';
      }
      return args[0] > args[1] ? 'takes the lower bound first' : undefined;
    },
  },
  'random.uuid': { signature: 'random.uuid()', check: (args) => (args.length === 0 ? undefined : 'takes no arguments') },
  'random.string': {
    signature: 'random.string(n)',
    check: (args) =>
      args.length === 1 && typeof args[0] === 'number' && Number.isInteger(args[0]) && args[0] >= 0
        ? undefined
        : 'takes one whole number, the length',
  },
  'random.pick': { signature: 'random.pick(a, b, …)', check: (args) => (args.length >= 1 ? undefined : 'takes at least one value') },
  now: { signature: 'now()', check: (args) => (args.length === 0 ? undefined : 'takes no arguments') },
};

export const TEMPLATE_FUNCTIONS = Object.keys(FUNCTIONS) as TemplateFunction[];

/** Every form an expression can take, for completion lists and "did you mean" hints. */
export const TEMPLATE_FORMS = ['env.NAME', 'vu.id', 'vu.iteration', 'data.SET.COLUMN', ...TEMPLATE_FUNCTIONS.map((fn) => FUNCTIONS[fn].signature)];

const NAME_RE = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER_RE = /-?\d+(?:\.\d+)?(?![A-Za-z0-9_.-])/y;
const BARE_WORD_RE = /[^\s,()'"]+/y;

export function parseTemplate(text: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const errors: TemplateError[] = [];
  let literal = '';
  let index = 0;
  while (index < text.length) {
    const open = text.indexOf('{{', index);
    if (open < 0) {
      literal += text.slice(index);
      break;
    }
    literal += text.slice(index, open);
    const close = text.indexOf('}}', open + 2);
    if (close < 0) {
      errors.push({ offset: open, length: text.length - open, message: '`{{` is not closed: add `}}`' });
      literal += text.slice(open);
      break;
    }
    if (literal) parts.push({ kind: 'text', value: literal });
    literal = '';
    const result = parseExpression(text, open + 2, close);
    if ('error' in result) errors.push(result.error);
    else {
      parts.push({
        kind: 'expr',
        expr: result.expr,
        offset: open,
        length: close + 2 - open,
        source: text.slice(open + 2, close).trim(),
      });
    }
    index = close + 2;
  }
  if (literal) parts.push({ kind: 'text', value: literal });
  return { parts, errors };
}

/** Whether `text` holds any `{{`; lets callers skip parsing plain strings. */
export function hasTemplate(text: string): boolean {
  return text.includes('{{');
}

/** The expression of a text that is one template and nothing else (`"{{ pages }}"`, spaces aside). */
export function wholeTemplate(text: string): TemplateExpr | undefined {
  const parsed = parseTemplate(text.trim());
  const [part] = parsed.parts;
  return parsed.errors.length === 0 && parsed.parts.length === 1 && part.kind === 'expr' ? part.expr : undefined;
}

/** The plain names (variables and captures) that `text` refers to, in order, without repeats. */
export function templateNames(text: string): string[] {
  const names = new Set<string>();
  for (const part of parseTemplate(text).parts) {
    if (part.kind === 'expr' && part.expr.kind === 'name') names.add(part.expr.name);
  }
  return [...names];
}

type ExprResult = { expr: TemplateExpr } | { error: TemplateError };

/** Parses `text[start, end)`, the inside of one `{{ }}`; offsets in errors are into `text`. */
function parseExpression(text: string, start: number, end: number): ExprResult {
  const fail = (offset: number, length: number, message: string): ExprResult => ({
    error: { offset, length: Math.max(1, length), message },
  });
  let pos = skipSpaces(text, start, end);
  if (pos >= end) return fail(start - 2, end + 2 - (start - 2), 'empty template: write a name between `{{` and `}}`');

  const pathStart = pos;
  const path: string[] = [];
  for (;;) {
    NAME_RE.lastIndex = pos;
    const match = NAME_RE.exec(text);
    if (!match || match.index >= end || pos + match[0].length > end) {
      return fail(pos, 1, `unexpected \`${text[pos]}\`: a template holds a name, \`env.NAME\`, \`vu.id\`, \`data.SET.COLUMN\` or a function such as \`random.int(1, 10)\``);
    }
    path.push(match[0]);
    pos += match[0].length;
    if (text[pos] !== '.' || pos >= end) break;
    pos += 1;
  }
  const pathEnd = pos;
  const dotted = path.join('.');
  pos = skipSpaces(text, pos, end);

  if (pos < end && text[pos] === '(') {
    const fn = dotted as TemplateFunction;
    if (!(fn in FUNCTIONS)) {
      return fail(pathStart, pathEnd - pathStart, `unknown function \`${dotted}()\`; the functions are ${TEMPLATE_FUNCTIONS.map((f) => `\`${FUNCTIONS[f].signature}\``).join(', ')}`);
    }
    const args = parseArguments(text, pos + 1, end);
    if ('error' in args) return args;
    const after = skipSpaces(text, args.end, end);
    if (after < end) return fail(after, end - after, `unexpected \`${text.slice(after, end).trim()}\` after \`${dotted}(…)\``);
    const problem = FUNCTIONS[fn].check(args.values);
    if (problem) return fail(pathStart, args.end - pathStart, `\`${FUNCTIONS[fn].signature}\` ${problem}`);
    return { expr: { kind: 'call', fn, args: args.values } };
  }
  if (pos < end) return fail(pos, end - pos, `unexpected \`${text.slice(pos, end).trim()}\` after \`${dotted}\``);

  const root = path[0];
  const span = pathEnd - pathStart;
  if (root === 'env') {
    return path.length === 2 ? { expr: { kind: 'env', name: path[1] } } : fail(pathStart, span, 'write an environment variable as `env.NAME`');
  }
  if (root === 'vu') {
    if (path.length === 2 && (path[1] === 'id' || path[1] === 'iteration')) return { expr: { kind: 'vu', field: path[1] } };
    return fail(pathStart, span, `\`${dotted}\` is not known: a virtual user has \`vu.id\` and \`vu.iteration\``);
  }
  if (root === 'loop') {
    if (path.length === 2 && (path[1] === 'index' || path[1] === 'value')) return { expr: { kind: 'loop', field: path[1] } };
    return fail(pathStart, span, `\`${dotted}\` is not known: inside a \`repeat:\` block, \`loop.index\` (from 0) and, with \`over\`, \`loop.value\``);
  }
  if (root === 'data') {
    return path.length === 3
      ? { expr: { kind: 'data', set: path[1], column: path[2] } }
      : fail(pathStart, span, 'write a data value as `data.SET.COLUMN`');
  }
  if (root === 'random' || root === 'now') {
    const hint = TEMPLATE_FUNCTIONS.filter((f) => f.startsWith(root)).map((f) => `\`${FUNCTIONS[f].signature}\``);
    return fail(pathStart, span, `\`${dotted}\` is a function call: write ${hint.join(' or ')}`);
  }
  if (path.length > 1) {
    return fail(pathStart, span, `\`${dotted}\` is not a known form: a plain name has no dots (did you mean \`${root}\`?)`);
  }
  return { expr: { kind: 'name', name: root } };
}

type ArgsResult = { values: (string | number)[]; end: number } | { error: TemplateError };

/** Arguments after `(`: numbers, 'quoted' or "quoted" strings, or bare words; returns past `)`. */
function parseArguments(text: string, start: number, end: number): ArgsResult {
  const values: (string | number)[] = [];
  let pos = skipSpaces(text, start, end);
  if (text[pos] === ')') return { values, end: pos + 1 };
  for (;;) {
    pos = skipSpaces(text, pos, end);
    if (pos >= end) return { error: { offset: start - 1, length: end - start + 1, message: '`(` is not closed: add `)`' } };
    const quote = text[pos];
    if (quote === "'" || quote === '"') {
      let value = '';
      let cursor = pos + 1;
      while (cursor < end && text[cursor] !== quote) {
        // A backslash lets a quoted argument hold its own quote character.
        if (text[cursor] === '\\' && cursor + 1 < end) cursor += 1;
        value += text[cursor];
        cursor += 1;
      }
      if (cursor >= end) return { error: { offset: pos, length: end - pos, message: `the string starting here is not closed: add \`${quote}\`` } };
      values.push(value);
      pos = cursor + 1;
    } else {
      NUMBER_RE.lastIndex = pos;
      const number = NUMBER_RE.exec(text);
      if (number && pos + number[0].length <= end) {
        values.push(Number(number[0]));
        pos += number[0].length;
      } else {
        BARE_WORD_RE.lastIndex = pos;
        const word = BARE_WORD_RE.exec(text);
        if (!word || pos + word[0].length > end) {
          return { error: { offset: pos, length: 1, message: `unexpected \`${text[pos]}\` in the arguments` } };
        }
        values.push(word[0]);
        pos += word[0].length;
      }
    }
    pos = skipSpaces(text, pos, end);
    if (text[pos] === ',') {
      pos += 1;
      continue;
    }
    if (text[pos] === ')' && pos < end) return { values, end: pos + 1 };
    if (pos >= end) return { error: { offset: start - 1, length: end - start + 1, message: '`(` is not closed: add `)`' } };
    return { error: { offset: pos, length: 1, message: `expected \`,\` or \`)\`, found \`${text[pos]}\`` } };
  }
}

function skipSpaces(text: string, pos: number, end: number): number {
  while (pos < end && (text[pos] === ' ' || text[pos] === '\t')) pos += 1;
  return pos;
}
