// One operation as a `request` step: its path with parameters filled (from an earlier answer, an
// example, or a variable the user sets), required query, header and cookie parameters, the body
// (example or generated, valid against its schema), the credentials its security asks for, and
// `expect.status` from the documented 2xx answers.
import { camelName } from '../names';
import { hideCredentialFields } from '../hide-fields';
import { EnvNotes, envName, isCredentialField, isCredentialHeader } from '../secrets';
import type { Links } from './links';
import type { ApiOperation, MediaType, OpenApiDocument, Parameter } from './model';
import { credentialsFor } from './security';
import { bodyValue, documentedExample, generated, schemaValidator } from './values';

/** What steps of one import share: the document, env notes, variables asked for, what was not translated. */
export interface StepContext {
  doc: OpenApiDocument;
  env: EnvNotes;
  validate: ReturnType<typeof schemaValidator>;
  /** Path parameters no answer gives and no example fills: a variable each, with its starting value. */
  variables: Map<string, { value: string | number | boolean; usedBy: string[] }>;
  untranslated: Set<string>;
}

/** Headers the specification says a parameter list cannot set (the request's own machinery does). */
const RESERVED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

export function operationStep(op: ApiOperation, links: Links, ctx: StepContext): Record<string, unknown> {
  const step: Record<string, unknown> = { request: `${op.method} ${pathLine(op, links, ctx)}`, name: op.name };
  const credentials = credentialsFor(op, ctx.doc, ctx.env, ctx.untranslated);
  const query: Record<string, unknown> = { ...credentials.query };
  const headers: Record<string, string> = { ...credentials.headers };
  const cookies: Record<string, string> = { ...credentials.cookies };
  for (const parameter of op.parameters) {
    if (parameter.in === 'path' || !parameter.required) continue;
    const lower = parameter.name.toLowerCase();
    if (parameter.in === 'header' && RESERVED_HEADERS.has(lower)) continue;
    const secret = parameter.in === 'header' ? isCredentialHeader(parameter.name) : isCredentialField(parameter.name);
    const value = secret ? ctx.env.use(envName(parameter.name), `the ${parameter.name} ${parameter.in} parameter of ${op.name}`) : parameterValue(parameter, ctx.doc);
    if (parameter.in === 'query') query[parameter.name] = Array.isArray(value) ? value.map(String) : text(value);
    else if (parameter.in === 'header') headers[lower] = text(value);
    else cookies[parameter.name] = text(value);
  }
  if (Object.keys(query).length > 0) step.query = query;
  if (credentials.auth) step.auth = credentials.auth;
  Object.assign(step, bodyOf(op, ctx, headers));
  if (Object.keys(headers).length > 0) step.headers = headers;
  if (Object.keys(cookies).length > 0) step.cookies = cookies;
  const statuses = successStatuses(op);
  if (statuses.length > 0) step.expect = { status: statuses.length === 1 ? statuses[0] : statuses };
  return step;
}

function pathLine(op: ApiOperation, links: Links, ctx: StepContext): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const linked = links.template(name, op.path);
    if (linked) return linked;
    const parameter = op.parameters.find((p) => p.in === 'path' && p.name === name);
    const example = parameter ? documentedExample(parameter) : undefined;
    if (example && ['string', 'number', 'boolean'].includes(typeof example.value)) return encodeURIComponent(String(example.value));
    // Asked of the user: a variable per parameter name, shared by every operation that uses it.
    const variable = camelName(name);
    const entry = ctx.variables.get(variable) ?? { value: startingValue(parameter, ctx.doc), usedBy: [] };
    entry.usedBy.push(op.name);
    ctx.variables.set(variable, entry);
    return `{{ ${variable} }}`;
  });
}

function startingValue(parameter: Parameter | undefined, doc: OpenApiDocument): string | number | boolean {
  const value = generated(parameter?.schema, doc);
  // The generator's stand-in for any string is the word "example": an id-like "1" reads better.
  return typeof value === 'number' || typeof value === 'boolean' ? value : typeof value === 'string' && value !== '' && value !== 'example' ? value : '1';
}

function parameterValue(parameter: Parameter, doc: OpenApiDocument): unknown {
  return (documentedExample(parameter) ?? { value: generated(parameter.schema, doc) }).value ?? '1';
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `json:`, `form:`, `multipart:` or `body:` for the operation's preferred media type. */
function bodyOf(op: ApiOperation, ctx: StepContext, headers: Record<string, string>): Record<string, unknown> {
  const content = op.operation.requestBody?.content;
  if (!content || Object.keys(content).length === 0) return {};
  const types = Object.keys(content);
  const pick = (test: RegExp): string | undefined => types.find((t) => test.test(t));
  const type = pick(/^application\/(.+\+)?json/i) ?? pick(/x-www-form-urlencoded/i) ?? pick(/multipart\/form-data/i) ?? pick(/^text\//i) ?? pick(/json/i);
  if (!type) {
    ctx.untranslated.add(`${op.name}: a request body of type ${types.join(', ')} is not generated; add it by hand`);
    return {};
  }
  const media = content[type] as MediaType;
  const { value, problem } = bodyValue(media, ctx.doc, ctx.validate);
  if (problem) ctx.untranslated.add(`${op.name}: the generated ${type} body does not validate against its schema (${problem}); check it`);
  const where = `${op.method} ${op.path}`;
  if (/json/i.test(type)) return { json: hideCredentialFields(value, ctx.env, where) };
  const fields = Object.fromEntries(Object.entries(value !== null && typeof value === 'object' ? value : { value }).map(([k, v]) => [k, text(v)]));
  if (/x-www-form-urlencoded/i.test(type)) return { form: hideCredentialFields(fields, ctx.env, where) };
  if (/multipart/i.test(type)) {
    const properties = media.schema?.properties ?? {};
    const parts = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, properties[k]?.format === 'binary' ? { file: { size: '1KB', name: `${k}.bin` } } : v]));
    return { multipart: hideCredentialFields(parts, ctx.env, where) };
  }
  headers['content-type'] = type;
  return { body: text(value) };
}

/** The documented 2xx statuses; `2XX` stands for the usual ones. */
function successStatuses(op: ApiOperation): number[] {
  const codes = Object.keys(op.operation.responses ?? {});
  const exact = codes.filter((c) => /^2\d\d$/.test(c)).map(Number);
  if (exact.length > 0) return exact;
  return codes.some((c) => /^2xx$/i.test(c)) ? [200, 201, 202, 204] : [];
}
