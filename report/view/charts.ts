// The four charts of a run, drawn with Chart.js, for the panel (live and at the end) and for
// report.html: throughput and errors, latency, active users against the planned profile, and
// the load generator's CPU / memory / event-loop delay / lag. Phases are shaded bands across
// all of them. Redraws are coalesced to one per animation frame and every series is thinned
// to a min and a max per two pixels, so an hour at 1 s stays smooth.
//
// Dragging across any chart picks a time range (double-click resets), which ./zoom.ts snaps and
// hands back with setZoom: every chart then draws that range alone.
//
// Chart.js itself is passed in: the panel bundles it (webview/charts.ts registers the parts it
// uses), report.html inlines its UMD build and hands over the global. Colours are CSS
// variables named `<prefix><name>` (`--st-c-rps` in the panel, `--c-rps` in report.html), read
// at every draw, so a theme switch only needs a redraw.
import type { Chart, ChartDataset, Plugin } from 'chart.js';
import { formatElapsed, formatMs, formatRate } from '../format';
import type { TimeRange } from '../range';
import type { PhaseReport, Report, TimeseriesRow } from '../types';
import { decimateMinMax, type Point } from './decimate';
import { el } from './dom';

export type ChartClass = typeof Chart;
type Unit = 'ms' | '%' | 'rate' | 'count';
type LineDataset = ChartDataset<'line', Point[]>;

export interface Band {
  name: string;
  from: number;
  to: number;
}

/** Everything a chart draws from: computed once per frame from a report or the panel's state. */
export interface Frame {
  rows: TimeseriesRow[];
  /** Seconds each row covers, for per-second rates. */
  spans: number[];
  bands: Band[];
  xMax: number;
  /** Seconds since the first phase began, while live; null once the run is over. */
  now: number | null;
  /** True for a finished run (a report): no more intervals will come. */
  final: boolean;
  planned: { users: Point[]; rate: Point[] };
}

interface SeriesSpec {
  label: string;
  /** Colour name, after the board's prefix: `rps` is `--st-c-rps` or `--c-rps`. */
  color: string;
  unit: Unit;
  axis?: 'y2';
  fill?: boolean;
  dash?: number[];
  stepped?: boolean;
  /** Omitted from the chart when it returns false for the frame. */
  when?: (f: Frame) => boolean;
  points: (f: Frame) => Point[];
}

export interface ChartSpec {
  id: string;
  title: string;
  hint: string;
  label: string;
  y: { unit: Unit; max?: number; title?: string };
  y2?: { unit: Unit; title: string; color: string; when?: (f: Frame) => boolean };
  series: SeriesSpec[];
  summary: (f: Frame) => string;
}

const series = (f: Frame, pick: (r: TimeseriesRow, i: number) => number | null | undefined): Point[] =>
  f.rows.map((r, i) => {
    const y = pick(r, i);
    return { x: r.elapsed, y: typeof y === 'number' && Number.isFinite(y) ? y : null };
  });

const peak = (f: Frame, pick: (r: TimeseriesRow) => number | null | undefined) => {
  let best: { v: number; at: number } | null = null;
  for (const r of f.rows) {
    const v = pick(r);
    if (typeof v === 'number' && (best === null || v > best.v)) best = { v, at: r.elapsed };
  }
  return best;
};

const has = (f: Frame, pick: (r: TimeseriesRow) => number | null | undefined) => f.rows.some((r) => typeof pick(r) === 'number');
/** Any row with a measured lag (reports from before it was measured have none). */
const hasLag = (f: Frame) => has(f, (r) => r.lagP99);

const at = (r: TimeseriesRow) => `at ${formatElapsed(r.elapsed)}${r.phase ? ` (${r.phase})` : ''}`;

export const CHART_SPECS: ChartSpec[] = [
  {
    id: 'chart-throughput',
    title: 'Throughput and errors',
    hint: 'requests/s; errors/s on the right axis',
    label: 'Line chart of requests per second and errors per second over the run, phases shaded',
    y: { unit: 'rate', title: 'requests/s' },
    y2: { unit: 'rate', title: 'errors/s', color: 'errors' },
    series: [
      { label: 'requests/s', color: 'rps', unit: 'rate', fill: true, points: (f) => series(f, (r) => r.rps) },
      // Errors on their own axis: a few per second would be a flat line under hundreds of requests.
      { label: 'errors/s', color: 'errors', unit: 'rate', axis: 'y2', points: (f) => series(f, (r, i) => r.errors / f.spans[i]) },
      {
        label: 'dropped/s',
        color: 'dropped',
        unit: 'rate',
        axis: 'y2',
        dash: [4, 3],
        when: (f) => f.rows.some((r) => r.dropped > 0),
        points: (f) => series(f, (r, i) => r.dropped / f.spans[i]),
      },
    ],
    summary: (f) => {
      const last = f.rows[f.rows.length - 1];
      const i = f.rows.length - 1;
      const top = peak(f, (r) => r.rps);
      return `Latest interval ${at(last)}: ${formatRate(last.rps)} requests/s, ${formatRate(last.errors / f.spans[i])} errors/s. Peak ${formatRate(top?.v)} requests/s.`;
    },
  },
  {
    id: 'chart-latency',
    title: 'Latency',
    hint: 'p50, p95 and p99 of each interval',
    label: 'Line chart of latency p50, p95 and p99 per interval over the run, phases shaded',
    y: { unit: 'ms' },
    series: [
      { label: 'p50', color: 'p50', unit: 'ms', points: (f) => series(f, (r) => r.p50) },
      { label: 'p95', color: 'p95', unit: 'ms', points: (f) => series(f, (r) => r.p95) },
      { label: 'p99', color: 'p99', unit: 'ms', points: (f) => series(f, (r) => r.p99) },
    ],
    summary: (f) => {
      const last = f.rows[f.rows.length - 1];
      const top = peak(f, (r) => r.p95);
      return `Latest interval ${at(last)}: p50 ${formatMs(last.p50)}, p95 ${formatMs(last.p95)}, p99 ${formatMs(last.p99)}. Highest p95 ${formatMs(top?.v)}${top ? ` at ${formatElapsed(top.at)}` : ''}.`;
    },
  },
  {
    id: 'chart-users',
    title: 'Active users',
    hint: 'virtual users, against the planned profile',
    label: 'Line chart of active virtual users over the run against the planned load profile, phases shaded',
    y: { unit: 'count', title: 'users' },
    y2: { unit: 'rate', title: 'planned iterations/s', color: 'rate', when: (f) => f.planned.rate.some((p) => p.y !== null) },
    series: [
      { label: 'active users', color: 'users', unit: 'count', fill: true, stepped: true, points: (f) => series(f, (r) => r.users) },
      { label: 'planned users', color: 'planned', unit: 'count', dash: [5, 4], when: (f) => f.planned.users.some((p) => p.y !== null), points: (f) => f.planned.users },
      { label: 'planned rate', color: 'rate', unit: 'rate', axis: 'y2', dash: [2, 3], when: (f) => f.planned.rate.some((p) => p.y !== null), points: (f) => f.planned.rate },
    ],
    summary: (f) => {
      const last = f.rows[f.rows.length - 1];
      const top = peak(f, (r) => r.users);
      return `Latest interval ${at(last)}: ${formatRate(last.users)} active users. Peak ${formatRate(top?.v)} users.`;
    },
  },
  {
    id: 'chart-system',
    title: 'Load generator',
    hint: 'CPU and memory of this machine; event-loop delay beyond the interval and lag p99 on the right axis',
    label: 'Line chart of CPU, memory, event-loop delay and lag of the load generator over the run, phases shaded',
    y: { unit: '%', max: 100, title: '% of machine' },
    y2: { unit: 'ms', title: 'delay, lag (ms)', color: 'text' },
    series: [
      { label: 'CPU', color: 'cpu', unit: '%', points: (f) => series(f, (r) => r.cpu) },
      { label: 'memory', color: 'memory', unit: '%', points: (f) => series(f, (r) => r.memory) },
      // The target's own CPU, when the scenario names a process to watch.
      { label: 'target CPU', color: 'proc', unit: '%', dash: [4, 3], when: (f) => has(f, (r) => r.processCpu), points: (f) => series(f, (r) => r.processCpu) },
      { label: 'event-loop delay', color: 'eld', unit: 'ms', axis: 'y2', dash: [2, 2], points: (f) => series(f, (r) => r.eventLoopDelay) },
      // How late requests left, from each snapshot's row; rows from before it was measured have none.
      { label: 'lag p99', color: 'lag', unit: 'ms', axis: 'y2', when: hasLag, points: (f) => series(f, (r) => r.lagP99) },
    ],
    summary: (f) => {
      const last = f.rows[f.rows.length - 1];
      const top = peak(f, (r) => r.cpu);
      const lag = hasLag(f) ? `, lag p99 ${formatMs(last.lagP99)} (highest ${formatMs(peak(f, (r) => r.lagP99)?.v)})` : '';
      return `Latest interval ${at(last)}: CPU ${percent(last.cpu)}, memory ${percent(last.memory)}, event-loop delay ${formatMs(last.eventLoopDelay)}${lag}. Peak CPU ${percent(top?.v)}.`;
    },
  },
];

/** Every colour name these charts read. */
function colorNames(specs: ChartSpec[]): string[] {
  return ['grid', 'band', 'text', ...new Set(specs.flatMap((s) => [...s.series.map((x) => x.color), ...(s.y2 ? [s.y2.color] : [])]))];
}

function percent(v: number | null | undefined): string {
  return typeof v === 'number' ? `${formatRate(v)}%` : '—';
}

function formatValue(v: number, unit: Unit): string {
  if (unit === 'ms') return formatMs(v);
  if (unit === '%') return `${formatRate(v)}%`;
  return formatRate(v);
}

/** Axis ticks are round numbers without units' precision rules. */
function tick(v: number, unit: Unit): string {
  const n = (x: number) => String(Math.round(x * 100) / 100);
  if (unit === 'ms') return v === 0 ? '0' : v >= 1000 ? `${n(v / 1000)}s` : `${n(v)}ms`;
  if (unit === '%') return `${n(v)}%`;
  return v >= 1000 ? `${n(v / 1000)}k` : n(v);
}

/** Seconds each row covers: the gap to the row before; the first row its own elapsed time. */
export function rowSpans(rows: TimeseriesRow[], firstSpan = 1): number[] {
  return rows.map((r, i) => Math.max(0.001, i === 0 ? r.elapsed || firstSpan : r.elapsed - rows[i - 1].elapsed));
}

/** Adds one phase's planned level: users for a closed phase, iterations/s for an open one. */
export function planPhase(planned: Frame['planned'], at: number, model: 'closed' | 'open', from: number, to: number, end: number): void {
  const [own, other] = model === 'closed' ? [planned.users, planned.rate] : [planned.rate, planned.users];
  own.push({ x: at, y: from }, { x: end, y: to });
  other.push({ x: at, y: null });
}

/** The frame of a finished run: its timeseries, its phases as they ran. */
export function frameOfReport(report: Pick<Report, 'timeseries' | 'phases'>): Frame {
  const rows = report.timeseries;
  const bands = phaseBands(report.phases);
  const planned: Frame['planned'] = { users: [], rate: [] };
  report.phases.forEach((p, i) => planPhase(planned, bands[i].from, p.model, p.from, p.to, bands[i].to));
  const last = rows.length ? rows[rows.length - 1].elapsed : 0;
  const xMax = Math.max(last, bands.length ? bands[bands.length - 1].to : 0, 1);
  return { rows, spans: rowSpans(rows), bands, xMax, now: null, final: true, planned };
}

/** Phases as seconds since the first one began. */
export function phaseBands(phases: PhaseReport[]): Band[] {
  const t0 = phases.length ? phases[0].start : 0;
  return phases.map((p) => ({ name: p.name, from: (p.start - t0) / 1000, to: (p.end - t0) / 1000 }));
}

/** Rows' `elapsed` is rounded to the millisecond. */
const SLACK = 0.0005;

/**
 * The frame as drawn zoomed on `range`: its rows and spans from the one before the range to the
 * one after it, so the lines run to both edges of the plot; null draws the whole frame.
 */
export function zoomFrame(frame: Frame, range: TimeRange | null): Frame {
  if (!range) return frame;
  const rows = frame.rows;
  let first = 0;
  while (first < rows.length && rows[first].elapsed < range.from + SLACK) first++;
  let last = rows.length - 1;
  while (last >= 0 && rows[last].elapsed > range.to + SLACK) last--;
  const from = Math.max(0, first - 1);
  const to = Math.min(rows.length - 1, last + 1);
  return { ...frame, rows: rows.slice(from, to + 1), spans: frame.spans.slice(from, to + 1) };
}

/** A step for the time axis that lands on round clock values: 10 s, 1 min, 5 min, 15 min… */
export function timeStep(seconds: number, maxTicks = 8): number {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
  return steps.find((s) => seconds / s <= maxTicks) ?? Math.ceil(seconds / maxTicks / 86400) * 86400;
}

export interface ChartBoardOptions {
  /** CSS variable prefix of the colours: `--st-c-` (panel) or `--c-` (report.html). */
  prefix: string;
  /** Draw without fills, with thicker lines (VS Code's high-contrast themes). */
  highContrast?: () => boolean;
  /** A drag across a chart from `a` to `b` seconds (either order): zoom there. */
  onSelect?: (a: number, b: number) => void;
  /** A double-click on a chart: back to the whole run. */
  onReset?: () => void;
  /** The charts to draw: a run's four (CHART_SPECS) unless told otherwise (the compare view's). */
  specs?: ChartSpec[];
}

/** Narrower drags are clicks, not selections (CSS pixels). */
const MIN_DRAG_PX = 4;

interface Drawn {
  spec: ChartSpec;
  chart: Chart<'line', Point[]> | null;
  canvas: HTMLCanvasElement;
  summary: HTMLElement;
  empty: HTMLElement;
}

/** The chart cards; without Chart.js (`ChartJs` null) each says so and the tables remain. */
export class ChartBoard {
  readonly element: HTMLElement;
  private readonly drawn: Drawn[] = [];
  private frame: Frame | null = null;
  private pending: (() => Frame) | null = null;
  private scheduled = 0;
  private colors = new Map<string, string>();
  private zoom: TimeRange | null = null;
  private readonly colorNames: string[];

  constructor(
    private readonly ChartJs: ChartClass | null,
    private readonly options: ChartBoardOptions,
  ) {
    const specs = options.specs ?? CHART_SPECS;
    this.colorNames = colorNames(specs);
    this.element = el('section', { class: 'charts', attrs: { id: 'charts', 'aria-label': 'Charts' } });
    this.readColors();
    for (const spec of specs) this.drawn.push(this.create(spec));
  }

  /** Redraws from `frame()` at the next animation frame; many calls in one frame draw once. */
  update(frame: () => Frame): void {
    this.pending = frame;
    if (this.scheduled) return;
    this.scheduled = requestAnimationFrame(() => {
      this.scheduled = 0;
      const next = this.pending;
      this.pending = null;
      if (next) this.draw(next());
    });
  }

  /** Draws `range` alone from the next draw on (null: the whole run), at once if a frame is drawn. */
  setZoom(range: TimeRange | null): void {
    this.zoom = range;
    const frame = this.frame;
    if (frame) this.update(() => frame);
  }

  private color(name: string): string {
    return this.colors.get(name) ?? '';
  }

  private readColors(): void {
    const css = getComputedStyle(document.documentElement);
    this.colors.clear();
    for (const name of this.colorNames) this.colors.set(name, css.getPropertyValue(`${this.options.prefix}${name}`).trim());
    if (!this.ChartJs) return;
    this.ChartJs.defaults.font.family = getComputedStyle(document.body).fontFamily;
    this.ChartJs.defaults.font.size = 11;
    this.ChartJs.defaults.color = this.color('text');
  }

  private create(spec: ChartSpec): Drawn {
    const canvas = el('canvas', { attrs: { id: spec.id, role: 'img', 'aria-label': spec.label, 'aria-describedby': `${spec.id}-summary` } });
    const summary = el('p', { class: 'sr-only', attrs: { id: `${spec.id}-summary` }, text: 'No data yet.' });
    const empty = el('div', {
      class: 'empty',
      text: this.ChartJs ? 'Waiting for the first interval…' : 'Charts unavailable: Chart.js was not embedded. The tables and timeseries.csv hold the same data.',
    });
    const selection = el('div', { class: 'zoom-select', attrs: { 'aria-hidden': 'true' } });
    selection.hidden = true;
    this.element.append(
      el(
        'figure',
        { class: 'card chart-card' },
        el('figcaption', {}, el('h3', { text: spec.title }), el('span', { class: 'hint', text: spec.hint })),
        el('div', { class: 'chart-box' }, canvas, selection, empty),
        summary,
      ),
    );
    const drawn: Drawn = { spec, chart: null, canvas, summary, empty };
    if (this.ChartJs) {
      drawn.chart = this.newChart(this.ChartJs, spec, canvas);
      this.applyTheme(drawn);
      this.watchDrags(drawn, selection);
    }
    return drawn;
  }

  /** A drag across the plot shows the span it covers, then asks for it; a double-click resets. */
  private watchDrags(d: Drawn, selection: HTMLElement): void {
    const { onSelect, onReset } = this.options;
    const canvas = d.canvas;
    if (onReset) canvas.addEventListener('dblclick', () => onReset());
    if (!onSelect) return;
    canvas.classList.add('zoomable');
    let start: number | null = null;
    const area = () => d.chart?.chartArea;
    const at = (e: PointerEvent): number => {
      const a = area();
      const x = e.clientX - canvas.getBoundingClientRect().left;
      return a ? Math.max(a.left, Math.min(a.right, x)) : x;
    };
    const show = (from: number, to: number): void => {
      const a = area();
      if (!a) return;
      selection.hidden = false;
      selection.style.left = `${Math.min(from, to)}px`;
      selection.style.width = `${Math.abs(to - from)}px`;
      selection.style.top = `${a.top}px`;
      selection.style.height = `${a.bottom - a.top}px`;
    };
    canvas.addEventListener('pointerdown', (e) => {
      const a = area();
      const x = e.clientX - canvas.getBoundingClientRect().left;
      if (e.button !== 0 || !a || x < a.left || x > a.right) return;
      start = x;
      canvas.setPointerCapture(e.pointerId);
      show(x, x);
    });
    canvas.addEventListener('pointermove', (e) => {
      if (start !== null) show(start, at(e));
    });
    const finish = (e: PointerEvent, take: boolean): void => {
      if (start === null) return;
      const from = start;
      const to = at(e);
      start = null;
      selection.hidden = true;
      const x = d.chart?.scales.x;
      if (take && x && Math.abs(to - from) >= MIN_DRAG_PX) onSelect(x.getValueForPixel(from) ?? 0, x.getValueForPixel(to) ?? 0);
    };
    canvas.addEventListener('pointerup', (e) => finish(e, true));
    canvas.addEventListener('pointercancel', (e) => finish(e, false));
  }

  private newChart(ChartJs: ChartClass, spec: ChartSpec, canvas: HTMLCanvasElement): Chart<'line', Point[]> {
    const board = this;
    const bandsPlugin: Plugin<'line'> = {
      id: 'stampedeBands',
      beforeDatasetsDraw(chart) {
        board.drawBands(chart as unknown as Chart);
      },
      afterDraw(chart) {
        // For tests and diagnostics: how many series and points this draw placed, and how many
        // draws so far.
        let points = 0;
        let series = 0;
        chart.data.datasets.forEach((_, i) => {
          if (!chart.isDatasetVisible(i)) return;
          series++;
          points += chart.getDatasetMeta(i).data.length;
        });
        canvas.dataset.points = String(points);
        canvas.dataset.series = String(series);
        canvas.dataset.draws = String(Number(canvas.dataset.draws ?? '0') + 1);
        // Where the time axis lies (CSS pixels) and what it spans (seconds): a drag's ends.
        const x = chart.scales.x;
        canvas.dataset.axis = [chart.chartArea.left, chart.chartArea.right, x.min, x.max].join(',');
      },
    };
    return new ChartJs<'line', Point[]>(canvas, {
      type: 'line',
      data: { datasets: [] },
      plugins: [bandsPlugin],
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        spanGaps: false,
        layout: { padding: { top: 16 } },
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: {
            type: 'linear',
            min: 0,
            border: { display: false },
            ticks: { callback: (v) => formatElapsed(Number(v)), maxTicksLimit: 9, maxRotation: 0 },
          },
          y: {
            beginAtZero: true,
            max: spec.y.max,
            border: { display: false },
            title: { display: !!spec.y.title, text: spec.y.title ?? '' },
            ticks: { callback: (v) => tick(Number(v), spec.y.unit), maxTicksLimit: 5 },
          },
          y2: {
            display: false,
            position: 'right',
            beginAtZero: true,
            grid: { display: false },
            border: { display: false },
            title: { display: !!spec.y2, text: spec.y2?.title ?? '' },
            ticks: { callback: (v) => tick(Number(v), spec.y2?.unit ?? 'count'), maxTicksLimit: 5 },
          },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 10, boxHeight: 10, usePointStyle: true, pointStyle: 'rectRounded', padding: 12 } },
          tooltip: {
            callbacks: {
              title: (items) => {
                const x = items[0]?.parsed.x ?? 0;
                const band = this.frame?.bands.find((b) => x > b.from && x <= b.to);
                return `${formatElapsed(x)}${band ? ` · ${band.name}` : ''}`;
              },
              label: (item) => {
                const s = spec.series.find((x) => x.label === item.dataset.label);
                const y = item.parsed.y;
                return `${item.dataset.label}: ${y === null ? '—' : formatValue(y, s?.unit ?? spec.y.unit)}`;
              },
            },
          },
        },
      },
    });
  }

  private applyTheme(d: Drawn): void {
    if (!d.chart) return;
    const grid = this.color('grid');
    const text = this.color('text');
    // The configuration as given (plain objects), not the resolved options: Chart.js resolves
    // those through proxies, which its UMD build (report.html) does not let one spread.
    const options = d.chart.config.options ?? {};
    const scales = options.scales ?? {};
    for (const key of ['x', 'y', 'y2'] as const) {
      const scale = scales[key];
      if (!scale) continue;
      if (key !== 'y2') scale.grid = { ...scale.grid, color: grid };
      scale.ticks = { ...scale.ticks, color: key === 'y2' && d.spec.y2 ? this.color(d.spec.y2.color) : text };
      if ('title' in scale && scale.title) scale.title.color = key === 'y2' && d.spec.y2 ? this.color(d.spec.y2.color) : text;
    }
    const legend = options.plugins?.legend?.labels;
    if (legend) legend.color = text;
  }

  /** Draws `frame` now (re-reading the colours, so a theme switch is a redraw). */
  draw(whole: Frame): void {
    this.frame = whole;
    const frame = zoomFrame(whole, this.zoom);
    const hc = this.options.highContrast?.() ?? false;
    this.readColors();
    for (const d of this.drawn) {
      const { spec, chart } = d;
      d.summary.textContent = frame.rows.length > 0 ? spec.summary(frame) : 'No data yet.';
      if (!chart) continue;
      this.applyTheme(d);
      const width = chart.chartArea ? chart.chartArea.right - chart.chartArea.left : d.canvas.clientWidth || 600;
      // A min and a max per two pixels: at most one point per pixel column, whatever the length.
      const buckets = Math.max(32, Math.floor(width / 2));
      const datasets: LineDataset[] = [];
      for (const s of spec.series) {
        if (s.when && !s.when(frame)) continue;
        const c = this.color(s.color);
        datasets.push({
          label: s.label,
          data: decimateMinMax(s.points(frame), buckets),
          borderColor: c,
          backgroundColor: s.fill && !hc ? translucent(c) : c,
          fill: s.fill && !hc ? 'origin' : false,
          borderWidth: hc ? 2.5 : 1.75,
          borderDash: s.dash,
          pointRadius: 0,
          pointHoverRadius: 3,
          tension: 0,
          stepped: s.stepped ? 'before' : false,
          yAxisID: s.axis ?? 'y',
        });
      }
      chart.data.datasets = datasets;
      const scales = chart.config.options?.scales ?? {};
      if (scales.x) {
        const [min, max] = this.zoom ? [this.zoom.from, this.zoom.to] : [0, frame.xMax];
        scales.x.min = min;
        scales.x.max = max;
        if (scales.x.ticks) (scales.x.ticks as { stepSize?: number }).stepSize = timeStep(max - min);
      }
      const y2 = scales.y2;
      if (y2) y2.display = !!spec.y2 && (!spec.y2.when || spec.y2.when(frame)) && datasets.some((x) => x.yAxisID === 'y2');
      chart.update('none');
      d.empty.hidden = frame.rows.length > 0;
      d.empty.textContent = frame.final ? 'No intervals were recorded.' : 'Waiting for the first interval…';
    }
  }

  /** Phase bands behind the lines, their names above the plot, and a "now" line while live. */
  private drawBands(chart: Chart): void {
    const frame = this.frame;
    if (!frame) return;
    const { ctx, chartArea: area, scales } = chart;
    const x = scales.x;
    ctx.save();
    ctx.font = `600 10px ${this.ChartJs?.defaults.font.family ?? 'sans-serif'}`;
    ctx.textBaseline = 'bottom';
    frame.bands.forEach((b, i) => {
      const left = Math.max(area.left, x.getPixelForValue(b.from));
      const right = Math.min(area.right, x.getPixelForValue(b.to));
      if (right <= left) return;
      ctx.globalAlpha = i % 2 === 0 ? 0.04 : 0.09;
      ctx.fillStyle = this.color('band');
      ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
      ctx.globalAlpha = 0.45;
      if (i > 0) {
        ctx.strokeStyle = this.color('band');
        ctx.setLineDash([3, 3]);
        ctx.beginPath();
        ctx.moveTo(Math.round(left) + 0.5, area.top);
        ctx.lineTo(Math.round(left) + 0.5, area.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      ctx.globalAlpha = 1;
      const room = right - left - 8;
      let label = b.name;
      while (label.length > 1 && ctx.measureText(label).width > room) label = `${label.slice(0, -2)}…`;
      if (room > 14) {
        ctx.fillStyle = this.color('text');
        ctx.fillText(label, left + 4, area.top - 3);
      }
    });
    if (frame.now !== null) {
      const px = Math.round(x.getPixelForValue(frame.now)) + 0.5;
      if (px >= area.left && px <= area.right) {
        ctx.globalAlpha = 0.7;
        ctx.strokeStyle = this.color('text');
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
      }
    }
    ctx.restore();
  }
}

const translucentCache = new Map<string, string>();

/** The series colour at low opacity for an area fill; any CSS colour, via the canvas's parser. */
function translucent(color: string): string {
  const cached = translucentCache.get(color);
  if (cached) return cached;
  const result = toTranslucent(color);
  translucentCache.set(color, result);
  return result;
}

function toTranslucent(color: string): string {
  const probe = document.createElement('canvas').getContext('2d');
  if (!probe) return color;
  probe.fillStyle = color;
  const normal = probe.fillStyle; // '#rrggbb' or 'rgba(r, g, b, a)'
  if (/^#[0-9a-f]{6}$/i.test(normal)) return `${normal}24`;
  const rgba = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(normal);
  return rgba ? `rgba(${rgba[1]}, ${rgba[2]}, ${rgba[3]}, 0.14)` : color;
}
