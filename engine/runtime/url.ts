// Joins a step's path to the target, or takes its absolute URL, and appends its query.
// Static URLs are split into origin and path once, at compile time.
import { compileFields } from './body';
import { compileTemplate, TemplateError } from './template';
import type { VuState } from './vu-state';

export interface Target {
  origin: string;
  /** Path prefix of the target without a trailing slash, e.g. `/api` or ``. */
  basePath: string;
  /** `user:password` written in the target URL. */
  credentials?: string;
}

export interface ResolvedUrl {
  origin: string;
  path: string;
  /** `user:password` from the URL (`http://u:p@host/`), decoded: sent as HTTP basic auth. */
  credentials?: string;
}

export function parseTarget(target: string): Target {
  const url = new URL(target);
  const parsed: Target = { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
  const credentials = credentialsOf(url);
  if (credentials !== undefined) parsed.credentials = credentials;
  return parsed;
}

/** Credentials written in a URL: basic auth, never dropped silently (the contract says so). */
function credentialsOf(url: URL): string | undefined {
  if (url.username === '' && url.password === '') return undefined;
  return `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
}

function split(raw: string, target: Target | undefined): ResolvedUrl {
  if (/^https?:\/\//i.test(raw)) {
    const url = new URL(raw);
    const resolved: ResolvedUrl = { origin: url.origin, path: `${url.pathname}${url.search}` };
    const credentials = credentialsOf(url);
    if (credentials !== undefined) resolved.credentials = credentials;
    return resolved;
  }
  if (!target) throw new TemplateError(`"${raw}" is a relative path and the scenario has no target`);
  const path = raw.startsWith('/') ? raw : `/${raw}`;
  const resolved: ResolvedUrl = { origin: target.origin, path: `${target.basePath}${path}` };
  if (target.credentials !== undefined) resolved.credentials = target.credentials;
  return resolved;
}

/** A step's URL for a user; `constant` when it has nothing to render (no `{{ }}` in URL or query). */
export interface CompiledUrl {
  (vu: VuState): ResolvedUrl;
  readonly constant?: ResolvedUrl;
}

export function compileUrl(
  urlText: string,
  query: Record<string, string | string[]>,
  target: Target | undefined,
): CompiledUrl {
  const url = compileTemplate(urlText);
  const params = compileFields(query).map(([key, template]) => [encodeURIComponent(key), template] as const);
  const withQuery = (resolved: ResolvedUrl, vu: VuState): ResolvedUrl => {
    if (params.length === 0) return resolved;
    let path = resolved.path;
    let separator = path.includes('?') ? '&' : '?';
    for (const [key, template] of params) {
      path += `${separator}${key}=${encodeURIComponent(template.render(vu))}`;
      separator = '&';
    }
    return { ...resolved, path };
  };
  const staticQuery = params.every(([, template]) => template.constant !== undefined);
  if (url.constant !== undefined) {
    const base = split(url.constant, target);
    if (staticQuery) {
      // Rendering a constant query needs no VU; any VU-shaped object will do.
      const fixed = withQuery(base, undefined as unknown as VuState);
      return Object.assign(() => fixed, { constant: fixed });
    }
    return (vu) => withQuery(base, vu);
  }
  return (vu) => withQuery(split(url.render(vu), target), vu);
}
