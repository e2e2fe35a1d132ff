// report.html's script (dist/report-view.js, inlined by ../html.ts): draws the report from the
// JSON embedded in the page with the same renderer the panel uses (./sections.ts, ./charts.ts),
// replacing the markup written for readers without scripts, then draws the charts with the
// inlined Chart.js. Browser code: no Node modules.
import type { Report } from '../types';
import { ChartBoard, frameOfReport, type ChartClass } from './charts';
import { chartsHeading, reportBottom, reportFooter, reportHeader, reportToc, reportTop } from './sections';
import { replace } from './dom';

/** Everything inside report.html's <main>, drawn from `report`; returns the chart board. */
export function mountReport(main: HTMLElement, report: Report, ChartJs: ChartClass | null): ChartBoard {
  const board = new ChartBoard(ChartJs, { prefix: '--c-' });
  replace(main, reportHeader(report), reportToc(report), ...reportTop(report), chartsHeading(), board.element, ...reportBottom(report), reportFooter(report));
  return board;
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
