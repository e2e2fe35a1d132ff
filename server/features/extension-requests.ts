// The extension's own requests (server/protocol.ts): scenario facts for Run and the Test Explorer,
// Validate's diagnostics, the template catalogue. The extension host then carries no analyser:
// it asks here, and Validate gets the very diagnostics the Problems view shows.
import { listTemplates } from '../../scenario/catalogue';
import { isLoopbackHost, scenarioFacts } from '../../scenario/facts';
import type { Scenario } from '../../scenario/types';
import { toLspRange } from '../convert';
import { filePath } from '../document-state';
import type { DocumentStore } from '../document-store';
import type {
  ScenarioFactsParams,
  ScenarioFactsResult,
  ScenarioSummary,
  TemplatesParams,
  TemplatesResult,
  ValidationParams,
  ValidationResult,
} from '../protocol';
import type { ServerSettings } from '../settings';
import { validate } from './validate';

export function factsOf(store: DocumentStore, params: ScenarioFactsParams, env: Record<string, string | undefined> = process.env): ScenarioFactsResult {
  const source = store.textOf(params.uri);
  const empty: ScenarioFactsResult = { uri: params.uri, version: null, readable: false, name: null, criteria: [], hosts: [], remoteHosts: [], errors: 0, scenario: null };
  if (!source) return empty;
  const file = filePath(params.uri);
  const options = {
    ...(file ? { file } : {}),
    readFile: store.readRelated,
    ...(params.root ? { root: params.root } : {}),
    ...(params.limits ? { limits: params.limits } : {}),
  };
  let facts: ReturnType<typeof scenarioFacts>;
  try {
    facts = scenarioFacts(source.text, options, env);
  } catch {
    // A bug in a check must not cost the server; the run itself will report it.
    return { ...empty, version: source.version, readable: true, errors: 1 };
  }
  return {
    uri: params.uri,
    version: source.version,
    readable: true,
    name: facts.name ?? null,
    criteria: facts.criteria.map((c) => ({ expr: c.expr, range: toLspRange(c.range) })),
    hosts: facts.hosts,
    remoteHosts: facts.hosts.filter((host) => !isLoopbackHost(host)),
    errors: facts.errors,
    scenario: facts.scenario ? summarize(facts.scenario) : null,
  };
}

export function validationOf(store: DocumentStore, params: ValidationParams, settings: ServerSettings): ValidationResult {
  const found = store.getOrRead(params.uri);
  if (!found) return { uri: params.uri, version: null, readable: false, diagnostics: [] };
  return { uri: params.uri, version: found.open ? found.state.version : null, readable: true, diagnostics: validate(found.state, settings) };
}

export function templatesOf(params: TemplatesParams): TemplatesResult {
  return { templates: listTemplates(params.folder, params.galleryDir).map(({ name, source, file, summary }) => ({ name, source, file, summary })) };
}

function summarize(scenario: Scenario): ScenarioSummary {
  return {
    name: scenario.name,
    ...(scenario.description !== undefined ? { description: scenario.description } : {}),
    ...(scenario.target !== undefined ? { target: scenario.target } : {}),
    phases: scenario.phases.map(({ name, durationMs, model, from, to, maxUsers }) => ({ name, durationMs, model, from, to, ...(maxUsers !== undefined ? { maxUsers } : {}) })),
    flows: scenario.flows.map((flow) => ({ name: flow.name, weight: flow.weight, steps: flow.steps.length })),
    durationMs: scenario.phases.reduce((sum, phase) => sum + phase.durationMs, 0),
  };
}
