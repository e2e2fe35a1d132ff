// report.html's script (dist/report-view.js, inlined by ../html.ts): draws the report from the
// JSON embedded in the page with the same renderer the panel uses (./sections.ts, ./charts.ts),
// replacing the markup written for readers without scripts, then draws the charts with the
// inlined Chart.js. A drag across a chart zooms to a time range (./zoom.ts): the tiles and the
// steps table show it, and the bar's buttons download its rows (CSV) or figures (JSON).
// Browser code: no Node modules.
import { renderRangeFile } from '../range-export';
import type { TimeRange } from '../range';
import type { Report } from '../types';
import { ChartBoard, frameOfReport, type ChartClass } from './charts';
import { showRange } from './range-view';
import { chartsHeading, reportBottom, reportFooter, reportHeader, reportToc, reportTop } from './sections';
import { el, replace } from './dom';
import { Zoom } from './zoom';

/** Everything inside report.html's <main>, drawn from `report`; returns the chart board. */
export function mountReport(main: HTMLElement, report: Report, ChartJs: ChartClass | null): ChartBoard {
  const zoom: Zoom = new Zoom({
    rows: () => report.timeseries,
    apply: (range) => {
      board.setZoom(range);
      return showRange(main, report, range);
    },
  });
  const board = new ChartBoard(ChartJs, { prefix: '--c-', onSelect: (a, b) => zoom.select(a, b), onReset: () => zoom.set(null) });
  zoom.setActions('Download ', ...(['csv', 'json'] as const).map((format) => exportButton(format, () => zoom.current, report)));
  const [tiles, ...top] = reportTop(report);
  replace(main, reportHeader(report), reportToc(report), zoom.bar, tiles, ...top, chartsHeading(), zoom.form, board.element, ...reportBottom(report), reportFooter(report));
  return board;
}

/** A button that downloads the zoomed range's rows or figures. */
function exportButton(format: 'csv' | 'json', range: () => TimeRange | null, report: Report): HTMLButtonElement {
  const button = el('button', { class: 'secondary', attrs: { type: 'button', 'data-export': format, 'aria-label': `Download this range as ${format.toUpperCase()}` }, text: format.toUpperCase() });
  button.addEventListener('click', () => {
    const shown = range();
    if (!shown) return;
    const name = `${format === 'csv' ? 'timeseries' : 'report'}-${shown.from}s-${shown.to}s.${format}`;
    download(name, format === 'csv' ? 'text/csv' : 'application/json', renderRangeFile(report, shown, format));
  });
  return button;
}

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el('a', { attrs: { href: url, download: name } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function main(): void {
  const ready = () => requestAnimationFrame(() => (document.body.dataset.chartsReady = 'true'));
  const root = document.querySelector('main');
  const data = document.getElementById('report-data');
  if (!root || !data) {
    ready();
    return;
  }
  const report = JSON.parse(data.textContent ?? '{}') as Report;
  const ChartJs = (globalThis as { Chart?: ChartClass }).Chart ?? null;
  const board = mountReport(root, report, ChartJs);
  const frame = frameOfReport(report);
  board.draw(frame);
  // Re-read the colours when the reader switches between light and dark.
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => board.update(() => frame));
  ready();
}

main();
