// Credentials in a request body or form, found by their field's name (`password`, `api_key`,
// `client_secret`…): each becomes `{{ env.NAME }}`, nested fields and lists included. Shared by
// the importers, beside secrets.ts's headers.
import { EnvNotes, envName, isCredentialField } from './secrets';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** `value` with the text of every credential field replaced by `{{ env.NAME }}`; `where` names the request in the note. */
export function hideCredentialFields<T>(value: T, env: EnvNotes, where: string, key?: string): T {
  return hide(value as Json, key, env, where) as T;
}

function hide(value: Json, key: string | undefined, env: EnvNotes, where: string): Json {
  if (Array.isArray(value)) return value.map((item) => hide(item, key, env, where));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([child, item]) => [child, hide(item, child, env, where)]));
  }
  if (key !== undefined && isCredentialField(key) && (typeof value === 'string' || typeof value === 'number') && !String(value).includes('{{')) {
    return env.use(envName(key), `the ${key} field sent by ${where}`);
  }
  return value;
}
