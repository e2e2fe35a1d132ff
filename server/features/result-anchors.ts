// `stampede/resultAnchors`: where a run's results belong in a scenario's current text (the open
// document's, else the file's), as scenario/result-anchors.ts finds them. The extension matches a
// report against these, so it never parses YAML, and a step renamed since the run simply has no result.
import { scenarioAnchors } from '../../scenario/result-anchors';
import type { DocumentStore } from '../document-store';
import type { ResultAnchorsParams, ResultAnchorsResult } from '../protocol';

export function resultAnchorsOf(store: DocumentStore, params: ResultAnchorsParams): ResultAnchorsResult {
  const found = store.getOrRead(params.uri);
  if (!found) return { uri: params.uri, version: null, steps: [], flows: [], criteria: [] };
  const { state, open } = found;
  const anchors = scenarioAnchors(state.doc, state.outline, (offset) => state.lines.positionAt(offset).line);
  return { uri: params.uri, version: open ? state.version : null, ...anchors };
}
