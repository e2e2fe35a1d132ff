// Criteria, evaluated live over the run so far at every interval and once more at the end.
// A criterion with `abort` stops the run once it has failed continuously for `after`.
import type { CriterionReport } from '../report/types';
import type { Criterion } from '../scenario/types';
import { formatMetricValue } from '../report/format';
import { compare, measure, type MetricView } from './evaluate';

export class CriteriaTracker {
  private readonly failingSince: (number | undefined)[];
  private abortedIndex: number | undefined;

  constructor(private readonly criteria: Criterion[]) {
    this.failingSince = criteria.map(() => undefined);
  }

  /**
   * Evaluates every criterion. With no data yet a criterion passes live (nothing has failed)
   * but fails at the end (a verdict needs a measurement).
   */
  evaluate(view: MetricView, now: number, final: boolean): CriterionReport[] {
    return this.criteria.map((criterion, index) => {
      const actual = measure(criterion.parsed, view);
      const passed = actual === null ? !final : compare(actual, criterion.parsed.op, criterion.parsed.value);
      if (!final) {
        if (passed) this.failingSince[index] = undefined;
        else if (this.failingSince[index] === undefined) this.failingSince[index] = now;
      }
      return {
        expr: criterion.expr,
        passed,
        actual: actual === null ? null : Math.round(actual * 1000) / 1000,
        actualText: formatMetricValue(criterion.parsed.metric, actual),
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
