// The panel's charts: the report's chart board (report/view/charts.ts, shared with report.html)
// with the Chart.js parts it uses, fed from the panel's state — the live rows against the plan
// while the run goes, the report's timeseries and phases once it is there.
import { Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { ChartBoard, frameOfReport, planPhase, rowSpans, type Band, type ChartBoardOptions, type ChartSpec, type Frame } from '../report/view/charts';
import type { PanelState } from './protocol';
import { chartRows } from './model';

Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Tooltip, Legend);

export { timeStep, type Frame } from '../report/view/charts';

/** The frame for the state: rows, phase bands, the planned profile, the x range. */
export function frameOf(s: PanelState): Frame {
  if (s.report) return frameOfReport(s.report);
  const rows = chartRows(s);
  const spans = rowSpans(rows, (s.plan?.intervalMs ?? 1000) / 1000);
  const bands: Band[] = [];
  const planned: Frame['planned'] = { users: [], rate: [] };
  if (s.plan) {
    const t0 = s.phaseStarts[0] ?? null;
    let plannedMs = 0;
    s.plan.phases.forEach((p, i) => {
      const start = s.phaseStarts[i];
      const from = t0 !== null && typeof start === 'number' ? (start - t0) / 1000 : i === 0 ? 0 : bands[i - 1].to;
      const next = s.phaseStarts[i + 1];
      const to = t0 !== null && typeof next === 'number' ? (next - t0) / 1000 : from + p.durationMs / 1000;
      bands.push({ name: p.name, from, to });
      // The planned line follows the plan's own clock, so lag behind it shows.
      planPhase(planned, plannedMs / 1000, p.model, p.from, p.to, (plannedMs + p.durationMs) / 1000);
      plannedMs += p.durationMs;
    });
  }
  const last = rows.length ? rows[rows.length - 1].elapsed : 0;
  const planEnd = (s.plan?.totalMs ?? 0) / 1000;
  const xMax = Math.max(last, planEnd, bands.length ? bands[bands.length - 1].to : 0, 1);
  const live = s.failure === null && s.running && rows.length > 0;
  return { rows, spans, bands, xMax, now: live ? last : null, final: false, planned };
}

/**
 * The board, drawn in the theme's --st-c-* colours; no fills in high-contrast themes. A run's
 * four charts, or `specs` (the compare view's); `zoom` handles drags across them.
 */
export function panelCharts(zoom: Pick<ChartBoardOptions, 'onSelect' | 'onReset'> = {}, specs?: ChartSpec[]): ChartBoard {
  return new ChartBoard(Chart, {
    ...zoom,
    prefix: '--st-c-',
    specs,
    highContrast: () => {
      const c = document.body.classList;
      return c.contains('vscode-high-contrast') || c.contains('vscode-high-contrast-light');
    },
  });
}
