// What one virtual user carries between steps: its number, its iteration, its captures (which
// shadow the setup captures and the scenario's variables), its current data rows and its
// cookie jar.
import type { CookieJar } from 'tough-cookie';
import type { TemplateLog } from './template-log';

export type Scalar = string | number | boolean;
/** A variable's value: a scalar, or a list (a capture with `[*]`, e.g. `body.items[*].id`). */
export type Value = Scalar | Scalar[];

export interface RunScope {
  /** `variables` with `--var` overrides, then setup captures on top; read-only for VUs. */
  shared: Record<string, Value>;
  /**
   * Variables whose value holds a template (`user: "u{{ random.int(1, 9) }}"`), by name: used
   * by a template, such a variable is rendered at its first use in an iteration and keeps that
   * value for the rest of it. Only the scenario's own text is rendered — a captured value never
   * is (it came from the server).
   */
  templated: Map<string, string>;
  env: Record<string, string | undefined>;
  /** Data sets by name: rows of column -> value. */
  data: Record<string, DataSource>;
}

export interface DataSource {
  rows: Record<string, string>[];
  order: 'sequential' | 'random';
  /** Next row for `sequential`; shared by all VUs so each iteration takes the next row. */
  cursor: number;
}

export class VuState {
  iteration = 0;
  /** Captures of this VU; the prototype chain reaches the shared scope. */
  vars: Record<string, Value>;
  /** Data rows picked for the current iteration, by set name. */
  rows: Record<string, Record<string, string>> = {};
  /** Set by a ramp-down or a stop: the VU ends at its next step boundary. */
  stopping = false;
  /** Called by a stop to cut a think short. */
  wake: (() => void) | null = null;
  /**
   * When a think ends, the moment it was planned to end (performance.now() ms): the next step is
   * due then, so a think timer that fires late counts as the generator's lag, not as lost time.
   */
  thinkEndedAt: number | undefined;
  /** The `repeat:` blocks this user is inside, innermost last (`{{ loop.index }}`, `{{ loop.value }}`). */
  loops: { index: number; value: Scalar | undefined }[] | undefined;
  /** A phase with `iterations`: this user leaves after that many. */
  iterationLimit: number | undefined;
  /** Closed model: when this user became ready for its next iteration (performance.now() ms). */
  readyAt = 0;
  /** Values of variables holding templates, as rendered in this iteration (template.ts). */
  renderedVariables: Map<string, string> | undefined;
  /**
   * Set by a trial's request while it renders (request-step.ts): every template expression
   * writes its value here (template.ts). Undefined otherwise, so a load pays one test for it.
   */
  templateLog: TemplateLog | undefined;
  /** Cookies the target set for this user (cookies.ts); created on the first Set-Cookie. */
  jar: CookieJar | undefined;

  constructor(
    readonly id: number,
    readonly scope: RunScope,
  ) {
    this.vars = Object.create(scope.shared) as Record<string, Value>;
  }

  /** Starts a new iteration: fresh rows, captures kept (k6 and Artillery keep them per VU). */
  beginIteration(): void {
    this.iteration += 1;
    this.rows = {};
    this.thinkEndedAt = undefined;
    this.renderedVariables?.clear();
  }

  row(set: string): Record<string, string> | undefined {
    let row = this.rows[set];
    if (row) return row;
    const source = this.scope.data[set];
    if (!source || source.rows.length === 0) return undefined;
    if (source.order === 'random') {
      row = source.rows[Math.floor(Math.random() * source.rows.length)];
    } else {
      row = source.rows[source.cursor % source.rows.length];
      source.cursor += 1;
    }
    this.rows[set] = row;
    return row;
  }
}
