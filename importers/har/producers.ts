// Values a recorded answer produced that a later request might send again, each with the capture
// source that reads it at run time: JSON fields (`body.items[0].id`), the `Location` header,
// cookies set with Set-Cookie (`cookies.NAME`), and CSRF tokens in HTML (a regex capture over
// `<meta name="csrf-token" content=…>` or `<input name="_csrf" value=…>`).
import type { CaptureSpec } from '../../scenario/capture-source';
import type { JsonValue, RecordedRequest } from './recorded';

export interface Producer {
  /** The request whose answer holds it (its index among the kept requests). */
  step: number;
  value: string;
  source: CaptureSpec;
  kind: 'json' | 'location' | 'cookie' | 'csrf';
  /** The field's own name (`id`, `token`), the cookie's name, or undefined. */
  key?: string;
  /** The last literal path segment of the producing request (`records` for POST /collections/1/records). */
  resource?: string;
  /** How deep in the body (0 for `body.id`), to prefer the top level. */
  depth: number;
  creates: boolean;
  /** The capture's name, given the first time a later request uses it. */
  name?: string;
}

const MAX_PER_RESPONSE = 2000;
const MAX_VALUE_LENGTH = 2000;
const SAFE_KEY = /^[^.[\]\s]+$/;

export function producersOf(request: RecordedRequest, step: number): Producer[] {
  const resource = [...request.segments].reverse().find((segment) => segment !== '' && !/\d/.test(segment));
  const creates = request.method === 'POST' || request.method === 'PUT';
  const base = { step, resource, creates };
  const found: Producer[] = [];
  const { response } = request;
  if (response.location) found.push({ ...base, value: response.location, source: 'headers.location', kind: 'location', depth: 0 });
  for (const [name, value] of response.setCookies) {
    if (value !== '') found.push({ ...base, value, source: `cookies.${name}`, kind: 'cookie', key: name, depth: 0 });
  }
  if (response.json !== undefined) walkJson(response.json, 'body', undefined, 0, (value, path, key, depth) => {
    if (found.length < MAX_PER_RESPONSE) found.push({ ...base, value, source: path, kind: 'json', key, depth });
  });
  if (response.html) found.push(...csrfTokens(response.html, base));
  return found;
}

function walkJson(value: JsonValue, path: string, key: string | undefined, depth: number, visit: (value: string, path: string, key: string | undefined, depth: number) => void): void {
  if (Array.isArray(value)) {
    value.slice(0, 100).forEach((item, i) => walkJson(item, `${path}[${i}]`, key, depth + 1, visit));
  } else if (value !== null && typeof value === 'object') {
    for (const [child, item] of Object.entries(value)) {
      if (SAFE_KEY.test(child)) walkJson(item, `${path}.${child}`, child, depth + 1, visit);
    }
  } else if ((typeof value === 'string' && value !== '' && value.length <= MAX_VALUE_LENGTH) || typeof value === 'number') {
    visit(String(value), path, key, depth - 1);
  }
}

const CSRF_NAME = /csrf|xsrf|authenticity_token|requestverificationtoken|^_token$/i;

/** Hidden inputs and meta tags that hold a CSRF token, read by a regex anchored on their own markup. */
function csrfTokens(html: string, base: Pick<Producer, 'step' | 'resource' | 'creates'>): Producer[] {
  const found: Producer[] = [];
  for (const tag of html.match(/<(meta|input)\b[^>]*>/gi) ?? []) {
    const name = /\bname\s*=\s*"([^"]*)"/i.exec(tag)?.[1];
    if (!name || !CSRF_NAME.test(name)) continue;
    const attribute = /^<meta/i.test(tag) ? 'content' : 'value';
    const value = new RegExp(`\\b${attribute}\\s*=\\s*"([^"]*)"`, 'i').exec(tag)?.[1];
    if (!value) continue;
    // The tag's text up to the value, with the value itself as the group: stable across runs.
    const prefix = tag.slice(0, tag.indexOf(value));
    found.push({ ...base, value, source: { regex: `${escapeRegex(prefix)}([^"]*)`, from: 'body', group: 1 }, kind: 'csrf', key: name, depth: 0 });
  }
  return found;
}

/** Escapes what a `u`-mode regex reads as syntax (`-`, `"`, `<` and `=` stay as they are there). */
function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&').replace(/\s+/g, '\\s+');
}
