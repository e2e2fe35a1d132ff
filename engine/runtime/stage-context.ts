// One stage of a run (setup, the load, teardown): its connections, its request deadlines, its
// streams (SSE subscriptions, WebSocket sessions) and whether a stop has cut it. A stop cuts one stage without touching the next.
import { Deadlines } from './deadlines';
import { HttpPools } from './http-pools';
import type { VuState } from './vu-state';

/** A step holding long-lived sessions (sse, ws) that a stop must end at once. */
export interface StreamStep {
  closeAll(): void;
}

/** The pools and the cancelled flag of one stage: a stop cuts one stage without the next. */
export class StageContext {
  readonly pools = new HttpPools();
  readonly deadlines = new Deadlines();
  cancelled = false;
  /** Registered by the sse and ws steps as they are compiled (blocks' steps included). */
  readonly streams: StreamStep[] = [];
  /** Setup's or teardown's one user; the load stage's users belong to the populations. */
  vu: VuState | undefined;

  async cancel(): Promise<void> {
    this.cancelled = true;
    // Wake it from a think, so that a stop during setup does not wait the think out.
    if (this.vu) {
      this.vu.stopping = true;
      this.vu.wake?.();
    }
    for (const step of this.streams) step.closeAll();
    await this.pools.destroyAll();
  }
}
