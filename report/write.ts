// Writes a run's three files. Each is written to a temporary name and renamed into place, so a
// process killed mid-write leaves the previous file or none, never half of one.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderTimeseriesCsv } from './csv';
import { renderHtmlReport } from './html';
import type { Report } from './types';

export interface ReportFiles {
  json: string;
  html: string;
  csv: string;
}

export function writeReportFiles(report: Report, dir: string): ReportFiles {
  mkdirSync(dir, { recursive: true });
  const files: ReportFiles = {
    json: path.join(dir, 'report.json'),
    html: path.join(dir, 'report.html'),
    csv: path.join(dir, 'timeseries.csv'),
  };
  // report.json first: it is the record of the run and must not depend on rendering succeeding.
  writeAtomic(files.json, renderReportFile(report, 'json'));
  writeAtomic(files.csv, renderReportFile(report, 'csv'));
  writeAtomic(files.html, renderReportFile(report, 'html'));
  return files;
}

/** One of the three files' content, for "Export Report". */
export function renderReportFile(report: Report, format: 'json' | 'csv' | 'html'): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'csv') return renderTimeseriesCsv(report.timeseries);
  return renderHtmlReport(report, chartJsSource());
}

export function writeAtomic(file: string, content: string): void {
  const temp = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    writeFileSync(temp, content, 'utf8');
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

let cachedChartJs: string | undefined;

/**
 * Chart.js's UMD build, inlined into report.html. The build copies it next to the bundle
 * (dist/vendor); from an unbundled or test location it comes from node_modules. chart.js's
 * `exports` map hides `dist/…` from require.resolve, so resolve the package and step beside it.
 * Empty when neither exists: the report then renders without charts rather than not at all.
 */
export function chartJsSource(): string {
  if (cachedChartJs !== undefined) return cachedChartJs;
  const candidates = [path.join(__dirname, 'vendor', 'chart.umd.min.js')];
  try {
    candidates.push(path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'));
  } catch {
    // not installed: only the vendored copy can serve
  }
  const found = candidates.find((file) => existsSync(file));
  cachedChartJs = found ? readFileSync(found, 'utf8') : '';
  return cachedChartJs;
}
