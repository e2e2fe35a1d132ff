// A Postman auth block (the request's own, else the nearest folder's, else the collection's) as
// the headers, query fields or `auth:` of the request. Its values are templates or credentials:
// written credentials are asked of `env` (shared/credentials.ts does that to the headers after).
import type { PmAuth } from './sdk';

export interface AuthParts {
  headers: Record<string, string>;
  query: Record<string, string>;
  basic?: { user: string; password: string };
  /** Set when the type has no equivalent. */
  untranslated?: string;
}

export function authParts(auth: PmAuth | undefined): AuthParts {
  const parts: AuthParts = { headers: {}, query: {} };
  if (!auth || auth.type === 'noauth') return parts;
  const params = auth.parameters().toObject();
  const text = (key: string): string => (params[key] === undefined || params[key] === null ? '' : String(params[key]));
  switch (auth.type) {
    case 'bearer':
      parts.headers.Authorization = `Bearer ${text('token')}`;
      break;
    case 'basic':
      parts.basic = { user: text('username'), password: text('password') };
      break;
    case 'apikey': {
      const key = text('key') || 'x-api-key';
      if (text('in') === 'query') parts.query[key] = text('value');
      else parts.headers[key] = text('value');
      break;
    }
    case 'oauth2':
      // The token Postman fetched and kept: the flow that fetches it is not part of the requests.
      parts.headers.Authorization = `Bearer ${text('accessToken')}`;
      break;
    default:
      parts.untranslated = `auth type \`${auth.type}\` has no equivalent (only bearer, basic, API key and an OAuth 2 access token translate)`;
  }
  return parts;
}

/** The auth parameter values that are credentials (their variables are secrets). */
export function authSecrets(auth: PmAuth | undefined): string[] {
  if (!auth || auth.type === 'noauth') return [];
  const params = auth.parameters().toObject();
  return ['token', 'password', 'value', 'accessToken'].map((key) => params[key]).filter((value): value is string => typeof value === 'string');
}
