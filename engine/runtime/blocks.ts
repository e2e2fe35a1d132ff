// Blocks of steps (contract, second edition: "Blocks"): `group` (its total time is a metric),
// `repeat` (a number of times, or once per element of a list), `if`/`else`, and the `record`
// step (custom metrics). A block runs its compiled steps with the same sequencing as a flow;
// a failed step inside ends the block and, as any failed step, the iteration.
import type { IfStep, RecordStep, RepeatStep } from '../../scenario/types';
import { parseCondition } from '../../scenario/conditions';
import type { MetricsStore, StepMetrics } from '../metrics/store';
import { compileCondition, type CompiledCondition } from './condition';
import type { RequestContext } from './request-step';
import { runIteration } from './sequence';
import type { StepRunner } from './step';
import { compileTemplate, TemplateError, type CompiledTemplate } from './template';
import type { Scalar, VuState } from './vu-state';

/**
 * Where a block's own failure (a condition or count that cannot be read) is counted: a step
 * entry of the block's name, made on the first failure so a block that never fails adds none.
 */
function blockFailure(ctx: RequestContext, name: string, err: unknown, done: (ok: boolean) => void): void {
  const metrics: StepMetrics = ctx.store.step(name, 'request', ctx.flowName);
  ctx.store.recordError(metrics, 'template', err instanceof TemplateError ? err.message : String(err), ctx.flow);
  done(false);
}

export class GroupRunner implements StepRunner {
  constructor(
    readonly name: string,
    private readonly steps: StepRunner[],
    private readonly store: MetricsStore,
  ) {}

  run(vu: VuState, dueAt: number, done: (ok: boolean) => void): void {
    runIteration(this.steps, vu, dueAt, (failed) => {
      // From when its first step was due to the end of its last (think times included).
      if (this.store.recordingLoad) this.store.recordGroup(this.name, performance.now() - dueAt);
      done(!failed);
    });
  }
}

export class RepeatRunner implements StepRunner {
  readonly name: string;
  private readonly times: CompiledTemplate | number | undefined;
  /** `over: "{{ name }}"`: the variable read as a list. */
  private readonly over: { name: string | undefined; template: CompiledTemplate } | undefined;

  constructor(
    step: RepeatStep,
    private readonly steps: StepRunner[],
    private readonly ctx: RequestContext,
  ) {
    this.name = step.name;
    this.times = typeof step.times === 'string' ? compileTemplate(step.times) : step.times;
    if (step.over !== undefined) {
      const whole = /^\s*\{\{\s*([A-Za-z_][\w-]*)\s*\}\}\s*$/.exec(step.over);
      this.over = { name: whole?.[1], template: compileTemplate(step.over) };
    }
  }

  run(vu: VuState, dueAt: number, done: (ok: boolean) => void): void {
    let values: (Scalar | undefined)[];
    try {
      values = this.over ? this.list(vu) : new Array<undefined>(this.count(vu)).fill(undefined);
    } catch (err) {
      blockFailure(this.ctx, this.name, err, done);
      return;
    }
    const loops = (vu.loops ??= []);
    const loop = { index: 0, value: values[0] };
    loops.push(loop);
    const finish = (ok: boolean): void => {
      loops.pop();
      done(ok);
    };
    let due = dueAt;
    const next = (): void => {
      if (loop.index >= values.length || vu.stopping) {
        finish(true);
        return;
      }
      loop.value = values[loop.index];
      runIteration(this.steps, vu, due, (failed) => {
        if (failed) {
          finish(false);
          return;
        }
        loop.index++;
        due = vu.thinkEndedAt ?? performance.now();
        vu.thinkEndedAt = undefined;
        // A body that ends at once (no request) must not grow the stack with each repetition.
        queueMicrotask(next);
      });
    };
    next();
  }

  private count(vu: VuState): number {
    const text = typeof this.times === 'number' ? String(this.times) : (this.times?.render(vu) ?? '0');
    const count = Number(text);
    if (!Number.isInteger(count) || count < 0) throw new TemplateError(`repeat: "${text}" is not a whole number of times`);
    return count;
  }

  private list(vu: VuState): Scalar[] {
    const over = this.over as NonNullable<RepeatRunner['over']>;
    const raw = over.name !== undefined ? vu.vars[over.name] : undefined;
    if (Array.isArray(raw)) return raw;
    const text = over.template.render(vu);
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.map((item) => (typeof item === 'object' && item !== null ? JSON.stringify(item) : (item as Scalar)));
    } catch {
      // not JSON: said below
    }
    throw new TemplateError(`repeat over: "${text.length > 60 ? `${text.slice(0, 60)}…` : text}" is not a list (capture one with \`body.items[*].id\`)`);
  }
}

export class IfRunner implements StepRunner {
  readonly name: string;
  private readonly condition: CompiledCondition | string;

  constructor(
    step: IfStep,
    private readonly then: StepRunner[],
    private readonly otherwise: StepRunner[],
    private readonly ctx: RequestContext,
  ) {
    this.name = step.name;
    const parsed = parseCondition(step.condition);
    // Validation refuses a malformed condition; kept as its message should one get here.
    this.condition = parsed.ok ? compileCondition(parsed.value) : `if: ${parsed.message}`;
  }

  run(vu: VuState, dueAt: number, done: (ok: boolean) => void): void {
    let holds: boolean;
    try {
      if (typeof this.condition === 'string') throw new TemplateError(this.condition);
      holds = this.condition(vu);
    } catch (err) {
      blockFailure(this.ctx, this.name, err, done);
      return;
    }
    const steps = holds ? this.then : this.otherwise;
    if (steps.length === 0) done(true);
    else runIteration(steps, vu, dueAt, (failed) => done(!failed));
  }
}

export class RecordRunner implements StepRunner {
  readonly name: string;
  private readonly values: [string, CompiledTemplate | number][];

  constructor(
    step: RecordStep,
    private readonly ctx: RequestContext,
  ) {
    this.name = step.name;
    this.values = Object.entries(step.values).map(([metric, value]) => [metric, typeof value === 'number' ? value : compileTemplate(value)]);
  }

  run(vu: VuState, _dueAt: number, done: (ok: boolean) => void): void {
    const store = this.ctx.store;
    try {
      const numbers = this.values.map(([metric, value]): [string, number] => {
        const text = typeof value === 'number' ? String(value) : value.render(vu);
        const number = Number(text);
        if (text.trim() === '' || !Number.isFinite(number)) throw new TemplateError(`record ${metric}: "${text}" is not a number`);
        return [metric, number];
      });
      if (store.recordingLoad) for (const [metric, number] of numbers) store.recordCustom(metric, number);
    } catch (err) {
      blockFailure(this.ctx, this.name, err, done);
      return;
    }
    done(true);
  }
}
