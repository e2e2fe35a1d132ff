// The four charts of the panel, drawn with Chart.js: throughput and errors, latency, active users
// against the planned profile, and the load generator's CPU / memory / event-loop delay / lag. Phases
// are shaded bands across all of them. Redraws are coalesced to one per animation frame and
// every series is thinned to a min and a max per two pixels, so an hour at 1 s stays smooth.
import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
  type Plugin,
} from 'chart.js';
import { formatElapsed, formatMs, formatRate } from '../report/format';
import type { PanelState } from './protocol';
import type { TimeseriesRow } from '../report/types';
import { decimateMinMax, type Point } from './compact';
import { el } from './dom';
import { chartRows } from './model';

Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Tooltip, Legend);

type Unit = 'ms' | '%' | 'rate' | 'count';
type LineDataset = ChartDataset<'line', Point[]>;

interface Band {
  name: string;
  from: number;
  to: number;
}

/** Everything a chart draws from, computed once per frame from the panel's state. */
export interface Frame {
  rows: TimeseriesRow[];
  /** Seconds each row covers, for per-second rates. */
  spans: number[];
  bands: Band[];
  xMax: number;
  /** Seconds since the first phase began, while live; null once the run is over. */
  now: number | null;
  planned: { users: Point[]; rate: Point[] };
}

interface SeriesSpec {
  label: string;
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

interface ChartSpec {
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

/** Any row with a measured lag (reports from before it was measured have none). */
const hasLag = (f: Frame) => f.rows.some((r) => typeof r.lagP99 === 'number');

const at = (r: TimeseriesRow) => `at ${formatElapsed(r.elapsed)}${r.phase ? ` (${r.phase})` : ''}`;

const SPECS: ChartSpec[] = [
  {
    id: 'chart-throughput',
    title: 'Throughput and errors',
    hint: 'requests/s; errors/s on the right axis',
    label: 'Line chart of requests per second and errors per second over the run, phases shaded',
    y: { unit: 'rate', title: 'requests/s' },
    y2: { unit: 'rate', title: 'errors/s', color: '--st-c-errors' },
    series: [
      { label: 'requests/s', color: '--st-c-rps', unit: 'rate', fill: true, points: (f) => series(f, (r) => r.rps) },
      { label: 'errors/s', color: '--st-c-errors', unit: 'rate', axis: 'y2', points: (f) => series(f, (r, i) => r.errors / f.spans[i]) },
      {
        label: 'dropped/s',
        color: '--st-c-dropped',
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
      { label: 'p50', color: '--st-c-p50', unit: 'ms', points: (f) => series(f, (r) => r.p50) },
      { label: 'p95', color: '--st-c-p95', unit: 'ms', points: (f) => series(f, (r) => r.p95) },
      { label: 'p99', color: '--st-c-p99', unit: 'ms', points: (f) => series(f, (r) => r.p99) },
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
    y2: { unit: 'rate', title: 'planned iterations/s', color: '--st-c-rate', when: (f) => f.planned.rate.some((p) => p.y !== null) },
    series: [
      { label: 'active users', color: '--st-c-users', unit: 'count', fill: true, stepped: true, points: (f) => series(f, (r) => r.users) },
      { label: 'planned users', color: '--st-c-planned', unit: 'count', dash: [5, 4], when: (f) => f.planned.users.some((p) => p.y !== null), points: (f) => f.planned.users },
      { label: 'planned rate', color: '--st-c-rate', unit: 'rate', axis: 'y2', dash: [2, 3], when: (f) => f.planned.rate.some((p) => p.y !== null), points: (f) => f.planned.rate },
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
    y2: { unit: 'ms', title: 'delay, lag (ms)', color: '--st-c-text' },
    series: [
      { label: 'CPU', color: '--st-c-cpu', unit: '%', points: (f) => series(f, (r) => r.cpu) },
      { label: 'memory', color: '--st-c-memory', unit: '%', points: (f) => series(f, (r) => r.memory) },
      { label: 'event-loop delay', color: '--st-c-eld', unit: 'ms', axis: 'y2', dash: [2, 2], points: (f) => series(f, (r) => r.eventLoopDelay) },
      // How late requests left, from each snapshot's row; rows from before it was measured have none.
      { label: 'lag p99', color: '--st-c-lag', unit: 'ms', axis: 'y2', when: hasLag, points: (f) => series(f, (r) => r.lagP99) },
    ],
    summary: (f) => {
      const last = f.rows[f.rows.length - 1];
      const top = peak(f, (r) => r.cpu);
      const lag = hasLag(f) ? `, lag p99 ${formatMs(last.lagP99)} (highest ${formatMs(peak(f, (r) => r.lagP99)?.v)})` : '';
      return `Latest interval ${at(last)}: CPU ${percent(last.cpu)}, memory ${percent(last.memory)}, event-loop delay ${formatMs(last.eventLoopDelay)}${lag}. Peak CPU ${percent(top?.v)}.`;
    },
  },
];

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

/** The frame for the state: rows, phase bands, the planned profile, the x range. */
export function frameOf(s: PanelState): Frame {
  const rows = chartRows(s);
  const spans = rows.map((r, i) => Math.max(0.001, i === 0 ? r.elapsed || (s.plan?.intervalMs ?? 1000) / 1000 : r.elapsed - rows[i - 1].elapsed));
  const bands: Band[] = [];
  const users: Point[] = [];
  const rate: Point[] = [];
  const plan = (at: number, model: 'closed' | 'open', from: number, to: number, end: number) => {
    const [own, other] = model === 'closed' ? [users, rate] : [rate, users];
    own.push({ x: at, y: from }, { x: end, y: to });
    other.push({ x: at, y: null });
  };
  if (s.report && s.report.phases.length > 0) {
    const t0 = s.report.phases[0].start;
    for (const p of s.report.phases) {
      const from = (p.start - t0) / 1000;
      const to = (p.end - t0) / 1000;
      bands.push({ name: p.name, from, to });
      plan(from, p.model, p.from, p.to, to);
    }
  } else if (s.plan) {
    const t0 = s.phaseStarts[0] ?? null;
    let planned = 0;
    s.plan.phases.forEach((p, i) => {
      const start = s.phaseStarts[i];
      const from = t0 !== null && typeof start === 'number' ? (start - t0) / 1000 : i === 0 ? 0 : bands[i - 1].to;
      const next = s.phaseStarts[i + 1];
      const to = t0 !== null && typeof next === 'number' ? (next - t0) / 1000 : from + p.durationMs / 1000;
      bands.push({ name: p.name, from, to });
      // The planned line follows the plan's own clock, so lag behind it shows.
      plan(planned / 1000, p.model, p.from, p.to, (planned + p.durationMs) / 1000);
      planned += p.durationMs;
    });
  }
  const last = rows.length ? rows[rows.length - 1].elapsed : 0;
  const planEnd = s.report ? 0 : (s.plan?.totalMs ?? 0) / 1000;
  const xMax = Math.max(last, planEnd, bands.length ? bands[bands.length - 1].to : 0, 1);
  const live = s.report === null && s.failure === null && s.running && rows.length > 0;
  return { rows, spans, bands, xMax, now: live ? last : null, planned: { users, rate } };
}

interface Drawn {
  spec: ChartSpec;
  chart: Chart<'line', Point[]>;
  canvas: HTMLCanvasElement;
  summary: HTMLElement;
  empty: HTMLElement;
}

export class ChartBoard {
  readonly element: HTMLElement;
  private readonly drawn: Drawn[] = [];
  private frame: Frame | null = null;
  private pending: PanelState | null = null;
  private scheduled = 0;
  private colors = new Map<string, string>();

  constructor() {
    this.element = el('section', { class: 'charts', attrs: { 'aria-label': 'Charts' } });
    this.readColors();
    for (const spec of SPECS) this.drawn.push(this.create(spec));
  }

  /** Redraws from `state` at the next animation frame; many calls in one frame draw once. */
  update(state: PanelState): void {
    this.pending = state;
    if (this.scheduled) return;
    this.scheduled = requestAnimationFrame(() => {
      this.scheduled = 0;
      const s = this.pending;
      this.pending = null;
      if (s) this.draw(s);
    });
  }

  /** The theme changed: redraw (every draw reads the colours from the CSS variables afresh). */
  retheme(state: PanelState): void {
    this.update(state);
  }

  private color(name: string): string {
    return this.colors.get(name) ?? '';
  }

  private readColors(): void {
    const css = getComputedStyle(document.documentElement);
    this.colors.clear();
    for (const name of ['--st-c-grid', '--st-c-band', '--st-c-text', ...SPECS.flatMap((s) => s.series.map((x) => x.color))]) {
      this.colors.set(name, css.getPropertyValue(name).trim());
    }
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.font.size = 11;
    Chart.defaults.color = this.color('--st-c-text');
  }

  private highContrast(): boolean {
    const c = document.body.classList;
    return c.contains('vscode-high-contrast') || c.contains('vscode-high-contrast-light');
  }

  private create(spec: ChartSpec): Drawn {
    const canvas = el('canvas', { attrs: { id: spec.id, role: 'img', 'aria-label': spec.label, 'aria-describedby': `${spec.id}-summary` } });
    const summary = el('p', { class: 'sr-only', attrs: { id: `${spec.id}-summary` }, text: 'No data yet.' });
    const empty = el('div', { class: 'empty', text: 'Waiting for the first interval…' });
    this.element.append(
      el(
        'figure',
        { class: 'card chart-card' },
        el('figcaption', {}, el('h3', { text: spec.title }), el('span', { class: 'hint', text: spec.hint })),
        el('div', { class: 'chart-box' }, canvas, empty),
        summary,
      ),
    );
    const board = this;
    const bandsPlugin: Plugin<'line'> = {
      id: 'stampedeBands',
      beforeDatasetsDraw(chart) {
        board.drawBands(chart);
      },
      afterDraw(chart) {
        // For tests and diagnostics: how many points this draw placed, and how many draws so far.
        let points = 0;
        chart.data.datasets.forEach((_, i) => {
          if (chart.isDatasetVisible(i)) points += chart.getDatasetMeta(i).data.length;
        });
        canvas.dataset.points = String(points);
        canvas.dataset.draws = String(Number(canvas.dataset.draws ?? '0') + 1);
      },
    };
    const chart = new Chart<'line', Point[]>(canvas, {
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
    const drawn = { spec, chart, canvas, summary, empty };
    this.applyTheme(drawn);
    return drawn;
  }

  private applyTheme(d: Drawn): void {
    const grid = this.color('--st-c-grid');
    const text = this.color('--st-c-text');
    const scales = d.chart.options.scales ?? {};
    for (const key of ['x', 'y', 'y2'] as const) {
      const scale = scales[key];
      if (!scale) continue;
      if (key !== 'y2') scale.grid = { ...scale.grid, color: grid };
      scale.ticks = { ...scale.ticks, color: key === 'y2' && d.spec.y2 ? this.color(d.spec.y2.color) : text };
      if ('title' in scale && scale.title) scale.title.color = key === 'y2' && d.spec.y2 ? this.color(d.spec.y2.color) : text;
    }
    const legend = d.chart.options.plugins?.legend?.labels;
    if (legend) legend.color = text;
  }

  private draw(state: PanelState): void {
    const frame = frameOf(state);
    this.frame = frame;
    const hc = this.highContrast();
    this.readColors();
    for (const d of this.drawn) {
      this.applyTheme(d);
      const { spec, chart } = d;
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
      const scales = chart.options.scales ?? {};
      if (scales.x) {
        scales.x.max = frame.xMax;
        if (scales.x.ticks) (scales.x.ticks as { stepSize?: number }).stepSize = timeStep(frame.xMax);
      }
      const y2 = scales.y2;
      if (y2) y2.display = !!spec.y2 && (!spec.y2.when || spec.y2.when(frame)) && datasets.some((x) => x.yAxisID === 'y2');
      chart.update('none');
      d.empty.hidden = frame.rows.length > 0;
      d.summary.textContent = frame.rows.length > 0 ? spec.summary(frame) : 'No data yet.';
    }
  }

  /** Phase bands behind the lines, their names above the plot, and a "now" line while live. */
  private drawBands(chart: Chart): void {
    const frame = this.frame;
    if (!frame) return;
    const { ctx, chartArea: area, scales } = chart;
    const x = scales.x;
    ctx.save();
    ctx.font = `600 10px ${Chart.defaults.font.family ?? 'sans-serif'}`;
    ctx.textBaseline = 'bottom';
    frame.bands.forEach((b, i) => {
      const left = Math.max(area.left, x.getPixelForValue(b.from));
      const right = Math.min(area.right, x.getPixelForValue(b.to));
      if (right <= left) return;
      ctx.globalAlpha = i % 2 === 0 ? 0.04 : 0.09;
      ctx.fillStyle = this.color('--st-c-band');
      ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
      ctx.globalAlpha = 0.45;
      if (i > 0) {
        ctx.strokeStyle = this.color('--st-c-band');
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
        ctx.fillStyle = this.color('--st-c-text');
        ctx.fillText(label, left + 4, area.top - 3);
      }
    });
    if (frame.now !== null) {
      const px = Math.round(x.getPixelForValue(frame.now)) + 0.5;
      if (px >= area.left && px <= area.right) {
        ctx.globalAlpha = 0.7;
        ctx.strokeStyle = this.color('--st-c-text');
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
      }
    }
    ctx.restore();
  }
}

/** A step for the time axis that lands on round clock values: 10 s, 1 min, 5 min, 15 min… */
export function timeStep(seconds: number, maxTicks = 8): number {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
  return steps.find((s) => seconds / s <= maxTicks) ?? Math.ceil(seconds / maxTicks / 86400) * 86400;
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
