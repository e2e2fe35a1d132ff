// Keeps what a client has heard from the engine during a run, so that when the engine dies
// before its final report (killed, crashed), the client can still write a partial report with
// everything measured up to then.
import type { EngineToClient, PlanMessage } from '../protocol/messages';
import type { AlertReport, CriterionReport, PhaseReport, Report, TimeseriesRow } from '../report/types';
import { computeRecommendations } from '../report/recommendations';
import { emptyLatency } from '../metrics/histogram';
import { emptyErrorCounts } from '../metrics/store';
import { systemFacts } from '../report/build';

export class RunRecorder {
  plan: PlanMessage | undefined;
  report: Report | undefined;
  readonly startedAt = Date.now();
  private readonly rows: TimeseriesRow[] = [];
  private readonly phases: PhaseReport[] = [];
  private readonly alerts = new Map<string, AlertReport>();
  private criteria: CriterionReport[] = [];
  private totals = { requests: 0, errors: 0, dropped: 0, iterations: 0 };

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
   * A report from what was heard: totals and time series as of the last snapshot; overall
   * latency is not known exactly (only per-interval percentiles were sent), so it is left at 0
   * and the reason says the engine died.
   */
  partialReport(reason: string, file: string): Report {
    const endedAt = Date.now();
    const last = this.phases[this.phases.length - 1];
    if (last) last.end = Math.min(last.end, endedAt);
    const loadStart = this.phases[0]?.start;
    const seconds = loadStart !== undefined ? Math.max(0.001, (endedAt - loadStart) / 1000) : 0;
    const partial: Omit<Report, 'recommendations'> = {
      scenario: this.plan?.scenario ?? 'unknown',
      file: this.plan?.file ?? file,
      startedAt: new Date(this.startedAt).toISOString(),
      endedAt: new Date(endedAt).toISOString(),
      durationMs: endedAt - this.startedAt,
      passed: false,
      exitCode: 3,
      outcome: 'error',
      reason,
      totals: {
        ...this.totals,
        rps: seconds > 0 ? Math.round((this.totals.requests / seconds) * 100) / 100 : 0,
        errorRate: this.totals.requests > 0 ? this.totals.errors / this.totals.requests : 0,
      },
      latency: emptyLatency(),
      errors: emptyErrorCounts(),
      statusCodes: {},
      steps: [],
      flows: [],
      phases: this.phases,
      criteria: this.criteria.map((c) => ({ ...c, passed: false })),
      alerts: [...this.alerts.values()],
      timeseries: this.rows,
      system: systemFacts(this.rows, undefined),
      setup: { ran: false, passed: false, error: 'unknown: the engine ended early' },
      teardown: { ran: false, passed: false, error: 'unknown: the engine ended early' },
    };
    return { ...partial, recommendations: computeRecommendations(partial) };
  }
}
