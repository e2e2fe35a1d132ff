// A scenario's `flow` (and `before`/`after`) as steps: requests with their bodies, headers,
// captures and checks, `think`, `loop` as `repeat:` (a literal list is unrolled), `ifTrue` as
// `if:` where the condition translates. Hooks and custom functions run JavaScript: listed.
import { HTTP_METHODS } from '../../scenario/request-line';
import type { EnvNotes } from '../secrets';
import { scrubBasicAuth, scrubFields, scrubHeaders, scrubJson, scrubUrl } from '../shared/credentials';
import { artilleryDuration } from './durations';
import { checks } from './checks';
import { condition } from './conditions';
import type { ArtilleryTemplates } from './templates';

type Spec = Record<string, unknown>;
export type Step = Record<string, unknown>;

export interface StepContext {
  /** `scenario NAME`, for messages. */
  where: string;
  templates: ArtilleryTemplates;
  env: EnvNotes;
  untranslated: string[];
  /** Payload name → data set, for `loop: … over:` a payload loaded whole. */
  loadAll: ReadonlyMap<string, string>;
}

const HOOKS = ['beforeRequest', 'afterResponse'];

export function steps(flow: unknown, context: StepContext): Step[] {
  if (!Array.isArray(flow)) return [];
  return flow.flatMap((item: unknown, index) => step(item as Spec, `${context.where}, step ${index + 1}`, context));
}

function step(item: Spec, where: string, context: StepContext): Step[] {
  const method = Object.keys(item).find((key) => (HTTP_METHODS as readonly string[]).includes(key.toUpperCase()));
  if (method) return request(method.toUpperCase(), item[method] as Spec, where, context);
  if ('think' in item) {
    const think = typeof item.think === 'string' && item.think.includes('{{') ? context.templates.text(item.think) : artilleryDuration(item.think);
    if (think !== undefined) return [{ think }];
  }
  if ('loop' in item) return loop(item, where, context);
  if ('parallel' in item) {
    context.untranslated.push(`${where}: parallel requests run one after the other`);
    return steps(item.parallel, { ...context, where });
  }
  const key = ['function', 'log', 'emit'].find((known) => known in item) ?? Object.keys(item)[0];
  const what = key === 'function' ? `custom function \`${String(item.function)}\`` : key === 'log' ? `log \`${String(item.log)}\`` : key === 'emit' ? 'a Socket.IO emit' : `\`${key}\``;
  context.untranslated.push(`${where}: ${what} is not translated`);
  return [];
}

function request(method: string, spec: Spec, where: string, context: StepContext): Step[] {
  const { templates, env, untranslated } = context;
  const url = templates.text(String(spec.url ?? '/'));
  const path = /^(https?:\/\/|\{\{|\/)/i.test(url) ? url : `/${url}`;
  const label = `${method} ${String(spec.url ?? '/')} (${where})`;
  const out: Step = { request: `${method} ${scrubUrl(path, env, label)}` };
  if (typeof spec.name === 'string') out.name = spec.name;
  if (spec.headers && typeof spec.headers === 'object') out.headers = scrubHeaders(templates.deep(spec.headers as Record<string, string>), env);
  if (spec.qs && typeof spec.qs === 'object') out.query = scrubFields(templates.deep(stringMap(spec.qs)), env, label);
  if (spec.json !== undefined) out.json = scrubJson(templates.deep(spec.json), env, label);
  else if (typeof spec.body === 'string') out.body = templates.text(spec.body);
  else if (spec.form && typeof spec.form === 'object') out.form = scrubFields(templates.deep(stringMap(spec.form)), env, label);
  else if (spec.formData && typeof spec.formData === 'object') out.multipart = multipart(spec.formData as Spec, label, context);
  const auth = spec.auth as { user?: unknown; pass?: unknown } | undefined;
  if (auth && (auth.user !== undefined || auth.pass !== undefined)) {
    out.auth = scrubBasicAuth(templates.text(String(auth.user ?? '')), templates.text(String(auth.pass ?? '')), env, label);
  }
  if (spec.cookie && typeof spec.cookie === 'object') out.cookies = templates.deep(stringMap(spec.cookie));
  if (spec.followRedirect === false) out.redirects = 0;
  Object.assign(out, checks(spec, label, templates, untranslated));
  for (const hook of HOOKS) if (spec[hook] !== undefined) untranslated.push(`${label}: ${hook} hook \`${String(spec[hook])}\` is not translated`);
  if (spec.ifTrue === undefined) return [out];
  const test = condition(String(spec.ifTrue), templates);
  if (test !== undefined) return [{ if: test, steps: [out] }];
  untranslated.push(`${label}: ifTrue \`${String(spec.ifTrue)}\` is JavaScript a condition cannot say; the request always runs`);
  return [out];
}

function multipart(fields: Spec, label: string, context: StepContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value && typeof value === 'object' && 'fromFile' in value) {
      const file = String((value as Spec).fromFile);
      out[key] = { file: { size: '100KB', name: file.split(/[\\/]/).pop()?.replace(/\{\{.*?\}\}/g, 'file') || 'upload.bin' } };
      context.untranslated.push(`${label}: form field \`${key}\` from file ${file} sends 100 KB of generated bytes; write \`file: { path: … }\` to send a file of yours`);
    } else out[key] = context.templates.text(typeof value === 'string' ? value : JSON.stringify(value));
  }
  return out;
}

function loop(item: Spec, where: string, context: StepContext): Step[] {
  const { templates } = context;
  const outer = templates.loop;
  try {
    if (Array.isArray(item.over)) {
      // A literal list: one copy of the steps per element, `$loopElement` written in.
      return item.over.flatMap((value: unknown) => {
        templates.loop = { kind: 'value', value };
        return steps(item.loop, { ...context, where });
      });
    }
    if (typeof item.over === 'string') {
      const set = context.loadAll.get(item.over);
      if (set) {
        context.untranslated.push(`${where}: the loop over every row of payload \`${item.over}\` takes one row per iteration instead (a scenario reads a data file row by row)`);
        templates.loop = { kind: 'row', set };
        return steps(item.loop, { ...context, where });
      }
      templates.loop = { kind: 'repeat' };
      return [{ repeat: { over: templates.text(`{{ ${item.over} }}`) }, steps: steps(item.loop, { ...context, where }) }];
    }
    templates.loop = { kind: 'repeat' };
    const body = steps(item.loop, { ...context, where });
    if (typeof item.count === 'number') return [{ repeat: item.count, steps: body }];
    if (typeof item.count === 'string') return [{ repeat: templates.text(item.count), steps: body }];
    context.untranslated.push(`${where}: a loop ${item.whileTrue ? `while \`${String(item.whileTrue)}\`` : 'without a count'} runs its steps once here`);
    return body;
  } finally {
    templates.loop = outer;
  }
}

function stringMap(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(value as Spec).map(([key, item]) => [key, typeof item === 'string' ? item : JSON.stringify(item)]));
}
