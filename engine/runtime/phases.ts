// Drives the load phases in order: one timer, rescheduled, moves the closed population along
// its ramp or starts the open model's due arrivals (each measured from its scheduled time).
import type { MetricsStore } from '../metrics/store';
import type { Phase } from '../scenario/types';
import type { ClosedPopulation, OpenPopulation } from './populations';
import { arrivalTimeMs, closedLevel, nextArrivalOf, usersInSegment, type Segment } from './schedule';

/** How often a closed ramp re-evaluates its level. */
const RAMP_TICK_MS = 20;

export interface PhaseHooks {
  onPhaseStart(index: number, phase: Phase, startEpochMs: number): void;
}

export class PhaseDriver {
  private timer: NodeJS.Timeout | undefined;
  private endPhase: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly phases: Phase[],
    private readonly closed: ClosedPopulation,
    private readonly open: OpenPopulation,
    private readonly store: MetricsStore,
    private readonly segment: Segment,
    private readonly hooks: PhaseHooks,
  ) {}

  /** Runs every phase; resolves when the last ends or a stop arrives. */
  async runAll(): Promise<void> {
    for (let index = 0; index < this.phases.length && !this.stopped; index++) {
      const phase = this.phases[index];
      const startEpoch = Date.now();
      this.hooks.onPhaseStart(index, phase, startEpoch);
      if (phase.model === 'closed') await this.runClosed(phase);
      else {
        // Users of an earlier closed phase leave when the model switches to open.
        this.closed.setLevel(0);
        await this.runOpen(phase);
      }
    }
    if (!this.stopped) this.closed.setLevel(0);
  }

  /** Ends the current phase now and runs no further ones. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.endPhase?.();
  }

  private runClosed(phase: Phase): Promise<void> {
    return new Promise((resolve) => {
      const start = performance.now();
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

  private runOpen(phase: Phase): Promise<void> {
    return new Promise((resolve) => {
      const start = performance.now();
      const cap = phase.maxUsers !== undefined ? usersInSegment(phase.maxUsers, this.segment) : Infinity;
      let n = nextArrivalOf(this.segment, 0);
      const finish = (): void => {
        this.endPhase = undefined;
        resolve();
      };
      this.endPhase = finish;
      const tick = (): void => {
        const now = performance.now();
        let due = arrivalTimeMs(n, phase.from, phase.to, phase.durationMs);
        // Start every arrival that is due; a late timer starts them together, each still
        // measured from its own scheduled time.
        while (due !== Infinity && start + due <= now) {
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
