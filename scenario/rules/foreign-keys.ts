// Keys of Artillery and k6 (the table in ../foreign-keys.ts) where a newcomer writes them: one
// error at the key that says what Stampede writes instead, with the rename as a quick fix where
// that is the whole fix. Artillery's and k6's own sections (`config:`, `scenarios:`, `flow:`) are
// walked as the Stampede places they stand for, so a pasted script is explained key by key. The
// schema check asks `explainedByForeignKey`, so the same key is not also "unknown", nor its
// owner "missing" what the key was written in place of.
import type { ErrorObject } from 'ajv';
import type { Document } from 'yaml';
import { diagnostic } from '../diagnostic';
import { A_STEP_KIND, foreignKey, foreignMessage, type ForeignKey, type ForeignUse, type Place } from '../foreign-keys';
import { isRecord } from '../foreign-values';
import type { ParsedDocument } from '../parse';
import { memberSchema, propertyNames, propertySchema, SCHEMA_ROOT } from '../schema-objects';
import { kindOf, NO_KIND_SCHEMA, stepKindSchema } from '../step-kinds';
import { asMap, keyName, mapPairs, nodeRange, resolveAlias, seqItems, type YamlNode } from '../yaml-nav';
import type { Rule } from './rule';

export interface ForeignFinding {
  entry: ForeignKey;
  use: ForeignUse;
  keyNode: YamlNode;
  /** Path of the mapping that holds the key, as ajv's `instancePath` splits. */
  ownerPath: string[];
  /** When that mapping is an item of a list Stampede writes as one mapping: the list's path. */
  listPath?: string[];
}

export const foreignKeysRule: Rule = {
  name: 'foreign-keys',
  check({ doc, report }) {
    for (const { entry, use, keyNode } of findForeignKeys(doc)) {
      const range = nodeRange(doc, keyNode);
      const rename = entry.rename?.(use);
      // A rename onto a key the mapping already has would only trade one error for another.
      const fix = rename && !Object.hasOwn(use.owner, rename) ? { title: `Change to \`${rename}\``, range, newText: rename } : undefined;
      report(diagnostic(range, 'foreign-key', foreignMessage(entry, use), 'error', fix));
    }
  },
};

const cache = new WeakMap<ParsedDocument, ForeignFinding[]>();

/** Every foreign key of the document, in document order; computed once per parse. */
export function findForeignKeys(doc: ParsedDocument): ForeignFinding[] {
  let found = cache.get(doc);
  if (!found) {
    found = [];
    new Walker(doc, found).top(doc.root ?? undefined, []);
    cache.set(doc, found);
  }
  return found;
}

/** Whether a schema error says again what a foreign-key finding says better. */
export function explainedByForeignKey(findings: readonly ForeignFinding[], error: ErrorObject, segments: readonly string[]): boolean {
  return findings.some((f) => {
    const keyPath = [...f.ownerPath, f.use.key];
    if (startsWith(segments, keyPath)) return true; // inside the foreign key's own value
    if (f.listPath && same(segments, f.listPath)) return error.keyword === 'type';
    if (!same(segments, f.ownerPath)) return false;
    const missing = f.entry.explainsMissing ?? [];
    switch (error.keyword) {
      case 'additionalProperties':
        return error.params.additionalProperty === f.use.key;
      case 'required':
        return missing.includes(String(error.params.missingProperty)) || (error.parentSchema === NO_KIND_SCHEMA && missing.includes(A_STEP_KIND));
      case 'oneOf':
      case 'anyOf': {
        // "one of these keys is needed" (the load model, a phase's length): the key stood for one.
        const parent = error.parentSchema as Record<string, { required?: string[] }[] | undefined> | undefined;
        const branches = parent?.[error.keyword] ?? [];
        return branches.some((branch) => branch.required?.some((key) => missing.includes(key)));
      }
      default:
        return false;
    }
  });
}

const ARTILLERY_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
const REQUEST_SCHEMA = stepKindSchema('request');

/** The keys Stampede itself takes at a place: never foreign there, whatever the table says. */
function knownKeys(place: Place, owner: Record<string, unknown>): Set<string> {
  const top = SCHEMA_ROOT;
  switch (place) {
    case 'top': return propertyNames(top);
    case 'defaults': return propertyNames(propertySchema(top, 'defaults'));
    case 'phase': return propertyNames(memberSchema(propertySchema(top, 'phases')));
    case 'flow': return propertyNames(memberSchema(propertySchema(top, 'flows')));
    case 'dataSet': return propertyNames(memberSchema(propertySchema(top, 'data')));
    case 'expect': return propertyNames(propertySchema(REQUEST_SCHEMA, 'expect'));
    case 'multipartField': return propertyNames(memberSchema(propertySchema(REQUEST_SCHEMA, 'multipart')));
    case 'step':
    case 'request': {
      const kind = kindOf(owner);
      return kind ? propertyNames(stepKindSchema(kind)) : new Set();
    }
    case 'capture': return new Set();
  }
}

/** Walks the places where foreign keys are looked for, with their paths in the plain value. */
class Walker {
  private readonly d: Document.Parsed | undefined;

  constructor(private readonly doc: ParsedDocument, private readonly out: ForeignFinding[]) {
    this.d = doc.document;
  }

  top(node: YamlNode | undefined, path: string[]): void {
    this.keys(node, path, ['top']);
    for (const [key, value, at] of this.pairs(node, path)) {
      if (key === 'config') this.top(value, at);
      else if (key === 'defaults') this.keys(value, at, ['defaults']);
      else if (key === 'phases') this.each(value, at, (item, p) => this.keys(item, p, ['phase']));
      else if (key === 'flows' || (key === 'scenarios' && seqItems(value).length)) this.each(value, at, (item, p) => this.flow(item, p));
      else if (key === 'scenarios') this.members(value, at, (item, p) => this.keys(item, p, ['phase']));
      else if (key === 'setup' || key === 'teardown') this.steps(value, at);
      else if (key === 'before' || key === 'after') this.flow(value, at);
      else if (key === 'data') this.members(value, at, (item, p) => this.keys(item, p, ['dataSet']));
    }
  }

  private flow(node: YamlNode | undefined, path: string[]): void {
    this.keys(node, path, ['flow']);
    for (const [key, value, at] of this.pairs(node, path)) if (key === 'steps' || key === 'flow') this.steps(value, at);
  }

  private steps(list: YamlNode | undefined, path: string[]): void {
    this.each(list, path, (item, p) => this.step(item, p));
  }

  private step(node: YamlNode | undefined, path: string[]): void {
    this.keys(node, path, ['step', 'request']);
    this.requestParts(node, path);
    for (const [key, value, at] of this.pairs(node, path)) {
      // Blocks nest steps (`steps`, `else`); Artillery's `loop` holds its steps itself.
      if (key === 'steps' || key === 'else' || key === 'loop') this.steps(value, at);
      else if (ARTILLERY_METHODS.includes(key)) {
        this.keys(value, at, ['request']);
        this.requestParts(value, at);
      }
    }
  }

  private requestParts(node: YamlNode | undefined, path: string[]): void {
    for (const [key, value, at] of this.pairs(node, path)) {
      if (key === 'expect' || key === 'capture') {
        const place = key;
        if (asMap(value)) this.keys(value, at, [place]);
        else this.each(value, at, (item, p) => this.keys(item, p, [place], at));
      } else if (key === 'multipart' || key === 'formData') {
        this.members(value, at, (item, p) => this.keys(item, p, ['multipartField']));
      }
    }
  }

  /** Reports the foreign keys of one mapping. */
  private keys(node: YamlNode | undefined, path: string[], places: Place[], listPath?: string[]): void {
    const owner = valueAt(this.doc.value, path);
    if (!asMap(resolveAlias(node, this.d)) || !isRecord(owner)) return;
    const known = knownKeys(places[0], owner);
    for (const pair of mapPairs(resolveAlias(node, this.d))) {
      const key = keyName(pair);
      if (key === undefined || known.has(key)) continue;
      for (const place of places) {
        const use: ForeignUse = { place, key, value: owner[key], owner, inList: listPath !== undefined };
        const entry = foreignKey(place, use);
        if (!entry) continue;
        this.out.push({ entry, use, keyNode: pair.key, ownerPath: path, ...(listPath ? { listPath } : {}) });
        break;
      }
    }
  }

  private *pairs(node: YamlNode | undefined, path: string[]): Generator<[string, YamlNode | undefined, string[]]> {
    for (const pair of mapPairs(resolveAlias(node, this.d))) {
      const key = keyName(pair);
      if (key !== undefined) yield [key, resolveAlias(pair.value, this.d), [...path, key]];
    }
  }

  private each(list: YamlNode | undefined, path: string[], visit: (item: YamlNode, path: string[]) => void): void {
    seqItems(resolveAlias(list, this.d)).forEach((item, i) => visit(item, [...path, String(i)]));
  }

  private members(map: YamlNode | undefined, path: string[], visit: (item: YamlNode | undefined, path: string[]) => void): void {
    for (const [, value, at] of this.pairs(map, path)) visit(value, at);
  }
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const segment of path) {
    if (Array.isArray(at)) at = at[Number(segment)];
    else if (isRecord(at) && Object.hasOwn(at, segment)) at = at[segment];
    else return undefined;
  }
  return at;
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((segment, i) => segment === b[i]);
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return path.length >= prefix.length && prefix.every((segment, i) => segment === path[i]);
}
