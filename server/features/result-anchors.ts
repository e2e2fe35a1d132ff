// Where a run's results belong in a scenario's current text (server/protocol.ts
// ResultAnchorsRequest): request, sse and ws steps by the name the report keys them by, flows by
// name, criteria by expression. The extension matches a report against these, so it never parses
// YAML, and a step renamed since the run simply has no result.
import { criteriaOf } from '../../scenario/facts';
import type { DocumentStore } from '../document-store';
import type { ResultAnchor, ResultAnchorsParams, ResultAnchorsResult } from '../protocol';

/** The kinds of step the report has an entry for. */
const MEASURED = new Set(['request', 'sse', 'ws']);

export function resultAnchorsOf(store: DocumentStore, params: ResultAnchorsParams): ResultAnchorsResult {
  const found = store.getOrRead(params.uri);
  if (!found) return { uri: params.uri, version: null, steps: [], flows: [], criteria: [] };
  const { state, open } = found;
  const lineAt = (offset: number): number => state.lines.positionAt(offset).line;
  const steps: ResultAnchor[] = [];
  for (const step of state.outline.allSteps) {
    if (step.name !== undefined && step.kind !== undefined && MEASURED.has(step.kind)) steps.push({ name: step.name, line: lineAt(step.node.range[0]) });
  }
  const flows: ResultAnchor[] = [];
  for (const flow of state.outline.flows) {
    if (flow.name !== undefined) flows.push({ name: flow.name, line: lineAt((flow.nameNode ?? flow.node).range[0]) });
  }
  const criteria = criteriaOf(state.doc).map((c) => ({ name: c.expr, line: c.range.start.line }));
  return { uri: params.uri, version: open ? state.version : null, steps, flows, criteria };
}
