// An Artillery script (YAML or JSON) → scenario: `config.target`, `phases` (open model),
// `payload` (data sets), `variables`, `defaults.headers`, `http.timeout`, `ensure` (criteria),
// `before`/`after` (setup/teardown) and the HTTP scenarios with their weights. WebSocket
// scenarios become a `ws:` step; other engines (Socket.IO events, Playwright) and JavaScript
// hooks are listed, never run.
import { parse } from 'yaml';
import { EnvNotes } from '../secrets';
import { scrubHeaders } from '../shared/credentials';
import { stampedeName } from '../shared/names';
import { resolveNames } from '../shared/resolve-names';
import { ImportError, type Imported, type ImportInput, type Importer, type ScenarioData } from '../types';
import { artilleryDuration } from './durations';
import { criteria } from './ensure';
import { payloads } from './payload';
import { phases } from './phases';
import { steps, type StepContext } from './steps';
import { ArtilleryTemplates } from './templates';
import { wsFlow } from './ws';

type Spec = Record<string, unknown>;

export const artilleryImporter: Importer = {
  format: 'artillery',
  title: 'Artillery script',
  detect: (input) => isArtillery(read(input.text)),
  convert,
};

const KNOWN_CONFIG = new Set(['target', 'phases', 'payload', 'variables', 'defaults', 'http', 'ensure', 'plugins', 'tls', 'processor', 'environments', 'engines']);
/** Plugins whose work the scenario does itself: `expect` checks, `ensure` criteria, metrics per step. */
const NATIVE_PLUGINS = new Set(['expect', 'ensure', 'metrics-by-endpoint']);

function convert(input: ImportInput): Imported {
  const script = read(input.text);
  if (!isArtillery(script)) throw new ImportError(`${input.fileName}: not an Artillery script (no \`scenarios\` list)`);
  const config = (script.config as Spec | undefined) ?? {};
  const untranslated: string[] = [];
  const env = new EnvNotes();
  const data = payloads(config.payload, input, untranslated, env);
  const templates = new ArtilleryTemplates(data.fields);
  const context: StepContext = { where: '', templates, env, untranslated, loadAll: data.loadAll };

  const scenario: ScenarioData = { version: 1, name: baseName(input.fileName) };
  const target = typeof config.target === 'string' ? templates.text(config.target) : undefined;
  if (target && /^(https?:\/\/|\{\{)/i.test(target)) scenario.target = target.replace(/\/+$/, '');
  const variables = configVariables(config.variables, templates);
  if (Object.keys(data.data).length > 0) scenario.data = data.data;
  const defaults = configDefaults(config, templates, env);
  if (defaults) scenario.defaults = defaults;
  scenario.phases = phases(config.phases, untranslated);
  const setup = steps((script.before as Spec | undefined)?.flow, { ...context, where: 'before' });
  if (setup.length > 0) scenario.setup = setup;
  scenario.flows = flows(script.scenarios as Spec[], config, context, scenario);
  const teardown = steps((script.after as Spec | undefined)?.flow, { ...context, where: 'after' });
  if (teardown.length > 0) scenario.teardown = teardown;
  if (scenario.target === undefined && usesPaths(scenario)) {
    // Artillery takes the target from another config file or `--target` when the script has none.
    scenario.target = env.use('TARGET', 'the base URL of the system under test (the script has no config.target)');
  }
  const limits = criteria(config, untranslated);
  if (limits.length > 0) scenario.criteria = limits;
  listConfig(config, untranslated);

  for (const [name, expr] of templates.placeholders) {
    variables[name] = '';
    untranslated.push(`\`{{ ${expr} }}\` is not a template a scenario reads: it became the empty variable \`${name}\` (set it with --var ${name}=…)`);
  }
  if (Object.keys(variables).length > 0) scenario.variables = variables;
  const set = new Set<string>();
  resolveNames(scenario, (name) => {
    set.add(name);
    return name;
  });
  for (const name of set) {
    variables[name] = '';
    untranslated.push(`\`{{ ${name} }}\` is set by JavaScript (a processor function or hook): it became the empty variable \`${name}\` (set it with --var ${name}=…)`);
  }
  if (Object.keys(variables).length > 0) scenario.variables = variables;
  if ((scenario.flows as unknown[]).length === 0) {
    const why = untranslated.length > 0 ? `; not translated:\n  ${untranslated.join('\n  ')}` : ' (its `scenarios` list is empty)';
    throw new ImportError(`${input.fileName}: no scenario of this script sends HTTP requests a scenario can${why}`);
  }
  return { scenario: ordered(scenario), untranslated: [...templates.notes, ...untranslated], env: env.notes, notes: data.notes, files: data.files };
}

function flows(source: Spec[], config: Spec, context: StepContext, scenario: ScenarioData): Spec[] {
  const out: Spec[] = [];
  const names = new Set<string>();
  source.forEach((item, index) => {
    let name = typeof item.name === 'string' && item.name ? item.name : `scenario ${index + 1}`;
    while (names.has(name)) name = `${name} (${index + 1})`;
    const where = `scenario ${name}`;
    for (const hook of ['beforeScenario', 'afterScenario', 'beforeRequest', 'afterResponse']) {
      if (item[hook] !== undefined) context.untranslated.push(`${where}: ${hook} hook \`${String(item[hook])}\` is not translated`);
    }
    const engine = typeof item.engine === 'string' ? item.engine : 'http';
    let body: Spec[];
    if (engine === 'ws') body = wsFlow(item.flow, config, { ...context, where }, scenario);
    else if (engine === 'http' || engine === 'socketio') body = steps(item.flow, { ...context, where });
    else {
      context.untranslated.push(`${where}: the ${engine} engine is not HTTP; scenario left out${item.flowFunction ? ` (its flow is the function \`${String(item.flowFunction)}\`)` : ''}`);
      return;
    }
    if (engine === 'socketio') context.untranslated.push(`${where}: a Socket.IO scenario; its HTTP requests are translated, its emits are not`);
    if (body.length === 0 || !body.some(sendsSomething)) {
      context.untranslated.push(`${where}: nothing in it translates; scenario left out`);
      return;
    }
    names.add(name);
    const flow: Spec = { name };
    if (typeof item.weight === 'number') flow.weight = item.weight;
    flow.steps = body;
    out.push(flow);
  });
  return out;
}

/** Does a step send to a path, which needs a target? */
function usesPaths(scenario: ScenarioData): boolean {
  const relative = (step: Spec): boolean =>
    (typeof step.request === 'string' && /^\S+\s+\//.test(step.request)) || (typeof step.ws === 'string' && step.ws.startsWith('/')) || (Array.isArray(step.steps) && (step.steps as Spec[]).some(relative));
  const lists = [scenario.setup, ...(scenario.flows as Spec[]).map((flow) => flow.steps), scenario.teardown];
  return lists.some((list) => Array.isArray(list) && (list as Spec[]).some(relative));
}

function sendsSomething(step: Spec): boolean {
  return 'request' in step || 'ws' in step || (Array.isArray(step.steps) && (step.steps as Spec[]).some(sendsSomething));
}

/** A list of values: Artillery picks one per user; here one per iteration. */
function configVariables(source: unknown, templates: ArtilleryTemplates): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((source as Spec | undefined) ?? {})) {
    const name = stampedeName(key);
    if (Array.isArray(value)) variables[name] = `{{ random.pick(${value.map((item) => `'${String(item).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(', ')}) }}`;
    else variables[name] = typeof value === 'string' ? templates.text(value) : value;
  }
  return variables;
}

function configDefaults(config: Spec, templates: ArtilleryTemplates, env: EnvNotes): Spec | undefined {
  const defaults: Spec = {};
  const headers = (config.defaults as Spec | undefined)?.headers;
  if (headers && typeof headers === 'object') defaults.headers = scrubHeaders(templates.deep(headers as Record<string, string>), env);
  const timeout = artilleryDuration((config.http as Spec | undefined)?.timeout);
  if (timeout) defaults.timeout = timeout;
  if ((config.tls as Spec | undefined)?.rejectUnauthorized === false) defaults.tls = { insecure: true };
  return Object.keys(defaults).length > 0 ? defaults : undefined;
}

function listConfig(config: Spec, untranslated: string[]): void {
  if (config.processor !== undefined) untranslated.push(`config.processor ${String(config.processor)}: its JavaScript functions are not run`);
  if (config.environments && typeof config.environments === 'object') {
    untranslated.push(`config.environments (${Object.keys(config.environments).join(', ')}): not translated; use --var, --target and --scale for variants`);
  }
  for (const plugin of Object.keys((config.plugins as Spec | undefined) ?? {})) {
    if (!NATIVE_PLUGINS.has(plugin)) untranslated.push(`plugin ${plugin}: not translated`);
  }
  const http = (config.http as Spec | undefined) ?? {};
  for (const key of Object.keys(http)) if (key !== 'timeout') untranslated.push(`config.http.${key}: not translated`);
  for (const key of Object.keys(config)) if (!KNOWN_CONFIG.has(key)) untranslated.push(`config.${key}: not translated`);
}

function ordered(scenario: ScenarioData): ScenarioData {
  const order = ['version', 'name', 'target', 'variables', 'data', 'defaults', 'phases', 'setup', 'flows', 'teardown', 'criteria'];
  return Object.fromEntries(order.filter((key) => key in scenario).map((key) => [key, scenario[key]]));
}

function read(text: string): Spec | undefined {
  try {
    const value: unknown = parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Spec) : undefined;
  } catch {
    return undefined;
  }
}

function isArtillery(script: Spec | undefined): script is Spec {
  return Array.isArray(script?.scenarios) && (script.config === undefined || typeof script.config === 'object');
}

function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop()!.replace(/\.(ya?ml|json)$/i, '');
}
