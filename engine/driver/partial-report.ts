// The report of a run whose engine died before sending its own, built from what was heard.
import type { RecordedRun } from '../protocol/report-writer-messages';
import type { CriterionReport, Report } from '../../report/types';
import { mergePartials } from '../metrics/partial';
import { MetricsStore } from '../metrics/store';
import { buildReport } from '../metrics/build-report';

/**
 * The run's counters as of the last interval; latency percentiles, steps and flows exactly as of
 * the last checkpoint (merged histograms, not averaged percentiles; at most a few seconds older);
 * the time series, phases, criteria and alerts from the messages. Criteria keep their last live
 * verdict; the run itself is an error whose reason says why it ended.
 */
export function partialReport(run: RecordedRun, reason: string, file: string, endedAt = Date.now()): Report {
  const phases = run.phases.map((phase) => ({ ...phase }));
  const last = phases[phases.length - 1];
  if (last) last.end = Math.min(last.end, endedAt);
  const unknown = { ran: false, passed: false, error: 'unknown: the engine ended early' };
  return buildReport({
    scenario: run.plan?.scenario ?? 'unknown',
    file: run.plan?.file ?? file,
    startedAt: run.startedAt,
    endedAt,
    loadStartedAt: phases[0]?.start,
    loadEndedAt: phases.length > 0 ? (run.rows.at(-1)?.time ?? endedAt) : undefined,
    outcome: 'error',
    reason,
    store: measuredStore(run),
    phases,
    criteria: run.criteria.length > 0 ? run.criteria : unmeasuredCriteria(run),
    alerts: run.alerts,
    timeseries: run.rows,
    setup: unknown,
    teardown: unknown,
  });
}

/** Percentiles, steps and flows from the checkpoint; the run's counters from the last snapshot. */
function measuredStore(run: RecordedRun): MetricsStore {
  const store = run.measured ? mergePartials([run.measured]) : new MetricsStore();
  if (run.totals && run.totals.requests >= store.requests) Object.assign(store, run.totals);
  return store;
}

/** Killed before the first evaluation: the plan's criteria, failed, with nothing measured. */
function unmeasuredCriteria(run: RecordedRun): CriterionReport[] {
  return (run.plan?.criteria ?? []).map((expr) => ({ expr, passed: false, actual: null, actualText: 'not measured', abort: false, aborted: false }));
}
