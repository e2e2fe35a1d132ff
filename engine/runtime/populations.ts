// The virtual users of the load phases. Closed-model users loop over flows until a ramp-down
// or a stop takes them away; open-model users run one iteration per arrival and return to a pool.
import type { MetricsStore } from '../metrics/store';
import { FlowPicker, runFlowIteration, type CompiledFlow } from './flow';
import { userNumber, type Segment } from './schedule';
import { VuState, type RunScope } from './vu-state';

/** Those waiting for a population to have nothing running. */
class IdleSignal {
  private waiters: (() => void)[] = [];

  /** Resolves at once when `idleNow`, else at the next `notify`. */
  wait(idleNow: boolean): Promise<void> {
    if (idleNow) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

export class ClosedPopulation {
  /** Users in start order; the last ones leave first on a ramp down. */
  private readonly active: VuState[] = [];
  /** Users whose loop is still running (including ones finishing after a ramp down). */
  running = 0;
  private readonly idleSignal = new IdleSignal();

  constructor(
    private readonly picker: FlowPicker,
    private readonly store: MetricsStore,
    private readonly scope: RunScope,
    private readonly segment: Segment,
    /** Called when a user leaves for good (its connections can close). */
    private readonly onLeave: (vu: VuState) => void = () => {},
  ) {}

  get level(): number {
    return this.active.length;
  }

  /** Starts or stops users so that `count` of this segment's users are active. */
  setLevel(count: number): void {
    while (this.active.length < count) {
      const vu = new VuState(userNumber(this.segment, this.active.length), this.scope);
      vu.readyAt = performance.now();
      this.active.push(vu);
      this.running++;
      this.loop(vu);
    }
    while (this.active.length > count) {
      const vu = this.active.pop() as VuState;
      vu.stopping = true;
      vu.wake?.();
    }
  }

  /**
   * Starts `count` more users that each run `iterations` iterations and then leave (a phase with
   * `iterations`); they are not replaced when they leave.
   */
  startFinite(count: number, iterations: number): void {
    for (let i = 0; i < count; i++) {
      const vu = new VuState(userNumber(this.segment, this.active.length), this.scope);
      vu.readyAt = performance.now();
      vu.iterationLimit = iterations;
      this.active.push(vu);
      this.running++;
      this.loop(vu);
    }
  }

  private loop(vu: VuState): void {
    if (vu.iterationLimit !== undefined && vu.iteration >= vu.iterationLimit && !vu.stopping) {
      // Done with its iterations: it leaves, and the level drops with it.
      vu.stopping = true;
      const at = this.active.indexOf(vu);
      if (at >= 0) this.active.splice(at, 1);
    }
    if (vu.stopping) {
      this.onLeave(vu);
      this.running--;
      if (this.running === 0) this.idleSignal.notify();
      return;
    }
    let starting = true;
    runFlowIteration(this.picker.pick(), vu, vu.readyAt, this.store, () => {
      // The user is ready now: its next iteration is due now (or when its last think was planned
      // to end), however long the engine takes to get to it.
      vu.readyAt = vu.thinkEndedAt ?? performance.now();
      vu.thinkEndedAt = undefined;
      // An iteration that ended within its own start (a template error, say) yields first, so a
      // flow that fails at once cannot starve the loop; one that ended on a response goes on at
      // once, since waiting for the next turn of the loop would only add lag.
      if (starting) setImmediate(() => this.loop(vu));
      else this.loop(vu);
    });
    starting = false;
  }

  /** Resolves once no user's loop is running. */
  whenIdle(): Promise<void> {
    return this.idleSignal.wait(this.running === 0);
  }
}

export class OpenPopulation {
  private readonly idle: VuState[] = [];
  private created = 0;
  busy = 0;
  private readonly idleSignal = new IdleSignal();
  stopping = false;
  private readonly busyVus = new Set<VuState>();

  constructor(
    private readonly picker: FlowPicker,
    private readonly store: MetricsStore,
    private readonly scope: RunScope,
    private readonly segment: Segment,
  ) {}

  private nextIdle: (() => void) | undefined;

  /** Calls `then` once, when a busy user next becomes free; undefined cancels it. */
  onNextIdle(then: (() => void) | undefined): void {
    this.nextIdle = then;
  }

  /** Is a user free to take an arrival at once (no new user, no new connection)? */
  hasIdle(): boolean {
    return this.idle.length > 0;
  }

  /** Starts one iteration due at `dueAt`; returns false (dropped) when `cap` users are busy. */
  arrive(dueAt: number, cap: number): boolean {
    if (this.busy >= cap) return false;
    let vu = this.idle.pop();
    if (!vu) vu = new VuState(userNumber(this.segment, this.created++), this.scope);
    this.busy++;
    this.busyVus.add(vu);
    const flow: CompiledFlow = this.picker.pick();
    const user = vu;
    runFlowIteration(flow, user, dueAt, this.store, () => {
      this.busy--;
      this.busyVus.delete(user);
      if (!this.stopping) this.idle.push(user);
      const waiting = this.nextIdle;
      this.nextIdle = undefined;
      waiting?.();
      if (this.busy === 0) this.idleSignal.notify();
    });
    return true;
  }

  /** Ends every busy iteration at its next step boundary, and cuts thinks short. */
  stopAll(): void {
    this.stopping = true;
    for (const vu of this.busyVus) {
      vu.stopping = true;
      vu.wake?.();
    }
  }

  /** Resolves once no iteration is running. */
  whenIdle(): Promise<void> {
    return this.idleSignal.wait(this.busy === 0);
  }
}
