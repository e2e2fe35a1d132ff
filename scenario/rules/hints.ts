// Every optimization hint, in the order they are reported. Hints are advice, not errors: they
// run when the caller asks for them (the language server, `validate`), never before a run.
import type { HintRule } from './hint-rule';
import { littlesLawHint } from './hint-littles-law';
import { noCriteriaHint } from './hint-no-criteria';
import { nonLoopbackTargetHint } from './hint-non-loopback-target';
import { noRampDownHint } from './hint-no-ramp-down';
import { openWithoutMaxUsersHint } from './hint-open-without-max-users';
import { repeatedHeadersHint } from './hint-repeated-headers';
import { shortSteadyHint } from './hint-short-steady';
import { steepRampHint } from './hint-steep-ramp';
import { urlCredentialsHint } from './hint-url-credentials';
import { zeroThinkHint } from './hint-zero-think';

export type { HintRule } from './hint-rule';

export const HINT_RULES: readonly HintRule[] = [
  nonLoopbackTargetHint,
  urlCredentialsHint,
  steepRampHint,
  shortSteadyHint,
  noRampDownHint,
  openWithoutMaxUsersHint,
  littlesLawHint,
  zeroThinkHint,
  repeatedHeadersHint,
  noCriteriaHint,
];

/** The explanation shown on hover, by diagnostic code. */
export function hintExplanation(code: string): string | undefined {
  return HINT_RULES.find((rule) => rule.code === code)?.explanation;
}
