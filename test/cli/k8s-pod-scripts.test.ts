// The pods' scripts as `stampede k8s` prints them, run with sh on this machine in place of the
// pods, with a stand-in `stampede` that records how it was called: the segments agree on one
// start time however they start, each runs its own segment and leaves its marker, a segment's
// failed criterion is not a failed pod, and the merge merges every part. (With the real CLI
// against a real server: k8s-run.test.ts.)
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, writeScenario } from '../helpers/cli';
import { containerScript, onThisMachine, readManifests, runPod, stampedeOnPath, writeMountedFiles, type PrintedRun } from '../helpers/k8s-pods';

const SCENARIO = `version: 1
name: pods
target: http://10.0.0.7:8080
phases: [{ duration: 10s, rate: 5 }]
flows: [{ name: f, steps: [{ request: GET / }] }]
`;

// Records each call as one line (`run …` or `merge …`), then exits as the test asks.
const FAKE = `echo "$*" >> "$FAKE_LOG"
if [ "$1" = run ]; then exit "\${FAKE_RUN_EXIT:-0}"; fi
exit "\${FAKE_MERGE_EXIT:-0}"`;

interface Pods {
  run: PrintedRun;
  scenario: string;
  results: string;
  log: string;
  bin: string;
}

async function pods(segments: number): Promise<Pods> {
  const { file } = writeScenario('pods.scenario.yaml', SCENARIO);
  const printed = await runCli(['k8s', file, '--parallelism', String(segments), '--lead', '5s']);
  assert.equal(printed.code, 0, printed.stderr);
  const run = readManifests(printed.stdout);
  const results = mkdtempSync(join(tmpdir(), 'stampede-k8s-results-'));
  return { run, scenario: writeMountedFiles(run), results, log: join(results, '..', `${results.split('/').pop()}.calls`), bin: stampedeOnPath(FAKE) };
}

function segmentPod(p: Pods, index: number, runExit = 0) {
  const script = onThisMachine(containerScript(p.run.segments), p);
  return runPod(script, { bin: p.bin, env: { JOB_COMPLETION_INDEX: String(index), FAKE_LOG: p.log, FAKE_RUN_EXIT: String(runExit) }, timeoutMs: 30_000 });
}

const calls = (p: Pods): string[] => readFileSync(p.log, 'utf8').trim().split('\n');
const option = (call: string, name: string): string | undefined => new RegExp(`${name} (\\S+)`).exec(call)?.[1];

test('the segments agree on one start time, the lead after the first, and each runs its own segment', async () => {
  const p = await pods(3);
  const before = Date.now();
  const ended = await Promise.all([0, 1, 2].map((index) => segmentPod(p, index)));
  for (const pod of ended) assert.equal(pod.code, 0, pod.stderr);
  const runs = calls(p);
  assert.equal(runs.length, 3);
  const startAt = new Set(runs.map((call) => option(call, '--start-at')));
  assert.equal(startAt.size, 1, `one start time for all: ${runs.join(' | ')}`);
  const [at] = [...startAt].map(Number);
  assert.equal(readFileSync(join(p.results, 'start-at'), 'utf8').trim(), String(at));
  // Written by the first pod as its clock (whole seconds) plus the lead of 5s.
  assert.ok(at >= Math.floor(before / 1000) * 1000 + 5000, `${at} is at least the lead after ${before}`);
  assert.deepEqual(runs.map((call) => option(call, '--segment')).sort(), ['1/3', '2/3', '3/3']);
  assert.deepEqual(runs.map((call) => option(call, '--partial')).sort(), [0, 1, 2].map((i) => join(p.results, `part-${i}.json`)));
  for (const call of runs) {
    const scenario = /^run (\S+)/.exec(call)?.[1] ?? '';
    assert.equal(scenario, join(p.scenario, 'pods.scenario.yaml'));
    assert.ok(existsSync(scenario), 'the scenario is where the ConfigMap mounts it');
  }
  assert.deepEqual(readdirSync(p.results).filter((f) => f.startsWith('done-')).sort(), ['done-0', 'done-1', 'done-2']);
});

test('a pod that comes after the start time runs with it all the same', async () => {
  const p = await pods(2);
  // An earlier pod took the lock and fixed a start time, long past.
  mkdirSync(join(p.results, 'start-at.lock'));
  writeFileSync(join(p.results, 'start-at'), '1700000000000\n');
  const pod = await segmentPod(p, 1);
  assert.equal(pod.code, 0, pod.stderr);
  assert.equal(option(calls(p)[0], '--start-at'), '1700000000000');
  assert.equal(option(calls(p)[0], '--segment'), '2/2');
});

test('a segment whose own criteria fail is no failed pod; one that could not run is', async () => {
  const p = await pods(2);
  const verdict = await segmentPod(p, 0, 1);
  assert.equal(verdict.code, 0, 'criteria are judged by the merge, on the whole run');
  assert.equal(readFileSync(join(p.results, 'done-0'), 'utf8').trim(), '1');
  const broken = await segmentPod(p, 1, 3);
  assert.equal(broken.code, 3);
  assert.equal(readFileSync(join(p.results, 'done-1'), 'utf8').trim(), '3', 'the merge is told it is over all the same');
});

test('the merge waits for every segment\'s marker, merges every part and ends with merge\'s exit code', async () => {
  const p = await pods(3);
  for (const i of [0, 1, 2]) {
    writeFileSync(join(p.results, `part-${i}.json`), '{}');
    writeFileSync(join(p.results, `done-${i}`), '0\n');
  }
  // What `kubectl exec … touch /results/fetched` does once the report is copied: no keep-alive.
  writeFileSync(join(p.results, 'fetched'), '');
  const script = onThisMachine(containerScript(p.run.merge), p);
  const merge = await runPod(script, { bin: p.bin, env: { FAKE_LOG: p.log, FAKE_MERGE_EXIT: '1' }, timeoutMs: 30_000 });
  assert.equal(merge.code, 1, merge.stderr);
  assert.deepEqual(calls(p), [`merge ${[0, 1, 2].map((i) => join(p.results, `part-${i}.json`)).join(' ')} --out ${join(p.results, 'report')}`]);
  assert.match(merge.stdout, /stampede merge exited with 1/);
});
