// One request of a `.http` file as a request step: its URL, headers and body (JSON, a form,
// a GraphQL query, a multipart body, `< ./file`), its metadata (`# @name`, `# @no-redirect`,
// httpyac's `# @sleep`) and the httpyac assertions a scenario can check.
import { HTTP_METHODS } from '../../scenario/request-line';
import type { EnvNotes } from '../secrets';
import { scrubBasicAuth, scrubFields, scrubHeaders, scrubJson, scrubUrl } from '../shared/credentials';
import { bodyFromText } from '../shared/request-body';
import type { HttpRequest } from './parse';
import type { HttpTemplates } from './templates';

export type Step = Record<string, unknown>;

export interface RequestContext {
  templates: HttpTemplates;
  env: EnvNotes;
  untranslated: string[];
  readRelative?: (path: string) => string | undefined;
}

/** Metadata with nothing to do in a load test. */
const QUIET_META = new Set(['name', 'note', 'title', 'description', 'ref', 'forceRef', 'prompt', 'verbose', 'debug', 'noLog', 'no-log', 'save', 'openWith', 'extension', 'noResponseView', 'no-response-view']);
const COMPUTED_SCHEMES = /^\s*(Digest|AWS|COGNITO)\b/i;
const BASIC_PAIR = /^\s*Basic\s+(\{\{[^{}]+\}\}|[^\s:{}]+)(?:\s+|:)(\{\{[^{}]+\}\}|[^\s{}]+)\s*$/i;

/** The steps for a request (a think first for `@sleep`); none when it cannot be sent. */
export function requestSteps(request: HttpRequest, context: RequestContext): Step[] {
  const where = `line ${request.line} (${request.method} ${request.url})`;
  const { templates, env, untranslated } = context;
  const meta = new Map(request.meta);
  if (meta.has('disabled')) {
    untranslated.push(`${where}: disabled (\`# @disabled\`), left out`);
    return [];
  }
  if (!(HTTP_METHODS as readonly string[]).includes(request.method)) {
    untranslated.push(`${where}: method ${request.method} is not one a scenario sends; left out`);
    return [];
  }
  const step: Step = { request: `${request.method} ${scrubUrl(templates.text(request.url), env, where)}` };
  const name = meta.get('name');
  if (name) step.name = name;
  const graphql = request.headers.some(([key, value]) => key.toLowerCase() === 'x-request-type' && value.toLowerCase() === 'graphql');
  const headers: Record<string, string> = {};
  for (const [key, value] of request.headers) {
    if (graphql && key.toLowerCase() === 'x-request-type') continue;
    // `Basic user passwd` and `Basic user:passwd`: the tool encodes them; `auth:` does too.
    const basic = key.toLowerCase() === 'authorization' ? BASIC_PAIR.exec(value) : null;
    if (basic) {
      step.auth = scrubBasicAuth(templates.text(basic[1]), templates.text(basic[2]), env, where);
      continue;
    }
    if (key.toLowerCase() === 'authorization' && COMPUTED_SCHEMES.test(value)) {
      untranslated.push(`${where}: the ${value.trim().split(/\s+/)[0]} Authorization header is computed by the tool from its credentials; it is sent as written (from env)`);
    }
    headers[key] = templates.text(value);
  }
  const scrubbed = scrubHeaders(headers, env);
  step.headers = scrubbed;
  Object.assign(step, body(request, headers, graphql, where, context));
  // A multipart body is encoded anew, with a boundary of its own: the file's header would lie.
  if (step.multipart) for (const key of Object.keys(scrubbed)) if (key.toLowerCase() === 'content-type') delete scrubbed[key];
  if (meta.has('no-redirect') || meta.has('noRedirect')) step.redirects = 0;
  if (Object.keys(scrubbed).length === 0) delete step.headers;
  const expect = assertions(request.asserts, where, untranslated);
  if (expect) step.expect = expect;
  for (const [key, value] of request.meta) {
    if (key === 'prompt') untranslated.push(`${where}: the prompt for ${value.split(/\s+/)[0]} is asked of env instead`);
    else if (!QUIET_META.has(key) && key !== 'sleep' && key !== 'disabled' && key !== 'no-redirect' && key !== 'noRedirect') untranslated.push(`${where}: \`# @${key}\` is not translated`);
  }
  const sleep = Number(meta.get('sleep'));
  return meta.has('sleep') && Number.isFinite(sleep) ? [{ think: `${sleep}ms` }, step] : [step];
}

function body(request: HttpRequest, headers: Record<string, string>, graphql: boolean, where: string, context: RequestContext): Step {
  const { templates, env } = context;
  const text = request.body;
  if (!text.trim()) return {};
  const contentType = Object.entries(headers).find(([key]) => key.toLowerCase() === 'content-type')?.[1];
  if (graphql) {
    const [query, ...variables] = text.split(/\n\s*\n/);
    const json: Record<string, unknown> = { query: templates.text(query) };
    if (variables.length > 0) json.variables = parseJson(templates.text(variables.join('\n\n')));
    return { json: scrubJson(json, env, where) };
  }
  const file = /^<(@\S*)?\s+(.+)$/.exec(text.trim());
  if (file && !text.trim().includes('\n')) return fileBody(file[2].trim(), file[1] !== undefined, contentType, where, context);
  const boundary = /multipart\/form-data;\s*boundary=("?)([^";]+)\1/i.exec(contentType ?? '');
  if (boundary) return { multipart: multipart(text, boundary[2], where, context) };
  const keys = bodyFromText(text, contentType);
  if ('json' in keys) return { json: scrubJson(templates.deep(keys.json), env, where) };
  if ('form' in keys) return { form: scrubFields(templates.deep(keys.form), env, where) };
  return { body: templates.text(keys.body) };
}

/** `< ./demo.xml` (sent as it is) or `<@ ./demo.xml` (its variables filled in). */
function fileBody(path: string, withVariables: boolean, contentType: string | undefined, where: string, context: RequestContext): Step {
  const text = context.readRelative?.(path);
  if (text === undefined) {
    context.untranslated.push(`${where}: the body file ${path} could not be read; the request is sent without a body`);
    return {};
  }
  const keys = bodyFromText(withVariables ? context.templates.text(text) : text, contentType);
  if ('json' in keys) return { json: scrubJson(keys.json, context.env, where) };
  if ('form' in keys) return { form: scrubFields(keys.form, context.env, where) };
  return { body: keys.body };
}

/** A multipart body written out: text parts as fields, file parts (`< ./1.png`) as generated files. */
function multipart(text: string, boundary: string, where: string, context: RequestContext): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const part of text.split(`--${boundary}`)) {
    const [head, ...rest] = part.replace(/^\n/, '').split(/\n\s*\n/);
    const name = /name="([^"]+)"/i.exec(head)?.[1];
    if (!name) continue;
    const content = rest.join('\n\n').replace(/\n$/, '');
    const fileName = /filename="([^"]+)"/i.exec(head)?.[1];
    const reference = /^<@?\S*\s+(.+)$/.exec(content.trim());
    if (fileName || reference) {
      const size = reference ? (context.readRelative?.(reference[1].trim())?.length ?? 10_240) : content.length;
      fields[name] = { file: { size: `${Math.max(1, Math.ceil(size / 1024))}KB`, name: fileName ?? reference![1].trim().split('/').pop()! } };
      context.untranslated.push(`${where}: file part \`${name}\`${reference ? ` (${reference[1].trim()})` : ''} sends generated bytes of its size; write \`file: { path: … }\` to send the file itself`);
    } else fields[name] = context.templates.text(content);
  }
  return fields;
}

/** httpyac `?? status == 200`, `?? header content-type includes json`, `?? body id == 5`. */
function assertions(asserts: string[], where: string, untranslated: string[]): Step | undefined {
  const expect: Step = {};
  for (const line of asserts) {
    const status = /^status\s*==\s*(\d{3})$/.exec(line);
    const header = /^header\s+(\S+)\s+(==|includes|contains|startsWith)\s+(.+)$/.exec(line);
    const field = /^body\s+([\w.[\]]+)\s*==\s*(.+)$/.exec(line);
    if (status) expect.status = Number(status[1]);
    else if (header) expect.headers = { ...(expect.headers as Step | undefined), [header[1].toLowerCase()]: header[3].trim() };
    else if (field) expect.json = { ...(expect.json as Step | undefined), [field[1]]: parseJson(field[2].trim()) };
    else untranslated.push(`${where}: assertion \`?? ${line}\` is not translated`);
  }
  return Object.keys(expect).length > 0 ? expect : undefined;
}

/** JSON when it is, else the text as written. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
