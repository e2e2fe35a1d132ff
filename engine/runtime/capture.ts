// Reads a capture's value from a response (the sources are parsed by scenario/capture-source.ts,
// shared with the language server): a path into a parsed JSON body, one header or all of its
// values, a regex match.
import type { PathStep } from '../../scenario/capture-source';
import type { Scalar, Value } from './vu-state';
import type { RawHeaders } from '../http1/types';

/**
 * The value(s) at a path in parsed JSON, as they are: with `[*]` steps every element is followed
 * and what was found comes back as a list (empty when none); otherwise the one value, or
 * undefined when the path leads nowhere.
 */
export function jsonValuesAt(value: unknown, path: PathStep[]): unknown {
  const every = path.findIndex((step) => typeof step === 'object');
  if (every < 0) return follow(value, path as (string | number)[]);
  const list = follow(value, path.slice(0, every) as (string | number)[]);
  if (!Array.isArray(list)) return [];
  const rest = path.slice(every + 1);
  const found: unknown[] = [];
  for (const item of list) {
    const inner = jsonValuesAt(item, rest);
    if (rest.some((step) => typeof step === 'object')) found.push(...(inner as unknown[]));
    else if (inner !== undefined && inner !== null) found.push(inner);
  }
  return found;
}

/**
 * Follows a path into parsed JSON for a capture: objects and arrays come back as JSON text;
 * with `[*]` steps, the values found come back as a list of scalars (empty when none).
 */
export function readJsonPath(value: unknown, path: PathStep[]): Value | undefined {
  const found = jsonValuesAt(value, path);
  if (path.some((step) => typeof step === 'object')) return (found as unknown[]).map(asScalar);
  if (found === undefined || found === null) return undefined;
  return asScalar(found);
}

function asScalar(value: unknown): Scalar {
  return typeof value === 'object' ? JSON.stringify(value) : (value as Scalar);
}

function follow(value: unknown, path: (string | number)[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** The first value of a header in undici's raw list (name, value, name, value…). */
export function readRawHeader(rawHeaders: RawHeaders, name: string): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toString().toLowerCase() === name) return rawHeaders[i + 1].toString();
  }
  return undefined;
}

/** Every value of a header, joined by ", " (each `set-cookie` whole, attributes included). */
export function readRawHeaders(rawHeaders: RawHeaders, name: string): string | undefined {
  const values: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toString().toLowerCase() === name) values.push(rawHeaders[i + 1].toString());
  }
  return values.length > 0 ? values.join(', ') : undefined;
}

/** A regex capture: group `group` of the first match in `text`. */
export function readRegex(pattern: RegExp, text: string | undefined, group: number): string | undefined {
  if (text === undefined) return undefined;
  return pattern.exec(text)?.[group];
}
