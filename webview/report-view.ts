// The report as the panel shows it at the end of a run or for a saved report.json: the same
// sections and numbers as report.html (same formatters, same verdict), built as DOM so every
// string from the scenario or the server is text.
import { expressionMetric, formatCount, formatDuration, formatElapsed, formatMetricValue, formatMs, formatPercent, formatRate, formatTimestamp } from '../report/format';
import { generatorView } from '../report/generator-view';
import { verdictOf } from '../report/html-sections';
import { criterionMargin, parseThreshold } from '../report/threshold';
import { ERROR_KIND_LABELS, statusTone } from '../report/tones';
import type { AlertReport, CriterionReport, ErrorCounts, Report } from '../report/types';
import { badge, el, num, rowHeader, table, withCode, type Child, type Tone } from './dom';

export { verdictOf };

export function tile(key: string, label: string, value: string, sub: string, tone: Tone | '' = ''): HTMLElement {
  return el(
    'div',
    { class: `tile${tone ? ` tone-${tone}` : ''}`, attrs: { 'data-tile': key, role: 'group', 'aria-label': label } },
    el('div', { class: 'label', text: label }),
    el('div', { class: 'value', text: value }),
    el('div', { class: 'sub', text: sub }),
  );
}

export function reportTiles(report: Report): HTMLElement {
  const t = report.totals;
  const l = report.latency;
  return el(
    'section',
    { class: 'tiles', attrs: { 'aria-label': 'Summary' } },
    tile('requests', 'Requests', formatCount(t.requests), `${formatCount(t.errors)} errors`),
    tile('rps', 'Throughput', `${formatRate(t.rps)}/s`, 'mean requests/s'),
    tile('errorRate', 'Error rate', formatPercent(t.errorRate), `${formatCount(t.errors)} of ${formatCount(t.requests)}`, t.errors > 0 ? (t.errorRate >= 0.01 ? 'bad' : 'warn') : ''),
    tile('p50', 'p50 latency', formatMs(l.p50), `mean ${formatMs(l.mean)}`),
    tile('p95', 'p95 latency', formatMs(l.p95), `p90 ${formatMs(l.p90)}`),
    tile('p99', 'p99 latency', formatMs(l.p99), `max ${formatMs(l.max)}`),
    tile('dropped', 'Dropped', formatCount(t.dropped), 'not started', t.dropped > 0 ? 'warn' : ''),
    tile('iterations', 'Iterations', formatCount(t.iterations), `${report.flows.length} flow${report.flows.length === 1 ? '' : 's'}`),
  );
}

/**
 * The generator's figures and verdict, as report.html shows them (same words from
 * generator-view.ts): lag, event-loop delay beyond the interval, engine CPU, and whether the
 * generator — not the target — limited the run. A report from before it was measured says so.
 */
export function generatorSection(report: Report): HTMLElement {
  const v = generatorView(report);
  return el(
    'section',
    { class: `card generator${v.saturated ? ' saturated' : ''}`, attrs: { id: 'generator', 'aria-labelledby': 'generator-title' } },
    el('div', { class: 'gen-head' }, el('h3', { attrs: { id: 'generator-title' }, text: 'Load generator' }), badge(v.tone, v.verdict)),
    el(
      'dl',
      { class: 'gen-facts' },
      ...v.facts.map((f) => el('div', { attrs: { 'data-fact': f.key } }, el('dt', { attrs: { title: f.meaning }, text: f.label }), el('dd', { text: f.parts.join(' · ') }))),
    ),
    v.reason ? el('p', { class: 'gen-reason', text: v.reason }) : null,
    el('p', { class: 'gen-note', text: v.note }),
  );
}

const muted = (text: string) => el('span', { class: 'muted', text });
const caption = (title: string, note: string): Child[] => [title, ' ', muted(`— ${note}`)];

export function criteriaTable(report: Report): HTMLElement {
  if (report.criteria.length === 0) {
    return el('p', { class: 'empty-note', text: 'No criteria were set, so this run could not fail. See the recommendations for starter criteria.' });
  }
  const failed = report.criteria.filter((c) => !c.passed).length;
  return table(
    'criteria-table',
    caption('Success criteria', failed === 0 ? 'all passed' : `${failed} of ${report.criteria.length} failed`),
    [{ label: 'Result' }, { label: 'Criterion' }, { label: 'Actual', numeric: true }, { label: 'Threshold', numeric: true }, { label: 'Margin', numeric: true }, { label: 'Abort' }],
    report.criteria.map(criterionRow),
  );
}

function criterionRow(c: CriterionReport): HTMLTableRowElement {
  const threshold = parseThreshold(c.expr);
  const margin = criterionMargin(c);
  const abort = c.aborted ? badge('bad', 'stopped the run') : c.abort ? badge('neutral', 'can abort') : muted('—');
  return el(
    'tr',
    { class: c.passed ? 'pass' : 'fail' },
    el('td', {}, passBadge(c.passed)),
    rowHeader(el('code', { text: c.expr })),
    num(c.actualText || '—'),
    num(threshold ? `${threshold.op} ${threshold.text}` : '—'),
    num(margin),
    el('td', {}, abort),
  );
}

export function passBadge(passed: boolean): HTMLElement {
  return passed ? badge('ok', '✓ Pass') : badge('bad', '✗ Fail');
}

export function recommendationsList(report: Report): HTMLElement {
  if (report.recommendations.length === 0) return el('p', { class: 'empty-note', text: 'Nothing stood out in this run.' });
  return el('ul', { class: 'recs', attrs: { id: 'recommendations' } }, ...report.recommendations.map((r) => el('li', {}, ...withCode(r))));
}


function statusChips(codes: Record<string, number>): Child {
  const entries = Object.entries(codes).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return muted('—');
  return el('span', { class: 'chips' }, ...entries.map(([code, n]) => el('span', { class: `chip tone-${statusTone(code)}`, text: `${code} × ${formatCount(n)}` })));
}


function errorKinds(kinds: ErrorCounts): string {
  return (Object.entries(kinds) as [keyof ErrorCounts, number][])
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${ERROR_KIND_LABELS[k]} ${formatCount(n)}`)
    .join(', ');
}

export function stepsTable(report: Report): HTMLElement {
  if (report.steps.length === 0) return el('p', { class: 'empty-note', text: 'No request was made.' });
  const rows = report.steps.map((s) => {
    const share = s.requests > 0 ? s.errors / s.requests : 0;
    const kinds = errorKinds(s.errorKinds);
    return el(
      'tr',
      {},
      rowHeader(
        el('span', { class: 'step-name', text: s.name }),
        s.kind === 'sse' ? badge('info', 'SSE', 'kind') : null,
        el('span', { class: 'sub', text: s.flows.join(', ') }),
      ),
      num(formatCount(s.requests)),
      num(formatCount(s.errors), el('span', { class: 'sub', text: s.errors > 0 ? `${formatPercent(share)}${kinds ? ` · ${kinds}` : ''}` : '' })),
      el('td', {}, statusChips(s.statusCodes)),
      num(formatMs(s.latency.p50)),
      num(formatMs(s.latency.p95)),
      num(formatMs(s.latency.p99)),
      num(formatMs(s.latency.max)),
    );
  });
  const steps = table(
    'steps-table',
    caption('Requests by step', 'latency from when a request was due to its last byte'),
    [
      { label: 'Step' },
      { label: 'Requests', numeric: true },
      { label: 'Errors', numeric: true },
      { label: 'Status codes' },
      { label: 'p50', numeric: true },
      { label: 'p95', numeric: true },
      { label: 'p99', numeric: true },
      { label: 'Max', numeric: true },
    ],
    rows,
  );
  const samples = report.steps.flatMap((s) =>
    s.sampleErrors.map((m) => el('tr', {}, rowHeader(s.name), el('td', { class: 'mono', text: m.message }), num(formatCount(m.count)))),
  );
  if (samples.length === 0) return steps;
  return el(
    'div',
    { class: 'stack' },
    steps,
    table('errors-table', caption('Error samples', 'distinct messages per step'), [{ label: 'Step' }, { label: 'Message' }, { label: 'Count', numeric: true }], samples),
  );
}

export function phasesTable(report: Report): HTMLElement {
  if (report.phases.length === 0) return el('p', { class: 'empty-note', text: 'No phase ran.' });
  const t0 = report.phases[0].start;
  const rows = report.phases.map((p) => {
    const unit = p.model === 'open' ? 'iterations/s' : 'users';
    const level = p.from === p.to ? `${formatRate(p.to)} ${unit}` : `${formatRate(p.from)} → ${formatRate(p.to)} ${unit}`;
    return el(
      'tr',
      {},
      rowHeader(p.name),
      el('td', { text: p.model === 'open' ? 'open (rate)' : 'closed (users)' }),
      num(level),
      num(p.maxUsers !== undefined ? formatCount(p.maxUsers) : '—'),
      num(formatElapsed((p.start - t0) / 1000)),
      num(formatDuration(p.end - p.start)),
    );
  });
  return table(
    'phases-table',
    caption('Load profile as it ran', 'start times since the first phase began'),
    [{ label: 'Phase' }, { label: 'Model' }, { label: 'Level', numeric: true }, { label: 'Max users', numeric: true }, { label: 'Start', numeric: true }, { label: 'Duration', numeric: true }],
    rows,
  );
}

export const SEVERITY_TONE: Record<AlertReport['severity'], Tone> = { info: 'info', warning: 'warn', critical: 'bad' };

/** The value in the unit its condition is written in: `errorRate > 5%` fired at 9%, not 0.09. */
export function alertValue(a: AlertReport): string {
  return a.value === null ? '—' : formatMetricValue(expressionMetric(a.when), a.value);
}

export function alertsTable(report: Report): HTMLElement {
  if (report.alerts.length === 0) return el('p', { class: 'empty-note', text: 'No alert fired.' });
  const t0 = report.phases[0]?.start ?? Date.parse(report.startedAt);
  const time = (t: number) => num(formatElapsed((t - t0) / 1000), el('span', { class: 'sub', text: formatTimestamp(t).slice(11) }));
  const rows = report.alerts.map((a) =>
    el(
      'tr',
      {},
      el('td', {}, badge(SEVERITY_TONE[a.severity], a.severity)),
      rowHeader(el('code', { text: a.when })),
      time(a.firedAt),
      a.resolvedAt === null ? el('td', { class: 'n' }, badge('warn', 'still active')) : time(a.resolvedAt),
      num(alertValue(a)),
      el('td', {}, a.abort ? badge('bad', 'aborts') : muted('—')),
    ),
  );
  return table(
    'alerts-table',
    caption('Alerts that fired', 'times since the first phase began'),
    [{ label: 'Severity' }, { label: 'Condition' }, { label: 'Fired', numeric: true }, { label: 'Resolved', numeric: true }, { label: 'Value', numeric: true }, { label: 'Abort' }],
    rows,
  );
}
