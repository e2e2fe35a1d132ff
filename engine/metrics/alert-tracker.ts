// Alerts, evaluated over each monitor interval: one fires once its condition has held for
// `for`, resolves when it stops holding, and may stop the run (`abort`).
import type { AlertReport } from '../../report/types';
import type { Alert } from '../../scenario/types';
import { compare, measure, type MetricView } from './evaluate';

export interface AlertChange {
  alert: AlertReport;
  state: 'fired' | 'resolved';
  abort: boolean;
}

export class AlertTracker {
  private readonly holdingSince: (number | undefined)[];
  private readonly active: (AlertReport | undefined)[];
  /** Every alert that fired, in order, with its resolution time once known. */
  readonly history: AlertReport[] = [];

  constructor(private readonly alerts: Alert[]) {
    this.holdingSince = alerts.map(() => undefined);
    this.active = alerts.map(() => undefined);
  }

  /** `now` is the epoch ms at the end of the interval the view covers. */
  evaluate(view: MetricView, now: number, intervalMs: number): AlertChange[] {
    const changes: AlertChange[] = [];
    this.alerts.forEach((alert, index) => {
      const value = measure(alert.parsed, view);
      const holds = value !== null && compare(value, alert.parsed.op, alert.parsed.value);
      if (holds) {
        // The condition has held since the start of this interval.
        const since = this.holdingSince[index] ?? now - intervalMs;
        this.holdingSince[index] = since;
        if (!this.active[index] && now - since >= alert.forMs) {
          const report: AlertReport = {
            when: alert.when,
            severity: alert.severity,
            firedAt: now,
            resolvedAt: null,
            value: Math.round(value * 1000) / 1000,
            abort: alert.abort,
          };
          this.active[index] = report;
          this.history.push(report);
          changes.push({ alert: report, state: 'fired', abort: alert.abort });
        }
      } else {
        this.holdingSince[index] = undefined;
        const active = this.active[index];
        if (active) {
          active.resolvedAt = now;
          this.active[index] = undefined;
          changes.push({ alert: active, state: 'resolved', abort: false });
        }
      }
    });
    return changes;
  }
}
