// The lines of a scenario a trial's exchange belongs to, from its anchors (result-anchors.ts):
// its step's, and each test's and capture's own (`expect.json.id` at its `id:` line, else the
// nearest key written above it, else the step's). Steps are keyed by name as the report keys them,
// so two flows may share a step name: a flow's step is the first of that name after the flow's
// own line. Pure and structural (no engine types), for the extension and `stampede try` alike.
import { lineOfKey } from './key-lines';
import type { ScenarioAnchors } from './result-anchors';

/** What an exchange says of where it came from (engine/protocol/exchange.ts's `Exchange`). */
export interface ExchangeSource {
  stage: 'setup' | 'flow' | 'teardown';
  flow: string;
  step: string;
  expects: { at?: string[] }[];
  checks: { at?: string[] }[];
  captures: { name: string }[];
}

/** 0-based lines; null where the scenario no longer has the step. */
export interface ExchangeLines {
  step: number | null;
  /** One per expect, check and capture of the exchange, in its order. */
  expects: (number | null)[];
  checks: (number | null)[];
  captures: (number | null)[];
}

export type TrialLines = (exchange: ExchangeSource) => ExchangeLines;

export function trialLines(anchors: Pick<ScenarioAnchors, 'steps' | 'flows'> | undefined): TrialLines {
  return (exchange) => {
    const step = anchors ? stepAnchor(anchors, exchange) : undefined;
    const at = (path: string[] | undefined): number | null => (step === undefined ? null : (path && step.keys ? lineOfKey(step.keys, path) : undefined) ?? step.line);
    return {
      step: step?.line ?? null,
      expects: exchange.expects.map((t) => at(t.at)),
      checks: exchange.checks.map((t) => at(t.at)),
      captures: exchange.captures.map((c) => at(['capture', c.name])),
    };
  };
}

function stepAnchor({ steps, flows }: Pick<ScenarioAnchors, 'steps' | 'flows'>, { stage, flow, step }: ExchangeSource): ScenarioAnchors['steps'][number] | undefined {
  const named = steps.filter((s) => s.name === step);
  if (named.length === 0) return undefined;
  const flowLine = stage === 'flow' ? flows.find((f) => f.name === flow)?.line : undefined;
  if (flowLine === undefined) return named[0];
  return named.filter((s) => s.line > flowLine).sort((a, b) => a.line - b.line)[0] ?? named[0];
}
