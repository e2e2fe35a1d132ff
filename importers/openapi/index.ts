// OpenAPI 3.0/3.1 (YAML or JSON) → a scenario: a flow per tag with its operations in the order a
// client uses a resource, bodies from examples or generated valid against their schemas, path
// parameters captured from the answers that created them, security as credentials from `env`,
// `expect.status` from the documented answers, and the target from `servers[0]`.
import { EnvNotes } from '../secrets';
import { ImportError, type Imported, type ImportInput, type Importer } from '../types';
import { loadDocument, looksLikeOpenApi } from './document';
import { Links } from './links';
import type { OpenApiDocument } from './model';
import { flowsByTag, listOperations } from './operations';
import { operationStep, type StepContext } from './steps';
import { schemaValidator } from './values';

export const openApiImporter: Importer = {
  format: 'openapi',
  title: 'OpenAPI 3',
  detect: (input) => looksLikeOpenApi(input.text),
  convert,
};

async function convert(input: ImportInput): Promise<Imported> {
  const doc = await loadDocument(input);
  const { operations, untranslated } = listOperations(doc);
  if (operations.length === 0) {
    throw new ImportError(`${input.fileName}: no operation a scenario can send${untranslated.length ? ` (${untranslated.join('; ')})` : ''}`);
  }
  const ctx: StepContext = { doc, env: new EnvNotes(), validate: schemaValidator(doc), variables: new Map(), untranslated: new Set(untranslated) };
  const notes: string[] = [];

  const flows = flowsByTag(doc, operations).map(({ name, operations: ops }) => {
    const links = new Links();
    const steps = ops.map((op) => {
      const step = operationStep(op, links, ctx);
      const captures = links.add(op);
      // Filled in as later operations ask for them, so attached now and written if used.
      return { step, captures };
    });
    return {
      name,
      steps: steps.map(({ step, captures }) => {
        if (Object.keys(captures).length === 0) return step;
        notes.push(...Object.entries(captures).map(([capture, source]) => `captured ${capture}: ${source} of ${step.name as string}${source.startsWith('body[0]') ? ' (the first listed)' : ''}`));
        return { ...step, capture: captures };
      }),
    };
  });
  const commonHeaders = hoistCommonHeaders(flows.flatMap((f) => f.steps));

  const variables: Record<string, string | number | boolean> = { users: 5 };
  for (const [name, { value, usedBy }] of ctx.variables) {
    variables[name] = value;
    ctx.untranslated.add(`variable ${name}: a path parameter no earlier answer gives (${[...new Set(usedBy)].slice(0, 3).join(', ')}${usedBy.length > 3 ? ', …' : ''}); set it with --var ${name}=…`);
  }
  const { target, note } = targetOf(doc);
  if (note) ctx.untranslated.add(note);
  const scenario: Record<string, unknown> = {
    version: 1,
    name: doc.info?.title ?? 'API',
    description: `Imported from the OpenAPI ${doc.openapi} document${doc.info?.version ? ` (API version ${doc.info.version})` : ''}: ${operations.length} operations in ${flows.length} flow${flows.length === 1 ? '' : 's'}.`,
    target,
  };
  if (commonHeaders) scenario.defaults = { headers: commonHeaders };
  scenario.variables = variables;
  scenario.phases = [{ name: 'steady', duration: '1m', users: '{{ users }}' }];
  scenario.flows = flows;
  scenario.criteria = ['errorRate < 1%'];
  return { scenario, untranslated: [...ctx.untranslated], env: ctx.env.notes, notes };
}

/** Headers every request sends with the same value (an API key, a bearer token): taken out, to be sent by `defaults.headers`. */
function hoistCommonHeaders(steps: Record<string, unknown>[]): Record<string, string> | undefined {
  if (steps.length === 0) return undefined;
  const first = (steps[0].headers ?? {}) as Record<string, string>;
  const common = Object.entries(first).filter(([name, value]) => steps.every((s) => (s.headers as Record<string, string> | undefined)?.[name] === value));
  if (common.length === 0) return undefined;
  for (const step of steps) {
    const headers = step.headers as Record<string, string>;
    for (const [name] of common) delete headers[name];
    if (Object.keys(headers).length === 0) delete step.headers;
  }
  return Object.fromEntries(common);
}

/** `servers[0]` with its variables at their defaults; a relative URL is put on localhost, and said so. */
function targetOf(doc: OpenApiDocument): { target: string; note?: string } {
  const server = doc.servers?.[0];
  if (!server) return { target: 'http://localhost', note: 'the document names no server: target set to http://localhost; pass --target' };
  const url = server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => server.variables?.[name]?.default ?? server.variables?.[name]?.enum?.[0] ?? whole).replace(/\/+$/, '');
  if (/^https?:\/\//i.test(url)) return { target: url };
  return { target: `http://localhost${url.startsWith('/') ? '' : '/'}${url}`, note: `servers[0] is relative (${server.url}): target set to http://localhost${url.startsWith('/') ? '' : '/'}${url}; pass --target` };
}
