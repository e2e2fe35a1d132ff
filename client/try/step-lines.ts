// Which line of the scenario an exchange's step starts on, from the language server's anchors
// (`stampede/resultAnchors`: steps and flows by name). Steps are keyed by name as the report keys
// them, so two flows may share a step name: a flow's step is the first of that name after the
// flow's own line. Pure (no `vscode`).
import type { Exchange } from '../../engine/protocol/exchange';
import type { ResultAnchorsResult } from '../../server/protocol';

export type StepLines = (exchange: Pick<Exchange, 'stage' | 'flow' | 'step'>) => number | null;

export function stepLines(anchors: Pick<ResultAnchorsResult, 'steps' | 'flows'> | undefined): StepLines {
  if (!anchors) return () => null;
  return ({ stage, flow, step }) => {
    const named = anchors.steps.filter((s) => s.name === step).map((s) => s.line);
    if (named.length === 0) return null;
    const flowLine = stage === 'flow' ? anchors.flows.find((f) => f.name === flow)?.line : undefined;
    if (flowLine === undefined) return named[0];
    return named.filter((line) => line > flowLine).sort((a, b) => a - b)[0] ?? named[0];
  };
}
