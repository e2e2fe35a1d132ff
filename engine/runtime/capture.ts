// Reads a capture source from a response: `body.a.b[0].c` (a dot path into a JSON body),
// `body` (the whole body), `headers.NAME` or `status`.
import type { Scalar } from './vu-state';

export interface CaptureSource {
  from: 'body' | 'header' | 'status';
  /** Body: the path's keys and indexes; header: the lowercased name. */
  path: (string | number)[];
}

export function parseCaptureSource(source: string): CaptureSource | undefined {
  const text = source.trim();
  if (text === 'status') return { from: 'status', path: [] };
  if (text.startsWith('headers.')) return { from: 'header', path: [text.slice('headers.'.length).toLowerCase()] };
  if (text !== 'body' && !text.startsWith('body.') && !text.startsWith('body[')) return undefined;
  const path: (string | number)[] = [];
  const pattern = /\.([^.[\]]+)|\[(\d+)\]/g;
  const rest = text.slice('body'.length);
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(rest)) !== null) {
    if (match.index !== consumed) return undefined;
    path.push(match[1] !== undefined ? match[1] : Number(match[2]));
    consumed = pattern.lastIndex;
  }
  if (consumed !== rest.length) return undefined;
  return { from: 'body', path };
}

/** Follows a path into parsed JSON; objects and arrays come back as JSON text. */
export function readJsonPath(value: unknown, path: (string | number)[]): Scalar | undefined {
  let current: unknown = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  if (current === undefined || current === null) return undefined;
  if (typeof current === 'object') return JSON.stringify(current);
  return current as Scalar;
}

export function readRawHeader(rawHeaders: Buffer[] | string[], name: string): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toString().toLowerCase() === name) return rawHeaders[i + 1].toString();
  }
  return undefined;
}
