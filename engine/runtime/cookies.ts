// Each virtual user's cookie jar (`defaults.cookies`, on by default): what responses set is sent
// back by later requests of that user, by RFC 6265's rules (domain, path, expiry, Secure), as a
// browser does. The jar is tough-cookie's; it is loaded and created on a user's first
// Set-Cookie, so a scenario whose target sets none pays nothing per request.
import type { CookieJar } from 'tough-cookie';
import type { VuState } from './vu-state';
import type { RawHeaders } from '../http1/types';

let jarClass: typeof CookieJar | undefined;

function newJar(): CookieJar {
  jarClass ??= (require('tough-cookie') as typeof import('tough-cookie')).CookieJar;
  // Loose mode takes a cookie without a name (`=value`), as browsers do.
  return new jarClass(undefined, { looseMode: true });
}

/** Keeps every Set-Cookie of a response to `url` in the user's jar; a bad cookie is skipped. */
export function keepSetCookies(vu: VuState, url: string, rawHeaders: RawHeaders): void {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    if (name.length !== 10 || name.toString().toLowerCase() !== 'set-cookie') continue;
    vu.jar ??= newJar();
    vu.jar.setCookieSync(rawHeaders[i + 1].toString(), url, { ignoreError: true });
  }
}

/** The jar's cookies for `url` as a Cookie header value ('' when none). */
export function jarCookies(vu: VuState, url: string): string {
  return vu.jar ? vu.jar.getCookieStringSync(url) : '';
}

/** One value from the jar for `url` (`cookies.NAME` captures). */
export function jarCookie(vu: VuState, url: string, name: string): string | undefined {
  return vu.jar?.getCookiesSync(url).find((cookie) => cookie.key === name)?.value;
}

/** The Cookie header: the request's own header, the jar's cookies, the step's `cookies:`. */
export function joinCookies(...parts: (string | undefined)[]): string | undefined {
  const present = parts.filter((part): part is string => part !== undefined && part !== '');
  return present.length > 0 ? present.join('; ') : undefined;
}

/** Adds the jar's cookies for `url` to `headers.cookie`, after any written there (sse, ws). */
export function addJarCookies(headers: Record<string, string>, vu: VuState, url: string): void {
  const cookie = joinCookies(headers.cookie, jarCookies(vu, url));
  if (cookie !== undefined) headers.cookie = cookie;
}
