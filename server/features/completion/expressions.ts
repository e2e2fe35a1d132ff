// Criteria and alert expressions: metric names, aggregates, `step=`/`flow=` names, comparators
// and typical thresholds, depending on how far the expression has been written.
import { CompletionItemKind } from 'vscode-languageserver';
import { AGGREGATES, COMPARATORS, METRICS, metricNames, type ExpressionContext } from '../../../scenario/expressions';
import type { DocumentState } from '../../document-state';
import { aggregateDoc, metricDoc } from '../../metric-docs';
import type { ItemSpec } from './items';

export interface Suggestions {
  items: ItemSpec[];
  /** How many characters before the cursor the items replace. */
  replace: number;
}

const THRESHOLDS: Record<string, string[]> = {
  latency: ['250ms', '500ms', '1s'],
  errorRate: ['1%', '0.1%', '5%'],
  rps: ['100', '1000'],
  requests: ['1000'],
  errors: ['0', '10'],
  dropped: ['0'],
  cpu: ['80%', '90%'],
  memory: ['85%'],
  eventLoopDelay: ['50ms'],
  heapUsed: ['512MB'],
  'process.cpu': ['80%'],
  'process.memory': ['1024MB'],
};

export function expressionItems(state: DocumentState, typed: string, context: ExpressionContext): Suggestions {
  const text = typed.replace(/^\s*["']/, '');
  let match = /(step|flow)\s*=\s*([^)]*)$/.exec(text);
  if (match) return { items: nameItems(state, match[1] as 'step' | 'flow'), replace: match[2].length };
  match = /\(\s*[\w.]+\s*,\s*(\w*)$/.exec(text);
  if (match) {
    const items = (['step', 'flow'] as const).map((filter) => ({
      label: `${filter}=`, kind: CompletionItemKind.Keyword, insert: `${filter}=`, retrigger: true,
      documentation: `Only the requests of one ${filter}, by its name as written.`,
    }));
    return { items, replace: match[1].length };
  }
  match = /\(\s*([\w.]*)$/.exec(text);
  if (match) {
    const items = Object.keys(METRICS).filter((m) => METRICS[m].aggregated).map((m) => metricItem(m, m));
    return { items, replace: match[1].length };
  }
  match = /^\s*([\w.]*)$/.exec(text);
  if (match) return { items: startItems(context), replace: match[1].length };
  match = /[<>]=?\s*(\S*)$/.exec(text);
  if (match) {
    const metric = Object.keys(METRICS).find((name) => new RegExp(`(^|[^\\w.])${name.replace('.', '\\.')}([^\\w.]|$)`).test(text));
    const items = (THRESHOLDS[metric ?? ''] ?? []).map((value) => ({ label: value, kind: CompletionItemKind.Value, insert: value }));
    return { items, replace: match[1].length };
  }
  if (/([\w.]|\))\s+$/.test(text) || /\)$/.test(text)) {
    const items = COMPARATORS.map((op) => ({ label: op, kind: CompletionItemKind.Operator, insert: `${op} `, retrigger: true }));
    return { items, replace: 0 };
  }
  return { items: [], replace: 0 };
}

function startItems(context: ExpressionContext): ItemSpec[] {
  const items: ItemSpec[] = [];
  for (const aggregate of AGGREGATES) {
    items.push({
      label: `${aggregate}(latency)`,
      kind: CompletionItemKind.Function,
      insert: `${aggregate}(\${1:latency}) \${2|<,<=,>,>=|} \${3:${THRESHOLDS.latency[0]}}`,
      documentation: `${aggregateDoc(aggregate) ?? ''}\n\n${metricDoc('latency') ?? ''}`,
      rank: aggregate === 'p95' || aggregate === 'p99' ? 1 : 2,
    });
  }
  for (const name of metricNames(context)) {
    if (METRICS[name].aggregated) continue;
    items.push(metricItem(name, `${name} \${1|<,<=,>,>=|} \${2:${THRESHOLDS[name]?.[0] ?? '0'}}`));
  }
  return items;
}

function metricItem(name: string, insert: string): ItemSpec {
  return { label: name, kind: CompletionItemKind.Variable, insert, documentation: metricDoc(name), detail: METRICS[name].description, rank: 1 };
}

function nameItems(state: DocumentState, filter: 'step' | 'flow'): ItemSpec[] {
  const names = new Set<string>();
  if (filter === 'flow') {
    for (const flow of state.outline.flows) if (flow.name) names.add(flow.name);
  } else {
    for (const step of state.outline.allSteps) if (step.name && step.kind !== 'think') names.add(step.name);
  }
  return [...names].map((name) => ({ label: name, kind: filter === 'flow' ? CompletionItemKind.Module : CompletionItemKind.Event, insert: name }));
}
