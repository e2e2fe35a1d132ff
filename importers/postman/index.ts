// Postman collection v2.1 (and v2.0) → scenario, read with Postman's collection SDK: folders to
// flows, requests to steps, collection variables to `variables` (secret ones to `env`), auth
// blocks to headers, test scripts' captures and status checks to `capture:` and `expect`, and
// every other script line listed. A Postman environment is not read: what the collection leaves
// to it is asked of `env`.
import { EnvNotes, envName, isCredentialField, isCredentialHeader } from '../secrets';
import { borrowCaptures } from '../shared/borrow-captures';
import { stampedeName } from '../shared/names';
import { resolveNames } from '../shared/resolve-names';
import { starterProfile } from '../shared/starter-profile';
import { commonOrigin, requestLine } from '../shared/target';
import { templatesIn } from '../shared/template-text';
import { ImportError, type Imported, type ImportInput, type Importer, type ScenarioData } from '../types';
import { authSecrets } from './auth';
import { folderFlows, type FolderFlow } from './folders';
import { enabled, loadCollection, type PmCollection, type PmNode } from './sdk';
import { PostmanTemplates } from './templates';

export const postmanImporter: Importer = {
  format: 'postman',
  title: 'Postman collection v2.1',
  detect: (input) => schemaOf(parseJson(input.text)) !== undefined || isVersion1(parseJson(input.text)),
  convert,
};

function convert(input: ImportInput): Imported {
  const definition = parseJson(input.text);
  const schema = schemaOf(definition);
  if (schema === undefined && isVersion1(definition)) throw new ImportError(`${input.fileName}: a Postman collection v1; export it from Postman as Collection v2.1`);
  if (schema === undefined) throw new ImportError(`${input.fileName}: not a Postman collection (no \`info.schema\` of a v2 collection)`);
  if (!/\/v2\.[01]/.test(schema)) throw new ImportError(`${input.fileName}: a Postman collection ${schema.replace(/^.*\/(v[\d.]+)\/.*$/, '$1')}; export it from Postman as Collection v2.1`);
  const collection = loadCollection(definition);
  const env = new EnvNotes();
  const templates = new PostmanTemplates();
  const untranslated: string[] = [];

  const flows = uniqueNames(folderFlows(collection, { env, templates, untranslated }));
  if (flows.length === 0) throw new ImportError(`${input.fileName}: the collection has no request a scenario can send`);
  const secrets = secretVariables(collection);
  const variables = collectionVariables(collection, secrets, templates);
  const borrowed = borrowCaptures(flows, variables);

  const scenario: ScenarioData = { version: 1, name: collection.name || 'Postman collection' };
  const description = [`Imported from the Postman collection "${collection.name}".`, ...borrowed.map((note) => `The ${note}.`)];
  scenario.description = description.join(' ');
  if (Object.keys(variables).length > 0) scenario.variables = variables;
  scenario.flows = flows.map((flow) => ({ name: flow.name, steps: flow.steps }));
  resolveNames(scenario, (name) => {
    const meaning = secrets.has(name)
      ? `the collection variable {{${name}}} (a credential: its value is not copied)`
      : `the Postman variable {{${name}}} (from your Postman environment, or set by a script)`;
    const variable = envName(name);
    env.use(variable, meaning);
    return `env.${variable}`;
  });
  placeTarget(scenario);
  Object.assign(scenario, starterProfile());
  return { scenario: ordered(scenario), untranslated: [...templates.notes, ...untranslated], env: env.notes };
}

/** Variables whose values are credentials: typed secret, named like one, or used in an auth block or a credential header. */
function secretVariables(collection: PmCollection): Set<string> {
  const secrets = new Set<string>();
  for (const variable of enabled(collection.variables)) {
    if (variable.type === 'secret' || isCredentialField(variable.key as string)) secrets.add(stampedeName(variable.key as string));
  }
  const visit = (node: PmNode): void => {
    const texts = [...authSecrets(node.auth), ...authSecrets(node.request?.auth)];
    for (const header of enabled(node.request?.headers)) if (isCredentialHeader(header.key as string)) texts.push(String(header.value ?? ''));
    for (const text of texts) for (const inside of templatesIn(text)) secrets.add(stampedeName(inside));
    for (const child of node.items?.all() ?? []) visit(child);
  };
  visit(collection);
  return secrets;
}

function collectionVariables(collection: PmCollection, secrets: ReadonlySet<string>, templates: PostmanTemplates): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const variable of enabled(collection.variables)) {
    const name = stampedeName(variable.key as string);
    if (secrets.has(name)) continue;
    const value = variable.value;
    variables[name] = typeof value === 'number' || typeof value === 'boolean' ? value : templates.text(String(value ?? ''));
  }
  return variables;
}

/** The origin most requests share becomes `target`; their lines become paths. */
function placeTarget(scenario: ScenarioData): void {
  const steps = (scenario.flows as FolderFlow[]).flatMap((flow) => flow.steps);
  const urls = steps.map((step) => String(step.request).replace(/^\S+\s+/, ''));
  const target = commonOrigin(urls);
  if (target !== undefined) scenario.target = target;
  for (const step of steps) {
    const [method, url] = String(step.request).split(/\s+(.*)/s);
    step.request = requestLine(method, url, target);
  }
}

function uniqueNames(flows: FolderFlow[]): FolderFlow[] {
  const seen = new Map<string, number>();
  return flows.map((flow) => {
    const count = (seen.get(flow.name) ?? 0) + 1;
    seen.set(flow.name, count);
    return count === 1 ? flow : { ...flow, name: `${flow.name} (${count})` };
  });
}

/** The keys in the order a reader expects them. */
function ordered(scenario: ScenarioData): ScenarioData {
  const order = ['version', 'name', 'description', 'target', 'variables', 'phases', 'flows', 'criteria'];
  return Object.fromEntries(order.filter((key) => key in scenario).map((key) => [key, scenario[key]]));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Collection format v1: a flat `requests` list and an `order`. */
function isVersion1(definition: unknown): boolean {
  const value = definition as { requests?: unknown; order?: unknown } | undefined;
  return Array.isArray(value?.requests) && Array.isArray(value?.order);
}

function schemaOf(definition: unknown): string | undefined {
  const info = (definition as { info?: { schema?: unknown } } | undefined)?.info;
  const schema = typeof info?.schema === 'string' ? info.schema : undefined;
  return schema?.includes('schema.getpostman.com') || schema?.includes('schema.postman.com') ? schema : undefined;
}
