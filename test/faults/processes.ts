// Process bookkeeping for fault tests: the CLI under test is watched while it runs, so the engine
// child it forks is known by pid; after the CLI exits, that pid must be gone (no leaked engine),
// and the test process itself must have no child left.
import { existsSync } from 'node:fs';
import assert from 'node:assert/strict';
import { startCli, type CliResult, type RunningCli } from '../helpers/cli';
import { alive, childrenOf, commandLine } from '../helpers/proc';

export interface TrackedCli extends RunningCli {
  /** Pids of every process the CLI forked while it ran (its engine). */
  engines: Set<number>;
  /** The CLI's result, with the wall time it took from spawn to exit. */
  finished: Promise<CliResult & { wallMs: number }>;
}

export function startTracked(args: string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): TrackedCli {
  const started = Date.now();
  const cli = startCli(args, { timeoutMs: 30_000, ...options });
  const engines = new Set<number>();
  const pid = cli.child.pid as number;
  const poll = (): void => {
    for (const child of childrenOf(pid)) if (commandLine(child).includes('engine.js')) engines.add(child);
  };
  const timer = setInterval(poll, 25);
  poll();
  const finished = cli.done.then((result) => {
    clearInterval(timer);
    return { ...result, wallMs: Date.now() - started };
  });
  return { ...cli, engines, finished };
}

/** The engine the CLI forked is gone, and the test process has no child left. */
export async function assertNoLeftovers(cli: TrackedCli): Promise<void> {
  assert.equal(cli.engines.size, 1, `the CLI forked one engine: ${[...cli.engines].join(' ')}`);
  const deadline = Date.now() + 3000;
  const leftover = (): number[] => [
    ...[...cli.engines].filter((pid) => alive(pid) && commandLine(pid).includes('engine.js')),
    ...childrenOf(process.pid).filter(alive),
  ];
  while (leftover().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const left = leftover();
  assert.deepEqual(left, [], `processes left behind: ${left.map((pid) => `${pid} ${commandLine(pid)}`).join('; ')}`);
  assert.ok(!existsSync(`/proc/${cli.child.pid}`) || !alive(cli.child.pid as number), 'the CLI has exited');
}
