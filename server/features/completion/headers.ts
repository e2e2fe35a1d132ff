// Common HTTP header names and, for a few of them, typical values.
import { CompletionItemKind } from 'vscode-languageserver';
import type { ItemSpec } from './items';

export const COMMON_HEADERS: Record<string, string> = {
  accept: 'Media types the client accepts, e.g. `application/json`.',
  'accept-encoding': 'Compressions the client accepts, e.g. `gzip, br`.',
  'accept-language': 'Preferred languages, e.g. `en-US`.',
  authorization: 'Credentials, e.g. `"Bearer {{ token }}"`.',
  'cache-control': 'Caching directives, e.g. `no-cache`.',
  'content-type': 'Media type of the body (set for you with `json`, `form` and `multipart`).',
  cookie: 'Cookies sent to the server.',
  'if-none-match': 'Conditional request on an ETag.',
  origin: 'Origin of a cross-site request.',
  referer: 'The page the request came from.',
  'user-agent': 'The client software.',
  'x-api-key': 'An API key.',
  'x-request-id': 'A request id for tracing, e.g. `"{{ random.uuid() }}"`.',
  'x-correlation-id': 'A correlation id for tracing.',
};

/** Headers of a response worth capturing or expecting. */
export const RESPONSE_HEADERS: Record<string, string> = {
  'content-type': 'Media type of the body, e.g. `application/json; charset=utf-8`.',
  location: 'Where a redirect or a created resource points.',
  'set-cookie': 'Cookies the server sets (each value whole; the cookie jar keeps them anyway).',
  etag: 'The version of the resource, for `if-none-match`.',
  'cache-control': 'Caching directives.',
  'last-modified': 'When the resource last changed.',
  'retry-after': 'How long to wait before trying again (429, 503).',
  link: 'Links, e.g. to the next page.',
  'x-request-id': 'The id the server gave this request.',
};

const VALUES: Record<string, string[]> = {
  accept: ['application/json', 'text/html', '*/*', 'text/event-stream'],
  'accept-encoding': ['gzip, br', 'gzip', 'identity'],
  authorization: ['"Bearer {{ ${1:token} }}"', '"Basic ${1:credentials}"'],
  'cache-control': ['no-cache', 'no-store', 'max-age=0'],
  'content-type': ['application/json', 'application/x-www-form-urlencoded', 'text/plain'],
  'x-request-id': ['"{{ random.uuid() }}"'],
  'x-correlation-id': ['"{{ random.uuid() }}"'],
};

/** Header names as keys (`name: $0`): a request's by default, a response's for `expect`/`check`. */
export function headerNameItems(names: Record<string, string> = COMMON_HEADERS): ItemSpec[] {
  return Object.entries(names).map(([name, documentation]) => ({
    label: name,
    kind: CompletionItemKind.Field,
    insert: `${name}: $0`,
    documentation,
    rank: 1,
    retrigger: name in VALUES,
  }));
}

export function headerValueItems(name: string): ItemSpec[] {
  return (VALUES[name.toLowerCase()] ?? []).map((value) => ({
    label: value.replace(/\$\{1:([^}]*)\}/g, '$1'),
    kind: CompletionItemKind.Value,
    insert: value,
    rank: 1,
  }));
}
