// A test hook, never set by users: STAMPEDE_TEST_STALL="BLOCK_MS/EVERY_MS" makes the engine
// block its own loop for BLOCK_MS every EVERY_MS during the load, so tests can show that a
// generator that falls behind is reported as lag and saturation rather than as target latency.

export interface TestStall {
  stop(): void;
}

export function startTestStall(env: Record<string, string | undefined>): TestStall | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(env.STAMPEDE_TEST_STALL ?? '');
  if (!match) return undefined;
  const blockMs = Number(match[1]);
  const everyMs = Math.max(1, Number(match[2]));
  const timer = setInterval(() => {
    const until = performance.now() + blockMs;
    while (performance.now() < until) {
      // Busy on purpose: this is the stall.
    }
  }, everyMs);
  return { stop: () => clearInterval(timer) };
}
