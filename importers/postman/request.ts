// One Postman request as a request step: method and URL (path variables filled), enabled headers
// and query, the body by its mode, the auth it inherits, and what its test scripts translate to
// (captures, `expect.status`). Credentials become `{{ env.NAME }}`; the rest of the scripts is
// listed by the caller.
import { HTTP_METHODS } from '../../scenario/request-line';
import { envName, type EnvNotes } from '../secrets';
import { holdsLiteral, scrubBasicAuth, scrubFields, scrubHeaders, scrubJson, scrubUrl } from '../shared/credentials';
import { stampedeName } from '../shared/names';
import { bodyFromText } from '../shared/request-body';
import { authParts, type AuthParts } from './auth';
import { enabled, type PmAuth, type PmBody, type PmRequest } from './sdk';
import type { ScriptFacts } from './scripts';
import type { PostmanTemplates } from './templates';

export interface RequestContext {
  /** `Folder / Request`, for messages. */
  where: string;
  auth: PmAuth | undefined;
  /** The test scripts that apply (collection's, folders', the request's own), read. */
  tests: ScriptFacts[];
  env: EnvNotes;
  templates: PostmanTemplates;
  untranslated: string[];
}

export type Step = Record<string, unknown>;

/** The step, with its URL still whole in `request` (the caller picks the target); undefined when it cannot be sent. */
export function requestStep(name: string, request: PmRequest, context: RequestContext): Step | undefined {
  const method = request.method.toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(method)) {
    context.untranslated.push(`${context.where}: method ${method} is not one a scenario sends (${HTTP_METHODS.join(', ')}); request left out`);
    return undefined;
  }
  const { templates, env, where } = context;
  const auth = authParts(request.auth ?? context.auth);
  if (auth.untranslated) context.untranslated.push(`${where}: ${auth.untranslated}`);
  const url = withAuthQuery(scrubUrl(templates.text(fullUrl(request.url.toString())), env, where), auth, context);

  const step: Step = { request: `${method} ${url}`, name };
  const headers = scrubHeaders(templates.deep(headerMap(request)), env);
  for (const [header, value] of Object.entries(auth.headers)) {
    const text = templates.text(value);
    headers[header] = holdsLiteral(text) ? env.header(header, text) : text;
  }
  if (Object.keys(headers).length > 0) step.headers = headers;
  Object.assign(step, body(request.body, headers, context));
  if (auth.basic) {
    step.auth = scrubBasicAuth(templates.text(auth.basic.user), templates.text(auth.basic.password), env, where);
  }
  const statuses = [...new Set(context.tests.flatMap((facts) => facts.statuses))];
  const json = Object.assign({}, ...context.tests.map((facts) => facts.json)) as Record<string, unknown>;
  const expect: Step = {};
  if (statuses.length > 0) expect.status = statuses.length === 1 ? statuses[0] : statuses;
  if (Object.keys(json).length > 0) expect.json = json;
  const latencies = context.tests.flatMap((facts) => (facts.maxLatencyMs === undefined ? [] : [facts.maxLatencyMs]));
  if (latencies.length > 0) expect.maxLatency = `${Math.min(...latencies)}ms`;
  if (Object.keys(expect).length > 0) step.expect = expect;
  const captures = Object.assign({}, ...context.tests.map((facts) => facts.captures)) as Record<string, string>;
  if (Object.keys(captures).length > 0) step.capture = Object.fromEntries(Object.entries(captures).map(([key, source]) => [stampedeName(key), source]));
  return step;
}

/** `host/path` without a scheme is sent over http by Postman; `:name` path segments are variables. */
function fullUrl(url: string): string {
  const withScheme = /^(https?:\/\/|\{\{)/i.test(url) ? url : `http://${url}`;
  return withScheme.replace(/\/:([A-Za-z_][\w-]*)(?=[/?#]|$)/g, (_, key: string) => `/{{${key}}}`);
}

function headerMap(request: PmRequest): Record<string, string> {
  return fieldMap(request.headers);
}

/** An auth value: a template stays, written text is asked of `env`. */
function credential(value: string, name: string, meaning: string, context: RequestContext): string {
  return holdsLiteral(value) ? context.env.use(envName(name), meaning) : value;
}

function withAuthQuery(url: string, auth: AuthParts, context: RequestContext): string {
  const pairs = Object.entries(auth.query).map(([key, value]) => `${encodeURIComponent(key)}=${credential(context.templates.text(value), key, `the ${key} query parameter of ${context.where}`, context)}`);
  if (pairs.length === 0) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${pairs.join('&')}`;
}

function body(source: PmBody | undefined, headers: Record<string, string>, context: RequestContext): Step {
  const { templates, env, where } = context;
  switch (source?.mode) {
    case 'raw': {
      if (!source.raw) return {};
      const contentType = headerValue(headers, 'content-type') ?? (source.options?.raw?.language === 'json' ? 'application/json' : undefined);
      const keys = bodyFromText(source.raw, contentType);
      if ('json' in keys) return { json: scrubJson(templates.deep(keys.json), env, where) };
      if ('form' in keys) return { form: scrubFields(templates.deep(keys.form), env, where) };
      return { body: templates.text(keys.body) };
    }
    case 'urlencoded':
      return { form: scrubFields(templates.deep(fieldMap(source.urlencoded)), env, where) };
    case 'formdata':
      return { multipart: multipart(source, context) };
    case 'graphql':
      return { json: scrubJson(templates.deep(graphqlBody(source.graphql)), env, where) };
    case 'file':
      context.untranslated.push(`${where}: a body sent from a file (binary mode) is not translated; the request is sent without it`);
      return {};
    default:
      return {};
  }
}

function multipart(source: PmBody, context: RequestContext): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const text: Record<string, string> = {};
  for (const field of enabled(source.formdata)) {
    const key = field.key as string;
    if (field.type === 'file') {
      const name = String(field.src ?? 'upload.bin').split(/[\\/]/).pop() || 'upload.bin';
      fields[key] = { file: { size: '10KB', name } };
      context.untranslated.push(`${context.where}: file field \`${key}\` (${String(field.src ?? 'no file chosen')}) sends 10 KB of generated bytes; write \`file: { path: … }\` to send the file itself`);
    } else text[key] = String(field.value ?? '');
  }
  return { ...scrubFields(context.templates.deep(text), context.env, context.where), ...fields };
}

function graphqlBody(graphql: PmBody['graphql']): Record<string, unknown> {
  const json: Record<string, unknown> = { query: graphql?.query ?? '' };
  const variables = graphql?.variables;
  if (typeof variables === 'string' && variables.trim()) {
    try {
      json.variables = JSON.parse(variables);
    } catch {
      json.variables = variables;
    }
  } else if (variables && typeof variables === 'object') json.variables = variables;
  return json;
}

function fieldMap(list: PmBody['urlencoded']): Record<string, string> {
  return Object.fromEntries(enabled(list).map((item) => [item.key as string, String(item.value ?? '')]));
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}
