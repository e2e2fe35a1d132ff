// Criteria and alert expressions: metric names (the custom metrics of `record:` steps too),
// aggregates, `step=`/`flow=`/`group=` and their names, comparators and typical thresholds,
// depending on how far the expression has been written.
import { CompletionItemKind } from 'vscode-languageserver';
import { AGGREGATES, COMPARATORS, METRICS, metricNames, metricSpec, type ExpressionContext, type Filter } from '../../../scenario/expressions';
import { connects } from '../../../scenario/rules/hint-non-loopback-target';
import type { DocumentState } from '../../document-state';
import { aggregateDoc, customMetricDoc, metricDoc } from '../../metric-docs';
import { snippetText, type ItemSpec } from './items';

export interface Suggestions {
  items: ItemSpec[];
  /** How many characters before the cursor the items replace. */
  replace: number;
}

const THRESHOLDS: Record<string, string[]> = {
  latency: ['250ms', '500ms', '1s'],
  timeToFirstEvent: ['1s', '500ms'],
  duration: ['2s', '5s'],
  errorRate: ['1%', '0.1%', '5%'],
  checks: ['99%', '100%'],
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

/** What the custom metrics of `record:` steps are compared with (their values are the scenario's own). */
const CUSTOM_THRESHOLDS = ['100', '10'];

const FILTER_DOCS: Record<string, string> = {
  step: 'Only one step, by its name as written.',
  flow: 'Only the steps of one flow, by its name.',
  group: 'One `group:` block, by its name.',
};

export function expressionItems(state: DocumentState, typed: string, context: ExpressionContext): Suggestions {
  const text = typed.replace(/^\s*["']/, '');
  const custom = state.outline.customMetrics;
  let match = /(step|flow|group)\s*=\s*([^)]*)$/.exec(text);
  if (match) return { items: nameItems(state, match[1] as Filter), replace: match[2].length };
  // `p95(latency, |`: the filters the metric takes.
  match = /\(\s*([\w.]+)\s*,\s*(\w*)$/.exec(text);
  if (match) return { items: filterItems(metricSpec(match[1])?.filters ?? []), replace: match[2].length };
  // `p95(|`: the metrics an aggregate reads; `requests(|`: the filters a counted metric takes.
  match = /([\w.]+)\(\s*([\w.]*)$/.exec(text);
  if (match) {
    const called = metricSpec(match[1]);
    if (called && !called.aggregated) return { items: filterItems(called.filters ?? []), replace: match[2].length };
    const builtIn = match[1] === 'count' ? [] : Object.keys(METRICS).filter((m) => METRICS[m].aggregated).map((m) => metricItem(m, m));
    return { items: [...builtIn, ...[...custom].map((name) => customItem(state, name, name))], replace: match[2].length };
  }
  match = /^\s*([\w.]*)$/.exec(text);
  if (match) return { items: startItems(state, context), replace: match[1].length };
  match = /[<>]=?\s*(\S*)$/.exec(text);
  if (match) {
    const mentions = (name: string) => new RegExp(`(^|[^\\w.])${name.replace('.', '\\.')}([^\\w.]|$)`).test(text);
    const metric = Object.keys(METRICS).find(mentions);
    const values = metric ? THRESHOLDS[metric] : [...custom].some(mentions) ? CUSTOM_THRESHOLDS : [];
    const items = (values ?? []).map((value) => ({ label: value, kind: CompletionItemKind.Value, insert: value }));
    return { items, replace: match[1].length };
  }
  if (/([\w.]|\))\s+$/.test(text) || /\)$/.test(text)) {
    const items = COMPARATORS.map((op) => ({ label: op, kind: CompletionItemKind.Operator, insert: `${op} `, retrigger: true }));
    return { items, replace: 0 };
  }
  return { items: [], replace: 0 };
}

function startItems(state: DocumentState, context: ExpressionContext): ItemSpec[] {
  const items: ItemSpec[] = [];
  for (const aggregate of AGGREGATES) {
    // `count` is for custom metrics, below.
    if (aggregate === 'count') continue;
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
  for (const group of state.outline.groups) {
    items.push({
      label: `p95(duration, group=${group})`,
      kind: CompletionItemKind.Function,
      insert: `p95(duration, group=${snippetText(group)}) \${1|<,<=,>,>=|} \${2:${THRESHOLDS.duration[0]}}`,
      documentation: metricDoc('duration'),
      rank: 2,
    });
  }
  for (const name of state.outline.customMetrics) {
    for (const aggregate of ['p95', 'count']) {
      const insert = `${aggregate}(${snippetText(name)}) \${1|<,<=,>,>=|} \${2:${aggregate === 'count' ? CUSTOM_THRESHOLDS[1] : CUSTOM_THRESHOLDS[0]}}`;
      items.push(customItem(state, name, insert, `${aggregate}(${name})`));
    }
  }
  return items;
}

function metricItem(name: string, insert: string): ItemSpec {
  return { label: name, kind: CompletionItemKind.Variable, insert, documentation: metricDoc(name), detail: METRICS[name].description, rank: 1 };
}

function customItem(state: DocumentState, name: string, insert: string, label = name): ItemSpec {
  return { label, kind: CompletionItemKind.Variable, insert, documentation: customMetricDoc(name, state.outline.customMetrics), detail: 'custom metric of `record:` steps', rank: 2 };
}

function filterItems(filters: readonly Filter[]): ItemSpec[] {
  return filters.map((filter) => ({ label: `${filter}=`, kind: CompletionItemKind.Keyword, insert: `${filter}=`, retrigger: true, documentation: FILTER_DOCS[filter] }));
}

function nameItems(state: DocumentState, filter: Filter): ItemSpec[] {
  const { outline } = state;
  const names = filter === 'flow' ? outline.flows.map((flow) => flow.name)
    : filter === 'group' ? [...outline.groups]
    : outline.allSteps.filter(connects).map((step) => step.name);
  const kind = filter === 'flow' ? CompletionItemKind.Module : filter === 'group' ? CompletionItemKind.Struct : CompletionItemKind.Event;
  return [...new Set(names)].filter((name): name is string => !!name).map((name) => ({ label: name, kind, insert: name }));
}
