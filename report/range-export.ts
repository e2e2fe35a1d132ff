// What Export writes for a zoomed time range, in the report writer process (the panel's Export)
// and in report.html (its own buttons): the range's rows as timeseries.csv has them, or the
// range's figures as JSON — report.json's shape for what a range has, with `range: { from, to }`.
import { renderTimeseriesCsv } from './csv';
import { rangeReport, type TimeRange } from './range';
import type { Report } from './types';

export function renderRangeFile(report: Report, range: TimeRange, format: 'json' | 'csv'): string {
  const ranged = rangeReport(report, range);
  return format === 'csv' ? renderTimeseriesCsv(ranged.timeseries) : `${JSON.stringify(ranged, null, 2)}\n`;
}
