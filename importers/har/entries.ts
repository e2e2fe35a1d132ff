// Which recorded exchanges become requests of the scenario: the main origin's, in the order they
// started, without static assets, third-party hosts, failed or aborted requests, CORS preflights
// and WebSockets (each left-out kind listed), and with each followed redirect folded into the
// request that caused it (the engine follows redirects itself, as the browser did).
import type { Entry, Har } from 'har-format';
import { assetKind } from './static-assets';

export interface KeptEntry {
  /** 1-based position in the HAR, for messages. */
  number: number;
  entry: Entry;
  url: URL;
  /** The final answer when redirects were followed (the last hop), else `entry` itself. */
  final: Entry;
  /** Every hop's entry, first to last (one for a request without redirects). */
  hops: Entry[];
}

export interface Selection {
  origin: string;
  kept: KeptEntry[];
  untranslated: string[];
}

const MAX_LISTED = 40;

export function selectEntries(har: Har): Selection {
  const numbered = har.log.entries.map((entry, i) => ({ entry, number: i + 1, url: parseUrl(entry.request.url) }));
  // Recorders write entries when they finish; the scenario replays them as they started.
  numbered.sort((a, b) => Date.parse(a.entry.startedDateTime) - Date.parse(b.entry.startedDateTime) || a.number - b.number);
  const origin = mainOrigin(numbered);

  const kept: KeptEntry[] = [];
  const assets = new Map<string, { kind: string; count: number }>();
  const thirdParty = new Map<string, string[]>();
  const other: string[] = [];
  for (const { entry, number, url } of numbered) {
    const line = `${entry.request.method} ${url ? displayUrl(url, origin) : entry.request.url}`;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      other.push(`entry ${number} ${line}: not an HTTP request, left out`);
      continue;
    }
    const type = (entry as Entry & { _resourceType?: string })._resourceType;
    if (type === 'websocket' || entry.response.status === 101) {
      other.push(`entry ${number} ${line}: a WebSocket, not translated (write a \`ws:\` step for it)`);
      continue;
    }
    if (url.origin !== origin) {
      thirdParty.set(url.host, [...(thirdParty.get(url.host) ?? []), line]);
      continue;
    }
    const asset = assetKind(entry, url);
    if (asset) {
      const key = `${entry.request.method} ${url.pathname}`;
      const seen = assets.get(key);
      assets.set(key, { kind: seen?.kind ?? asset, count: (seen?.count ?? 0) + 1 });
      continue;
    }
    if (entry.response.status <= 0 || (entry.response as { _failureText?: string })._failureText) {
      const why = (entry.response as { _failureText?: string })._failureText ?? 'no response';
      other.push(`entry ${number} ${line}: never answered (${why}), left out`);
      continue;
    }
    if (entry.request.method === 'OPTIONS' && entry.request.headers.some((h) => h.name.toLowerCase() === 'access-control-request-method')) {
      other.push(`entry ${number} ${line}: a browser's CORS preflight, left out`);
      continue;
    }
    const previous = kept[kept.length - 1];
    if (previous && followsRedirect(previous.final, entry, url)) {
      previous.final = entry;
      previous.hops.push(entry);
      continue;
    }
    kept.push({ number, entry, url, final: entry, hops: [entry] });
  }

  const untranslated: string[] = [];
  const assetLines = [...assets].map(([key, { kind, count }]) => `static asset left out: ${key} (${kind}${count > 1 ? `, ${count} requests` : ''})`);
  untranslated.push(...assetLines.slice(0, MAX_LISTED));
  if (assetLines.length > MAX_LISTED) untranslated.push(`… and ${assetLines.length - MAX_LISTED} more static assets left out`);
  for (const [host, lines] of thirdParty) {
    const shown = lines.slice(0, 3).join(', ');
    untranslated.push(`third-party host ${host} left out: ${lines.length} request${lines.length === 1 ? '' : 's'} (${shown}${lines.length > 3 ? ', …' : ''})`);
  }
  untranslated.push(...other);
  return { origin, kept, untranslated };
}

/**
 * The application's origin: that of the first page the browser navigated to (the first HTML
 * document), else the origin most requests went to.
 */
function mainOrigin(entries: { entry: Entry; url: URL | undefined }[]): string {
  const web = entries.filter((e): e is { entry: Entry; url: URL } => e.url !== undefined && /^https?:$/.test(e.url.protocol));
  const document = web.find(({ entry }) => {
    const type = (entry as Entry & { _resourceType?: string })._resourceType;
    return type === 'document' || (type === undefined && entry.request.method === 'GET' && /text\/html/i.test(entry.response.content?.mimeType ?? ''));
  });
  if (document) return document.url.origin;
  const counts = new Map<string, number>();
  for (const { url } of web) counts.set(url.origin, (counts.get(url.origin) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'http://localhost';
}

/** Is `next` the browser following `previous`'s redirect (its Location, by the method the status implies)? */
function followsRedirect(previous: Entry, next: Entry, url: URL): boolean {
  const status = previous.response.status;
  if (![301, 302, 303, 307, 308].includes(status)) return false;
  const location = previous.response.redirectURL || previous.response.headers.find((h) => h.name.toLowerCase() === 'location')?.value;
  if (!location) return false;
  const target = parseUrl(location, previous.request.url);
  if (!target || target.href !== url.href) return false;
  const method = status === 307 || status === 308 ? previous.request.method : 'GET';
  return next.request.method === method || (status !== 303 && next.request.method === previous.request.method);
}

export function parseUrl(text: string, base?: string): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}

export function displayUrl(url: URL, origin: string): string {
  return url.origin === origin ? `${url.pathname}${url.search}` : url.href;
}
