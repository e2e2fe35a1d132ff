// Which names a template or an `if:` condition may read where it is written, as the engine
// resolves them: `variables` and `--var` names everywhere; setup's captures after setup (not in
// the target, read before setup runs); the captures of earlier steps of the same list (a block's
// steps follow it in outline.ts's order, so they see what came before the block).
import type { StepInfo } from '../outline';
import type { RuleContext } from './rule';

export interface SectionNames {
  /** `variables` and `--var` names: what the target and setup see. */
  base: Set<string>;
  /** Plus setup's captures: what defaults, flows and teardown see. */
  withSetup: Set<string>;
}

export function sectionNames({ outline, options }: RuleContext): SectionNames {
  const base = new Set([...outline.variables, ...Object.keys(options.vars ?? {})]);
  const withSetup = new Set([...base, ...outline.setup.flatMap((step) => step.captures.map((capture) => capture.name))]);
  return { base, withSetup };
}

/**
 * Calls `visit` for every step with the names visible to its values. `known` grows as the walk
 * goes on: read it during the call only.
 */
export function forEachStepScope(context: RuleContext, visit: (step: StepInfo, known: ReadonlySet<string>) => void): void {
  const { outline } = context;
  const { base, withSetup } = sectionNames(context);
  const walk = (steps: StepInfo[], visible: Set<string>) => {
    const known = new Set(visible);
    for (const step of steps) {
      visit(step, known);
      for (const capture of step.captures) known.add(capture.name);
    }
  };
  walk(outline.setup, base);
  for (const flow of outline.flows) walk(flow.steps, withSetup);
  walk(outline.teardown, withSetup);
}
