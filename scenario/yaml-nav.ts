// Reading the YAML syntax tree defensively: every check runs on documents that may be half
// typed, so each helper accepts anything and answers undefined rather than throwing.
import { isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Pair, type ParsedNode, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Document } from 'yaml';
import type { SourceRange } from './types';

export type YamlNode = ParsedNode;
export type YamlPair = Pair<ParsedNode, ParsedNode | null>;

export interface PositionSource {
  lineCounter: LineCounter;
}

/** 0-based range from two offsets. */
export function offsetRange(source: PositionSource, start: number, end: number): SourceRange {
  const from = source.lineCounter.linePos(start);
  const to = source.lineCounter.linePos(Math.max(start, end));
  return {
    start: { line: from.line - 1, character: from.col - 1 },
    end: { line: to.line - 1, character: to.col - 1 },
  };
}

/** The node's value range (without a trailing comment). */
export function nodeRange(source: PositionSource, node: YamlNode): SourceRange {
  return offsetRange(source, node.range[0], node.range[1]);
}

export function asMap(node: unknown): YAMLMap<ParsedNode, ParsedNode | null> | undefined {
  return isMap(node) ? (node as YAMLMap<ParsedNode, ParsedNode | null>) : undefined;
}

export function asSeq(node: unknown): YAMLSeq<ParsedNode> | undefined {
  return isSeq(node) ? (node as YAMLSeq<ParsedNode>) : undefined;
}

/** The key of a pair as text (`200` for a numeric key); undefined for a complex key. */
export function keyName(pair: unknown): string | undefined {
  if (!isPair(pair) || !isScalar(pair.key)) return undefined;
  const value = pair.key.value;
  return value === null || value === undefined ? '' : String(value);
}

/** The last pair with `key` (YAML reads the last duplicate, as the conversion does). */
export function findPair(map: unknown, key: string): YamlPair | undefined {
  const items = asMap(map)?.items;
  if (!items) return undefined;
  for (let i = items.length - 1; i >= 0; i--) {
    if (keyName(items[i]) === key) return items[i] as YamlPair;
  }
  return undefined;
}

/** The value node under `key`, following an alias. */
export function mapValue(map: unknown, key: string, doc?: Document.Parsed): YamlNode | undefined {
  const value = findPair(map, key)?.value ?? undefined;
  return resolveAlias(value, doc);
}

export function resolveAlias(node: YamlNode | undefined | null, doc?: Document.Parsed): YamlNode | undefined {
  if (!node) return undefined;
  if (isAlias(node)) {
    if (!doc) return undefined;
    const target = node.resolve(doc);
    return target && !isAlias(target) ? (target as YamlNode) : undefined;
  }
  return node;
}

/** A scalar's value when it is a string; undefined for numbers, collections, null. */
export function stringValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

export function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** The items of a sequence node, or an empty list. */
export function seqItems(node: unknown): YamlNode[] {
  return asSeq(node)?.items ?? [];
}

/** The pairs of a mapping node, or an empty list. */
export function mapPairs(node: unknown): YamlPair[] {
  return (asMap(node)?.items ?? []) as YamlPair[];
}

/**
 * Maps offsets in a scalar's value to offsets in the document. Exact for single-line plain
 * scalars and quoted scalars without escapes (nearly every template); otherwise every offset
 * maps to the whole scalar, which still lands the diagnostic on the right value.
 */
export function valueOffsetMapper(text: string, node: YamlNode): (offset: number, length: number) => [number, number] {
  const [start, end] = node.range;
  const whole = (): [number, number] => [start, end];
  if (!isScalar(node) || typeof node.value !== 'string') return whole;
  const source = text.slice(start, end);
  const value = node.value;
  let base: number | undefined;
  if (node.type === 'PLAIN' && source === value) base = start;
  else if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && source.slice(1, -1) === value) base = start + 1;
  if (base === undefined) return whole;
  const at = base;
  return (offset, length) => [at + offset, at + offset + length];
}

export interface Located {
  /** The node at the path; undefined when the path leaves the tree. */
  node: YamlNode | undefined;
  /** The key node of the pair whose value is `node`, when `node` is a mapping value. */
  keyNode: YamlNode | undefined;
}

/**
 * The node a JSON-pointer-like path (as ajv reports it, already split) leads to. Keys are matched
 * as the conversion to plain values wrote them, so the two agree.
 */
export function nodeAtPath(root: YamlNode | null, segments: readonly string[], doc?: Document.Parsed): Located {
  let node: YamlNode | undefined = root ?? undefined;
  let keyNode: YamlNode | undefined;
  for (const segment of segments) {
    node = resolveAlias(node, doc);
    if (isSeq(node)) {
      node = (node.items[Number(segment)] as YamlNode | undefined) ?? undefined;
      keyNode = undefined;
    } else if (isMap(node)) {
      const pair = findPair(node, segment);
      if (!pair) return { node: undefined, keyNode: undefined };
      keyNode = pair.key;
      node = pair.value ?? undefined;
    } else {
      return { node: undefined, keyNode: undefined };
    }
  }
  return { node: resolveAlias(node, doc) ?? node, keyNode };
}

/** Splits an ajv `instancePath` (`/phases/0/users`) into its segments. */
export function pointerSegments(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}
