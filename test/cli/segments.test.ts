// Segments of one run on separate processes (`run --segment I/N --start-at --partial`), merged
// (`stampede merge`): the totals equal what the server counted, the merged latency is exactly
// that of the three histograms added, criteria are evaluated on the merged data; a late start
// drops what it missed instead of bursting; merge refuses parts that are not one whole run.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeHistogram, mergeHistograms, summarizeLatency } from '../../engine/metrics/histogram';
import type { RunPart } from '../../engine/protocol/part-file';
import type { Report } from '../../report/types';
import { runCli, writeScenario } from '../helpers/cli';
import { serveDuringTests } from '../helpers/local-server';

const arrivals: string[] = [];
/** Each request with the moment it arrived (epoch ms). */
const timed: { url: string; at: number }[] = [];
const server = serveDuringTests(
  createServer((req, res) => {
    arrivals.push(req.url ?? '');
    timed.push({ url: req.url ?? '', at: Date.now() });
    res.end('ok');
  }),
);

const scenario = (rate: number, seconds: number, criteria = ''): string => `version: 1
name: segmented
target: ${server.origin}
monitor: { interval: 500ms, system: false }
phases:
  - name: steady
    duration: ${seconds}s
    rate: ${rate}
flows:
  - name: get
    steps:
      - request: GET /?vu={{ vu.id }}
        name: get
${criteria}`;

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

test('three segments started together, merged: the server saw every request once, and the merged figures are exact', async () => {
  const { dir, file } = writeScenario('segmented.scenario.yaml', scenario(120, 2, 'criteria:\n  - requests >= 240\n  - p99(latency) < 10s\n'));
  arrivals.length = 0;
  const startAt = Date.now() + 5_000;
  const runs = await Promise.all(
    [1, 2, 3].map((i) => runCli(['run', file, '--segment', `${i}/3`, '--start-at', new Date(startAt).toISOString(), '--partial', join(dir, `part-${i}.json`), '--out', join(dir, `segment-${i}`), '--quiet'])),
  );
  // Each segment alone made a third of the requests: its own `requests >= 240` fails (exit 1).
  for (const run of runs) assert.equal(run.code, 1, run.stderr);
  const parts = [1, 2, 3].map((i) => readJson<RunPart>(join(dir, `part-${i}.json`)));
  // Every third arrival to each: 240 planned, 80 each, none dropped.
  assert.deepEqual(parts.map((p) => p.report.totals.requests + p.report.totals.dropped), [80, 80, 80]);

  const merged = await runCli(['merge', ...[3, 1, 2].map((i) => join(dir, `part-${i}.json`)), '--out', join(dir, 'merged')]);
  assert.equal(merged.code, 0, merged.stderr + merged.stdout);
  assert.match(merged.stdout, /merged 3 segments of segmented/);
  assert.match(merged.stdout, /load from 3 segments \(/);
  const report = readJson<Report>(join(dir, 'merged', 'report.json'));
  assert.equal(report.totals.requests + report.totals.dropped, 240);
  assert.equal(report.totals.requests, arrivals.length, 'the server counted what the report says');
  assert.equal(report.steps[0].requests, arrivals.length);
  // The merged latency is the three histograms added, to the microsecond bucket.
  const union = mergeHistograms(parts.map((p) => decodeHistogram(p.measured.latency)));
  assert.deepEqual(report.latency, summarizeLatency(union));
  // Criteria on the merged data: requests >= 240 holds only for the whole run.
  assert.deepEqual(
    report.criteria.map((c) => [c.expr, c.passed, c.actual]),
    [
      ['requests >= 240', true, 240],
      ['p99(latency) < 10s', true, report.latency.p99],
    ],
  );
  assert.deepEqual(report.segments?.map((s) => `${s.index}/${s.count}`), ['1/3', '2/3', '3/3']);
  // Intervals that ended at the same time are one: the time series adds up to the totals.
  assert.equal(report.timeseries.reduce((n, row) => n + row.requests, 0), report.totals.requests);
});

test('a segment that starts after --start-at follows the schedule: what it missed is dropped, not sent in a burst', async () => {
  const { dir, file } = writeScenario('late.scenario.yaml', scenario(100, 3));
  arrivals.length = 0;
  const startAt = Date.now() - 1_500;
  const late = await runCli(['run', file, '--start-at', String(startAt), '--out', join(dir, 'late')]);
  assert.equal(late.code, 0, late.stderr);
  assert.match(late.stderr, /started \d+\.\d s after --start-at/);
  const report = readJson<Report>(join(dir, 'late', 'report.json'));
  // 300 arrivals planned in all: each either sent or dropped, never both or neither.
  assert.equal(report.totals.requests + report.totals.dropped, 300);
  assert.ok(report.totals.dropped >= 100, `dropped ${report.totals.dropped}: the first 1.5 s were missed`);
  assert.equal(arrivals.length, report.totals.requests);
  // The report says why: every drop was an arrival due before it joined, none the cap's doing.
  assert.equal(report.lateStart?.missed, report.totals.dropped);
  assert.ok((report.lateStart?.byMs ?? 0) >= 1_400, JSON.stringify(report.lateStart));
  assert.ok(report.recommendations.some((r) => /^Late start: the load joined .* after --start-at, and the \d+ arrivals due before then were dropped rather than sent late/.test(r)), report.recommendations.join('\n'));
  assert.ok(!report.recommendations.some((r) => /maxUsers|concurrency cap/.test(r)), report.recommendations.join('\n'));

  // The same with two worker threads: each misses its share, the report adds them up.
  arrivals.length = 0;
  const threaded = await runCli(['run', file, '--workers', '2', '--start-at', String(Date.now() - 1_500), '--out', join(dir, 'late-workers')]);
  assert.equal(threaded.code, 0, threaded.stderr);
  const merged = readJson<Report>(join(dir, 'late-workers', 'report.json'));
  assert.equal(merged.totals.requests + merged.totals.dropped, 300);
  assert.equal(merged.lateStart?.missed, merged.totals.dropped);
  assert.equal(arrivals.length, merged.totals.requests);
});

test('each segment runs setup and teardown, and holds its load until --start-at, with worker threads too', async () => {
  const text = scenario(40, 1).replace('flows:', 'setup:\n  - request: POST /setup\nteardown:\n  - request: POST /teardown\nflows:');
  const { dir, file } = writeScenario('held.scenario.yaml', text);
  timed.length = 0;
  const startAt = Date.now() + 3_000;
  const runs = await Promise.all([
    runCli(['run', file, '--segment', '1/2', '--start-at', String(startAt), '--out', join(dir, 'one'), '--quiet']),
    runCli(['run', file, '--segment', '2/2', '--workers', '2', '--start-at', String(startAt), '--out', join(dir, 'two'), '--quiet']),
  ]);
  for (const run of runs) assert.equal(run.code, 0, run.stderr);
  const count = (url: string): number => timed.filter((r) => r.url === url).length;
  assert.equal(count('/setup'), 2, 'setup once in each segment');
  assert.equal(count('/teardown'), 2, 'teardown once in each segment');
  const load = timed.filter((r) => r.url.startsWith('/?vu='));
  assert.equal(load.length, 40);
  const early = load.filter((r) => r.at < startAt);
  assert.deepEqual(early, [], 'no load request before --start-at');
});

test('merge names a missing or doubled segment and refuses parts of another scenario', async () => {
  const { dir, file } = writeScenario('small.scenario.yaml', scenario(20, 1));
  const other = writeScenario('other.scenario.yaml', scenario(20, 1).replace('name: segmented', 'name: another'));
  const run = (f: string, segment: string, out: string) => runCli(['run', f, '--segment', segment, '--partial', join(dir, out), '--out', join(dir, `${out}.d`), '--quiet']);
  for (const r of await Promise.all([run(file, '1/3', 'a.json'), run(file, '2/3', 'b.json'), run(other.file, '3/3', 'c.json')])) assert.equal(r.code, 0, r.stderr);

  const missing = await runCli(['merge', join(dir, 'a.json'), join(dir, 'b.json'), '--out', join(dir, 'm1')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /missing segment 3\/3/);

  const doubled = await runCli(['merge', join(dir, 'a.json'), join(dir, 'a.json'), join(dir, 'b.json'), '--out', join(dir, 'm2')]);
  assert.equal(doubled.code, 2);
  assert.match(doubled.stderr, /segment 1\/3 is there 2 times/);
  assert.match(doubled.stderr, /missing segment 3\/3/);

  const foreign = await runCli(['merge', join(dir, 'a.json'), join(dir, 'b.json'), join(dir, 'c.json'), '--out', join(dir, 'm3')]);
  assert.equal(foreign.code, 2);
  assert.match(foreign.stderr, /c\.json is from another scenario \(another/);

  writeFileSync(join(dir, 'junk.json'), '{"not":"a part"}');
  const junk = await runCli(['merge', join(dir, 'junk.json')]);
  assert.equal(junk.code, 2);
  assert.match(junk.stderr, /junk\.json: not a part/);
});
