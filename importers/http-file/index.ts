// A `.http`/`.rest` file (REST Client, httpyac) → scenario: one flow with its requests in file
// order (a request reads what the named requests before it answered), file variables as
// `variables`, response references as captures, system variables as Stampede's functions or
// `env`. Scripts, prompts and what REST Client computes itself are listed.
import { EnvNotes, envName, isCredentialField, isCredentialHeader } from '../secrets';
import { resolveNames } from '../shared/resolve-names';
import { starterProfile } from '../shared/starter-profile';
import { commonOrigin, requestLine } from '../shared/target';
import { templatesIn } from '../shared/template-text';
import { stampedeName } from '../shared/names';
import { ImportError, type Imported, type ImportInput, type Importer, type ScenarioData } from '../types';
import { parseHttpFile, type HttpFile } from './parse';
import { requestSteps, type Step } from './request';
import { HttpTemplates } from './templates';

export const httpFileImporter: Importer = {
  format: 'http',
  title: 'HTTP file (REST Client / httpyac)',
  detect,
  convert,
};

const REQUEST_LINE = /^(?:(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+)?(https?:\/\/|\{\{)\S*/im;

function detect(input: ImportInput): boolean {
  if (/\.(http|rest)$/i.test(input.fileName)) return true;
  // No extension to go by: a request line of its own and no JSON or YAML structure.
  return !/^\s*[{[]/.test(input.text) && REQUEST_LINE.test(input.text) && /^(GET|POST|PUT|PATCH|DELETE)\s+\S/m.test(input.text) && !/^\s*\w+:\s*$/m.test(input.text);
}

function convert(input: ImportInput): Imported {
  const file = parseHttpFile(input.text);
  if (file.requests.length === 0) throw new ImportError(`${input.fileName}: no request line in this file (\`METHOD URL\`, such as \`GET https://example.com/\`)`);
  const untranslated = file.strays.map((stray) => `line ${stray.line}: \`${stray.text.slice(0, 80)}\` is no request line, variable or comment; left out`);
  const env = new EnvNotes();
  const templates = new HttpTemplates(
    new Set(file.requests.map((request) => new Map(request.meta).get('name')).filter((name): name is string => Boolean(name))),
    literalVariables(file),
    new Map(file.requests.map((request) => [new Map(request.meta).get('name') ?? '', new Map(request.headers.map(([key, value]) => [key.toLowerCase(), value]))])),
  );
  const secrets = secretVariables(file);
  const variables = fileVariables(file, templates, secrets);
  const steps = file.requests.flatMap((request) => requestSteps(request, { templates, env, untranslated, readRelative: input.readRelative }));
  if (!steps.some((step) => 'request' in step)) throw new ImportError(`${input.fileName}: no request a scenario can send:\n  ${untranslated.join('\n  ')}`);
  attachCaptures(steps, templates);
  for (const script of file.scripts) untranslated.push(`line ${script.line}: script not translated: \`${script.text.split('\n').map((line) => line.trim()).join(' ').slice(0, 80)}\``);

  const scenario: ScenarioData = { version: 1, name: input.fileName.split(/[\\/]/).pop()!.replace(/\.(http|rest)$/i, '') };
  for (const [name, expr] of templates.placeholders) {
    variables[name] = '';
    untranslated.push(`\`{{${expr}}}\` has no equivalent: it became the empty variable \`${name}\` (set it with --var ${name}=…)`);
  }
  if (Object.keys(variables).length > 0) scenario.variables = variables;
  scenario.flows = [{ name: scenario.name, steps }];
  const prompts = new Set(file.requests.flatMap((request) => request.meta.filter(([key]) => key === 'prompt').map(([, value]) => stampedeName(value.split(/\s+/)[0]))));
  resolveNames(scenario, (name) => {
    const variable = envName(name);
    const meaning = prompts.has(name)
      ? `the prompt {{${name}}} (asked when the request was sent)`
      : secrets.has(name)
        ? `the file variable @${name} (a credential: its value is not copied)`
        : `the variable {{${name}}} (from a REST Client / httpyac environment)`;
    env.use(variable, meaning);
    return `env.${variable}`;
  });
  placeTarget(scenario, steps, variables, env);
  Object.assign(scenario, starterProfile());
  const order = ['version', 'name', 'target', 'variables', 'phases', 'flows', 'criteria'];
  return { scenario: Object.fromEntries(order.filter((key) => key in scenario).map((key) => [key, scenario[key]])), untranslated: [...templates.notes, ...untranslated], env: env.notes };
}

/**
 * `@name = value` as variables. A variable that is one response reference
 * (`@token = {{login.response.body.$.token}}`) is that capture, under the variable's name.
 */
function fileVariables(file: HttpFile, templates: HttpTemplates, secrets: ReadonlySet<string>): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const [raw, value] of file.variables) {
    const name = stampedeName(raw);
    if (secrets.has(name)) continue;
    const text = templates.text(value.replace(/\\n/g, '\n'));
    const [only] = templatesIn(text);
    const capture = only !== undefined && text.trim() === `{{ ${only} }}` ? capturing(templates, only) : undefined;
    if (capture) {
      capture.map.set(name, capture.map.get(only)!);
      capture.map.delete(only);
    } else variables[name] = text;
  }
  return variables;
}

function capturing(templates: HttpTemplates, name: string): { map: Map<string, string> } | undefined {
  for (const map of templates.captures.values()) if (map.has(name)) return { map };
  return undefined;
}

function attachCaptures(steps: Step[], templates: HttpTemplates): void {
  for (const [request, captures] of templates.captures) {
    const step = steps.find((item) => item.name === request);
    if (step) step.capture = { ...(step.capture as Step | undefined), ...Object.fromEntries(captures) };
  }
}

/** File variables holding credentials: named like one, or used in a credential header. */
function secretVariables(file: HttpFile): Set<string> {
  // Only a value written in the file is a credential to keep out; a reference is not.
  const literal = literalVariables(file);
  const secrets = new Set([...literal.keys()].map((name) => stampedeName(name)).filter((name) => isCredentialField(name)));
  for (const request of file.requests) {
    for (const [key, value] of request.headers) {
      if (!isCredentialHeader(key)) continue;
      for (const inside of templatesIn(value)) if (literal.has(inside)) secrets.add(stampedeName(inside));
    }
  }
  return secrets;
}

/** Plain-text file variables, for `{{%name}}`. */
function literalVariables(file: HttpFile): Map<string, string> {
  return new Map(file.variables.filter(([, value]) => !value.includes('{{')).map(([name, value]) => [name, value]));
}

/** The common origin becomes `target`; httpyac's relative requests go to its `host` variable. */
function placeTarget(scenario: ScenarioData, steps: Step[], variables: Record<string, unknown>, env: EnvNotes): void {
  const requests = steps.filter((step) => typeof step.request === 'string');
  const urls = requests.map((step) => String(step.request).replace(/^\S+\s+/, ''));
  let target = commonOrigin(urls);
  // httpyac sends a path to the `host` variable; an absolute URL under it is a path too.
  const host = typeof variables.host === 'string' && /^https?:\/\//.test(variables.host) ? variables.host.replace(/\/+$/, '') : undefined;
  if (urls.some((url) => url.startsWith('/'))) {
    if ('host' in variables) target = '{{ host }}';
    else if (target === undefined) target = env.use('TARGET', 'the base URL the relative requests go to');
  }
  if (target !== undefined) scenario.target = target;
  for (const step of requests) {
    const [method, url] = String(step.request).split(/\s+(.*)/s);
    if (target === '{{ host }}' && host && url.startsWith(`${host}/`)) step.request = `${method} ${url.slice(host.length)}`;
    else step.request = url.startsWith('/') ? `${method} ${url}` : requestLine(method, url, target);
  }
}
