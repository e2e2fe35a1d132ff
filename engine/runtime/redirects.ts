// Following a redirect as browsers and fetch do: 301/302 turn a POST into a GET, 303 turns
// anything but HEAD into a GET without its body, 307/308 repeat the request as it was. Every
// hop is a request of its own (counted by the caller), so counts match the server's log.
import type { ResolvedUrl } from './url';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function isRedirect(status: number): boolean {
  return REDIRECTS.has(status);
}

export interface Hop {
  url: ResolvedUrl;
  method: string;
  /** False when the method changed to GET: the body and its content headers are dropped. */
  keepBody: boolean;
  /** The hop stays on the origin the request started on (credentials go only there). */
  sameOrigin: boolean;
}

/**
 * Where `location` (as the response wrote it, relative or absolute) leads from `from`; undefined
 * when it is not an http(s) URL (then the redirect response is the request's final answer).
 */
export function nextHop(from: ResolvedUrl, location: string, status: number, method: string, startOrigin: string): Hop | undefined {
  let next: URL;
  try {
    next = new URL(location, `${from.origin}${from.path}`);
  } catch {
    return undefined;
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') return undefined;
  const toGet = (status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST');
  const url: ResolvedUrl = { origin: next.origin, path: `${next.pathname}${next.search}` };
  return { url, method: toGet ? 'GET' : method, keepBody: !toGet, sameOrigin: next.origin === startOrigin };
}
