// The warm start's JIT warm-up and the V8 protector the engine spends first (issue 10): the
// warm-up runs the users' own loop against a server of its own and leaves nothing behind, no
// warm-up request reaches the target, and the engine detaches a buffer before it compiles its
// request path, so the first checkpoint's transfer throws no optimised code away. Nothing here
// rests on how fast this machine is.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { warmJit } from '../../engine/runtime/jit-warm-up';
import type { RunScope } from '../../engine/runtime/vu-state';
import type { Report } from '../../report/types';
import { runCli, writeScenario } from '../helpers/cli';
import { serveDuringTests } from '../helpers/local-server';

const scope: RunScope = { shared: {}, templated: new Map(), env: {}, data: {} } as unknown as RunScope;

/** Sockets and servers this process holds (timers and the like left out). */
const netHandles = (): number => process.getActiveResourcesInfo().filter((kind) => kind.startsWith('TCP')).length;

test('the JIT warm-up runs as many users as the phase starts with, on its own server, and leaves no socket open', async () => {
  const before = netHandles();
  const result = await warmJit(scope, 300, 20);
  assert.equal(result.users, 20);
  assert.ok(result.sent > 0, `sent ${result.sent}`);
  // Its server and every connection are closed (a close is seen on the next turns of the loop).
  for (let i = 0; i < 20 && netHandles() > before; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(netHandles(), before);

  const none = await warmJit(scope, 0, 50);
  assert.deepEqual(none, { sent: 0, users: 0 });
  const capped = await warmJit(scope, 50, 10_000);
  assert.equal(capped.users, 64, 'at most 64 warm-up users, whatever the phase starts with');
});

let seen = 0;
const userAgents = new Set<string>();
const target = serveDuringTests(
  createServer((req, res) => {
    seen++;
    userAgents.add(String(req.headers['user-agent']));
    res.end('ok');
  }),
);

test('a closed phase that is warmed up first sends the target exactly the requests it reports, none of the warm-up', async () => {
  seen = 0;
  // 20 users with no think ask ~2,000 requests a second before anything is measured: warmed.
  const { dir, file } = writeScenario('warm.scenario.yaml', `version: 1
name: warm
target: ${target.origin}
phases:
  - duration: 1s
    users: 20
flows:
  - name: get
    steps:
      - request: GET /
`);
  const result = await runCli(['run', file, '--out', join(dir, 'out'), '--quiet']);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as Report;
  assert.ok(report.totals.requests > 0);
  assert.equal(seen, report.totals.requests);
  assert.ok(![...userAgents].some((agent) => agent.includes('warm-up')), [...userAgents].join(', '));
});

test('the engine spends V8’s ArrayBuffer-detaching protector before it has optimised anything', async () => {
  // V8 prints the protector's end and each optimisation on the engine's standard output, which
  // the CLI passes through. Its first checkpoint transfers buffers to the monitor thread; had the
  // engine not detached one first, that would end the protector mid-load and deoptimise the hot path.
  const { dir, file } = writeScenario('protector.scenario.yaml', `version: 1
name: protector
target: ${target.origin}
monitor: { interval: 200ms }
phases:
  - duration: 1s
    users: 5
flows:
  - name: get
    steps:
      - request: GET /
`);
  const result = await runCli(['run', file, '--out', join(dir, 'out'), '--quiet'], {
    env: { STAMPEDE_ENGINE_NODE_OPTIONS: '--trace-protector-invalidation --trace-opt' },
  });
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.split('\n');
  const spent = lines.findIndex((line) => line.includes('Invalidating protector cell ArrayBufferDetaching'));
  const optimised = lines.findIndex((line) => line.startsWith('[completed optimizing'));
  assert.ok(spent >= 0, 'the protector was spent');
  assert.ok(optimised > spent, `first optimisation at line ${optimised}, protector spent at ${spent}`);
});
