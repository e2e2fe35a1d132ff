// Security schemes as what a request sends, with the credential from `env`: an apiKey as its
// header, query parameter or cookie; http bearer as `Authorization: Bearer {{ env.NAME }}`; http
// basic as `auth:`; OAuth2 and OpenID Connect as a bearer token the user obtains beforehand (the
// scenario does not run the authorization flow).
import { EnvNotes, envName } from '../secrets';
import type { ApiOperation, OpenApiDocument } from './model';

export interface Credentials {
  headers: Record<string, string>;
  query: Record<string, string>;
  cookies: Record<string, string>;
  auth?: { user: string; password: string };
}

export function credentialsFor(op: ApiOperation, doc: OpenApiDocument, env: EnvNotes, untranslated: Set<string>): Credentials {
  const found: Credentials = { headers: {}, query: {}, cookies: {} };
  // Alternatives are listed in order: the first is used. `{}` among them means none is needed.
  const requirement = (op.operation.security ?? doc.security ?? [])[0] ?? {};
  for (const name of Object.keys(requirement)) {
    const scheme = doc.components?.securitySchemes?.[name];
    if (!scheme) continue;
    const variable = envName(name);
    if (scheme.type === 'apiKey' && scheme.name) {
      const value = env.use(variable, `the API key of the ${name} security scheme (${scheme.in ?? 'header'} ${scheme.name})`);
      if (scheme.in === 'query') found.query[scheme.name] = value;
      else if (scheme.in === 'cookie') found.cookies[scheme.name] = value;
      else found.headers[scheme.name.toLowerCase()] = value;
    } else if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'basic') {
      found.auth = { user: env.use(`${variable}_USER`, `the user name of the ${name} security scheme (HTTP basic)`), password: env.use(`${variable}_PASSWORD`, `the password of the ${name} security scheme (HTTP basic)`) };
    } else if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer') {
      found.headers.authorization = `Bearer ${env.use(variable, `the bearer token of the ${name} security scheme`)}`;
    } else if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
      found.headers.authorization = `Bearer ${env.use(variable, `an access token for the ${name} security scheme (${scheme.type}): obtain one first, the scenario does not run the authorization flow`)}`;
    } else {
      untranslated.add(`security scheme ${name} (${scheme.type}${scheme.scheme ? ` ${scheme.scheme}` : ''}): not translated; add its credential by hand`);
    }
  }
  return found;
}
