// What an editor needs to know about a scenario without running it: its name, where its criteria
// are written, and which hosts it would send traffic to (so runs against a host that is not
// loopback can ask first). No `vscode`, no DOM.
import { analyzeScenarioText } from './load';
import { allSteps } from './step-walk';
import type { AnalyzeOptions } from './options';
import type { ParsedDocument } from './parse';
import { parseTemplate } from './templates';
import type { Scenario, SourceRange } from './types';
import { mapValue, nodeRange, seqItems } from './yaml-nav';

export interface ScenarioFacts {
  name: string | undefined;
  criteria: { expr: string; range: SourceRange }[];
  /** Hosts the scenario would reach, with templates resolved from variables and `env`. */
  hosts: string[];
  errors: number;
  scenario: Scenario | undefined;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?|\[?0:0:0:0:0:0:0:1\]?)$/i;

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host);
}

/** Renders the parts of a URL template that are known before the run; others stay as written. */
function renderStatic(text: string, scenario: Scenario, env: Record<string, string | undefined>): string {
  const { parts } = parseTemplate(text);
  return parts
    .map((part) => {
      if (part.kind === 'text') return part.value;
      if (part.expr.kind === 'env') return env[part.expr.name] ?? '';
      if (part.expr.kind === 'name' && scenario.variables[part.expr.name] !== undefined) return String(scenario.variables[part.expr.name]);
      return 'unknown';
    })
    .join('');
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

export function scenarioHosts(scenario: Scenario, env: Record<string, string | undefined>, targetOverride?: string): string[] {
  const hosts = new Set<string>();
  const target = targetOverride ?? scenario.target;
  if (target !== undefined) {
    const host = hostOf(renderStatic(target, scenario, env));
    hosts.add(host ?? target);
  }
  const steps = allSteps([...scenario.setup, ...scenario.teardown, ...scenario.flows.flatMap((flow) => flow.steps)]);
  for (const step of steps) {
    if ((step.kind !== 'request' && step.kind !== 'sse' && step.kind !== 'ws') || !/^(https?:\/\/|wss?:\/\/|\{\{)/i.test(step.url)) continue;
    const rendered = renderStatic(step.url, scenario, env);
    if (/^(https?|wss?):\/\//i.test(rendered)) hosts.add(hostOf(rendered) ?? rendered);
  }
  return [...hosts];
}

/** Each criterion as written and where, read from the syntax tree (no analysis needed). */
export function criteriaOf(document: ParsedDocument): { expr: string; range: SourceRange }[] {
  return seqItems(mapValue(document.root, 'criteria', document.document)).map((item) => {
    const expr = typeof item.toJSON() === 'string' ? String(item.toJSON()) : String(mapValue(item, 'expr')?.toJSON() ?? '');
    return { expr, range: nodeRange(document, item) };
  });
}

export function scenarioFacts(text: string, options: AnalyzeOptions, env: Record<string, string | undefined>): ScenarioFacts {
  const result = analyzeScenarioText(text, options);
  const { document } = result;
  const criteria = criteriaOf(document);
  const name = mapValue(document.root, 'name', document.document)?.toJSON();
  return {
    name: typeof name === 'string' ? name : undefined,
    criteria,
    hosts: result.scenario ? scenarioHosts(result.scenario, env, options.target) : [],
    errors: result.diagnostics.filter((d) => d.severity === 'error').length,
    scenario: result.scenario,
  };
}
