// An optimization hint: a rule whose findings are advice (information or hint severity), with a
// stable code and a short explanation the editor shows on hover.
import type { Rule } from './rule';

export interface HintRule extends Rule {
  readonly code: `hint-${string}`;
  /** Why the hint matters, in two or three sentences; shown on hover over the flagged range. */
  readonly explanation: string;
}
