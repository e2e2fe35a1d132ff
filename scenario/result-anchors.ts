// Where a run's results belong in a scenario's text: request, sse and ws steps by the name the
// report keys them by (with the lines of their `expect`, `check` and `capture` keys), flows by
// name, criteria by expression. The language server answers `stampede/resultAnchors` with this,
// and `stampede try` points a failed step at its line with it.
import { criteriaOf } from './facts';
import type { KeyLine } from './key-lines';
import type { Outline } from './outline';
import type { ParsedDocument } from './parse';
import { stepKeyLines } from './step-key-lines';

/** A step, flow or criterion and its line (0-based). */
export interface ResultAnchor {
  /** A step's or flow's name (as the report keys it), a criterion's expression as written. */
  name: string;
  line: number;
  /** A step's: its `expect`, `check` and `capture` keys and their lines. */
  keys?: KeyLine[];
}

export interface ScenarioAnchors {
  /** Request, sse and ws steps (setup and teardown included): the line their step starts on. */
  steps: ResultAnchor[];
  /** Each flow: the line of its `name:`. */
  flows: ResultAnchor[];
  /** Each criterion, in order: its line. */
  criteria: ResultAnchor[];
}

/** The kinds of step the report has an entry for. */
const MEASURED = new Set(['request', 'sse', 'ws']);

export function scenarioAnchors(doc: ParsedDocument, outline: Outline, lineAt: (offset: number) => number): ScenarioAnchors {
  const steps: ResultAnchor[] = [];
  for (const step of outline.allSteps) {
    if (step.name === undefined || step.kind === undefined || !MEASURED.has(step.kind)) continue;
    const keys = stepKeyLines(step.node, lineAt);
    steps.push({ name: step.name, line: lineAt(step.node.range[0]), ...(keys.length > 0 ? { keys } : {}) });
  }
  const flows: ResultAnchor[] = [];
  for (const flow of outline.flows) {
    if (flow.name !== undefined) flows.push({ name: flow.name, line: lineAt((flow.nameNode ?? flow.node).range[0]) });
  }
  const criteria = criteriaOf(doc).map((c) => ({ name: c.expr, line: c.range.start.line }));
  return { steps, flows, criteria };
}
