// Where an imported scenario's requests go: the origin most of them share becomes `target` (so
// `stampede run --target` moves them all), and their lines become `METHOD /path`; a request to
// another origin keeps its absolute URL. An origin may be a template (`{{ env.API_URL }}`), as
// collections often keep their host in a variable.

export interface UrlParts {
  /** `https://host:port` or a leading `{{ … }}`; undefined when the URL is a path already. */
  origin: string | undefined;
  /** From the first `/` (query included); `/` when the URL has no path. */
  path: string;
}

export function urlParts(url: string): UrlParts {
  const text = url.trim();
  const absolute = /^(https?:\/\/[^/?#]*)(.*)$/i.exec(text);
  if (absolute) return { origin: absolute[1], path: withSlash(absolute[2]) };
  const templated = /^(\{\{[^}]*\}\})(.*)$/.exec(text);
  if (templated && (templated[2] === '' || /^[/?]/.test(templated[2]))) return { origin: templated[1], path: withSlash(templated[2]) };
  if (templated) return { origin: text, path: '' };
  return { origin: undefined, path: withSlash(text) };
}

/** The origin the most URLs share (the first of equals), or undefined when none has one. */
export function commonOrigin(urls: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const url of urls) {
    const { origin, path } = urlParts(url);
    if (origin !== undefined && path !== '') counts.set(origin, (counts.get(origin) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [origin, count] of counts) if (best === undefined || count > (counts.get(best) ?? 0)) best = origin;
  return best;
}

/** `METHOD /path` when `url` is on `target`, else `METHOD url` as it is. */
export function requestLine(method: string, url: string, target: string | undefined): string {
  const { origin, path } = urlParts(url);
  if (origin === undefined || (origin === target && path !== '')) return `${method} ${path}`;
  return `${method} ${url.trim()}`;
}

function withSlash(path: string): string {
  if (path === '') return '/';
  return path.startsWith('/') ? path : `/${path}`;
}
