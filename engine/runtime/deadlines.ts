// Total timeouts for in-flight requests with one sweeping timer, not one timer per request (and
// finer than undici's own request timers, which tick about once a second). Entries live in an
// array and remember their slot, so watching and unwatching cost no hashing on the hot path.
export interface Expirable {
  /** performance.now() ms after which the request has taken too long. */
  readonly deadline: number;
  /** The entry's index in the sweeper's array, or -1 when not watched. */
  slot: number;
  expire(): void;
}

/** How often deadlines are checked: a timeout fires at most this late. */
const SWEEP_MS = 20;

export class Deadlines {
  private readonly entries: Expirable[] = [];
  private timer: NodeJS.Timeout | undefined;

  watch(entry: Expirable): void {
    entry.slot = this.entries.length;
    this.entries.push(entry);
    if (!this.timer) {
      this.timer = setInterval(() => this.sweep(), SWEEP_MS);
      this.timer.unref();
    }
  }

  unwatch(entry: Expirable): void {
    const slot = entry.slot;
    if (slot < 0) return;
    const last = this.entries.pop() as Expirable;
    if (last !== entry) {
      this.entries[slot] = last;
      last.slot = slot;
    }
    entry.slot = -1;
  }

  private sweep(): void {
    if (this.entries.length === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    const now = performance.now();
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i];
      if (entry && entry.deadline <= now) {
        this.unwatch(entry);
        entry.expire();
      }
    }
  }
}
