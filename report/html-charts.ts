// The browser half of the HTML report: draws the four charts from the embedded JSON with the
// inlined Chart.js. `drawReportCharts` is type-checked here but shipped as its source text
// (`CHART_SCRIPT`), so it must be self-contained: no imports, no references to module scope.
import type { Chart as ChartClass, ChartDataset, Plugin } from 'chart.js';
import type { PhaseReport, TimeseriesRow } from './types';

declare const Chart: typeof ChartClass | undefined;

/** What the charts read from the embedded report. */
export interface ChartData {
  timeseries: TimeseriesRow[];
  phases: PhaseReport[];
}

type Point = { x: number; y: number | null };
type LineDataset = ChartDataset<'line', Point[]>;

export function drawReportCharts(): void {
  const ready = () => requestAnimationFrame(() => (document.body.dataset.chartsReady = 'true'));
  const ids = ['chart-latency', 'chart-throughput', 'chart-users', 'chart-system'];
  const showEmpty = (text: string) => {
    for (const id of ids) {
      const canvas = document.getElementById(id);
      const note = document.createElement('div');
      note.className = 'empty';
      note.textContent = text;
      canvas?.parentElement?.appendChild(note);
    }
  };
  const dataEl = document.getElementById('report-data');
  const data = JSON.parse(dataEl?.textContent ?? '{}') as ChartData;
  const rows = data.timeseries ?? [];
  if (typeof Chart === 'undefined') {
    showEmpty('Charts unavailable: Chart.js was not embedded. The tables and timeseries.csv hold the same data.');
    ready();
    return;
  }
  if (rows.length === 0) {
    showEmpty('No intervals were recorded.');
    ready();
    return;
  }
  const ChartJs = Chart;
  const t0 = data.phases.length ? data.phases[0].start : rows[0].time - rows[0].elapsed * 1000;
  const bands = data.phases.map((p) => ({ name: p.name, from: (p.start - t0) / 1000, to: (p.end - t0) / 1000 }));
  const xMax = Math.max(rows[rows.length - 1].elapsed, ...bands.map((b) => b.to));

  const clock = (s: number) => {
    const total = Math.max(0, Math.round(s));
    const m = Math.floor(total / 60);
    const sec = total % 60;
    return `${m}:${sec < 10 ? '0' : ''}${sec}`;
  };
  // Axis ticks are round numbers: no trailing zeros, unlike tooltip values.
  const tick = (v: number, unit: string) => {
    const n = (x: number) => String(Math.round(x * 100) / 100);
    if (unit === 'ms') return v >= 1000 ? `${n(v / 1000)}s` : v === 0 ? '0' : `${n(v)}ms`;
    if (unit === '%') return `${n(v)}%`;
    return v >= 1000 ? `${n(v / 1000)}k` : n(v);
  };
  const fmt = (v: number, unit: string) => {
    if (unit === 'ms') return v >= 1000 ? `${(v / 1000).toFixed(2)}s` : `${v < 10 ? v.toFixed(2) : v.toFixed(1)}ms`;
    if (unit === '%') return `${v.toFixed(1)}%`;
    return v >= 100 ? Math.round(v).toLocaleString('en-US') : String(Math.round(v * 10) / 10);
  };
  const phaseAt = (x: number) => bands.find((b) => x > b.from && x <= b.to)?.name ?? '';
  // Interval length per row, so per-interval counts become per-second rates.
  const seconds = rows.map((r, i) => Math.max(0.001, i === 0 ? r.elapsed || 1 : r.elapsed - rows[i - 1].elapsed));
  const series = (pick: (r: TimeseriesRow, i: number) => number | null | undefined): Point[] =>
    rows.map((r, i) => {
      const y = pick(r, i);
      return { x: r.elapsed, y: y === undefined || y === null || !Number.isFinite(y) ? null : y };
    });

  const build = () => {
    const css = getComputedStyle(document.documentElement);
    const color = (name: string) => css.getPropertyValue(name).trim();
    const muted = color('--muted');
    const grid = color('--grid');
    ChartJs.defaults.font.family = getComputedStyle(document.body).fontFamily;
    ChartJs.defaults.font.size = 11;
    ChartJs.defaults.color = muted;

    // Phases as shaded bands with their names above the plot, drawn beneath the lines.
    const phaseBands: Plugin<'line'> = {
      id: 'phaseBands',
      beforeDatasetsDraw(chart) {
        const { ctx, chartArea: area, scales } = chart;
        const x = scales.x;
        ctx.save();
        ctx.font = `600 11px ${ChartJs.defaults.font.family ?? 'sans-serif'}`;
        ctx.textBaseline = 'bottom';
        bands.forEach((b, i) => {
          const left = Math.max(area.left, x.getPixelForValue(b.from));
          const right = Math.min(area.right, x.getPixelForValue(b.to));
          if (right <= left) return;
          ctx.fillStyle = color(i % 2 === 0 ? '--band-a' : '--band-b');
          ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
          if (i > 0) {
            ctx.strokeStyle = color('--band-line');
            ctx.setLineDash([3, 3]);
            ctx.beginPath();
            ctx.moveTo(left + 0.5, area.top);
            ctx.lineTo(left + 0.5, area.bottom);
            ctx.stroke();
            ctx.setLineDash([]);
          }
          let label = b.name;
          const room = right - left - 8;
          while (label.length > 1 && ctx.measureText(label).width > room) label = label.slice(0, -2) + '…';
          if (room > 12) {
            ctx.fillStyle = muted;
            ctx.fillText(label, left + 4, area.top - 4);
          }
        });
        ctx.restore();
      },
    };

    const line = (label: string, colorVar: string, points: Point[], extra: Partial<LineDataset> = {}): LineDataset => ({
      label,
      data: points,
      borderColor: color(colorVar),
      backgroundColor: color(colorVar),
      borderWidth: 1.75,
      pointRadius: 0,
      pointHoverRadius: 3,
      tension: 0.25,
      spanGaps: false,
      ...extra,
    });
    const area = (colorVar: string) => {
      const c = color(colorVar);
      // A translucent fill of the series colour; works for #rrggbb, which is what the CSS defines.
      return /^#[0-9a-f]{6}$/i.test(c) ? `${c}26` : c;
    };

    const make = (id: string, datasets: LineDataset[], units: Record<string, string>, y2?: { title: string; unit: string; color?: string }, yOpts: { max?: number; title?: string } = {}) => {
      const canvas = document.getElementById(id) as HTMLCanvasElement | null;
      if (!canvas) return null;
      const yUnit = units.y;
      return new ChartJs(canvas, {
        type: 'line',
        data: { datasets },
        plugins: [phaseBands],
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          parsing: false,
          normalized: true,
          layout: { padding: { top: 18 } },
          interaction: { mode: 'index', intersect: false },
          scales: {
            x: {
              type: 'linear',
              min: 0,
              max: xMax,
              grid: { color: grid },
              border: { display: false },
              ticks: { callback: (v) => clock(Number(v)), maxTicksLimit: 10 },
            },
            y: {
              beginAtZero: true,
              max: yOpts.max,
              grid: { color: grid },
              border: { display: false },
              title: { display: !!yOpts.title, text: yOpts.title ?? '' },
              ticks: { callback: (v) => tick(Number(v), yUnit), maxTicksLimit: 6 },
            },
            ...(y2
              ? {
                  y2: {
                    position: 'right' as const,
                    beginAtZero: true,
                    grid: { display: false },
                    border: { display: false },
                    title: { display: true, text: y2.title, color: y2.color ? color(y2.color) : undefined },
                    ticks: { callback: (v: string | number) => tick(Number(v), y2.unit), maxTicksLimit: 6, color: y2.color ? color(y2.color) : undefined },
                  },
                }
              : {}),
          },
          plugins: {
            legend: { position: 'bottom', labels: { boxWidth: 10, boxHeight: 10, usePointStyle: true, pointStyle: 'rectRounded' } },
            tooltip: {
              callbacks: {
                title: (items) => {
                  const x = items[0]?.parsed.x ?? 0;
                  const phase = phaseAt(x);
                  return `${clock(x)}${phase ? ` · ${phase}` : ''}`;
                },
                label: (item) => {
                  const y = item.parsed.y;
                  const unit = units[item.dataset.label ?? ''] ?? yUnit;
                  return `${item.dataset.label}: ${y === null ? '—' : fmt(y, unit)}`;
                },
              },
            },
          },
        },
      });
    };

    const has = (pick: (r: TimeseriesRow) => number | null | undefined) => rows.some((r) => typeof pick(r) === 'number');
    const charts = [
      make(
        'chart-latency',
        [
          line('p50', '--c-p50', series((r) => r.p50)),
          line('p95', '--c-p95', series((r) => r.p95)),
          line('p99', '--c-p99', series((r) => r.p99), { borderWidth: 1.5 }),
        ],
        { y: 'ms' },
      ),
      make(
        'chart-throughput',
        [
          line('requests/s', '--c-rps', series((r) => r.rps), { fill: 'origin', backgroundColor: area('--c-rps') }),
          // Errors on their own axis: a few per second would be a flat line under hundreds of requests.
          line('errors/s', '--c-errors', series((r, i) => r.errors / seconds[i]), { yAxisID: 'y2', borderWidth: 2 }),
          ...(rows.some((r) => r.dropped > 0)
            ? [line('dropped/s', '--c-dropped', series((r, i) => r.dropped / seconds[i]), { yAxisID: 'y2', borderDash: [4, 3] })]
            : []),
        ],
        { y: '' },
        { title: 'errors/s', unit: '', color: '--c-errors' },
      ),
      make(
        'chart-users',
        [
          line('active users', '--c-users', series((r) => r.users), { fill: 'origin', backgroundColor: area('--c-users'), stepped: 'before', tension: 0 }),
          ...(data.phases.some((p) => p.model === 'closed') ? [line('planned', '--c-planned', plannedUsers(), { borderDash: [5, 4], borderWidth: 1.25, tension: 0 })] : []),
        ],
        { y: '' },
      ),
      make(
        'chart-system',
        [
          line('CPU', '--c-cpu', series((r) => r.cpu)),
          line('memory', '--c-memory', series((r) => r.memory)),
          ...(has((r) => r.processCpu) ? [line('target CPU', '--c-proc', series((r) => r.processCpu), { borderDash: [4, 3] })] : []),
          line('event-loop delay', '--c-eld', series((r) => r.eventLoopDelay), { yAxisID: 'y2', borderDash: [2, 2] }),
          // How late requests left (due to sent), on the same ms axis; reports from before it
          // was measured have no lagP99 and draw no line.
          ...(has((r) => r.lagP99) ? [line('lag p99', '--c-lag', series((r) => r.lagP99), { yAxisID: 'y2' })] : []),
        ],
        { y: '%', 'event-loop delay': 'ms', 'lag p99': 'ms' },
        has((r) => r.lagP99) ? { title: 'event-loop delay, lag', unit: 'ms' } : { title: 'event-loop delay', unit: 'ms', color: '--c-eld' },
        { max: 100, title: '% of machine' },
      ),
    ];
    return charts;
  };

  /** The closed-model user level the phases asked for: straight lines between phase ends. */
  function plannedUsers(): Point[] {
    const points: Point[] = [];
    for (const [i, p] of data.phases.entries()) {
      const b = bands[i];
      if (p.model !== 'closed') {
        points.push({ x: b.from, y: null });
        continue;
      }
      points.push({ x: b.from, y: p.from }, { x: b.to, y: p.to });
    }
    return points;
  }

  let charts = build();
  // Re-read the colours when the reader switches between light and dark.
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    for (const c of charts) c?.destroy();
    charts = build();
  });
  ready();
}

/** The browser script: the function above as source text, called once the page has parsed. */
export const CHART_SCRIPT = `(${drawReportCharts.toString()})();`;
