// The compare panel, drawn from a CompareState: the verdict, the two runs side by side, one table
// of every figure compared (per step and overall: baseline → current, the change coloured by its
// verdict, the test's p-value), and the two overlaid charts. Built as DOM: names stay text.
import { formatChange, formatP, type ScopeComparison } from '../report/compare';
import { comparedValue, METRIC_LABELS } from '../report/compare-format';
import { formatCount, formatDuration, formatMs, formatPercent, formatRate, formatTimestamp } from '../report/format';
import { badge, el, num, table, type Child } from './dom';
import { changeVerdict, changeVerdictLabel, VERDICT_TONE, type ComparedRun, type CompareState } from './compare-model';

export function compareHeader(s: CompareState): HTMLElement {
  const c = s.comparison;
  const regression = c.verdict === 'regression';
  return el(
    'header',
    { class: 'run-header' },
    el(
      'div',
      { class: 'who' },
      el('div', { class: 'eyebrow' }, el('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } }), 'Stampede · Compare'),
      el('h1', { attrs: { id: 'scenario-name' }, text: s.current.scenario }),
      el(
        'div',
        { class: 'meta' },
        el('span', {}, el('b', { text: s.baseline.label }), ' → ', el('b', { text: s.current.label })),
        el('span', {}, 'Threshold ', el('b', { text: formatPercent(c.threshold) })),
        el('span', {}, 'Test ', el('b', { text: 'Mann-Whitney U over the intervals, Holm-Bonferroni at 0.05' })),
      ),
    ),
    el(
      'div',
      { class: 'verdict', attrs: { id: 'verdict' } },
      badge(regression ? 'bad' : 'ok', regression ? 'REGRESSION' : 'NO REGRESSION'),
      el('div', { class: 'reason', text: regression ? c.regressions.join('; ') : `no figure worse by more than ${formatPercent(c.threshold)} and significant` }),
    ),
  );
}

function runCard(role: 'baseline' | 'current', run: ComparedRun): HTMLElement {
  const facts: [string, string][] = [
    ['Started', formatTimestamp(run.startedAt)],
    ['Duration', formatDuration(run.durationMs)],
    ['Requests', formatCount(run.requests)],
    ['Throughput', run.rps === null ? '—' : `${formatRate(run.rps)}/s`],
    ['p95 latency', formatMs(run.p95)],
    ['Error rate', formatPercent(run.errorRate)],
  ];
  return el(
    'section',
    { class: `card compare-run ${role}`, attrs: { id: `run-${role}`, 'aria-labelledby': `run-${role}-heading` } },
    el(
      'div',
      { class: 'gen-head' },
      // A pinned baseline is labelled `baseline`: the heading says it already.
      el('h2', { attrs: { id: `run-${role}-heading` } }, role === 'baseline' ? 'Baseline' : 'Current', run.label !== role ? el('span', { class: 'count', text: run.label }) : null),
      badge(run.verdict.tone, run.verdict.label),
    ),
    el('dl', { class: 'gen-facts' }, ...facts.map(([k, v]) => el('div', {}, el('dt', { text: k }), el('dd', { text: v })))),
    el('p', { class: 'gen-note mono', text: run.file }),
  );
}

export function compareRuns(s: CompareState): HTMLElement {
  return el('div', { class: 'cards compare-runs' }, runCard('baseline', s.baseline), runCard('current', s.current));
}

function scopeRows(scope: ScopeComparison, threshold: number): HTMLTableRowElement[] {
  const metrics = scope.metrics.filter((m) => m.baseline !== null || m.current !== null);
  return metrics.map((m, i) => {
    const verdict = changeVerdict(m, threshold);
    const tone = VERDICT_TONE[verdict];
    const head: Child = i === 0 ? el('th', { attrs: { scope: 'rowgroup', rowspan: metrics.length } }, scope.kind === 'overall' ? 'Overall' : el('span', { class: 'step-name', text: scope.name })) : null;
    return el(
      'tr',
      { class: `verdict-${verdict}`, attrs: { 'data-scope': scope.name, 'data-metric': m.metric, 'data-verdict': verdict } },
      head,
      el('td', { text: METRIC_LABELS[m.metric] }),
      num(comparedValue(m, m.baseline)),
      num(comparedValue(m, m.current)),
      el('td', { class: `n change tone-${tone}`, text: formatChange(m) }),
      num(formatP(m.test.p)),
      el('td', {}, verdict === 'neutral' ? el('span', { class: 'muted', text: changeVerdictLabel(m, verdict) }) : badge(tone, changeVerdictLabel(m, verdict))),
    );
  });
}

export function compareTable(s: CompareState): HTMLElement {
  const c = s.comparison;
  const body = table(
    'compare-table',
    ['Per step and overall ', el('span', { class: 'muted', text: '— baseline → current; a regression is worse than the threshold and significant' })],
    [
      { label: 'Scope' },
      { label: 'Metric' },
      { label: 'Baseline', numeric: true },
      { label: 'Current', numeric: true },
      { label: 'Change', numeric: true },
      { label: 'p (Mann-Whitney U)', numeric: true },
      { label: 'Verdict' },
    ],
    c.scopes.flatMap((scope) => scopeRows(scope, c.threshold)),
  );
  const untested = c.untested.length ? el('p', { class: 'empty-note', text: `Not tested (fewer intervals than the test needs): ${c.untested.join(', ')}` }) : null;
  return el('section', { class: 'stack compare-figures', attrs: { 'aria-label': 'Figures compared' } }, body, untested);
}
