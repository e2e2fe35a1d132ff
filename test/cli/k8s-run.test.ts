// What `stampede k8s` prints, run: the ConfigMap's files written where the pods would see them,
// the Indexed Job's container command run by sh once per completion index (0..N-1, all at
// once, as the pods start) with the real CLI on the PATH against a server on 127.0.0.1, then the
// merge Job's command. The merged report counts exactly what the server saw, every segment once,
// with the criteria judged on the whole run.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Report } from '../../report/types';
import { runCli, writeScenario } from '../helpers/cli';
import { containerScript, onThisMachine, readManifests, runPod, stampedeOnPath, writeMountedFiles } from '../helpers/k8s-pods';
import { serveDuringTests } from '../helpers/local-server';
import { CLI } from '../helpers/paths';

const arrivals: string[] = [];
const server = serveDuringTests(
  createServer((req, res) => {
    arrivals.push(req.url ?? '');
    res.end('ok');
  }),
);

// 120 arrivals in all; `requests >= 120` holds for the whole run only, never for one segment.
const SCENARIO = `version: 1
name: distributed
target: http://10.0.0.7:8080
monitor: { interval: 500ms, system: false }
data:
  users: { file: data/users.csv }
phases:
  - { name: steady, duration: 2s, rate: 60 }
flows:
  - name: get
    steps:
      - request: GET /?user={{ data.users.name }}
        name: get
criteria:
  - requests >= 120
`;

test('the pods\' command lines run the segments and the merge: the report counts what the server saw', async () => {
  const { dir, file } = writeScenario('distributed.scenario.yaml', SCENARIO);
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data/users.csv'), 'name\nada\ngrace\nlinus\n');
  // --target is passed on to every segment: the pods' traffic goes to the local server only.
  const printed = await runCli(['k8s', file, '--parallelism', '3', '--lead', '5s', '--target', server.origin]);
  assert.equal(printed.code, 0, printed.stderr);
  const run = readManifests(printed.stdout);
  const paths = { scenario: writeMountedFiles(run), results: mkdtempSync(join(tmpdir(), 'stampede-k8s-results-')) };
  const bin = stampedeOnPath(`exec "${process.execPath}" "${CLI}" "$@"`);

  arrivals.length = 0;
  const segment = onThisMachine(containerScript(run.segments), paths);
  const pods = await Promise.all([0, 1, 2].map((index) => runPod(segment, { bin, env: { JOB_COMPLETION_INDEX: String(index) }, timeoutMs: 90_000 })));
  // Each segment's own `requests >= 120` failed (exit 1): no failed pod, the merge judges.
  for (const pod of pods) assert.equal(pod.code, 0, pod.stderr + pod.stdout);
  for (const i of [0, 1, 2]) assert.equal(readFileSync(join(paths.results, `done-${i}`), 'utf8').trim(), '1');

  writeFileSync(join(paths.results, 'fetched'), '');
  const merge = await runPod(onThisMachine(containerScript(run.merge), paths), { bin, timeoutMs: 60_000 });
  assert.match(merge.stdout, /merged 3 segments of distributed/, merge.stderr);

  const report = JSON.parse(readFileSync(join(paths.results, 'report', 'report.json'), 'utf8')) as Report;
  assert.equal(report.totals.requests + report.totals.dropped, 120, 'every arrival of the whole run, sent or dropped, once');
  assert.equal(report.totals.requests, arrivals.length, 'the merged report counts what the server saw');
  assert.deepEqual(report.segments?.map((s) => `${s.index}/${s.count}`), ['1/3', '2/3', '3/3']);
  // Judged on the merged data (it passes unless a segment started so late that it dropped some).
  assert.deepEqual(report.criteria.map((c) => [c.expr, c.passed, c.actual]), [['requests >= 120', report.totals.requests >= 120, report.totals.requests]]);
  assert.equal(merge.code, report.criteria[0].passed ? 0 : 1, 'the merge Job ends with the run\'s exit code');
  // The data file came through the ConfigMap: every request named one of its users.
  assert.ok(arrivals.every((url) => /^\/\?user=(ada|grace|linus)$/.test(url)), arrivals.slice(0, 5).join(' '));
});
