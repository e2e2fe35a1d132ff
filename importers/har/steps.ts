// A recorded request, correlated, as the scenario's `request` step: the path (or the captured
// Location it came from), query, the headers worth keeping, the body (JSON or form as data, other
// text as it was), `expect.status` from the recorded answer, and its captures. Credentials the
// recording held — authorization headers, cookies no recorded answer had set, password and token
// fields — become `{{ env.NAME }}`; values the recording's own answers produced are templates already.
import { hideCredentialFields } from '../hide-fields';
import { EnvNotes, envName, isCredentialField, isCredentialHeader } from '../secrets';
import type { RecordedRequest } from './recorded';

const TEMPLATE = /\{\{/;

export function stepOf(request: RecordedRequest, env: EnvNotes, jarCookies: ReadonlySet<string>): Record<string, unknown> {
  const where = `${request.method} /${request.segments.join('/')}`;
  const step: Record<string, unknown> = { request: `${request.method} ${request.wholeTarget ?? `/${request.segments.join('/')}`}` };
  if (!request.wholeTarget && request.query.length > 0) {
    const query: Record<string, string | string[]> = {};
    for (const [name, raw] of request.query) {
      const value = !TEMPLATE.test(raw) && isCredentialField(name) ? env.use(envName(name), `the ${name} query parameter of ${where}`) : raw;
      const previous = query[name];
      query[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
    }
    step.query = query;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) headers[name] = !TEMPLATE.test(value) && isCredentialHeader(name) ? env.header(name, value) : value;
  if (request.body?.kind === 'text') headers['content-type'] = request.body.contentType;
  if (Object.keys(headers).length > 0) step.headers = headers;

  const cookies: Record<string, string> = {};
  for (const [name] of request.cookies) {
    // A cookie an answer set is in the user's jar already; one set before the recording began
    // (a login of an earlier visit) is a credential to ask for.
    if (!jarCookies.has(name)) cookies[name] = env.use(envName('cookie', name), `the ${name} cookie the browser sent (set before the recording began)`);
  }
  if (Object.keys(cookies).length > 0) step.cookies = cookies;

  const body = request.body;
  if (body?.kind === 'json') step.json = hideCredentialFields(body.value, env, where);
  else if (body?.kind === 'form') {
    const form: Record<string, string | string[]> = {};
    for (const [name, raw] of body.fields) {
      const value = hideCredentialFields(raw, env, where, name);
      const previous = form[name];
      form[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
    }
    step.form = form;
  } else if (body?.kind === 'text') step.body = body.text;

  const status = request.response.status;
  // A 304 answered the browser's cache validators, which the engine does not send.
  step.expect = { status: status === 304 ? [200, 304] : status };
  if (Object.keys(request.captures).length > 0) step.capture = request.captures;
  return step;
}
