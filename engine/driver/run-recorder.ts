// Keeps what a client has heard from the engine during a run, so that when the engine dies
// before its final report (killed, crashed), the client can still write a partial report with
// everything measured up to then.
import type { EngineToClient, PlanMessage } from '../protocol/messages';
import type { AlertReport, CriterionReport, PhaseReport, Report, TimeseriesRow } from '../../report/types';
import { mergePartials, type PartialResult } from '../metrics/partial';
import { MetricsStore } from '../metrics/store';
import { buildReport } from '../metrics/build-report';

export class RunRecorder {
  plan: PlanMessage | undefined;
  report: Report | undefined;
  readonly startedAt = Date.now();
  private readonly rows: TimeseriesRow[] = [];
  private readonly phases: PhaseReport[] = [];
  private readonly alerts = new Map<string, AlertReport>();
  private criteria: CriterionReport[] = [];
  /** The latest checkpoint: everything measured, as of a recent interval (every few seconds). */
  private measured: PartialResult | undefined;
  /** Run-so-far counters of the last snapshot: newer than the checkpoint's. */
  private totals: { requests: number; errors: number; dropped: number; iterations: number } | undefined;

  onMessage(message: EngineToClient): void {
    switch (message.type) {
      case 'plan':
        this.plan = message;
        break;
      case 'phase': {
        const previous = this.phases[this.phases.length - 1];
        if (previous) previous.end = message.start;
        const planned = this.plan?.phases[message.index];
        this.phases.push({
          name: message.name,
          start: message.start,
          end: message.start + (planned?.durationMs ?? 0),
          model: planned?.model ?? 'closed',
          from: planned?.from ?? 0,
          to: planned?.to ?? 0,
          target: planned?.to ?? 0,
        });
        break;
      }
      case 'checkpoint':
        this.measured = message.measured;
        break;
      case 'snapshot':
        this.rows.push(message.row);
        this.totals = message.totals;
        break;
      case 'criteria':
        this.criteria = message.criteria;
        break;
      case 'alert':
        this.alerts.set(`${message.alert.when}@${message.alert.firedAt}`, message.alert);
        break;
      case 'report':
        this.report = message.report;
        break;
      default:
        break;
    }
  }

  /**
   * A report from what was heard: the run's counters as of the last interval; latency
   * percentiles, steps and flows exactly as of the last checkpoint (merged histograms, not
   * averaged percentiles; at most a few seconds older); the time series, phases, criteria and
   * alerts from the messages. Criteria keep their last live verdict; the run itself is an error
   * whose reason says why it ended.
   */
  partialReport(reason: string, file: string): Report {
    const endedAt = Date.now();
    const last = this.phases[this.phases.length - 1];
    if (last) last.end = Math.min(last.end, endedAt);
    const unknown = { ran: false, passed: false, error: 'unknown: the engine ended early' };
    return buildReport({
      scenario: this.plan?.scenario ?? 'unknown',
      file: this.plan?.file ?? file,
      startedAt: this.startedAt,
      endedAt,
      loadStartedAt: this.phases[0]?.start,
      loadEndedAt: this.phases.length > 0 ? (this.rows.at(-1)?.time ?? endedAt) : undefined,
      outcome: 'error',
      reason,
      store: this.measuredStore(),
      phases: this.phases,
      criteria: this.criteria.length > 0 ? this.criteria : this.unmeasuredCriteria(),
      alerts: [...this.alerts.values()],
      timeseries: this.rows,
      setup: unknown,
      teardown: unknown,
    });
  }

  /** Percentiles, steps and flows from the checkpoint; the run's counters from the last snapshot. */
  private measuredStore(): MetricsStore {
    const store = this.measured ? mergePartials([this.measured]) : new MetricsStore();
    if (this.totals && this.totals.requests >= store.requests) Object.assign(store, this.totals);
    return store;
  }

  /** Killed before the first evaluation: the plan's criteria, failed, with nothing measured. */
  private unmeasuredCriteria(): CriterionReport[] {
    return (this.plan?.criteria ?? []).map((expr) => ({ expr, passed: false, actual: null, actualText: 'not measured', abort: false, aborted: false }));
  }
}
