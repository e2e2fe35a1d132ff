// `scenario(name)`: a fluent builder of the scenario model, key for key what the YAML holds.
// `.build()` gives that model (the same shape `fromYaml` reads), `.toYaml()` the YAML a user
// would write for it. Nothing is checked here: `validate()` says what the editor would.
import type { AlertRule, Criterion, DataSet, Defaults, Monitor, Phase, ScenarioModel, Step, VariableValue } from './model';
import { toYaml } from './convert';

/** The top-level keys in the contract's order (SCENARIO-FORMAT.md, "Top level"). */
const KEY_ORDER: readonly (keyof ScenarioModel)[] = ['version', 'name', 'description', 'target', 'defaults', 'variables', 'data', 'phases', 'setup', 'flows', 'teardown', 'criteria', 'alerts', 'monitor'];

export class ScenarioBuilder {
  private readonly model: ScenarioModel;

  constructor(name: string) {
    this.model = { version: 1, name, phases: [], flows: [] };
  }

  description(text: string): this {
    this.model.description = text;
    return this;
  }

  /** Base URL the requests' paths are joined to; templates allowed (`{{ env.TARGET }}`). */
  target(url: string): this {
    this.model.target = url;
    return this;
  }

  /** Headers, timeout, think, cookies, redirects, tls, http2: merged into what was set before. */
  defaults(defaults: Defaults): this {
    this.model.defaults = { ...this.model.defaults, ...defaults };
    return this;
  }

  /** Merged into the variables set before; a later value for a name wins. */
  variables(values: Record<string, VariableValue>): this {
    this.model.variables = { ...this.model.variables, ...values };
    return this;
  }

  /** A data set (`{ file, order }`); a relative file resolves against the run's `baseDir`. */
  data(name: string, set: DataSet): this {
    this.model.data = { ...this.model.data, [name]: set };
    return this;
  }

  /** Appends a phase; phases run in the order they were added. */
  phase(phase: Phase): this {
    this.model.phases.push(phase);
    return this;
  }

  /** Appends a flow; `weight` (default 1) is relative to the other flows'. */
  flow(name: string, steps: Step[], weight?: number): this {
    this.model.flows.push(weight === undefined ? { name, steps } : { name, weight, steps });
    return this;
  }

  setup(steps: Step[]): this {
    this.model.setup = [...(this.model.setup ?? []), ...steps];
    return this;
  }

  teardown(steps: Step[]): this {
    this.model.teardown = [...(this.model.teardown ?? []), ...steps];
    return this;
  }

  criteria(...criteria: Criterion[]): this {
    this.model.criteria = [...(this.model.criteria ?? []), ...criteria];
    return this;
  }

  alert(...alerts: AlertRule[]): this {
    this.model.alerts = [...(this.model.alerts ?? []), ...alerts];
    return this;
  }

  monitor(monitor: Monitor): this {
    this.model.monitor = { ...this.model.monitor, ...monitor };
    return this;
  }

  /**
   * The model, its keys in the order the format lists them (whatever the order of the calls), as
   * a copy: building on afterwards does not change what was returned.
   */
  build(): ScenarioModel {
    const ordered: Record<string, unknown> = {};
    for (const key of KEY_ORDER) if (this.model[key] !== undefined) ordered[key] = this.model[key];
    return structuredClone(ordered as unknown as ScenarioModel);
  }

  toYaml(): string {
    return toYaml(this.build());
  }
}

export function scenario(name: string): ScenarioBuilder {
  return new ScenarioBuilder(name);
}
