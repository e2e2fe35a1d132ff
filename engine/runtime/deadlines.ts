// Total timeouts for in-flight requests with one sweeping timer, not one timer per request (and
// finer than undici's own request timers, which tick about once a second).
export interface Expirable {
  /** performance.now() ms after which the request has taken too long. */
  readonly deadline: number;
  expire(): void;
}

/** How often deadlines are checked: a timeout fires at most this late. */
const SWEEP_MS = 20;

export class Deadlines {
  private readonly entries = new Set<Expirable>();
  private timer: NodeJS.Timeout | undefined;

  watch(entry: Expirable): void {
    this.entries.add(entry);
    if (!this.timer) {
      this.timer = setInterval(() => this.sweep(), SWEEP_MS);
      this.timer.unref();
    }
  }

  unwatch(entry: Expirable): void {
    this.entries.delete(entry);
  }

  private sweep(): void {
    if (this.entries.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    const now = performance.now();
    for (const entry of this.entries) {
      if (entry.deadline <= now) {
        this.entries.delete(entry);
        entry.expire();
      }
    }
  }
}
