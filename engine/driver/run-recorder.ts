// Keeps what a client has heard from the engine during a run, as plain data (no histograms are
// decoded here), so that when the engine dies before its final report (killed, crashed), a
// partial report can still be built from everything measured up to then (partial-report.ts).
// The extension host keeps one per run and hands it to the report writer process.
import type { EngineToClient, PlanMessage } from '../protocol/messages';
import type { RecordedRun } from '../protocol/report-writer-messages';
import type { AlertReport, CriterionReport, PhaseReport, Report, TimeseriesRow } from '../../report/types';
import type { PartialResult } from '../metrics/partial';

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
  private totals: RecordedRun['totals'];

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

  /** Everything heard, as of now: plain data that crosses a process boundary as it is. */
  recorded(): RecordedRun {
    return {
      startedAt: this.startedAt,
      plan: this.plan,
      report: this.report,
      rows: this.rows,
      phases: this.phases,
      alerts: [...this.alerts.values()],
      criteria: this.criteria,
      measured: this.measured,
      totals: this.totals,
    };
  }
}
