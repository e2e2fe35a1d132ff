// The static parts of the HTML report: header, tiles, tables, lists. Rendered on the server so
// every number is readable even where scripts do not run; every report string is escaped here.
import { escapeHtml as e, escapeWithCode } from './html-escape';
import {
  formatCount,
  formatDuration,
  formatElapsed,
  formatMegabytes,
  formatMs,
  formatPercent,
  formatRate,
  formatTimestamp,
  expressionMetric,
  formatMetricValue,
} from './format';
import { generatorOf, generatorView } from './generator-view';
import { criterionMargin, parseThreshold } from './threshold';
import { ERROR_KIND_LABELS, statusTone, type Tone } from './tones';
import type { AlertReport, CriterionReport, ErrorCounts, LatencySummary, Report } from './types';


const badge = (tone: Tone, text: string, extra = '') => `<span class="badge tone-${tone}${extra}">${e(text)}</span>`;

export function verdictOf(report: Report): { label: string; tone: Tone; detail: string } {
  const failed = report.criteria.filter((c) => !c.passed).length;
  const total = report.criteria.length;
  const criteriaText =
    total === 0 ? 'no criteria set' : failed === 0 ? `all ${total} criteria passed` : `${failed} of ${total} criteria failed`;
  switch (report.outcome) {
    case 'stopped':
      return { label: 'STOPPED', tone: 'warn', detail: report.reason ?? 'stopped before the last phase ended' };
    case 'aborted':
      return { label: 'ABORTED', tone: 'bad', detail: report.reason ?? 'stopped early by a criterion or alert' };
    case 'error':
      return { label: 'ERROR', tone: 'bad', detail: report.reason ?? 'the run could not complete' };
    default:
      return report.passed
        ? { label: 'PASSED', tone: 'ok', detail: report.reason ?? criteriaText }
        : { label: 'FAILED', tone: 'bad', detail: report.reason ?? criteriaText };
  }
}

export function headerSection(report: Report): string {
  const v = verdictOf(report);
  const target = report.target ? `<span>Target <b class="mono">${e(report.target)}</b></span>` : '';
  return `<header class="report-header">
  <div>
    <div class="brand">Stampede · load test report</div>
    <h1>${e(report.scenario)}</h1>
    <div class="meta">
      <span>File <b class="mono">${e(report.file)}</b></span>${target}
    </div>
    <div class="meta">
      <span><time datetime="${e(report.startedAt)}">${e(formatTimestamp(report.startedAt))}</time> → <time datetime="${e(report.endedAt)}">${e(formatTimestamp(report.endedAt))}</time></span>
      <span>Duration <b>${e(formatDuration(report.durationMs))}</b></span>
    </div>
  </div>
  <div class="verdict" id="verdict">
    ${badge(v.tone, v.label)}
    <div class="reason">${e(v.detail)}</div>
  </div>
</header>`;
}

export function tocNav(report: Report): string {
  const links: [string, string][] = [
    ['criteria', 'Criteria'],
    ['recommendations', `Recommendations (${report.recommendations.length})`],
    ['charts', 'Charts'],
    ['steps', 'Steps'],
    ['flows', 'Flows'],
    ['phases', 'Phases'],
    ['alerts', `Alerts (${report.alerts.length})`],
    ['system', 'System'],
  ];
  return `<nav class="toc" aria-label="Sections">${links.map(([id, t]) => `<a href="#${id}">${e(t)}</a>`).join('')}</nav>`;
}

export function tilesSection(report: Report): string {
  const t = report.totals;
  const tile = (label: string, value: string, sub = '', tone: Tone | '' = '') =>
    `<div class="tile${tone ? ` tone-${tone}` : ''}"><div class="label">${e(label)}</div><div class="value">${e(value)}</div><div class="sub">${e(sub)}</div></div>`;
  return `<section aria-label="Summary" class="tiles" id="summary">
  ${tile('Requests', formatCount(t.requests), `${formatCount(t.errors)} errors`)}
  ${tile('Throughput', `${formatRate(t.rps)}/s`, 'mean requests/s')}
  ${tile('Error rate', formatPercent(t.errorRate), `${formatCount(t.errors)} of ${formatCount(t.requests)}`, t.errors > 0 ? (t.errorRate >= 0.01 ? 'bad' : 'warn') : '')}
  ${tile('p50 latency', formatMs(report.latency.p50), `mean ${formatMs(report.latency.mean)}`)}
  ${tile('p95 latency', formatMs(report.latency.p95), `p90 ${formatMs(report.latency.p90)}`)}
  ${tile('p99 latency', formatMs(report.latency.p99), `max ${formatMs(report.latency.max)}`)}
  ${tile('Dropped', formatCount(t.dropped), 'not started', t.dropped > 0 ? 'warn' : '')}
  ${tile('Iterations', formatCount(t.iterations), `${report.flows.length} flow${report.flows.length === 1 ? '' : 's'}`)}
</section>`;
}

/**
 * The generator's own figures and verdict, under the tiles: how late it sent what was due, how
 * long its loop stalled, how busy it was — and, standing out, whether it limited the run.
 */
export function generatorSection(report: Report): string {
  const v = generatorView(report);
  const facts = v.facts
    .map((f) => `<div data-fact="${f.key}"><dt title="${e(f.meaning)}">${e(f.label)}</dt><dd>${e(f.parts.join(' · '))}</dd></div>`)
    .join('');
  const reason = v.reason ? `<p class="gen-reason">${e(v.reason)}</p>` : '';
  return `<section class="card generator${v.saturated ? ' saturated' : ''}" id="generator" aria-labelledby="generator-title">
  <div class="gen-head"><h3 id="generator-title">Load generator</h3>${badge(v.tone, v.verdict)}</div>
  <dl class="gen-facts">${facts}</dl>
  ${reason}<p class="gen-note">${e(v.note)}</p>
</section>`;
}

/** A table in a scrolling card; `head` cells are column headers, rows are already HTML. */
function table(id: string, caption: string, head: { label: string; num?: boolean }[], rows: string[]): string {
  const ths = head.map((h) => `<th scope="col"${h.num ? ' class="n"' : ''}>${e(h.label)}</th>`).join('');
  return `<div class="table-wrap"><table id="${id}"><caption>${caption}</caption><thead><tr>${ths}</tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`;
}

const num = (text: string, attrs = '') => `<td class="n"${attrs}>${e(text)}</td>`;

export function criteriaSection(report: Report): string {
  const title = '<h2 id="criteria">Criteria</h2>';
  if (report.criteria.length === 0) {
    return `${title}<p class="empty-note">No criteria were set, so this run could not fail. See the recommendations for starter criteria.</p>`;
  }
  const failed = report.criteria.filter((c) => !c.passed).length;
  const rows = report.criteria.map(criterionRow);
  const caption = `Success criteria <span class="muted">— ${failed === 0 ? 'all passed' : `${failed} of ${report.criteria.length} failed`}</span>`;
  return (
    title +
    table('criteria-table', caption, [{ label: 'Result' }, { label: 'Criterion' }, { label: 'Actual', num: true }, { label: 'Threshold', num: true }, { label: 'Margin', num: true }, { label: 'Abort' }], rows)
  );
}

function criterionRow(c: CriterionReport): string {
  const threshold = parseThreshold(c.expr);
  const result = c.passed ? badge('ok', '✓ Pass') : badge('bad', '✗ Fail');
  const margin = criterionMargin(c);
  const abort = c.aborted ? badge('bad', 'stopped the run') : c.abort ? badge('neutral', 'can abort') : '<span class="muted">—</span>';
  return `<tr class="${c.passed ? 'pass' : 'fail'}"><td>${result}</td><th scope="row"><code>${e(c.expr)}</code></th>${num(c.actualText || '—')}${num(threshold ? `${threshold.op} ${threshold.text}` : '—')}${num(margin)}<td>${abort}</td></tr>`;
}

export function recommendationsSection(report: Report): string {
  const title = '<h2 id="recommendations">Recommendations</h2>';
  if (report.recommendations.length === 0) return `${title}<p class="empty-note">Nothing stood out in this run.</p>`;
  return `${title}<ul class="recs">${report.recommendations.map((r) => `<li>${escapeWithCode(r)}</li>`).join('')}</ul>`;
}

function statusChips(codes: Record<string, number>): string {
  const entries = Object.entries(codes).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return '<span class="muted">—</span>';
  return `<span class="chips">${entries.map(([code, n]) => `<span class="chip tone-${statusTone(code)}">${e(code)} × ${e(formatCount(n))}</span>`).join('')}</span>`;
}


function errorKindChips(kinds: ErrorCounts): string {
  const entries = (Object.entries(kinds) as [keyof ErrorCounts, number][]).filter(([, n]) => n > 0);
  if (entries.length === 0) return '<span class="muted">—</span>';
  return `<span class="chips">${entries.map(([k, n]) => `<span class="chip tone-bad">${e(ERROR_KIND_LABELS[k])} ${e(formatCount(n))}</span>`).join('')}</span>`;
}

function errorsCell(errors: number, of: number): string {
  const share = of > 0 ? errors / of : 0;
  const bar = errors > 0 ? `<span class="bar" aria-hidden="true"><span style="width:${Math.max(2, Math.min(100, share * 100)).toFixed(1)}%"></span></span>` : '';
  return `<td class="n">${e(formatCount(errors))}<span class="sub">${e(formatPercent(share))}</span>${bar}</td>`;
}

export function stepsSection(report: Report): string {
  const title = '<h2 id="steps">Steps</h2>';
  if (report.steps.length === 0) return `${title}<p class="empty-note">No request was made.</p>`;
  const rows = report.steps.map((s) => {
    const kind = s.kind === 'sse' ? badge('info', 'SSE', ' kind') : '';
    const sse = s.kind === 'sse';
    const ttfe = s.timeToFirstEvent ? `${formatMs(s.timeToFirstEvent.p50)} / ${formatMs(s.timeToFirstEvent.p95)}` : '—';
    return `<tr><th scope="row"><span class="step-name">${e(s.name)}</span>${kind}<span class="sub">${e(s.flows.join(', '))}</span></th>${num(formatCount(s.requests))}${errorsCell(s.errors, s.requests)}<td>${errorKindChips(s.errorKinds)}</td><td>${statusChips(s.statusCodes)}</td>${latencyCells(s.latency)}${num(sse ? formatCount(s.events ?? 0) : '—')}${num(sse ? ttfe : '—')}</tr>`;
  });
  const head = [
    { label: 'Step' },
    { label: 'Requests', num: true },
    { label: 'Errors', num: true },
    { label: 'Error kinds' },
    { label: 'Status codes' },
    { label: 'p50', num: true },
    { label: 'p95', num: true },
    { label: 'p99', num: true },
    { label: 'Max', num: true },
    { label: 'Events', num: true },
    { label: 'First event p50/p95', num: true },
  ];
  return `${title}${table('steps-table', 'Requests by step <span class="muted">— latency from when a request was due to its last byte</span>', head, rows)}${sampleErrorsTable(report)}${latencyTable(report)}`;
}

function latencyCells(l: LatencySummary): string {
  return [l.p50, l.p95, l.p99, l.max].map((v) => num(formatMs(v))).join('');
}

function sampleErrorsTable(report: Report): string {
  const rows = report.steps.flatMap((s) =>
    s.sampleErrors.map((m) => `<tr><th scope="row">${e(s.name)}</th><td class="mono">${e(m.message)}</td>${num(formatCount(m.count))}</tr>`),
  );
  if (rows.length === 0) return '';
  return `<div style="height:14px"></div>${table('errors-table', 'Error samples <span class="muted">— distinct messages per step</span>', [{ label: 'Step' }, { label: 'Message' }, { label: 'Count', num: true }], rows)}`;
}

function latencyTable(report: Report): string {
  const l = report.latency;
  const keys: [keyof LatencySummary, string][] = [
    ['min', 'Min'], ['mean', 'Mean'], ['p50', 'p50'], ['p75', 'p75'], ['p90', 'p90'], ['p95', 'p95'], ['p99', 'p99'], ['p999', 'p99.9'], ['max', 'Max'],
  ];
  const row = `<tr><th scope="row">All requests</th>${keys.map(([k]) => num(formatMs(l[k]))).join('')}</tr>`;
  return `<div style="height:14px"></div>${table('latency-table', 'Latency distribution', [{ label: 'Scope' }, ...keys.map(([, label]) => ({ label, num: true }))], [row])}`;
}

export function flowsSection(report: Report): string {
  const title = '<h2 id="flows">Flows</h2>';
  if (report.flows.length === 0) return `${title}<p class="empty-note">No flow ran.</p>`;
  const weights = report.flows.reduce((n, f) => n + f.weight, 0);
  const rows = report.flows.map(
    (f) =>
      `<tr><th scope="row">${e(f.name)}</th>${num(`${formatRate(f.weight)} (${formatPercent(weights > 0 ? f.weight / weights : 0)})`)}${num(formatCount(f.iterations))}${errorsCell(f.failures, f.iterations + 0)}${num(formatMs(f.iterationDuration.p50))}${num(formatMs(f.iterationDuration.p95))}${latencyCells(f.latency)}</tr>`,
  );
  const head = [
    { label: 'Flow' },
    { label: 'Weight', num: true },
    { label: 'Iterations', num: true },
    { label: 'Failures', num: true },
    { label: 'Iteration p50', num: true },
    { label: 'Iteration p95', num: true },
    { label: 'p50', num: true },
    { label: 'p95', num: true },
    { label: 'p99', num: true },
    { label: 'Max', num: true },
  ];
  return title + table('flows-table', 'Iterations by flow <span class="muted">— how long whole iterations took (think times included), then the latency of the flow’s requests</span>', head, rows);
}

export function phasesSection(report: Report): string {
  const title = '<h2 id="phases">Phases</h2>';
  if (report.phases.length === 0) return `${title}<p class="empty-note">No phase ran.</p>`;
  const t0 = report.phases[0].start;
  const rows = report.phases.map((p) => {
    const unit = p.model === 'open' ? 'iterations/s' : 'users';
    const level = p.from === p.to ? `${formatRate(p.to)} ${unit}` : `${formatRate(p.from)} → ${formatRate(p.to)} ${unit}`;
    return `<tr><th scope="row">${e(p.name)}</th><td>${p.model === 'open' ? 'open (rate)' : 'closed (users)'}</td>${num(level)}${num(p.maxUsers !== undefined ? formatCount(p.maxUsers) : '—')}${num(formatElapsed((p.start - t0) / 1000))}${num(formatElapsed((p.end - t0) / 1000))}${num(formatDuration(p.end - p.start))}</tr>`;
  });
  const head = [{ label: 'Phase' }, { label: 'Model' }, { label: 'Level', num: true }, { label: 'Max users', num: true }, { label: 'Start', num: true }, { label: 'End', num: true }, { label: 'Duration', num: true }];
  return title + table('phases-table', 'Load profile as it ran <span class="muted">— times since the first phase began</span>', head, rows);
}

export function alertsSection(report: Report): string {
  const title = '<h2 id="alerts">Alerts</h2>';
  if (report.alerts.length === 0) return `${title}<p class="empty-note">No alert fired.</p>`;
  const t0 = report.phases[0]?.start ?? Date.parse(report.startedAt);
  const at = (time: number) => `${formatElapsed((time - t0) / 1000)}<span class="sub">${e(formatTimestamp(time).slice(11))}</span>`;
  const tone: Record<AlertReport['severity'], Tone> = { info: 'info', warning: 'warn', critical: 'bad' };
  const rows = report.alerts.map((a) => {
    const resolved = a.resolvedAt === null ? `<td class="n">${badge('warn', 'still active')}</td>` : `<td class="n">${at(a.resolvedAt)}</td>`;
    const lasted = a.resolvedAt === null ? '—' : formatDuration(a.resolvedAt - a.firedAt);
    return `<tr><td>${badge(tone[a.severity], a.severity)}</td><th scope="row"><code>${e(a.when)}</code></th><td class="n">${at(a.firedAt)}</td>${resolved}${num(lasted)}${num(alertValue(a))}<td>${a.abort ? badge('bad', 'aborts') : '<span class="muted">—</span>'}</td></tr>`;
  });
  const head = [{ label: 'Severity' }, { label: 'Condition' }, { label: 'Fired', num: true }, { label: 'Resolved', num: true }, { label: 'Lasted', num: true }, { label: 'Value', num: true }, { label: 'Abort' }];
  return title + table('alerts-table', 'Alerts that fired <span class="muted">— times since the first phase began</span>', head, rows);
}

/** The value in the unit its condition is written in: `errorRate > 5%` fired at 9%, not 0.09. */
function alertValue(a: AlertReport): string {
  return a.value === null ? '—' : formatMetricValue(expressionMetric(a.when), a.value);
}

export function systemSection(report: Report): string {
  const s = report.system;
  const fact = (label: string, value: string) => `<div><dt>${e(label)}</dt><dd>${e(value)}</dd></div>`;
  const stage = (label: string, st: Report['setup']) => {
    const state = !st.ran ? badge('neutral', 'not run') : st.passed ? badge('ok', 'passed') : badge('bad', 'failed');
    const err = st.error ? `<span class="err">${e(st.error)}</span>` : '';
    return `<div class="card stage"><h3>${e(label)}</h3>${state}${err}</div>`;
  };
  const errorKinds = (Object.entries(report.errors) as [keyof ErrorCounts, number][])
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${ERROR_KIND_LABELS[k]} ${formatCount(n)}`)
    .join(', ');
  return `<h2 id="system">Run and system</h2>
<div class="stages">${stage('Setup', report.setup)}${stage('Teardown', report.teardown)}</div>
<div style="height:14px"></div>
<div class="card"><dl class="facts">
  ${fact('Host', s.hostname)}
  ${fact('Platform', `${s.platform} ${s.arch}`)}
  ${fact('CPUs', `${s.cpus} × ${s.cpuModel}`)}
  ${fact('Memory', formatMegabytes(s.totalMemoryMB))}
  ${fact('Node.js', s.node)}
  ${fact('Stampede', s.stampede)}
  ${fact('Peak CPU', s.peakCpu === null ? '—' : `${formatRate(s.peakCpu)}%`)}
  ${fact(generatorOf(report) ? 'Peak event-loop delay (beyond the interval)' : 'Peak event-loop delay', formatMs(s.peakEventLoopDelay))}
  ${fact('Peak heap used', formatMegabytes(s.peakHeapUsed))}
  ${s.peakRssMB !== undefined ? fact('Peak engine memory (RSS)', formatMegabytes(s.peakRssMB)) : ''}
  ${s.engineCpuSeconds !== undefined ? fact('Engine CPU time', formatDuration(s.engineCpuSeconds * 1000)) : ''}
  ${fact('Outcome', report.outcome + (report.reason ? ` — ${report.reason}` : ''))}
  ${fact('Exit code', String(report.exitCode))}
  ${fact('Errors by kind', errorKinds || 'none')}
</dl></div>`;
}
