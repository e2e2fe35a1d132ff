// The template names visible at a place in the scenario, as the engine resolves them: variables,
// setup captures (outside setup), captures of earlier steps of the same list (a block's steps
// included, as scenario/rules/visible-names.ts reads them), and `loop.*` inside a repeat block.
import { enclosingRepeat, repeatsOver, type Outline, type StepInfo } from '../scenario/outline';
import { keyName, mapPairs, mapValue, nodeAtPath, stringValue, type YamlNode } from '../scenario/yaml-nav';
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
  if (path[0] !== 'setup') addCaptures(names, outline.setup, 'setup capture');
  const place = stepPlace(state, path);
  if (place) addCaptures(names, place.before, 'capture');
  return [...names.values()];
}

/** `loop.index` inside a repeat block; `loop.value` too when that repeat goes `over` a list. */
export function loopFieldsAt(state: DocumentState, path: readonly PathSegment[]): ('index' | 'value')[] {
  const repeat = stepPlace(state, path)?.repeat;
  if (!repeat) return [];
  return repeatsOver(repeat) ? ['index', 'value'] : ['index'];
}

/** The keys that hold a list of steps: `setup`, `teardown`, a flow's or a block's `steps`, an `if`'s `else`. */
const STEP_LISTS = new Set(['setup', 'teardown', 'steps', 'else']);

/** Whether a path segment is the key of a list of steps. */
export function holdsSteps(segment: PathSegment | undefined): boolean {
  return typeof segment === 'string' && STEP_LISTS.has(segment);
}

interface StepPlace {
  /** The steps of the same list (blocks' steps included) before the place. */
  before: StepInfo[];
  /** The innermost repeat block the place is in. */
  repeat: StepInfo | undefined;
}

/**
 * Where `path` sits among the steps: found through the syntax tree, so a place inside a block
 * (`flows/0/steps/2/steps/1/…`) is in that block. A step item not in the tree yet (being typed)
 * is placed after what its list already holds.
 */
function stepPlace(state: DocumentState, path: readonly PathSegment[]): StepPlace | undefined {
  const list = sectionSteps(state.outline, path);
  if (!list) return undefined;
  const byNode = new Map(list.map((step) => [step.node, step]));
  let deepest: StepInfo | undefined;
  let deepestAt = 0;
  for (let i = 1; i < path.length; i++) {
    if (typeof path[i] !== 'number' || !holdsSteps(path[i - 1])) continue;
    const step = byNode.get(nodeAtPath(state.doc.root, path.slice(0, i + 1).map(String), state.doc.document).node as YamlNode);
    if (!step) break;
    deepest = step;
    deepestAt = i;
  }
  if (!deepest) return { before: list.filter((step) => step.index < topLevelCount(list, path)), repeat: undefined };
  // In the block's own list (a new item, or a line under its `steps:`): after what the block holds.
  const inside = holdsSteps(path[deepestAt + 1]);
  const at = inside ? deepest.node.range[1] : deepest.node.range[0];
  const repeat = inside && deepest.kind === 'repeat' ? deepest : enclosingRepeat(deepest);
  return { before: list.filter((step) => step.node.range[0] < at && step !== deepest), repeat };
}

/** The steps of the section `path` is in: setup, teardown or one flow (blocks' steps included). */
function sectionSteps(outline: Outline, path: readonly PathSegment[]): StepInfo[] | undefined {
  if (path[0] === 'setup') return outline.setup;
  if (path[0] === 'teardown') return outline.teardown;
  if (path[0] === 'flows' && typeof path[1] === 'number' && path[2] === 'steps') return outline.flows[path[1]]?.steps;
  return undefined;
}

/** How many of a list's steps belong to its first `path`-index top-level items. */
function topLevelCount(list: StepInfo[], path: readonly PathSegment[]): number {
  const index = path[0] === 'flows' ? path[3] : path[1];
  if (typeof index !== 'number') return list.length;
  const tops = list.filter((step) => !step.block);
  return tops[index]?.index ?? list.length;
}

function addCaptures(names: Map<string, ScopedName>, steps: StepInfo[], kind: ScopedName['kind']): void {
  for (const step of steps) {
    for (const capture of step.captures) {
      names.set(capture.name, { name: capture.name, kind, keyNode: capture.keyNode, detail: stringValue(capture.sourceNode) ?? '', step });
    }
  }
}
