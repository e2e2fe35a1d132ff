// A pause, fixed or drawn uniformly from a range; a stop cuts it short.
import type { Think } from '../../scenario/types';
import type { StepRunner } from './step';
import type { VuState } from './vu-state';

export class ThinkStepRunner implements StepRunner {
  readonly name = 'think';

  constructor(private readonly think: Think) {}

  run(vu: VuState, _dueAt: number, done: (ok: boolean) => void): void {
    const { minMs, maxMs } = this.think;
    const ms = minMs === maxMs ? minMs : minMs + Math.random() * (maxMs - minMs);
    if (ms <= 0 || vu.stopping) {
      done(true);
      return;
    }
    const plannedEnd = performance.now() + ms;
    const timer = setTimeout(() => {
      vu.wake = null;
      vu.thinkEndedAt = plannedEnd;
      done(true);
    }, ms);
    vu.wake = () => {
      clearTimeout(timer);
      vu.wake = null;
      done(true);
    };
  }
}
