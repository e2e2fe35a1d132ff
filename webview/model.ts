// What the panel knows about its run, and how each message changes it. Pure (no DOM), so the
// same reducer is tested in Node and runs in the page; the view redraws the parts `apply` names.
import type { EngineToClient } from '../engine/protocol/messages';
import {
  PANEL_PROTOCOL_VERSION,
  type LiveAlert,
  type PanelState,
  type RunIdentity,
} from './protocol';
import type { Report } from '../report/types';
import { compactRows } from './compact';

export type Part = 'run' | 'plan' | 'stage' | 'phase' | 'snapshot' | 'criteria' | 'alerts' | 'logs' | 'report' | 'failure';

export interface Announcement {
  text: string;
}

/** Engine logs kept for the panel's log list; older ones are in the extension's output channel. */
const MAX_LOGS = 50;
/** Timeseries rows kept in saved state; longer runs are merged down to this many. */
export const MAX_SAVED_ROWS = 600;

export function emptyState(run: RunIdentity | null = null): PanelState {
  return {
    version: PANEL_PROTOCOL_VERSION,
    run,
    running: run !== null,
    lastSeq: -1,
    plan: null,
    stage: null,
    phaseStarts: [],
    currentPhase: -1,
    rows: [],
    last: null,
    criteria: [],
    alerts: [],
    logs: [],
    report: null,
    reportSource: null,
    failure: null,
    stopRequested: false,
  };
}

/** True when a value read back from `getState` is a state this version can draw. */
export function isPanelState(value: unknown): value is PanelState {
  if (!value || typeof value !== 'object') return false;
  const s = value as Partial<PanelState>;
  return s.version === PANEL_PROTOCOL_VERSION && Array.isArray(s.rows) && Array.isArray(s.alerts) && Array.isArray(s.criteria);
}

/** Is the run still going, as far as the panel can tell (drives the Stop button). */
export function isLive(s: PanelState): boolean {
  return s.running && s.report === null && s.failure === null && s.stage !== 'done';
}

/** Applies one engine message; returns the parts to redraw and what to announce. */
export function applyEngine(s: PanelState, m: EngineToClient): { parts: Part[]; announce: Announcement[] } {
  switch (m.type) {
    case 'plan':
      s.plan = m;
      if (s.run) s.run = { ...s.run, scenario: m.scenario, file: m.file };
      else s.run = { runId: '', scenario: m.scenario, file: m.file };
      if (s.criteria.length === 0) {
        s.criteria = m.criteria.map((expr) => ({ expr, passed: true, actual: null, actualText: '', abort: false, aborted: false }));
      }
      return { parts: ['run', 'plan', 'criteria', 'stage'], announce: [] };
    case 'stage':
      s.stage = m.stage;
      return { parts: ['stage'], announce: [{ text: STAGE_TEXT[m.stage] }] };
    case 'phase': {
      s.phaseStarts[m.index] = m.start;
      for (let i = 0; i < m.index; i++) if (s.phaseStarts[i] === undefined) s.phaseStarts[i] = null;
      s.currentPhase = m.index;
      const count = s.plan?.phases.length;
      return { parts: ['phase', 'stage'], announce: [{ text: `Phase ${m.index + 1}${count ? ` of ${count}` : ''}: ${m.name}` }] };
    }
    case 'checkpoint':
      return { parts: [], announce: [] }; // for partial reports in the extension; never forwarded here
    case 'snapshot':
      s.rows.push(m.row);
      s.last = m;
      return { parts: ['snapshot'], announce: [] };
    case 'criteria':
      s.criteria = m.criteria;
      return { parts: ['criteria'], announce: [] };
    case 'alert': {
      const alert: LiveAlert = { ...m.alert, state: m.state };
      const i = s.alerts.findIndex((a) => a.when === alert.when && a.firedAt === alert.firedAt);
      if (i >= 0) s.alerts[i] = alert;
      else s.alerts.push(alert);
      const text = m.state === 'fired' ? `${capitalise(alert.severity)} alert: ${alert.when}` : `Alert resolved: ${alert.when}`;
      return { parts: ['alerts'], announce: [{ text }] };
    }
    case 'log':
      s.logs.push({ level: m.level, message: m.message });
      if (s.logs.length > MAX_LOGS) s.logs.splice(0, s.logs.length - MAX_LOGS);
      return { parts: ['logs'], announce: m.level === 'error' ? [{ text: `Engine error: ${m.message}` }] : [] };
    case 'report':
      return applyReport(s, m.report, null);
    case 'fatal':
      s.failure = { message: m.message, exitCode: m.exitCode };
      s.running = false;
      return { parts: ['failure', 'stage'], announce: [{ text: `The run could not start: ${m.message}` }] };
    case 'exchange':
    case 'part':
      // A trial's exchanges and a segment's measurements are for the CLI: nothing to draw.
      return { parts: [], announce: [] };
  }
}

/** Shows a report: the end of the live run, or one opened from disk (which replaces the run). */
export function applyReport(s: PanelState, report: Report, source: string | null): { parts: Part[]; announce: Announcement[] } {
  const sameRun = s.plan !== null && s.plan.file === report.file && s.report === null && source === null;
  if (!sameRun) {
    const fresh = emptyState(s.run && source === null ? s.run : { runId: '', scenario: report.scenario, file: report.file });
    Object.assign(s, fresh);
  }
  s.report = report;
  s.reportSource = source;
  s.running = false;
  s.stage = 'done';
  s.criteria = report.criteria;
  s.alerts = report.alerts.map((a) => ({ ...a, state: a.resolvedAt === null ? 'fired' : 'resolved' }));
  if (s.run) s.run = { ...s.run, scenario: report.scenario, file: report.file, target: report.target ?? s.run.target };
  return { parts: ['run', 'plan', 'stage', 'snapshot', 'criteria', 'alerts', 'report'], announce: [{ text: `Run ${verdictWord(report)}. Report shown.` }] };
}

/** The state to persist: the same, with long timeseries merged so `setState` stays cheap. */
export function savedState(s: PanelState): PanelState {
  const report = s.report && s.report.timeseries.length > MAX_SAVED_ROWS ? { ...s.report, timeseries: compactRows(s.report.timeseries, MAX_SAVED_ROWS) } : s.report;
  return {
    ...s,
    // With a report, its timeseries is the one drawn: no need to keep the live rows twice.
    rows: report ? [] : compactRows(s.rows, MAX_SAVED_ROWS),
    report,
  };
}

/** Rows the charts draw: the report's when there is one (authoritative), else the live ones. */
export function chartRows(s: PanelState) {
  return s.report ? s.report.timeseries : s.rows;
}

const STAGE_TEXT: Record<string, string> = {
  setup: 'Setup running',
  load: 'Load phases started',
  teardown: 'Teardown running',
  done: 'Run finished',
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function verdictWord(report: Report): string {
  if (report.outcome === 'stopped') return 'stopped';
  if (report.outcome === 'aborted') return 'aborted';
  if (report.outcome === 'error') return 'ended with an error';
  return report.passed ? 'passed' : 'failed';
}
