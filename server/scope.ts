// The template names visible at a place in the scenario, as the engine resolves them: variables,
// setup captures (outside setup), and captures of earlier steps of the same list.
import type { Outline, StepInfo } from '../scenario/outline';
import { keyName, mapPairs, mapValue, stringValue, type YamlNode } from '../scenario/yaml-nav';
import type { PathSegment } from './cursor/line-path';
import type { DocumentState } from './document-state';

export interface ScopedName {
  name: string;
  kind: 'variable' | 'setup capture' | 'capture';
  /** Where it is defined: the variable's or the capture's key. */
  keyNode: YamlNode;
  /** The variable's value, or the capture's source (`body.token`). */
  detail: string;
  step: StepInfo | undefined;
}

/** Names visible at `path`; a later definition of the same name hides an earlier one. */
export function namesInScope(state: DocumentState, path: readonly PathSegment[]): ScopedName[] {
  const { outline } = state;
  const names = new Map<string, ScopedName>();
  for (const pair of mapPairs(mapValue(state.doc.root, 'variables', state.doc.document))) {
    const name = keyName(pair);
    if (name === undefined) continue;
    const value = pair.value ? state.text.slice(pair.value.range[0], pair.value.range[1]) : '';
    names.set(name, { name, kind: 'variable', keyNode: pair.key, detail: value, step: undefined });
  }
  if (path[0] === 'variables') return [...names.values()];
  const list = stepList(outline, path);
  if (path[0] !== 'setup') addCaptures(names, outline.setup, outline.setup.length, 'setup capture');
  if (list) addCaptures(names, list.steps, list.before, 'capture');
  return [...names.values()];
}

function stepList(outline: Outline, path: readonly PathSegment[]): { steps: StepInfo[]; before: number } | undefined {
  if (path[0] === 'setup' && typeof path[1] === 'number') return { steps: outline.setup, before: path[1] };
  if (path[0] === 'teardown' && typeof path[1] === 'number') return { steps: outline.teardown, before: path[1] };
  if (path[0] === 'flows' && typeof path[1] === 'number' && path[2] === 'steps' && typeof path[3] === 'number') {
    const flow = outline.flows[path[1]];
    return flow ? { steps: flow.steps, before: path[3] } : undefined;
  }
  return undefined;
}

function addCaptures(names: Map<string, ScopedName>, steps: StepInfo[], before: number, kind: ScopedName['kind']): void {
  for (const step of steps.slice(0, before)) {
    for (const capture of step.captures) {
      names.set(capture.name, { name: capture.name, kind, keyNode: capture.keyNode, detail: stringValue(capture.sourceNode) ?? '', step });
    }
  }
}
