// Credentials written into an imported request (a header, a query or form field, a JSON field, a
// basic-auth password) become `{{ env.NAME }}` (secrets.ts): the scenario asks for them and never
// holds them. A value that is only templates (`Bearer {{ token }}`) is a reference, not a
// credential, and stays: the variable it names is judged where it is defined.
import { EnvNotes, envName, isCredentialField, isCredentialHeader } from '../secrets';

const SCHEME = /^\s*(Bearer|Basic|Token|Digest|ApiKey)\b/i;

/** Does `value` hold credential text of its own, beyond templates and an auth scheme word? */
export function holdsLiteral(value: string): boolean {
  return value.replace(/\{\{[\s\S]*?\}\}/g, '').replace(SCHEME, '').trim().length > 0;
}

export function scrubHeaders(headers: Record<string, string>, env: EnvNotes): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, isCredentialHeader(name) && holdsLiteral(value) ? env.header(name, value, headerEnvName(name, value)) : value]),
  );
}

/** `AUTHORIZATION_BEARER`, `AUTHORIZATION_BASIC`: one variable per scheme, as they hold different credentials. */
function headerEnvName(name: string, value: string): string {
  const scheme = SCHEME.exec(value)?.[1];
  return scheme ? envName(name, scheme) : envName(name);
}

/** Query or form fields: a credential-named field with a written value asks `env` for it. */
export function scrubFields(fields: Record<string, string>, env: EnvNotes, where: string): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, scrubValue(key, value, env, where)]));
}

/** A JSON body, walked: every credential-named field holding written text asks `env` for it. */
export function scrubJson(value: unknown, env: EnvNotes, where: string): unknown {
  if (Array.isArray(value)) return value.map((item) => scrubJson(item, env, where));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, typeof item === 'string' || typeof item === 'number' ? scrubValue(key, item, env, where) : scrubJson(item, env, where)]),
  );
}

/** `a=1&password=x` inside a URL or a raw form body, with the credential fields asked of `env`. */
export function scrubQueryText(query: string, env: EnvNotes, where: string): string {
  return query
    .split('&')
    .map((pair) => {
      const at = pair.indexOf('=');
      if (at < 0) return pair;
      const key = pair.slice(0, at);
      const value = pair.slice(at + 1);
      return `${key}=${String(scrubValue(safeDecode(key), value, env, where))}`;
    })
    .join('&');
}

/** A URL with its query's credential fields asked of `env`. */
export function scrubUrl(url: string, env: EnvNotes, where: string): string {
  const at = url.indexOf('?');
  return at < 0 ? url : `${url.slice(0, at + 1)}${scrubQueryText(url.slice(at + 1), env, where)}`;
}

/** A basic-auth pair: a written password asks `env` for it (`ADMIN_PASSWORD` for user admin). */
export function scrubBasicAuth(user: string, password: string, env: EnvNotes, where: string): { user: string; password: string } {
  const owner = holdsLiteral(user) && !user.includes('{{') ? user : 'basic';
  return {
    user,
    password: holdsLiteral(password) ? env.use(envName(owner, 'password'), `the basic-auth password of ${where}`) : password,
  };
}

function scrubValue<T extends string | number>(key: string, value: T, env: EnvNotes, where: string): T | string {
  if (!isCredentialField(key) || (typeof value === 'string' && !holdsLiteral(value))) return value;
  return env.use(envName(key), `the ${key} field of ${where}`);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
