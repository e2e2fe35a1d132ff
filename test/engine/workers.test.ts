// `run --workers N` through the real CLI against a server on 127.0.0.1 that logs every request:
// the report's counts equal the server's, every user ran in exactly one thread, its latency is
// the histograms each thread sent back added up, the criteria are judged on the merged run,
// and a worker that dies ends the run as an error that names it, with its partial report,
// teardown run, and no engine left behind.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeHistogram, mergeHistograms, summarizeLatency } from '../../engine/metrics/histogram';
import type { PartialResult } from '../../engine/metrics/partial';
import type { RunPart } from '../../engine/protocol/part-file';
import type { Report } from '../../report/types';
import { runCli, writeScenario } from '../helpers/cli';
import { serveDuringTests } from '../helpers/local-server';
import { alive } from '../helpers/proc';

const log: string[] = [];
const server = serveDuringTests(
  createServer((req, res) => {
    log.push(req.url ?? '');
    setTimeout(() => res.end('ok'), 2);
  }),
);

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

test('two workers: every user in one thread, counts equal the server log, latency is the threads’ histograms added, criteria on the merged run', async () => {
  const { dir, file } = writeScenario(
    'workers.scenario.yaml',
    `version: 1
name: workers
target: ${server.origin}
monitor: { interval: 500ms, system: false }
setup:
  - request: GET /setup
    name: setup
    capture: { marker: status }
phases:
  - name: iterations
    users: 6
    iterations: 5
    duration: 30s
flows:
  - name: get
    steps:
      - request: GET /load?vu={{ vu.id }}&marker={{ marker }}
        name: load
teardown:
  - request: GET /teardown
    name: teardown
criteria:
  - requests >= 30
  - p99(latency) < 10s
`,
  );
  log.length = 0;
  // Each worker also leaves the part it sends the main thread (load-worker.ts's test hook).
  const workerParts = join(dir, 'worker-parts');
  mkdirSync(workerParts);
  const result = await runCli(['run', file, '--workers', '2', '--partial', join(dir, 'part.json'), '--out', join(dir, 'out'), '--quiet'], {
    env: { STAMPEDE_TEST_WORKER_PARTS: workerParts },
  });
  assert.equal(result.code, 0, result.stderr + result.stdout);
  const report = readJson<Report>(join(dir, 'out', 'report.json'));
  assert.equal(report.workers, 2);
  assert.match(result.stdout, /load from 2 worker threads, merged/);
  // Setup and teardown once, in the main thread; setup's capture reached both threads.
  assert.equal(log.filter((url) => url === '/setup').length, 1);
  assert.equal(log.filter((url) => url === '/teardown').length, 1);
  const load = log.filter((url) => url.startsWith('/load'));
  assert.equal(load.length, 30);
  assert.ok(load.every((url) => url.endsWith('marker=200')), 'the setup capture is shared with the workers');
  // Users 1..6, five iterations each: split between the threads, none run twice.
  const perUser = new Map<string, number>();
  for (const url of load) perUser.set(/vu=(\d+)/.exec(url)?.[1] ?? '?', (perUser.get(/vu=(\d+)/.exec(url)?.[1] ?? '?') ?? 0) + 1);
  assert.deepEqual([...perUser.entries()].sort(), [['1', 5], ['2', 5], ['3', 5], ['4', 5], ['5', 5], ['6', 5]]);
  assert.equal(report.totals.requests, 30);
  assert.equal(report.steps.find((s) => s.name === 'load')?.requests, 30);
  assert.equal(report.timeseries.reduce((n, row) => n + row.requests, 0), 30);
  // requests >= 30 holds only for the merged run (each thread made 15).
  assert.deepEqual(report.criteria.map((c) => [c.expr, c.passed, c.actual]), [
    ['requests >= 30', true, 30],
    ['p99(latency) < 10s', true, report.latency.p99],
  ]);
  // Each thread's own final part, as it left the thread: their counts add up to the server's
  // log, and the report's latency (min, mean, percentiles, max) is their histograms added, to the
  // microsecond bucket; the load step's too.
  const threads = ['worker-0.json', 'worker-1.json'].map((name) => readJson<PartialResult>(join(workerParts, name)));
  assert.deepEqual(readdirSync(workerParts).sort(), ['worker-0.json', 'worker-1.json']);
  assert.deepEqual(threads.map((t) => t.requests), [15, 15]);
  assert.equal(threads[0].requests + threads[1].requests, load.length);
  const histograms = threads.map((t) => decodeHistogram(t.latency));
  assert.deepEqual(histograms.map((h) => h.totalCount), [15, 15]);
  const union = mergeHistograms(histograms);
  assert.equal(union.totalCount, load.length);
  assert.deepEqual(report.latency, summarizeLatency(union));
  const stepUnion = mergeHistograms(threads.map((t) => decodeHistogram(t.steps.find((step) => step.name === 'load')?.latency ?? '')));
  assert.equal(stepUnion.totalCount, load.length);
  assert.deepEqual(report.steps.find((step) => step.name === 'load')?.latency, summarizeLatency(stepUnion));
  // The --partial file holds that same merged run, for `stampede merge`.
  const part = readJson<RunPart>(join(dir, 'part.json'));
  assert.deepEqual(summarizeLatency(decodeHistogram(part.measured.latency)), report.latency);
  assert.equal(part.measured.requests, 30);
});

test('a worker that dies mid-run: the run is an error naming it, its partial report written, teardown run, nothing left', async () => {
  const { dir, file } = writeScenario(
    'dying.scenario.yaml',
    `version: 1
name: dying
target: ${server.origin}
monitor: { interval: 500ms, system: false }
phases:
  - name: steady
    duration: 20s
    users: 4
flows:
  - name: get
    steps:
      - request: GET /dying
        name: get
      - think: 20ms
teardown:
  - request: GET /teardown-after-death
    name: teardown
`,
  );
  log.length = 0;
  const marker = randomUUID();
  const result = await runCli(['run', file, '--workers', '2', '--out', join(dir, 'out'), '--quiet'], {
    env: { STAMPEDE_TEST_WORKER_EXIT: '1/800', STAMPEDE_WORKERS_TEST_MARK: marker },
  });
  assert.equal(result.code, 3, result.stderr + result.stdout);
  const report = readJson<Report>(join(dir, 'out', 'report.json'));
  assert.equal(report.outcome, 'error');
  assert.match(report.reason ?? '', /worker 2 of 2 ended before its report \(exit code 7; counted up to its last checkpoint\)/);
  assert.equal(report.teardown.ran, true);
  assert.equal(log.filter((url) => url === '/teardown-after-death').length, 1);
  // What both threads measured up to the end counts (the dead one's last checkpoint).
  assert.ok(report.totals.requests > 0);
  assert.ok(report.totals.requests <= log.filter((url) => url === '/dying').length);
  // No engine process is left (threads end with it).
  const left = readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker) && alive(Number(pid));
    } catch {
      return false;
    }
  });
  assert.deepEqual(left, []);
});
