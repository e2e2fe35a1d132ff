// The outline: every top-level key; phases, setup, flows with their steps, teardown, criteria
// and alerts listed item by item.
import { isScalar } from 'yaml';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { StepInfo } from '../../scenario/outline';
import { kindsTaking } from '../../scenario/step-kinds';
import { formatDuration } from '../../scenario/units';
import { levelUnit } from '../../scenario/rules/show';
import { keyName, mapPairs, mapValue, seqItems, stringValue, type YamlNode } from '../../scenario/yaml-nav';
import type { DocumentState } from '../document-state';

const SECTION_KIND: Record<string, SymbolKind> = {
  phases: SymbolKind.Namespace,
  setup: SymbolKind.Namespace,
  flows: SymbolKind.Namespace,
  teardown: SymbolKind.Namespace,
  criteria: SymbolKind.Namespace,
  alerts: SymbolKind.Namespace,
  variables: SymbolKind.Namespace,
  data: SymbolKind.Namespace,
};

/** How each kind of step shows; a kind not named is a method, as requests are. */
const SYMBOL_KIND: Record<string, SymbolKind> = {
  sse: SymbolKind.Event,
  ws: SymbolKind.Event,
  think: SymbolKind.Constant,
  group: SymbolKind.Namespace,
  repeat: SymbolKind.Namespace,
  if: SymbolKind.Namespace,
  record: SymbolKind.Variable,
};

/** The kinds that hold steps of their own. */
const BLOCKS = new Set(kindsTaking('steps'));

/** What a step does, beside its name: its request line, pause, count or condition, metrics. */
function stepDetail(step: StepInfo, state: DocumentState): string | undefined {
  if (step.kind === 'record') return mapPairs(step.kindNode).map((pair) => keyName(pair)).join(', ');
  if (step.kind === 'group') return 'group';
  const value = stringValue(step.kindNode) ?? (step.kindNode ? state.text.slice(step.kindNode.range[0], step.kindNode.range[1]) : undefined);
  if (step.kind === 'think' || step.kind === 'repeat' || step.kind === 'if') return `${step.kind} ${value ?? ''}`;
  return stringValue(step.kindNode);
}

export function documentSymbols(state: DocumentState): DocumentSymbol[] {
  const range = (from: number, to: number) => ({ start: state.lines.positionAt(from), end: state.lines.positionAt(to) });
  const symbol = (name: string, kind: SymbolKind, node: YamlNode, select: YamlNode, detail?: string, children?: DocumentSymbol[]): DocumentSymbol => {
    const start = Math.min(node.range[0], select.range[0]);
    const end = Math.max(node.range[1], select.range[1]);
    const result: DocumentSymbol = { name: name || '?', kind, range: range(start, end), selectionRange: range(select.range[0], select.range[1]) };
    if (detail) result.detail = detail;
    if (children) result.children = children;
    return result;
  };
  // A block lists its own steps (outline.ts gives every step its enclosing block).
  const stepSymbols = (steps: StepInfo[], block?: StepInfo): DocumentSymbol[] => steps.filter((step) => step.block === block).map((step) => {
    const select = step.kindNode ?? step.node;
    const nested = step.kind && BLOCKS.has(step.kind) ? stepSymbols(steps, step) : undefined;
    return symbol(step.name ?? `step ${step.index + 1}`, SYMBOL_KIND[step.kind ?? 'request'] ?? SymbolKind.Method, step.node, select, stepDetail(step, state), nested);
  });

  const d = state.doc.document;
  const out: DocumentSymbol[] = [];
  for (const pair of mapPairs(state.doc.root)) {
    const key = keyName(pair) ?? '';
    const value = pair.value ?? pair.key;
    const whole = { range: [pair.key.range[0], value.range[1], value.range[1]] } as unknown as YamlNode;
    let children: DocumentSymbol[] | undefined;
    let detail: string | undefined;
    switch (key) {
      case 'phases': {
        const phases = state.profile.phases;
        children = phases.map((phase) => {
          const select = mapValue(phase.node, 'name', d) ?? phase.levelPair?.key ?? phase.node;
          const level = phase.from === undefined || phase.to === undefined ? '' : phase.from === phase.to ? `${phase.to}` : `${phase.from}→${phase.to}`;
          const length = phase.durationMs === undefined ? '' : formatDuration(phase.durationMs);
          return symbol(phase.name, SymbolKind.Event, phase.node, select, `${length} · ${level} ${levelUnit(phase.model, phase.to ?? 0)}`);
        });
        detail = formatDuration(state.profile.totalMs);
        break;
      }
      case 'setup':
        children = stepSymbols(state.outline.setup);
        break;
      case 'teardown':
        children = stepSymbols(state.outline.teardown);
        break;
      case 'flows':
        children = state.outline.flows.map((flow, index) => {
          const weight = mapValue(flow.node, 'weight', d);
          return symbol(flow.name ?? `flow ${index + 1}`, SymbolKind.Module, flow.node, flow.nameNode ?? flow.node,
            isScalar(weight) ? `weight ${String(weight.value)}` : undefined, stepSymbols(flow.steps));
        });
        break;
      case 'criteria':
      case 'alerts':
        children = seqItems(pair.value).map((item, index) => {
          const expr = isScalar(item) ? item : mapValue(item, key === 'alerts' ? 'when' : 'expr', d) ?? item;
          const text = stringValue(expr) ?? `${key === 'alerts' ? 'alert' : 'criterion'} ${index + 1}`;
          return symbol(text, SymbolKind.Boolean, item, expr);
        });
        break;
      case 'variables':
      case 'data':
        children = mapPairs(pair.value).map((child) => {
          const childValue = child.value ?? child.key;
          const node = { range: [child.key.range[0], childValue.range[1], childValue.range[1]] } as unknown as YamlNode;
          return symbol(keyName(child) ?? '?', key === 'data' ? SymbolKind.File : SymbolKind.Variable, node, child.key, isScalar(child.value) ? String(child.value.value) : undefined);
        });
        break;
      default:
        if (isScalar(pair.value)) detail = String(pair.value.value);
    }
    out.push(symbol(key, SECTION_KIND[key] ?? SymbolKind.Property, whole, pair.key, detail, children));
  }
  return out;
}
