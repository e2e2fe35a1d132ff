// The runs a workspace keeps, read back: the run folders under `.stampede/runs/` (newest first,
// one summary line each) and the pinned baseline of a scenario. Shared by the extension's Runs
// view, the results shown on a scenario's lines and the compare view; no `vscode` here.
//
// A baseline is a copy of a run's report.json at `.stampede/baseline/<scenario path>.json`
// (the scenario's path relative to the workspace folder, without `.scenario.yaml`), so it
// survives the pruning of old runs and a team can commit it; `stampede run --baseline` reads
// the same file.
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { listRunFolders } from './out-dir';
import type { Report } from './types';

/** One run of the history, as a list shows it. */
export interface RunSummary {
  /** The run folder and its report.json. */
  folder: string;
  reportPath: string;
  scenario: string;
  /** The scenario file the run was started from, absolute. */
  file: string;
  startedAt: string;
  outcome: Report['outcome'];
  passed: boolean;
  p95: number | null;
  /** Requests per second over the run's load. */
  rps: number | null;
  requests: number;
  errors: number;
  /** errors / requests (0 without requests). */
  errorRate: number;
}

/** Reads a report.json; undefined when it is missing or not a report. */
export function readReport(path: string): Report | undefined {
  try {
    const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
    return typeof report === 'object' && report !== null && typeof report.scenario === 'string' && report.totals ? report : undefined;
  } catch {
    return undefined;
  }
}

export function summarize(report: Report, folder: string, reportPath = join(folder, 'report.json')): RunSummary {
  const requests = report.totals.requests;
  return {
    folder,
    reportPath,
    scenario: report.scenario,
    file: report.file,
    startedAt: report.startedAt,
    outcome: report.outcome,
    passed: report.passed,
    p95: requests > 0 ? report.latency.p95 : null,
    rps: typeof report.totals.rps === 'number' ? report.totals.rps : null,
    requests,
    errors: report.totals.errors,
    errorRate: requests > 0 ? report.totals.errors / requests : 0,
  };
}

// Reports are read once per (path, mtime, size): a history of twenty runs is listed on every
// refresh. The size tells apart two baselines pinned within a coarse file system's mtime tick.
const cache = new Map<string, { version: string; summary: RunSummary | undefined }>();

/** The summary of the report at `reportPath` (read again only when it changed); undefined without one. */
function summaryAt(folder: string, reportPath: string): RunSummary | undefined {
  let version: string;
  try {
    const stat = statSync(reportPath);
    version = `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return undefined;
  }
  let entry = cache.get(reportPath);
  if (!entry || entry.version !== version) {
    const report = readReport(reportPath);
    entry = { version, summary: report ? summarize(report, folder, reportPath) : undefined };
    cache.set(reportPath, entry);
  }
  return entry.summary;
}

/** Every run under `base` (the runs folder) that left a readable report.json, newest first. */
export function listRuns(base: string): RunSummary[] {
  const runs: RunSummary[] = [];
  for (const folder of listRunFolders(base).reverse()) {
    const summary = summaryAt(folder, join(folder, 'report.json'));
    if (summary) runs.push(summary);
  }
  return runs;
}

/** The runs of one scenario file, newest first. */
export function runsOf(base: string, scenarioFile: string): RunSummary[] {
  const wanted = resolve(scenarioFile);
  return listRuns(base).filter((run) => resolve(run.file) === wanted);
}

/** `<root>/.stampede/baseline/<path of the scenario under root, without .scenario.yaml>.json` */
export function baselinePath(root: string, scenarioFile: string): string {
  const rel = relative(root, resolve(scenarioFile));
  // A scenario outside the folder keeps only its name: never a path that climbs out of it.
  const inside = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : scenarioFile.split(/[\\/]/).pop()!;
  const stem = inside.replace(/\.scenario\.ya?ml$|\.ya?ml$/i, '');
  return join(root, '.stampede', 'baseline', `${stem}.json`);
}

/** The pinned baseline report of a scenario, if there is one. */
export function readBaseline(root: string, scenarioFile: string): Report | undefined {
  return readReport(baselinePath(root, scenarioFile));
}

/** The pinned baseline of a scenario as a list shows it (its `folder` is the baseline folder). */
export function baselineSummary(root: string, scenarioFile: string): RunSummary | undefined {
  const path = baselinePath(root, scenarioFile);
  return summaryAt(dirname(path), path);
}

/** Pins a run's report as the scenario's baseline (a copy); returns the baseline's path. */
export function pinBaseline(root: string, scenarioFile: string, reportPath: string): string {
  const target = baselinePath(root, scenarioFile);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(reportPath, target);
  return target;
}

/** Removes a scenario's pinned baseline (nothing when there is none). */
export function unpinBaseline(root: string, scenarioFile: string): void {
  rmSync(baselinePath(root, scenarioFile), { force: true });
}
