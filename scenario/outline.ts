// The facts several checks need (steps with their names and captures, flows, data sets,
// variables), read once from the syntax tree so no rule walks the whole document again.
import type { Document } from 'yaml';
import type { ParsedDocument } from './parse';
import { defaultStepName, parseRequestLine } from './request-line';
import { kindsTaking, STEP_KINDS } from './step-kinds';
import { findPair, keyName, mapPairs, mapValue, scalarValue, seqItems, stringValue, type YamlNode } from './yaml-nav';

export type Section = 'setup' | 'flow' | 'teardown';
export type StepKind = 'request' | 'think' | 'sse' | 'ws' | 'group' | 'repeat' | 'if' | 'record';

/** The kinds that hold steps of their own (`steps`, and `else` for `if`), as the schema says. */
const STEP_LISTS = ['steps', 'else'].map((key) => ({ key, kinds: kindsTaking(key) }));

export interface CaptureInfo {
  name: string;
  keyNode: YamlNode;
  sourceNode: YamlNode | undefined;
}

export interface StepInfo {
  section: Section;
  /** Set for steps of a flow. */
  flow: FlowInfo | undefined;
  index: number;
  node: YamlNode;
  kind: StepKind | undefined;
  /** The value node of the kind's key (`request`, `sse`, `think`, `group`…). */
  kindNode: YamlNode | undefined;
  /** The block this step is nested in, if any. */
  block: StepInfo | undefined;
  /** `name` as written, else the default name; undefined when neither can be known. */
  name: string | undefined;
  captures: CaptureInfo[];
}

export interface FlowInfo {
  name: string | undefined;
  nameNode: YamlNode | undefined;
  node: YamlNode;
  steps: StepInfo[];
}

export interface DataSetInfo {
  name: string;
  keyNode: YamlNode;
  file: string | undefined;
  fileNode: YamlNode | undefined;
}

export interface Outline {
  variables: Set<string>;
  dataSets: Map<string, DataSetInfo>;
  setup: StepInfo[];
  flows: FlowInfo[];
  teardown: StepInfo[];
  /** Every step in document order. */
  allSteps: StepInfo[];
  /** Custom metric names the `record:` steps define. */
  customMetrics: Set<string>;
  /** `group:` names. */
  groups: Set<string>;
  hasMonitorProcess: boolean;
}

export function buildOutline(doc: ParsedDocument): Outline {
  const root = doc.root;
  const d = doc.document;
  const variables = new Set<string>();
  for (const pair of mapPairs(mapValue(root, 'variables', d))) {
    const name = keyName(pair);
    if (name !== undefined) variables.add(name);
  }
  const dataSets = new Map<string, DataSetInfo>();
  for (const pair of mapPairs(mapValue(root, 'data', d))) {
    const name = keyName(pair);
    if (name === undefined) continue;
    const fileNode = mapValue(pair.value, 'file', d);
    dataSets.set(name, { name, keyNode: pair.key, file: stringValue(fileNode), fileNode });
  }
  const allSteps: StepInfo[] = [];
  const setup = readSteps(mapValue(root, 'setup', d), 'setup', undefined, d, allSteps);
  const flows: FlowInfo[] = seqItems(mapValue(root, 'flows', d)).map((node) => {
    const nameNode = mapValue(node, 'name', d);
    const flow: FlowInfo = { name: stringValue(nameNode), nameNode, node, steps: [] };
    flow.steps = readSteps(mapValue(node, 'steps', d), 'flow', flow, d, allSteps);
    return flow;
  });
  const teardown = readSteps(mapValue(root, 'teardown', d), 'teardown', undefined, d, allSteps);
  const hasMonitorProcess = mapValue(mapValue(root, 'monitor', d), 'process', d) !== undefined;
  const customMetrics = new Set<string>();
  const groups = new Set<string>();
  for (const step of allSteps) {
    if (step.kind === 'record') for (const pair of mapPairs(step.kindNode)) customMetrics.add(keyName(pair) ?? '');
    if (step.kind === 'group' && step.name !== undefined) groups.add(step.name);
  }
  customMetrics.delete('');
  return { variables, dataSets, setup, flows, teardown, allSteps, customMetrics, groups, hasMonitorProcess };
}

/**
 * The steps of a list, in document order, each block followed by the steps nested in it (so a
 * step's `index` orders it among all steps of its section, blocks' included).
 */
function readSteps(list: YamlNode | undefined, section: Section, flow: FlowInfo | undefined, d: Document.Parsed | undefined, all: StepInfo[], block?: StepInfo, out: StepInfo[] = []): StepInfo[] {
  for (const node of seqItems(list)) {
    const kind = STEP_KINDS.find((k) => mapValue(node, k, d) !== undefined) as StepKind | undefined;
    const kindNode = kind ? mapValue(node, kind, d) : undefined;
    const captures: CaptureInfo[] = [];
    for (const pair of mapPairs(mapValue(node, 'capture', d))) {
      const name = keyName(pair);
      if (name !== undefined) captures.push({ name, keyNode: pair.key, sourceNode: pair.value ?? undefined });
    }
    const step: StepInfo = { section, flow, index: out.length, node, kind, kindNode, block, name: stepName(node, kind, kindNode, d), captures };
    all.push(step);
    out.push(step);
    for (const list of STEP_LISTS) {
      if (kind && list.kinds.includes(kind)) readSteps(mapValue(node, list.key, d), section, flow, d, all, step, out);
    }
  }
  return out;
}

/**
 * The innermost `repeat:` block whose steps hold `step` (the one `{{ loop.* }}` reads there).
 * A `repeat:` step's own values are read before its loop starts: they see the blocks around it.
 */
export function enclosingRepeat(step: StepInfo | undefined): StepInfo | undefined {
  for (let block = step?.block; block; block = block.block) if (block.kind === 'repeat') return block;
  return undefined;
}

/** Whether a `repeat:` step goes through a list (`repeat: { over: … }`), so `loop.value` exists. */
export function repeatsOver(step: StepInfo): boolean {
  return findPair(step.kindNode, 'over') !== undefined;
}

function stepName(node: YamlNode, kind: StepKind | undefined, kindNode: YamlNode | undefined, d: Document.Parsed | undefined): string | undefined {
  const explicit = scalarValue(mapValue(node, 'name', d));
  if (typeof explicit === 'string' && explicit) return explicit;
  if (kind === 'think') return 'think';
  if (kind === 'group') return stringValue(kindNode);
  if (kind === 'ws') return stringValue(kindNode) === undefined ? undefined : `WS ${stringValue(kindNode)}`;
  if (kind === 'repeat' || kind === 'if' || kind === 'record') return kind;
  const line = stringValue(kindNode);
  if (line === undefined) return undefined;
  const parsed = parseRequestLine(line);
  return parsed.ok ? defaultStepName(parsed.value) : undefined;
}
