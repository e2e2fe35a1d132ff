// `stampede convert FILE --to json|yaml [--out FILE]`: a scenario between YAML and JSON. The data
// survives unchanged (the same scenario loads from either file); comments are not data and stay
// behind, and anchors are written out in full.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { Document, parseDocument } from 'yaml';
import { UsageError, type ParsedArgs } from './args';

export type Format = 'json' | 'yaml';

export async function convertCommand(args: ParsedArgs): Promise<number> {
  if (args.files.length !== 1) throw new UsageError('convert takes one scenario file');
  const [name] = args.files;
  const to = args.to ?? formatOfName(args.out ?? '');
  if (!to) throw new UsageError('convert needs --to json or --to yaml');
  const file = resolve(name);
  if (!existsSync(file)) {
    process.stderr.write(`${name}: no such file\n`);
    return 2;
  }
  const result = convertScenarioText(readFileSync(file, 'utf8'), to);
  if ('error' in result) {
    process.stderr.write(`${name}: ${result.error}\n`);
    return 2;
  }
  if (result.droppedComments) process.stderr.write(`${name}: note: comments are not data and are not carried into JSON\n`);
  if (args.out === undefined) {
    process.stdout.write(result.text);
    return 0;
  }
  const out = resolve(args.out);
  if (out === file) throw new UsageError('convert does not write over its input; choose another --out');
  if (existsSync(out) && !args.force) {
    process.stderr.write(`stampede: ${args.out} already exists; add --force to overwrite it\n`);
    return 2;
  }
  writeFileSync(out, result.text);
  process.stderr.write(`wrote ${args.out}\n`);
  return 0;
}

/** `.json` → json, `.yaml`/`.yml` → yaml, anything else undefined. */
export function formatOfName(name: string): Format | undefined {
  const ext = extname(name).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return undefined;
}

export type ConvertResult = { text: string; droppedComments: boolean } | { error: string };

/**
 * Reads YAML (JSON is YAML too) and writes the same data in the other notation. Values JSON
 * cannot hold (`.inf`, `.nan`) are refused rather than changed.
 */
export function convertScenarioText(text: string, to: Format): ConvertResult {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length) return { error: `not valid YAML or JSON: ${doc.errors[0].message.split('\n')[0]}` };
  const value: unknown = doc.toJS({ maxAliasCount: -1 });
  const problem = unrepresentable(value, '');
  if (problem) return { error: `${problem} cannot be written as JSON` };
  if (to === 'json') {
    const droppedComments = hasComments(doc) || Boolean(doc.commentBefore) || Boolean(doc.comment);
    return { text: `${JSON.stringify(value, null, 2)}\n`, droppedComments };
  }
  return { text: new Document(value).toString({ lineWidth: 0 }), droppedComments: false };
}

function hasComments(doc: Document): boolean {
  let found = false;
  const visit = (node: unknown): void => {
    if (found || node === null || typeof node !== 'object') return;
    const n = node as { commentBefore?: string | null; comment?: string | null; items?: unknown[]; key?: unknown; value?: unknown };
    if (n.commentBefore || n.comment) found = true;
    if (Array.isArray(n.items)) n.items.forEach(visit);
    if ('key' in n) visit(n.key);
    if ('value' in n) visit(n.value);
  };
  visit(doc.contents);
  return found;
}

function unrepresentable(value: unknown, path: string): string | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) return `the number ${value} at ${path || 'the top'}`;
  if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') return `the value at ${path || 'the top'}`;
  if (value instanceof Map || value instanceof Set || value instanceof Date || value instanceof Uint8Array) return `the ${value.constructor.name} at ${path || 'the top'}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const inner = unrepresentable(value[i], `${path}[${i}]`);
      if (inner) return inner;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const inner = unrepresentable(child, path ? `${path}.${key}` : key);
      if (inner) return inner;
    }
  }
  return undefined;
}
