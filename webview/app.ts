// The panel: one live view that turns into the report view when the run ends (or shows a saved
// report straight away). Holds the state, applies the extension's messages to it, redraws the
// parts that changed, persists it for reloads, and posts the user's requests back. A drag across
// a chart zooms every chart, the tiles and the steps table to that time range (report/view/zoom.ts).
import type { EngineToClient } from '../engine/protocol/messages';
import {
  PANEL_PROTOCOL_VERSION,
  type ExportFormat,
  type ExportResultMessage,
  type ExtensionToPanel,
  type PanelState,
  type PanelToExtension,
} from './protocol';
import { formatDuration, formatElapsed, formatTimestamp, loadSourceText, notEvaluated } from '../report/format';
import { frameOf, panelCharts } from './charts';
import { badge, el, replace, setText } from './dom';
import { liveAlerts, liveCriteria, liveTiles } from './live-view';
import { applyEngine, applyReport, chartRows, emptyState, isLive, isPanelState, savedState, type Announcement, type Part } from './model';
import type { TimeRange } from '../report/range';
import { liveRangeTiles, RANGE_NOTES, showRange } from '../report/view/range-view';
import { chartsHeading, reportBottom, reportTop, verdictOf } from '../report/view/sections';
import { Zoom } from '../report/view/zoom';

export interface Host {
  postMessage(message: PanelToExtension): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

const ALL_PARTS: Part[] = ['run', 'plan', 'stage', 'phase', 'snapshot', 'criteria', 'alerts', 'logs', 'report', 'failure'];

export class App {
  private state: PanelState;
  private readonly restored: boolean;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;

  // Header
  private readonly eyebrow = el('div', { class: 'eyebrow' });
  private readonly title = el('h1', { attrs: { id: 'scenario-name', tabindex: -1 } });
  private readonly meta = el('div', { class: 'meta' });
  private readonly stageBadge = el('span', { class: 'stage' });
  private readonly stopButton = el('button', { class: 'stop', attrs: { type: 'button', id: 'stop', title: 'Stop the run: the current phase ends, teardown runs and a partial report is written' } }, el('span', { class: 'icon', attrs: { 'aria-hidden': 'true' } }), el('span', { class: 'text', text: 'Stop' }));
  private readonly liveActions = el('div', { class: 'actions' }, this.stageBadge, this.stopButton);
  private readonly verdict = el('div', { class: 'verdict', attrs: { id: 'verdict', tabindex: -1 } });
  private readonly exportStatus = el('div', { class: 'export-status', attrs: { role: 'status', id: 'export-status' } });
  private readonly exportLabel = el('span', { class: 'label', text: 'Export' });
  private readonly exportButtons = (['json', 'csv', 'html'] as ExportFormat[]).map((format) =>
    el('button', { class: 'secondary', attrs: { type: 'button', 'data-export': format, 'aria-label': `Export report as ${format.toUpperCase()}` }, text: format.toUpperCase() }),
  );
  private readonly reportActions = el(
    'div',
    { class: 'verdict-wrap actions' },
    el('div', { class: 'stack-right' }, this.verdict, el('div', { class: 'export', attrs: { role: 'group', 'aria-label': 'Export report' } }, this.exportLabel, ...this.exportButtons), this.exportStatus),
  );

  // Progress
  private readonly progressLeft = el('span');
  private readonly progressRight = el('span');
  private readonly timeline = el('div', { class: 'timeline', attrs: { role: 'progressbar', 'aria-label': 'Run progress', 'aria-valuemin': 0, 'aria-valuemax': 100 } });
  private readonly phaseLabels = el('div', { class: 'phase-labels', attrs: { 'aria-hidden': 'true' } });
  private readonly progress = el('div', { class: 'progress' }, el('div', { class: 'row' }, this.progressLeft, this.progressRight), this.timeline, this.phaseLabels);

  private readonly banner = el('div', { class: 'banner', attrs: { role: 'alert' } });

  // Live sections
  private readonly tiles = el('section', { class: 'tiles', attrs: { 'aria-label': 'Current figures' } });
  private readonly criteriaBox = el('div');
  private readonly alertsBox = el('div');
  private readonly criteriaCount = el('span', { class: 'count' });
  private readonly alertsCount = el('span', { class: 'count' });
  private readonly live = el(
    'div',
    { class: 'live' },
    this.tiles,
    el(
      'div',
      { class: 'cards' },
      el('section', { class: 'card', attrs: { 'aria-labelledby': 'criteria-heading' } }, el('h2', { attrs: { id: 'criteria-heading' } }, 'Criteria', this.criteriaCount), this.criteriaBox),
      el('section', { class: 'card', attrs: { 'aria-labelledby': 'alerts-heading' } }, el('h2', { attrs: { id: 'alerts-heading' } }, 'Alerts', this.alertsCount), this.alertsBox),
    ),
  );

  // Report sections, built when a report arrives.
  private readonly reportTop = el('div', { class: 'report-top' });
  private readonly reportBottom = el('div', { class: 'report-bottom' });
  private shownReport: unknown = null;

  private readonly zoom = new Zoom({ rows: () => chartRows(this.state), apply: (range) => this.applyZoom(range) });
  private readonly charts = panelCharts({ onSelect: (a, b) => this.zoom.select(a, b), onReset: () => this.zoom.set(null) });
  private readonly logs = el('details', { class: 'logs' });
  private readonly announcer = el('div', { class: 'sr-only', attrs: { role: 'status', 'aria-live': 'polite', id: 'announcer' } });
  private announceQueue: string[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly host: Host,
  ) {
    const saved = host.getState();
    this.restored = isPanelState(saved);
    this.state = this.restored ? (saved as PanelState) : emptyState();

    replace(
      root,
      el('header', { class: 'run-header' }, el('div', { class: 'who' }, this.eyebrow, this.title, this.meta), this.liveActions, this.reportActions),
      this.progress,
      this.banner,
      this.zoom.bar,
      this.live,
      this.reportTop,
      chartsHeading(),
      this.zoom.form,
      this.charts.element,
      this.reportBottom,
      this.logs,
      this.announcer,
    );
    root.removeAttribute('aria-busy');

    this.stopButton.addEventListener('click', () => this.stop());
    for (const button of this.exportButtons) {
      button.addEventListener('click', () => this.exportAs(button.dataset.export as ExportFormat));
    }
    this.render(ALL_PARTS);
    this.watchTheme();
  }

  /** Tells the extension the panel listens, with what it restored (a zoom included). */
  ready(): void {
    this.host.postMessage({
      type: 'ready',
      protocol: PANEL_PROTOCOL_VERSION,
      restored: this.restored,
      runId: this.state.run?.runId || null,
      lastSeq: this.state.lastSeq,
    });
    if (this.state.zoom) this.host.postMessage({ type: 'zoom', range: this.state.zoom });
  }

  receive(message: ExtensionToPanel): void {
    switch (message.type) {
      case 'init':
        return this.init(message);
      case 'engine':
        if (!this.accepts(message.runId)) return;
        if (message.seq <= this.state.lastSeq) return;
        return this.applyAll([message.message], message.seq);
      case 'engineBatch': {
        if (!this.accepts(message.runId)) return;
        const skip = Math.max(0, this.state.lastSeq + 1 - message.firstSeq);
        return this.applyAll(message.messages.slice(skip), message.firstSeq + message.messages.length - 1);
      }
      case 'runEnded':
        if (!this.accepts(message.runId) || this.state.report || this.state.failure) return;
        this.state.running = false;
        this.state.failure = { message: message.message, exitCode: message.exitCode };
        this.announce([{ text: `The run ended: ${message.message}` }]);
        return this.changed(['failure', 'stage', 'snapshot']);
      case 'report': {
        const result = applyReport(this.state, message.report, message.source ?? null);
        this.announce(result.announce);
        return this.changed(result.parts, true);
      }
      case 'theme':
        return this.redrawCharts();
      case 'exportResult':
        return this.showExportResult(message);
    }
  }

  private init(message: Extract<ExtensionToPanel, { type: 'init' }>): void {
    if (this.state.run?.runId !== message.run.runId) {
      const offered = message.state;
      this.state = isPanelState(offered) && offered.run?.runId === message.run.runId ? offered : emptyState(message.run);
      this.shownReport = null;
    }
    this.state.run = { ...this.state.run, ...message.run };
    if (!this.state.report) this.state.running = message.running;
    if (message.plan && !this.state.plan) applyEngine(this.state, message.plan);
    this.changed(ALL_PARTS, true);
  }

  private accepts(runId: string): boolean {
    if (!this.state.run || !this.state.run.runId) {
      if (this.state.report && this.state.reportSource !== null) return false;
      this.state.run = { ...(this.state.run ?? { scenario: '', file: '' }), runId };
      this.state.running = true;
      return true;
    }
    return this.state.run.runId === runId;
  }

  private applyAll(messages: EngineToClient[], lastSeq: number): void {
    const parts = new Set<Part>();
    const announcements: Announcement[] = [];
    for (const m of messages) {
      const result = applyEngine(this.state, m);
      result.parts.forEach((p) => parts.add(p));
      announcements.push(...result.announce);
    }
    this.state.lastSeq = Math.max(this.state.lastSeq, lastSeq);
    // A replay announces only where it ended up, not every step on the way.
    this.announce(messages.length > 3 ? announcements.slice(-2) : announcements);
    this.changed([...parts], parts.has('report'));
  }

  private changed(parts: Part[], saveNow = false): void {
    try {
      this.render(parts);
    } catch (err) {
      this.host.postMessage({ type: 'panelError', message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
    }
    this.scheduleSave(saveNow);
  }

  /** Saves at most four times a second; a report or an init saves at once. */
  private scheduleSave(now: boolean): void {
    if (now) {
      if (this.saveTimer) clearTimeout(this.saveTimer);
      this.saveTimer = null;
      this.host.setState(savedState(this.state));
      return;
    }
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.host.setState(savedState(this.state));
    }, 250);
  }

  private stop(): void {
    const runId = this.state.run?.runId;
    if (!runId || !isLive(this.state) || this.state.stopRequested) return;
    this.state.stopRequested = true;
    this.host.postMessage({ type: 'stop', runId });
    this.announce([{ text: 'Stopping: the current phase ends and teardown runs.' }]);
    this.changed(['stage'], true);
  }

  private exportAs(format: ExportFormat): void {
    const runId = this.state.reportSource === null ? this.state.run?.runId || null : null;
    // report.html is always the whole run: it zooms by itself.
    const range = format === 'html' ? null : this.zoom.current;
    this.host.postMessage({ type: 'export', format, runId, ...(range ? { range } : {}) });
    // The extension asks where to save; a cancelled dialog answers nothing, so no "Exporting…".
    setText(this.exportStatus, '');
    this.exportStatus.classList.remove('bad');
  }

  private showExportResult(m: ExportResultMessage): void {
    const name = m.format.toUpperCase();
    setText(this.exportStatus, m.ok ? `${name} saved${m.path ? ` to ${m.path}` : ''}` : `${name} export failed${m.error ? `: ${m.error}` : ''}`);
    this.exportStatus.classList.toggle('bad', !m.ok);
  }

  // ---- rendering ----

  private render(parts: Part[]): void {
    const has = (p: Part) => parts.includes(p);
    const s = this.state;
    const reportMode = s.report !== null;
    this.live.hidden = reportMode;
    this.progress.hidden = reportMode || s.plan === null;
    this.liveActions.hidden = reportMode;
    this.reportActions.hidden = !reportMode;
    if (has('run') || has('stage') || has('report') || has('failure')) this.renderHeader();
    if (has('plan') || has('phase') || has('snapshot') || has('stage')) this.renderProgress();
    if (has('failure') || has('report')) this.renderBanner();
    // A new run or report comes unzoomed; a restored state or the end of a zoomed run keeps its range.
    if ((s.zoom ?? null) !== this.zoom.current) {
      // Re-snapped: a restored report may have had its long time series merged (savedState).
      if (s.zoom) this.zoom.select(s.zoom.from, s.zoom.to);
      else this.zoom.set(null);
    }
    if (!reportMode) {
      if (has('snapshot') || has('plan')) this.renderLiveTiles();
      if (has('criteria')) this.renderCriteria();
      if (has('alerts')) this.renderAlerts();
    }
    if (has('report')) this.renderReport();
    if (has('logs')) this.renderLogs();
    if (has('snapshot') || has('plan') || has('phase') || has('report') || has('failure') || has('stage')) this.redrawCharts();
  }

  private renderHeader(): void {
    const s = this.state;
    const live = isLive(s);
    const report = s.report;
    this.eyebrow.classList.toggle('live', live && s.stage !== null);
    const what = report ? (s.reportSource ? 'Saved report' : 'Run report') : s.failure ? 'Run ended' : live ? (s.stage ? 'Live run' : 'Starting') : 'Run';
    replace(this.eyebrow, el('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } }), `Stampede · ${what}`);
    setText(this.title, s.run?.scenario || report?.scenario || 'Stampede');
    document.title = `${s.run?.scenario || 'Stampede'}${report ? ` · ${verdictOf(report).label}` : ''}`;

    const file = report?.file ?? s.run?.file ?? s.plan?.file;
    const metaItems: HTMLElement[] = [];
    if (file) {
      const open = el('button', { class: 'link', attrs: { type: 'button', id: 'open-scenario', title: 'Open the scenario file' }, text: shortPath(file) });
      open.addEventListener('click', () => this.host.postMessage({ type: 'openScenario' }));
      metaItems.push(el('span', {}, 'File ', open));
    }
    const target = report?.target ?? s.run?.target;
    if (target) metaItems.push(el('span', {}, 'Target ', el('b', { class: 'mono', text: target })));
    // Worker threads (live, from the plan) or the segments a merged report came from.
    const fedBy = loadSourceText(report ?? { workers: s.plan?.workers });
    if (fedBy) metaItems.push(el('span', { attrs: { id: 'load-source' } }, 'Load from ', el('b', { text: fedBy })));
    if (report) {
      metaItems.push(el('span', {}, el('b', { text: formatTimestamp(report.startedAt) })));
      metaItems.push(el('span', {}, 'Duration ', el('b', { text: formatDuration(report.durationMs) })));
      if (s.reportSource) metaItems.push(el('span', {}, 'From ', el('b', { class: 'mono', text: shortPath(s.reportSource) })));
    }
    replace(this.meta, ...metaItems);

    if (report) {
      const v = verdictOf(report);
      // The Stop button vanishes (or was disabled, which drops focus to the body): the verdict
      // takes focus, so a keyboard or screen-reader user lands on the news.
      const active = document.activeElement;
      const hadFocus = !active || active === document.body || this.liveActions.contains(active);
      replace(this.verdict, badge(v.tone, v.label), el('div', { class: 'reason', text: v.detail }));
      this.verdict.setAttribute('aria-label', `Verdict: ${v.label}, ${v.detail}`);
      if (hadFocus) this.verdict.focus();
    } else {
      const stage = s.failure ? badge('bad', 'Failed') : s.stage === null ? badge('neutral', 'Waiting') : s.stage === 'load' ? badge('info', 'Load') : s.stage === 'done' ? badge('neutral', 'Done') : badge('info', s.stage === 'setup' ? 'Setup' : 'Teardown');
      replace(this.stageBadge, stage);
      const stoppable = live && !s.stopRequested;
      this.stopButton.disabled = !stoppable;
      setText(this.stopButton.querySelector('.text') as HTMLElement, s.stopRequested && live ? 'Stopping…' : 'Stop');
    }
  }

  private renderProgress(): void {
    const s = this.state;
    const plan = s.plan;
    if (!plan) return;
    const total = s.last?.totalMs ?? plan.totalMs;
    const elapsed = s.last ? Math.min(s.last.elapsedMs, Math.max(total, s.last.elapsedMs)) : 0;
    const phase = s.currentPhase >= 0 ? plan.phases[s.currentPhase] : undefined;
    const stageText =
      s.stage === 'setup' ? 'Setup' : s.stage === 'teardown' ? 'Teardown' : s.stage === 'done' ? 'Finished' : phase ? `Phase ${s.currentPhase + 1} of ${plan.phases.length} · ` : s.stage === null ? 'Waiting for the engine' : 'Load';
    replace(this.progressLeft, stageText, phase && s.stage === 'load' ? el('b', { text: phase.name }) : null);
    const remaining = Math.max(0, total - elapsed);
    replace(
      this.progressRight,
      'Elapsed ',
      el('b', { attrs: { id: 'elapsed' }, text: formatElapsed(elapsed / 1000) }),
      ' · Remaining ',
      el('b', { attrs: { id: 'remaining' }, text: formatElapsed(remaining / 1000) }),
      ` of ${formatElapsed(total / 1000)}`,
    );
    const pct = total > 0 ? Math.min(100, (elapsed / total) * 100) : 0;
    this.timeline.setAttribute('aria-valuenow', String(Math.round(pct)));
    this.timeline.setAttribute('aria-valuetext', `${formatElapsed(elapsed / 1000)} of ${formatElapsed(total / 1000)}${phase ? `, phase ${phase.name}` : ''}`);

    if (this.timeline.childElementCount !== plan.phases.length) {
      replace(this.timeline, ...plan.phases.map(() => el('div', { class: 'seg' }, el('div', { class: 'fill' }))));
      replace(this.phaseLabels, ...plan.phases.map((p) => el('span', { text: p.name, attrs: { title: p.name } })));
    }
    let start = 0;
    const finished = s.stage === 'teardown' || s.stage === 'done';
    plan.phases.forEach((p, i) => {
      const seg = this.timeline.children[i] as HTMLElement;
      const label = this.phaseLabels.children[i] as HTMLElement;
      seg.style.flexGrow = String(Math.max(1, p.durationMs));
      label.style.flexGrow = seg.style.flexGrow;
      const within = finished ? 1 : Math.max(0, Math.min(1, (elapsed - start) / Math.max(1, p.durationMs)));
      const fill = seg.firstElementChild as HTMLElement;
      fill.style.width = `${(i < s.currentPhase || finished ? 1 : i === s.currentPhase ? within : 0) * 100}%`;
      label.classList.toggle('current', i === s.currentPhase && !finished);
      start += p.durationMs;
    });
  }

  private renderBanner(): void {
    const f = this.state.failure;
    this.banner.hidden = !f || this.state.report !== null;
    if (f) replace(this.banner, el('b', { text: 'The run ended without a report. ' }), f.message, f.exitCode !== null ? ` (exit code ${f.exitCode})` : '');
  }

  private renderCriteria(): void {
    const s = this.state;
    // Failing so far: measured and breached, or tried with no answer; one with no data yet is not.
    const failed = s.criteria.filter((c) => !c.passed && !notEvaluated(c)).length;
    setText(this.criteriaCount, s.criteria.length ? (failed ? `${failed} of ${s.criteria.length} failing` : `${s.criteria.length}, so far`) : '');
    replace(this.criteriaBox, liveCriteria(s.criteria));
  }

  private renderAlerts(): void {
    const s = this.state;
    const active = s.alerts.filter((a) => a.state === 'fired').length;
    setText(this.alertsCount, s.alerts.length ? `${s.alerts.length} fired${active !== s.alerts.length ? `, ${active} active` : ''}` : '');
    replace(this.alertsBox, liveAlerts(s));
  }

  private renderReport(): void {
    const report = this.state.report;
    if (!report) {
      replace(this.reportTop);
      replace(this.reportBottom);
      return;
    }
    if (this.shownReport === report) return;
    this.shownReport = report;
    replace(this.reportTop, ...reportTop(report));
    replace(this.reportBottom, ...reportBottom(report));
    if (this.zoom.current) this.zoom.set(this.zoom.current);
  }

  /** The live tiles: the latest interval and the run so far, or the zoomed range's figures; true for the range's. */
  private renderLiveTiles(): boolean {
    const range = this.zoom.current;
    const ranged = range ? liveRangeTiles(chartRows(this.state), range) : null;
    replace(this.tiles, ...(ranged ?? liveTiles(this.state)));
    return ranged !== null;
  }

  /** Zoom's host: charts, tiles and tables for `range` (null: the whole run); the bar's note. */
  private applyZoom(range: TimeRange | null): string {
    const before = this.state.zoom ?? null;
    const changed = before?.from !== range?.from || before?.to !== range?.to;
    this.state.zoom = range;
    this.charts.setZoom(range);
    setText(this.exportLabel, range ? 'Export range' : 'Export');
    const report = this.state.report;
    let note: string;
    if (report) note = showRange(this.root, report, range);
    else if (this.renderLiveTiles()) note = 'The tiles show this range of the run so far, percentiles from its intervals’ histograms.';
    else note = RANGE_NOTES.chartsOnly;
    if (changed) {
      this.host.postMessage({ type: 'zoom', range });
      this.scheduleSave(false);
    }
    return report ? `${note} Export (CSV, JSON) writes this range.` : note;
  }

  private renderLogs(): void {
    const logs = this.state.logs;
    this.logs.hidden = logs.length === 0;
    const problems = logs.filter((l) => l.level !== 'info').length;
    replace(
      this.logs,
      el('summary', { text: `Engine log (${logs.length}${problems ? `, ${problems} warnings or errors` : ''})` }),
      el('ol', {}, ...logs.map((l) => el('li', { class: l.level, text: `${l.level}: ${l.message}` }))),
    );
  }

  private announce(items: Announcement[]): void {
    if (items.length === 0) return;
    const first = this.announceQueue.length === 0;
    this.announceQueue.push(...items.map((a) => a.text));
    if (!first) return;
    // Collected over one task, then spoken as one message (a replay must not flood the reader).
    setTimeout(() => {
      const text = this.announceQueue.slice(-3).join('. ');
      this.announceQueue = [];
      this.announcer.textContent = text;
    }, 50);
  }

  /** Redraws the charts at the next frame, from the state as it is then (colours re-read too). */
  private redrawCharts(): void {
    this.charts.update(() => frameOf(this.state));
  }

  /** VS Code switches themes by changing the body's class and the root's variables. */
  private watchTheme(): void {
    let last = `${document.body.className}|${document.documentElement.getAttribute('style') ?? ''}`;
    const observer = new MutationObserver(() => {
      const now = `${document.body.className}|${document.documentElement.getAttribute('style') ?? ''}`;
      if (now === last) return;
      last = now;
      this.redrawCharts();
    });
    observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  }
}

/** The last two path segments: enough to recognise a file, short enough for a header. */
function shortPath(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts.length <= 2 ? path : `…/${parts.slice(-2).join('/')}`;
}
