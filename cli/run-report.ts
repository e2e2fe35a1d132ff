// A run's report.json, named by the file or by its run folder: what `compare` and
// `run --baseline` read. A path that is neither is a usage error with the reason.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Report } from '../report/types';
import { UsageError } from './args';

export function readRunReport(path: string): Report {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new UsageError(`no such report or run folder: ${path}`);
  const file = statSync(absolute).isDirectory() ? join(absolute, 'report.json') : absolute;
  if (!existsSync(file)) throw new UsageError(`${path} is a folder without report.json: name a run folder or its report.json`);
  let report: Report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as Report;
  } catch (err) {
    throw new UsageError(`${file} is not a report: ${(err as Error).message}`);
  }
  if (typeof report !== 'object' || report === null || !Array.isArray(report.steps) || !Array.isArray(report.timeseries) || typeof report.totals !== 'object') {
    throw new UsageError(`${file} is not a Stampede report.json`);
  }
  return report;
}
