// The names a library user writes: the scenario as the YAML describes it (scenario/raw-types.ts,
// the very shape the schema checks and the engine normalizes) and the report (report/types.ts).
// Aliases, not copies: a change to the format changes these types with it.
import type { RawExpectation, RawPhase, RawRequestStep, RawScenario, RawStep } from '../scenario/raw-types';

/** A scenario as its YAML describes it: what `scenario(name).build()` and `fromYaml` give. */
export type ScenarioModel = RawScenario;
/** One step of a flow, `setup` or `teardown`: a request, think, sse, ws, group, repeat, if or record. */
export type Step = RawStep;
export type RequestStep = RawRequestStep;
/** One load phase: `duration` and `users` (closed model) or `rate` (open model). */
export type Phase = RawPhase;
export type Expectation = RawExpectation;
export type Flow = RawScenario['flows'][number];
/** A criterion: an expression (`p95(latency) < 250ms`) or `{ expr, abort, after }`. */
export type Criterion = NonNullable<RawScenario['criteria']>[number];
export type AlertRule = NonNullable<RawScenario['alerts']>[number];
export type Defaults = NonNullable<RawScenario['defaults']>;
export type Monitor = NonNullable<RawScenario['monitor']>;
export type DataSet = NonNullable<RawScenario['data']>[string];
export type VariableValue = NonNullable<RawScenario['variables']>[string];

export type {
  AlertReport,
  CriterionReport,
  FlowReport,
  LatencySummary,
  PhaseReport,
  Report,
  StepReport,
  TimeseriesRow,
  Totals,
} from '../report/types';
export type { TimeRange, RangeFigures } from '../report/range';
