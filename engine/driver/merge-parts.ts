// `stampede merge`: segments' parts into the one report of the whole run. The parts must come
// from one scenario (same digest) and cover segments 1..N exactly once; merging is exact —
// counters add, histograms add (engine/metrics/partial.ts), intervals ending at the same time
// are one interval (report/segment-rows.ts) — and the criteria are evaluated on the merged data.
import type { CriterionReport, Report } from '../../report/types';
import { mergeSegmentRows, sideBySideLateStart, sideBySideLoopDelay, sideBySidePhases, worst } from '../../report/segment-rows';
import { buildReport } from '../metrics/build-report';
import { CriteriaTracker } from '../metrics/criteria-tracker';
import { mergePartials } from '../metrics/partial';
import { storeView } from '../metrics/store-view';
import type { RunPart } from '../protocol/part-file';

export type ParsedCriteria = ConstructorParameters<typeof CriteriaTracker>[0];

/** What is wrong with a set of parts, in words (empty when they make one whole run). */
export function partProblems(parts: { name: string; part: RunPart }[]): string[] {
  const problems: string[] = [];
  if (parts.length === 0) return ['no parts'];
  const [first] = parts;
  for (const { name, part } of parts.slice(1)) {
    if (part.digest !== first.part.digest) {
      problems.push(`${name} is from another scenario (${part.scenario}, digest ${part.digest.slice(0, 12)}) than ${first.name} (${first.part.scenario}, digest ${first.part.digest.slice(0, 12)})`);
    }
    if (part.segment.count !== first.part.segment.count) problems.push(`${name} is segment ${part.segment.index}/${part.segment.count}, but ${first.name} is of ${first.part.segment.count}`);
    if (part.startAt !== first.part.startAt) problems.push(`${name} started at ${when(part.startAt)}, ${first.name} at ${when(first.part.startAt)}: not one run`);
  }
  const count = first.part.segment.count;
  const seen = new Map<number, string[]>();
  for (const { name, part } of parts) seen.set(part.segment.index, [...(seen.get(part.segment.index) ?? []), name]);
  const missing: number[] = [];
  for (let i = 1; i <= count; i++) if (!seen.has(i)) missing.push(i);
  if (missing.length > 0) problems.push(`missing segment${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')}`);
  for (const [index, names] of seen) if (names.length > 1) problems.push(`segment ${index}/${count} is there ${names.length} times (${names.join(', ')})`);
  return problems;
}

const when = (epoch: number | null): string => (epoch === null ? 'no --start-at' : new Date(epoch).toISOString());

/** The report of the whole run. */
export function mergeParts(parts: RunPart[], criteria: ParsedCriteria): Report {
  const reports = parts.map((part) => part.report);
  const store = mergePartials(parts.map((part) => part.measured));
  const timeseries = mergeSegmentRows(reports.map((report) => report.timeseries));
  const startedAt = Math.min(...reports.map((r) => Date.parse(r.startedAt)));
  const endedAt = Math.max(...reports.map((r) => Date.parse(r.endedAt)));
  const phases = sideBySidePhases(reports);
  const loadStartedAt = parts[0].startAt ?? phases[0]?.start;
  const loadEndedAt = phases.length > 0 ? phases[phases.length - 1].end : undefined;
  const seconds = loadStartedAt !== undefined && loadEndedAt !== undefined ? (loadEndedAt - loadStartedAt) / 1000 : 0;
  const evaluated: CriterionReport[] = new CriteriaTracker(criteria).evaluate(storeView(store, seconds), endedAt, true);
  const { outcome, reason } = mergedOutcome(parts);
  const stage = (pick: (r: Report) => Report['setup']): Report['setup'] => {
    const failed = reports.map(pick).find((s) => s.ran && !s.passed);
    return failed ?? { ran: reports.some((r) => pick(r).ran), passed: true };
  };
  const cpuSeconds = reports.reduce((n, r) => n + (r.system.engineCpuSeconds ?? 0), 0);
  const lateStart = sideBySideLateStart(reports);
  const report = buildReport({
    scenario: reports[0].scenario,
    file: reports[0].file,
    target: reports[0].target,
    startedAt,
    endedAt,
    loadStartedAt,
    loadEndedAt,
    outcome,
    reason,
    store,
    phases,
    criteria: evaluated,
    alerts: reports.flatMap((r, i) => r.alerts.map((alert) => ({ ...alert, when: `${alert.when} (segment ${parts[i].segment.index}/${parts[i].segment.count})` }))),
    timeseries,
    setup: stage((r) => r.setup),
    teardown: stage((r) => r.teardown),
    eventLoopDelay: sideBySideLoopDelay(reports),
    engine: { cpuSeconds, peakRssMB: worst(reports, (r) => r.system.peakRssMB) ?? 0 },
    ...(lateStart ? { lateStart } : {}),
  });
  report.segments = parts
    .map((part) => ({ index: part.segment.index, count: part.segment.count, host: part.host, outcome: part.report.outcome, requests: part.report.totals.requests }))
    .sort((a, b) => a.index - b.index);
  return report;
}

/** The whole run ended as its worst segment: an error, else a stop, else an abort. */
function mergedOutcome(parts: RunPart[]): { outcome: Report['outcome']; reason?: string } {
  for (const outcome of ['error', 'stopped', 'aborted'] as const) {
    const ended = parts.filter((part) => part.report.outcome === outcome);
    if (ended.length > 0) {
      return { outcome, reason: ended.map((part) => `segment ${part.segment.index}/${part.segment.count}: ${part.report.reason ?? outcome}`).join('; ') };
    }
  }
  return { outcome: 'completed' };
}
