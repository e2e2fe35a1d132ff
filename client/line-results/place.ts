// Which line each result of a run goes on: the report's results (keyed by step and flow name,
// criterion expression) matched against where the language server finds those names in the
// current text. A name that is gone from the text gets no line; one written twice gets both.
// Plain data in, plain data out: no `vscode`, so unit tests run it.
import type { LineResult, LineResults } from '../../report/line-results';
import type { ResultAnchor, ResultAnchorsResult } from '../../server/protocol';

export interface PlacedResult {
  /** 0-based. */
  line: number;
  text: string;
  /** Markdown. */
  hover: string;
}

export function placeResults(results: LineResults, anchors: Pick<ResultAnchorsResult, 'steps' | 'flows' | 'criteria'>): PlacedResult[] {
  const byLine = new Map<number, PlacedResult>();
  const put = (anchor: ResultAnchor, result: LineResult | undefined): void => {
    if (result && !byLine.has(anchor.line)) byLine.set(anchor.line, { line: anchor.line, text: result.text, hover: result.hover });
  };
  for (const anchor of anchors.steps) put(anchor, results.steps.find((r) => r.name === anchor.name));
  for (const anchor of anchors.flows) put(anchor, results.flows.find((r) => r.name === anchor.name));
  // The n-th criterion written as X gets the n-th result of X.
  const seen = new Map<string, number>();
  for (const anchor of anchors.criteria) {
    const nth = seen.get(anchor.name) ?? 0;
    seen.set(anchor.name, nth + 1);
    put(anchor, results.criteria.filter((r) => r.name === anchor.name)[nth]);
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line);
}
