// Writes a run's three files. Each is written to a temporary name and renamed into place, so a
// process killed mid-write leaves the previous file or none, never half of one.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chartJsSource } from './assets';
import { renderTimeseriesCsv } from '../csv';
import { renderHtmlReport } from './html';
import type { Report } from '../types';

export { chartJsSource, reportViewSource } from './assets';

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
