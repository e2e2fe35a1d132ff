// One kept exchange as the importer works on it: the request's parts as editable values (so that
// correlation can put templates in them) and the facts of its final answer that later requests
// may reuse. Headers a browser adds by itself (user agent, client hints, Sec-Fetch-*, caching,
// connection management) are dropped: the engine sends its own.
import type { Entry, Header } from 'har-format';
import type { KeptEntry } from './entries';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type RecordedBody =
  | { kind: 'json'; value: JsonValue }
  | { kind: 'form'; fields: [string, string][] }
  | { kind: 'text'; text: string; contentType: string };

export interface RecordedResponse {
  status: number;
  /** The body when it is JSON. */
  json?: JsonValue;
  /** The body when it is HTML (for CSRF tokens). */
  html?: string;
  /** `Location`, as a path when it points at the main origin. */
  location?: string;
  /** Cookies set by this answer or a redirect hop before it, name → value. */
  setCookies: [string, string][];
}

export interface RecordedRequest {
  number: number;
  method: string;
  /** Path and query as sent, for matching a `Location` a response gave earlier. */
  target: string;
  /** Path segments after the leading `/`, percent-encoded as sent. */
  segments: string[];
  /** Set when the whole path and query came from a captured `Location`: `{{ recordUrl }}`. */
  wholeTarget?: string;
  query: [string, string][];
  headers: [string, string][];
  cookies: [string, string][];
  body?: RecordedBody;
  /** Body the importer could not translate (multipart), said in the untranslated list. */
  untranslatedBody?: string;
  response: RecordedResponse;
  started: number;
  ended: number;
  /** The page (HAR `pageref`) it belongs to, if the HAR groups by pages. */
  page?: string;
  document: boolean;
  /** A document's `<title>`. */
  title?: string;
  captures: Record<string, unknown>;
}

/** Headers the browser or the connection adds; the engine sends its own or none. */
const DROPPED_HEADERS = /^(:.*|host|connection|keep-alive|content-length|transfer-encoding|accept-encoding|accept-language|user-agent|referer|origin|cookie|dnt|te|upgrade-insecure-requests|cache-control|pragma|priority|if-none-match|if-modified-since|purpose|sec-.*|x-client-data)$/i;

export function recordedRequest(kept: KeptEntry, origin: string): RecordedRequest {
  const { entry, url, final } = kept;
  const type = (entry as Entry & { _resourceType?: string })._resourceType;
  const document = type === 'document' || (type === undefined && /text\/html/i.test(final.response.content?.mimeType ?? '') && entry.request.method === 'GET');
  const request: RecordedRequest = {
    number: kept.number,
    method: entry.request.method.toUpperCase(),
    target: `${url.pathname}${url.search}`,
    segments: url.pathname.split('/').slice(1),
    query: [...url.searchParams],
    headers: keptHeaders(entry.request.headers),
    cookies: sentCookies(entry),
    response: recordedResponse(kept, origin),
    started: Date.parse(entry.startedDateTime),
    ended: Date.parse(final.startedDateTime) + Math.max(0, final.time || 0),
    page: entry.pageref,
    document,
    captures: {},
  };
  if (document) request.title = titleOf(request.response.html);
  readBody(entry, request);
  return request;
}

function keptHeaders(headers: Header[]): [string, string][] {
  const kept: [string, string][] = [];
  for (const { name, value } of headers) {
    const lower = name.toLowerCase();
    if (DROPPED_HEADERS.test(lower)) continue;
    // A browser's catch-all accept says nothing about the application.
    if (lower === 'accept' && (/^text\/html/.test(value) || value === '*/*' || /^image\//.test(value))) continue;
    if (lower === 'content-type') continue; // the body's kind sets it (json:, form:, or kept for body:)
    if (!kept.some(([other]) => other === lower)) kept.push([lower, value]);
  }
  return kept;
}

function sentCookies(entry: Entry): [string, string][] {
  const header = entry.request.headers.find((h) => h.name.toLowerCase() === 'cookie')?.value;
  if (header) {
    return header
      .split(';')
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => {
        const eq = pair.indexOf('=');
        return eq < 0 ? [pair, ''] : [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
      });
  }
  return (entry.request.cookies ?? []).map((c) => [c.name, c.value]);
}

function readBody(entry: Entry, request: RecordedRequest): void {
  const post = entry.request.postData;
  if (!post) return;
  const contentType = post.mimeType || entry.request.headers.find((h) => h.name.toLowerCase() === 'content-type')?.value || '';
  const text = post.text ?? '';
  if (/json/i.test(contentType)) {
    try {
      request.body = { kind: 'json', value: JSON.parse(text) as JsonValue };
      return;
    } catch {
      // not JSON after all: sent as text below
    }
  }
  if (/application\/x-www-form-urlencoded/i.test(contentType)) {
    const fields: [string, string][] = post.params?.length ? post.params.map((p) => [p.name, p.value ?? '']) : [...new URLSearchParams(text)];
    request.body = { kind: 'form', fields };
    return;
  }
  if (/multipart\//i.test(contentType)) {
    request.untranslatedBody = `entry ${request.number} ${request.method} ${request.target}: its multipart body is not translated (write it as \`multipart:\`)`;
    return;
  }
  if (text !== '') request.body = { kind: 'text', text, contentType };
}

function recordedResponse(kept: KeptEntry, origin: string): RecordedResponse {
  const { final } = kept;
  const response: RecordedResponse = { status: final.response.status, setCookies: [] };
  for (const hop of kept.hops) {
    for (const header of hop.response.headers) {
      if (header.name.toLowerCase() !== 'set-cookie') continue;
      // Some recorders join several cookies with newlines in one header.
      for (const line of header.value.split('\n')) {
        const pair = line.split(';')[0];
        const eq = pair.indexOf('=');
        if (eq > 0) response.setCookies.push([pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()]);
      }
    }
    for (const cookie of hop.response.cookies ?? []) {
      if (!response.setCookies.some(([name]) => name === cookie.name)) response.setCookies.push([cookie.name, cookie.value]);
    }
  }
  const location = final.response.headers.find((h) => h.name.toLowerCase() === 'location')?.value;
  if (location) {
    try {
      const url = new URL(location, final.request.url);
      response.location = url.origin === origin ? `${url.pathname}${url.search}` : url.href;
    } catch {
      // an unreadable Location is nothing to reuse
    }
  }
  const content = final.response.content;
  const text = content?.encoding === 'base64' ? undefined : content?.text;
  if (text) {
    if (/json/i.test(content.mimeType ?? '')) {
      try {
        response.json = JSON.parse(text) as JsonValue;
      } catch {
        // a body that says JSON and is not: nothing to reuse
      }
    } else if (/html/i.test(content.mimeType ?? '')) response.html = text;
  }
  return response;
}

function titleOf(html: string | undefined): string | undefined {
  const match = html ? /<title[^>]*>([^<]*)<\/title>/i.exec(html) : null;
  const title = match?.[1].replace(/\s+/g, ' ').trim();
  return title || undefined;
}
