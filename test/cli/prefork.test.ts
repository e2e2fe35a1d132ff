// `stampede run` forks its engine before the CLI's own bundle loads (engine/driver/engine-fork.ts):
// the run drives that one engine (no second fork), and a run that stops on a usage error leaves
// no engine behind and does not wait for it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { serveDuringTests } from '../helpers/local-server';
import { alive, childrenOf, commandLine } from '../helpers/proc';
import { startCli, writeScenario } from '../helpers/cli';

const target = serveDuringTests(createServer((_req, res) => res.end('ok')));

/** Processes whose environment holds `marker` (inherited from the CLI by its engine). */
function markedProcesses(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(marker)) found.push(Number(entry));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found.filter(alive);
}

/** The engines among `pid`'s children (node dist/boot.js dist/engine.js). */
const enginesOf = (pid: number): number[] => childrenOf(pid).filter((child) => /engine\.js/.test(commandLine(child)));

test('a run drives the engine forked before the CLI loaded: one engine for the whole run', async () => {
  const { file } = writeScenario(
    'one-engine.scenario.yaml',
    `version: 1
name: one engine
target: ${target.origin}
phases:
  - name: steady
    duration: 1s
    rate: 20
flows:
  - name: get
    steps:
      - request: GET /
`,
  );
  const cli = startCli(['run', file, '--quiet', '--out', `${file}.out`]);
  const seen = new Set<number>();
  let finished = false;
  void cli.done.then(() => (finished = true));
  while (!finished) {
    for (const pid of enginesOf(cli.child.pid as number)) seen.add(pid);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const result = await cli.done;
  assert.equal(result.code, 0, result.stderr);
  assert.equal(seen.size, 1, `engines seen: ${[...seen].join(', ')}`);
});

test('a usage error after the prefork: exit 2 at once, and no engine is left', async () => {
  const marker = `STAMPEDE_PREFORK_TEST=${randomUUID()}`;
  const [name, value] = marker.split('=');
  const result = await startCli(['run', '/no/such/file.scenario.yaml'], { timeoutMs: 20_000, env: { [name]: value } }).done;
  // Not killed by the helper's time limit: the CLI did not wait for its engine.
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /no such file/);
  // Its IPC channel closed with the CLI: the engine leaves by itself (bounded wait).
  let left = markedProcesses(marker);
  for (let i = 0; i < 100 && left.length > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = markedProcesses(marker);
  }
  assert.deepEqual(left.map((pid) => commandLine(pid)), []);
});
