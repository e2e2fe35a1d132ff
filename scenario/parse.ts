// Text -> YAML syntax tree (with exact source ranges) -> plain value for the schema and the
// normalizer. One pass; the language server calls this on every keystroke.
import { Composer, LineCounter, Parser, isAlias, isMap, isScalar, isSeq, type Document } from 'yaml';
import { diagnostic } from './diagnostic';
import type { Diagnostic } from './types';
import { colonInCriteria, colonInValue, type UnquotedColon } from './unquoted-colon';
import { offsetRange, type YamlNode, type YamlPair } from './yaml-nav';

/** A value such as `target: {{ env.TARGET }}`, which YAML reads as a flow mapping. */
export interface UnquotedTemplate {
  node: YamlNode;
  /** The text the author meant as a string, e.g. `{{ env.TARGET }}/api`. */
  intended: string;
  start: number;
  end: number;
}

export interface ParsedDocument {
  text: string;
  lineCounter: LineCounter;
  /** The first YAML document; a scenario file holds exactly one. */
  document: Document.Parsed | undefined;
  root: YamlNode | null;
  /** The plain value the schema checks; unquoted templates read as the strings they were meant as. */
  value: unknown;
  unquotedTemplates: UnquotedTemplate[];
  /** Plain values YAML read as mappings because they held `: `; also read as the text meant. */
  unquotedColons: UnquotedColon[];
  /** YAML syntax problems and document-level problems. */
  diagnostics: Diagnostic[];
}

export function parseScenarioText(text: string): ParsedDocument {
  // Line starts come from the text itself: the parser's newline callback misses the line breaks
  // inside some broken tokens (an unterminated quote), which would shift every later position.
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lineCounter.addNewLine(at + 1);
  const parser = new Parser();
  const composer = new Composer({ keepSourceTokens: true, prettyErrors: false });
  const documents = [...composer.compose(parser.parse(text), true, text.length)];
  const document = documents[0];
  const root = (document?.contents ?? null) as YamlNode | null;
  const position = { lineCounter };

  const unquotedTemplates: UnquotedTemplate[] = [];
  const unquotedColons: UnquotedColon[] = [];
  const value = root ? toValue(root, { text, document, unquotedTemplates, unquotedColons, visiting: new Set() }, false) : null;
  const criteria = (value as { criteria?: unknown } | null)?.criteria;
  for (const [index, colon] of colonInCriteria(root, text, document)) {
    if (Array.isArray(criteria)) criteria[index] = colon.intended;
    unquotedColons.push(colon);
  }

  const diagnostics: Diagnostic[] = [];
  // The parser's complaint about `{{ a }}/b` (a scalar after a flow mapping) is one symptom of the
  // unquoted template, and "nested mappings" one of a `: ` in a plain value: each gets its own,
  // clearer diagnostic.
  const explained = (offset: number) => [...unquotedTemplates, ...unquotedColons].some((t) => offset >= t.start && offset <= t.end);
  for (const doc of documents) {
    // One syntax error tends to set off a cascade of "unexpected token" complaints: keep one per
    // line, and only the first few, so the real cause stays visible.
    const linesSeen = new Set<number>();
    let shown = 0;
    for (const error of doc.errors) {
      if (explained(error.pos[0])) continue;
      const line = lineCounter.linePos(error.pos[0]).line;
      if (linesSeen.has(line) || shown >= MAX_SYNTAX_ERRORS) continue;
      linesSeen.add(line);
      shown++;
      // A duplicate key is reported on its first character; cover the whole key.
      const end = error.code === 'DUPLICATE_KEY' ? wordEnd(text, error.pos[0], error.pos[1]) : error.pos[1];
      const message = flowIndicatorHint(text, error.pos[0]) ?? yamlMessage(error.message);
      diagnostics.push(diagnostic(offsetRange(position, error.pos[0], end), 'yaml-syntax', message));
    }
    for (const warning of doc.warnings) {
      diagnostics.push(diagnostic(offsetRange(position, warning.pos[0], warning.pos[1]), 'yaml-syntax', yamlMessage(warning.message), 'warning'));
    }
  }
  for (const extra of documents.slice(1)) {
    const start = extra.range[0];
    diagnostics.push(
      diagnostic(offsetRange(position, start, Math.min(text.length, start + 3)), 'multiple-documents',
        'a scenario file holds one YAML document; this starts a second one (remove the `---` and what follows, or move it to its own file)'),
    );
  }
  return { text, lineCounter, document, root, value, unquotedTemplates, unquotedColons, diagnostics };
}

/** Syntax errors shown per document; the rest are nearly always echoes of the first. */
const MAX_SYNTAX_ERRORS = 3;

/**
 * `capture: { id: body.items[0].id }` is invalid YAML: inside `{ … }` a plain value cannot hold
 * `[`, `]`, `{`, `}` or `,`. Say so in those words instead of the parser's token names.
 */
function flowIndicatorHint(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (!before.includes('{') || !/[[\]]/.test(text.slice(Math.max(lineStart, offset - 1), offset + 1))) return undefined;
  const word = /[^\s{},:]*$/.exec(before)?.[0] ?? '';
  const rest = /^[^\s{},]*/.exec(text.slice(offset))?.[0] ?? '';
  const value = `${word}${rest}`;
  return `inside { … } a plain value cannot contain [ ] { } or , — quote it: "${value}"`;
}

function wordEnd(text: string, start: number, end: number): number {
  const match = /^[^\s:]+/.exec(text.slice(start, start + 200));
  return match ? start + match[0].length : end;
}

function yamlMessage(message: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return `YAML: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
}

interface ConvertState {
  text: string;
  document: Document.Parsed | undefined;
  unquotedTemplates: UnquotedTemplate[];
  unquotedColons: UnquotedColon[];
  /** Aliases being expanded, to stop on a self-referencing anchor. */
  visiting: Set<YamlNode>;
}

/**
 * Our own conversion rather than `doc.toJS()`: it never warns on the console about collection
 * keys, and it reads an unquoted `{{ … }}` as the string it was meant to be, so one missing pair
 * of quotes yields one diagnostic instead of a cascade of type errors.
 */
function toValue(node: YamlNode, state: ConvertState, inFlow: boolean): unknown {
  if (isScalar(node)) return node.value;
  if (isAlias(node)) {
    const target = state.document ? (node.resolve(state.document) as YamlNode | undefined) : undefined;
    if (!target || state.visiting.has(target)) return null;
    state.visiting.add(target);
    const value = toValue(target, state, inFlow);
    state.visiting.delete(target);
    return value;
  }
  if (isSeq(node)) {
    const flow = inFlow || node.flow === true;
    return node.items.map((item) => (item ? toValue(item as YamlNode, state, flow) : null));
  }
  if (isMap(node)) {
    const template = unquotedTemplate(node as YamlNode, state.text, inFlow);
    if (template) {
      state.unquotedTemplates.push(template);
      return template.intended;
    }
    const flow = inFlow || node.flow === true;
    const out: Record<string, unknown> = {};
    for (const pair of node.items as YamlPair[]) {
      // Keys on the lines after a broken value went into it, in the syntax tree too: the value
      // and the tree the rules read must agree, so they stay there until the quotes are added.
      const colon = colonInValue(pair, state.text);
      if (colon) state.unquotedColons.push(colon);
      define(out, keyText(pair, state.text), colon ? colon.intended : pair.value ? toValue(pair.value, state, flow) : null);
    }
    return out;
  }
  return null;
}

function keyText(pair: YamlPair, text: string): string {
  const key = pair.key as YamlNode | null;
  return key === null ? '' : isScalar(key) ? String(key.value ?? '') : text.slice(key.range[0], key.range[1]);
}

/** defineProperty: a key named `__proto__` must stay a plain key. */
function define(out: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
}

function unquotedTemplate(node: YamlNode, text: string, inFlow: boolean): UnquotedTemplate | undefined {
  const start = node.range[0];
  if (!isMap(node) || !node.flow || !text.startsWith('{{', start)) return undefined;
  let end = node.range[1];
  if (!inFlow) {
    // In block context the author meant the rest of the line, up to a comment.
    const lineEnd = text.indexOf('\n', start);
    let rest = text.slice(start, lineEnd < 0 ? text.length : lineEnd);
    const comment = rest.search(/\s#/);
    if (comment >= 0) rest = rest.slice(0, comment);
    end = start + rest.trimEnd().length;
  }
  return { node, intended: text.slice(start, end), start, end };
}
