// Criteria, evaluated live over the run so far at every interval and once more at the end.
// A criterion with `abort` stops the run once it has failed continuously for `after`.
import type { CriterionReport } from '../../report/types';
import type { Criterion } from '../../scenario/types';
import { formatMetricValue, NO_DATA } from '../../report/format';
import { compare, measure, type MetricView } from './evaluate';

export class CriteriaTracker {
  private readonly failingSince: (number | undefined)[];
  private abortedIndex: number | undefined;

  constructor(private readonly criteria: Criterion[]) {
    this.failingSince = criteria.map(() => undefined);
  }

  /**
   * Evaluates every criterion. One with nothing to measure (its step never ran, so far or at
   * all) is not evaluated: it fails with `actual: null` and the reason "no data", for a run
   * cannot pass on what it never measured; but live it does not start the abort clock, since its
   * step may still run. A latency criterion whose requests were all tried and none answered (the
   * target is down) fails as well and does count toward an abort: a run with 100% errors must
   * not pass on its latency. A misspelled step or flow never gets here: validation rejects it.
   */
  evaluate(view: MetricView, now: number, final: boolean): CriterionReport[] {
    return this.criteria.map((criterion, index) => {
      const actual = measure(criterion.parsed, view);
      const { metric, step, flow } = criterion.parsed;
      const tried = actual === null && (metric === 'latency' || metric === 'timeToFirstEvent') ? (view.attempted?.(step, flow) ?? 0) : 0;
      const passed = actual !== null && compare(actual, criterion.parsed.op, criterion.parsed.value);
      if (!final) {
        const failing = !passed && (actual !== null || tried > 0);
        if (!failing) this.failingSince[index] = undefined;
        else if (this.failingSince[index] === undefined) this.failingSince[index] = now;
      }
      return {
        expr: criterion.expr,
        passed,
        actual: actual === null ? null : Math.round(actual * 1000) / 1000,
        actualText: actual !== null ? formatMetricValue(metric, actual) : tried > 0 ? `${NO_DATA}: none of ${tried} answered` : NO_DATA,
        ...(actual === null ? { reason: NO_DATA } : {}),
        abort: criterion.abort,
        aborted: this.abortedIndex === index,
      };
    });
  }

  /** The first abortable criterion that has failed for its whole `after` window, if any. */
  dueForAbort(now: number): Criterion | undefined {
    for (let i = 0; i < this.criteria.length; i++) {
      const since = this.failingSince[i];
      const criterion = this.criteria[i];
      if (criterion.abort && since !== undefined && now - since >= criterion.afterMs) {
        this.abortedIndex = i;
        return criterion;
      }
    }
    return undefined;
  }
}
