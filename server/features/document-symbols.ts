// The outline: every top-level key; phases, setup, flows with their steps, teardown, criteria
// and alerts listed item by item.
import { isScalar } from 'yaml';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { StepInfo } from '../../scenario/outline';
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
  const stepSymbol = (step: StepInfo): DocumentSymbol => {
    const select = step.kindNode ?? step.node;
    const kind = step.kind === 'sse' ? SymbolKind.Event : step.kind === 'think' ? SymbolKind.Constant : SymbolKind.Method;
    const line = stringValue(step.kindNode);
    return symbol(step.name ?? `step ${step.index + 1}`, kind, step.node, select, step.kind === 'think' ? `think ${line ?? ''}` : line);
  };

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
        children = state.outline.setup.map(stepSymbol);
        break;
      case 'teardown':
        children = state.outline.teardown.map(stepSymbol);
        break;
      case 'flows':
        children = state.outline.flows.map((flow, index) => {
          const weight = mapValue(flow.node, 'weight', d);
          return symbol(flow.name ?? `flow ${index + 1}`, SymbolKind.Module, flow.node, flow.nameNode ?? flow.node,
            isScalar(weight) ? `weight ${String(weight.value)}` : undefined, flow.steps.map(stepSymbol));
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
