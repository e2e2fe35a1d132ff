// The run's most frequent error messages across its steps, for the summary: a reader of a CI log
// should see why requests failed (a refused connection, a certificate, a status) without opening
// report.json, whether the run had one step or twenty.
import type { Report } from '../report/types';

export interface TopError {
  step: string;
  message: string;
  count: number;
}

/** How many messages the summary lists. */
export const TOP_ERRORS = 5;

/** The `limit` most frequent messages, most frequent first; ties keep the steps' order. */
export function topErrors(report: Report, limit = TOP_ERRORS): TopError[] {
  return report.steps
    .flatMap((step) => step.sampleErrors.map(({ message, count }) => ({ step: step.name, message, count })))
    .sort((a, b) => b.count - a.count)
    .slice(0, limit);
}
