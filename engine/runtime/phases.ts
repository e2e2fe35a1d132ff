// Drives the load phases in order: one timer, rescheduled, moves the closed population along
// its ramp or starts the open model's due arrivals (each measured from its scheduled time).
import type { MetricsStore } from '../metrics/store';
import type { Phase } from '../../scenario/types';
import type { ClosedPopulation, OpenPopulation } from './populations';
import { arrivalTimeMs, closedLevel, nextArrivalOf, usersInSegment, type Segment } from './schedule';

/** How often a closed ramp re-evaluates its level. */
const RAMP_TICK_MS = 20;

export interface PhaseHooks {
  onPhaseStart(index: number, phase: Phase, startEpochMs: number): void;
  /** The open model reached `limit` users without `maxUsers` (the engine's own limit; once a run). */
  onUserLimit?(limit: number): void;
}

/** How overdue the load's start may be before the arrivals it missed are dropped (ms). */
const LATE_START_TOLERANCE_MS = 50;

export class PhaseDriver {
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private endPhase: (() => void) | undefined;
  private stopped = false;
  private limitReached = false;
  /** Open-model arrivals due before this driver joined a late start: dropped, not sent late. */
  missed = 0;
  /** How late it joined the schedule (ms; 0 when on time). */
  lateByMs = 0;

  constructor(
    private readonly phases: Phase[],
    private readonly closed: ClosedPopulation,
    private readonly open: OpenPopulation,
    private readonly store: MetricsStore,
    private readonly segment: Segment,
    private readonly hooks: PhaseHooks,
    /** Open-model users at most, whatever `maxUsers` says (open-files.ts). */
    private readonly userLimit: number,
  ) {}

  /** When this driver began (performance.now() ms, less a tolerance): arrivals due before it were missed. */
  private joinedAt = 0;

  /**
   * Runs every phase; resolves when the last ends or a stop arrives. The phases follow one
   * absolute schedule from `origin` (performance.now() ms; now by default): each starts when the
   * ones before it have had their durations, so segments on other machines stay in step. An
   * origin in the past is a late start (`--start-at` gone by): phases already over are skipped,
   * and the open model's arrivals that were due before now count as dropped, not sent in a burst.
   */
  async runAll(origin = performance.now()): Promise<void> {
    // Arrivals a moment overdue are sent (their wait is lag); only a real late start drops.
    this.joinedAt = Math.max(origin, performance.now() - LATE_START_TOLERANCE_MS);
    this.lateByMs = Math.round(this.joinedAt - origin);
    let cursor = origin;
    for (let index = 0; index < this.phases.length && !this.stopped; index++) {
      const phase = this.phases[index];
      const start = cursor;
      cursor += phase.durationMs;
      const over = phase.iterations === undefined && start + phase.durationMs <= this.joinedAt;
      if (over && phase.model === 'closed') continue;
      this.hooks.onPhaseStart(index, phase, Date.now() - (performance.now() - start));
      if (phase.model === 'closed') await this.runClosed(phase, start);
      else {
        // Users of an earlier closed phase leave when the model switches to open.
        this.closed.setLevel(0);
        await this.runOpen(phase, start);
      }
      // A phase of iterations ends when its users are done: the schedule continues from then.
      if (phase.iterations !== undefined) cursor = performance.now();
    }
    if (!this.stopped) this.closed.setLevel(0);
  }

  /** Ends the current phase now and runs no further ones. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.open.onNextIdle(undefined);
    this.endPhase?.();
  }

  /**
   * A closed phase with `iterations`: the users of the level start at once, each runs its
   * iterations and leaves; the phase ends when all have left, or at its duration (then those
   * still running leave at their next step boundary). Users of an earlier phase leave first.
   */
  private runIterations(phase: Phase, iterations: number): Promise<void> {
    return new Promise((resolve) => {
      let finished = false;
      const finish = (): void => {
        if (finished) return;
        finished = true;
        if (this.timer) clearTimeout(this.timer);
        this.endPhase = undefined;
        resolve();
      };
      this.endPhase = finish;
      this.closed.setLevel(0);
      this.closed.startFinite(usersInSegment(phase.to, this.segment), iterations);
      void this.closed.whenIdle().then(finish);
      if (phase.durationMs > 0) {
        this.timer = setTimeout(() => {
          this.closed.setLevel(0);
          finish();
        }, phase.durationMs);
      }
    });
  }

  private runClosed(phase: Phase, start: number): Promise<void> {
    if (phase.iterations !== undefined) return this.runIterations(phase, phase.iterations);
    return new Promise((resolve) => {
      const finish = (): void => {
        this.endPhase = undefined;
        resolve();
      };
      this.endPhase = finish;
      const tick = (): void => {
        const elapsed = performance.now() - start;
        const level = closedLevel(phase.from, phase.to, phase.durationMs, elapsed);
        this.closed.setLevel(usersInSegment(level, this.segment));
        if (elapsed >= phase.durationMs) {
          finish();
          return;
        }
        const constant = phase.from === phase.to;
        const wait = constant ? phase.durationMs - elapsed : Math.min(RAMP_TICK_MS, phase.durationMs - elapsed);
        this.timer = setTimeout(tick, Math.max(1, wait));
      };
      tick();
    });
  }

  private runOpen(phase: Phase, start: number): Promise<void> {
    return new Promise((resolve) => {
      const cap = phase.maxUsers !== undefined ? usersInSegment(phase.maxUsers, this.segment) : Infinity;
      let n = nextArrivalOf(this.segment, 0);
      // Set when a turn of the loop was taken to read answers before starting more arrivals.
      let readFirst = false;
      const finish = (): void => {
        this.endPhase = undefined;
        resolve();
      };
      this.endPhase = finish;
      const tick = (): void => {
        this.timer = undefined;
        this.immediate = undefined;
        if (this.stopped) return;
        const afterRead = readFirst;
        readFirst = false;
        let added = false;
        const now = performance.now();
        let due = arrivalTimeMs(n, phase.from, phase.to, phase.durationMs);
        // Start every arrival that is due; a late timer starts them together, each still
        // measured from its own scheduled time.
        while (due !== Infinity && start + due <= now) {
          // Due before this engine joined the run (a late start): missed, not sent late.
          if (start + due < this.joinedAt) {
            this.store.recordDropped();
            this.missed++;
            n = nextArrivalOf(this.segment, n + 1);
            due = arrivalTimeMs(n, phase.from, phase.to, phase.durationMs);
            continue;
          }
          // No user is free. When the engine runs late, answers that would free users may be
          // waiting unread: read them first (a turn of the loop, in which I/O is polled) rather
          // than add a user, and its connection, for every late arrival — on a busy core each
          // new connection makes the engine later still, and a burst of them grew into a storm
          // of thousands. After the read, one user is added per turn while arrivals wait.
          if (!this.open.hasIdle()) {
            if (!afterRead || added) {
              readFirst = true;
              this.immediate = setImmediate(tick);
              return;
            }
            // The engine's own limit, below any `maxUsers`: an arrival waits for a free user
            // (its wait is the generator's lag) instead of failing to connect. At `maxUsers`
            // itself the arrival is dropped, as the contract says.
            if (this.open.busy < cap && this.open.busy >= this.userLimit) {
              if (!this.limitReached) {
                this.limitReached = true;
                this.hooks.onUserLimit?.(this.userLimit);
              }
              readFirst = true;
              this.open.onNextIdle(tick);
              return;
            }
            added = true;
          }
          if (!this.open.arrive(start + due, cap)) this.store.recordDropped();
          n = nextArrivalOf(this.segment, n + 1);
          due = arrivalTimeMs(n, phase.from, phase.to, phase.durationMs);
        }
        const elapsed = now - start;
        if (due === Infinity) {
          if (elapsed >= phase.durationMs) {
            finish();
            return;
          }
          this.timer = setTimeout(tick, Math.max(1, phase.durationMs - elapsed));
          return;
        }
        this.timer = setTimeout(tick, Math.max(0, start + due - performance.now()));
      };
      tick();
    });
  }
}
