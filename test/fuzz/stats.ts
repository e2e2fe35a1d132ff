// The fuzz suite's seed and figures: one seed per run (FUZZ_SEED reproduces a run), the number of
// cases per family, and the slowest call of each function.
import { performance } from 'node:perf_hooks';

/** The run's seed: FUZZ_SEED when set, else a fresh one (printed, so a failure can be replayed). */
export const SEED = process.env.FUZZ_SEED !== undefined && process.env.FUZZ_SEED !== '' ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 0x7fffffff);
if (!Number.isInteger(SEED)) throw new Error(`FUZZ_SEED must be an integer, got "${process.env.FUZZ_SEED}"`);

/** FUZZ_SCALE multiplies the number of generated cases (default 1; e.g. 10 for a long local run). */
export const SCALE = Number(process.env.FUZZ_SCALE ?? '1') || 1;

/** Every call must return within this (the "no request takes over a second"). */
export const CALL_LIMIT_MS = 1000;

export class Timings {
  readonly max = new Map<string, { ms: number; input?: string }>();
  readonly calls = new Map<string, number>();
  readonly total = new Map<string, number>();

  /** Runs `fn`, records its duration under `name`, and returns its result. */
  time<T>(name: string, input: string, fn: () => T): { value: T; ms: number } {
    const start = performance.now();
    const value = fn();
    const ms = performance.now() - start;
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    this.total.set(name, (this.total.get(name) ?? 0) + ms);
    const prev = this.max.get(name);
    if (!prev || ms > prev.ms) this.max.set(name, { ms, input: input.length > 200 ? `${input.slice(0, 200)}…` : input });
    return { value, ms };
  }

  slowest(): { name: string; ms: number } {
    let worst = { name: '-', ms: 0 };
    for (const [name, { ms }] of this.max) if (ms > worst.ms) worst = { name, ms };
    return worst;
  }

  table(): string {
    return [...this.max]
      .map(([name, { ms }]) => `${name}: ${this.calls.get(name)} calls, max ${ms.toFixed(1)} ms, mean ${((this.total.get(name) ?? 0) / (this.calls.get(name) ?? 1)).toFixed(2)} ms`)
      .join('\n');
  }
}
