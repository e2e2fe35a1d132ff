// The live parts of the panel: tiles with the latest interval and the run so far, criteria
// with their pass/fail so far, and the alerts as they fire.
import type { PlanMessage } from '../engine/protocol/messages';
import type { PanelState } from './protocol';
import { criterionValueText, formatCount, formatElapsed, formatMs, formatPercent, formatRate, notEvaluated } from '../report/format';
import type { CriterionReport } from '../report/types';
import { badge, el } from './dom';
import { alertValue, errorRateTone, passBadge, SEVERITY_TONE, tile } from '../report/view/sections';

/** The level the plan asks for at `elapsedMs`: users (closed) or iterations/s (open). */
export function plannedLevel(plan: PlanMessage, elapsedMs: number): { level: number; model: 'closed' | 'open'; maxUsers?: number } | null {
  let start = 0;
  for (const p of plan.phases) {
    if (elapsedMs <= start + p.durationMs || p === plan.phases[plan.phases.length - 1]) {
      const f = Math.max(0, Math.min(1, (elapsedMs - start) / Math.max(1, p.durationMs)));
      return { level: p.from + (p.to - p.from) * f, model: p.model, maxUsers: p.maxUsers };
    }
    start += p.durationMs;
  }
  return null;
}

export function liveTiles(s: PanelState): HTMLElement[] {
  const last = s.last;
  const row = last?.row;
  const totals = last?.totals;
  const planned = s.plan && last ? plannedLevel(s.plan, last.elapsedMs) : null;
  const usersSub = !planned
    ? 'virtual users'
    : planned.model === 'closed'
      ? `planned ${formatRate(Math.round(planned.level))}`
      : `open model, ${formatRate(planned.level)} it/s${planned.maxUsers !== undefined ? `, max ${formatCount(planned.maxUsers)}` : ''}`;
  const errorRate = totals && totals.requests > 0 ? totals.errors / totals.requests : totals ? 0 : null;
  const meanRps = totals && last && last.elapsedMs > 0 ? totals.requests / (last.elapsedMs / 1000) : null;
  return [
    tile('users', 'Users', row ? formatCount(row.users) : '—', usersSub),
    tile('rps', 'Throughput', row ? `${formatRate(row.rps)}/s` : '—', meanRps !== null ? `mean ${formatRate(meanRps)}/s` : 'requests per second'),
    tile('p95', 'p95 latency', formatMs(row?.p95), row ? `p50 ${formatMs(row.p50)} · p99 ${formatMs(row.p99)}` : 'last interval'),
    tile(
      'errorRate',
      'Error rate',
      formatPercent(errorRate),
      totals ? `${formatCount(totals.errors)} errors so far` : 'run so far',
      totals ? errorRateTone(totals.errors, errorRate ?? 0) : '',
    ),
    tile('requests', 'Requests', formatCount(totals?.requests), totals ? `${formatCount(totals.iterations)} iterations` : 'run so far'),
    tile('dropped', 'Dropped', formatCount(totals?.dropped), 'iterations not started', totals && totals.dropped > 0 ? 'warn' : ''),
  ];
}

export function liveCriteria(criteria: CriterionReport[]): HTMLElement {
  if (criteria.length === 0) return el('p', { class: 'empty-note', text: 'No criteria: this run cannot fail.' });
  return el(
    'ul',
    { class: 'criteria-list', attrs: { id: 'live-criteria', 'aria-label': 'Criteria, evaluated on the run so far' } },
    ...criteria.map((c) => {
      const pending = c.actual === null && !c.actualText;
      // Nothing it measures has happened yet: it would fail if the run ended now, but its step
      // may still run, so it is not shown as failing (nor does it count toward an abort).
      const noData = notEvaluated(c);
      return el(
        'li',
        { class: pending || noData ? 'pending' : c.passed ? 'pass' : 'fail' },
        pending ? badge('neutral', '… Pending') : noData ? badge('neutral', '… No data') : passBadge(c.passed),
        el('span', {}, el('code', { text: c.expr }), c.aborted ? badge('bad', 'stopped the run', 'kind') : c.abort ? badge('neutral', 'can abort', 'kind') : null),
        el('span', { class: 'actual', text: pending ? '—' : criterionValueText(c) || '—' }),
      );
    }),
  );
}

export function liveAlerts(s: PanelState): HTMLElement {
  if (s.alerts.length === 0) return el('p', { class: 'empty-note', text: 'No alert has fired.' });
  const t0 = s.phaseStarts[0] ?? s.report?.phases[0]?.start ?? null;
  const when = (t: number) => (t0 !== null ? formatElapsed((t - t0) / 1000) : new Date(t).toISOString().slice(11, 19));
  // Newest first: the one that just fired is the one to read.
  const alerts = s.alerts.slice().sort((a, b) => b.firedAt - a.firedAt);
  return el(
    'ul',
    { class: 'alert-list', attrs: { id: 'live-alerts', 'aria-label': 'Alerts, newest first' } },
    ...alerts.map((a) =>
      el(
        'li',
        { class: a.state, attrs: { 'data-severity': a.severity } },
        badge(SEVERITY_TONE[a.severity], a.severity),
        el(
          'span',
          { class: 'what' },
          el('code', { text: a.when }),
          el('span', { class: 'sub', text: `value ${alertValue(a)}${a.abort ? ' · aborts the run' : ''}` }),
        ),
        el(
          'span',
          { class: 'when-at' },
          a.state === 'fired' ? `fired ${when(a.firedAt)}` : `${when(a.firedAt)}–${when(a.resolvedAt ?? a.firedAt)}`,
          ' ',
          a.state === 'fired' ? badge('warn', 'active') : badge('neutral', 'resolved'),
        ),
      ),
    ),
  );
}
