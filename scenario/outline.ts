// The facts several checks need (steps with their names and captures, flows, data sets,
// variables), read once from the syntax tree so no rule walks the whole document again.
import type { Document } from 'yaml';
import type { ParsedDocument } from './parse';
import { defaultStepName, parseRequestLine } from './request-line';
import { keyName, mapPairs, mapValue, scalarValue, seqItems, stringValue, type YamlNode } from './yaml-nav';

export type Section = 'setup' | 'flow' | 'teardown';
export type StepKind = 'request' | 'think' | 'sse';

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
  /** The value node of `request`, `sse` or `think`. */
  kindNode: YamlNode | undefined;
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
  return { variables, dataSets, setup, flows, teardown, allSteps, hasMonitorProcess };
}

function readSteps(list: YamlNode | undefined, section: Section, flow: FlowInfo | undefined, d: Document.Parsed | undefined, all: StepInfo[]): StepInfo[] {
  return seqItems(list).map((node, index) => {
    const kind = (['request', 'sse', 'think'] as const).find((k) => mapValue(node, k, d) !== undefined);
    const kindNode = kind ? mapValue(node, kind, d) : undefined;
    const captures: CaptureInfo[] = [];
    for (const pair of mapPairs(mapValue(node, 'capture', d))) {
      const name = keyName(pair);
      if (name !== undefined) captures.push({ name, keyNode: pair.key, sourceNode: pair.value ?? undefined });
    }
    const step: StepInfo = { section, flow, index, node, kind, kindNode, name: stepName(node, kind, kindNode, d), captures };
    all.push(step);
    return step;
  });
}

function stepName(node: YamlNode, kind: StepKind | undefined, kindNode: YamlNode | undefined, d: Document.Parsed | undefined): string | undefined {
  const explicit = scalarValue(mapValue(node, 'name', d));
  if (typeof explicit === 'string' && explicit) return explicit;
  if (kind === 'think') return 'think';
  const line = stringValue(kindNode);
  if (line === undefined) return undefined;
  const parsed = parseRequestLine(line);
  return parsed.ok ? defaultStepName(parsed.value) : undefined;
}
