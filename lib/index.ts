// The package's public entry (`import { scenario, run } from 'stampede'`): the contract's "The
// library" (docs/LIBRARY.md). Everything runs the load in the engine's child process.
export { scenario, ScenarioBuilder } from './builder';
export { fromYaml, toJson, toYaml } from './convert';
export { validate, type ScenarioDiagnostic, type ValidateOptions } from './validate';
export { run, RunHandle, RunError, type RunEvent, type RunEvents, type RunOptions, type RunProgress, type PhaseStart } from './run-handle';
export { LoadTestManager } from './manager';
export { MetricsCollector, type MetricsCollectorOptions } from './metrics-collector';
export { scenarios, SCENARIO_TYPES, type ScenarioFactory, type ScenarioFactoryOptions, type ScenarioSize, type ScenarioType } from './gallery';
export type * from './model';
