// Scenario features end to end, checked by what a recording server on 127.0.0.1 received.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, startCli, writeScenario } from '../helpers/cli';
import { startEchoServer, type EchoServer } from '../helpers/echo-server';
import { startSampleServer, type SampleServer } from '../helpers/sample-server';
import { oneFlowScenario } from '../helpers/scenario-text';
import type { Report } from '../../report/types';

let echo: EchoServer;
let sample: SampleServer;
before(async () => {
  echo = await startEchoServer();
  sample = await startSampleServer();
});
after(async () => {
  await echo.close();
  await sample.close();
});

const readReport = (dir: string): Report => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;

test('bodies, data sets, env, --var and captures of headers, JSON paths and status reach the wire', async () => {
  const { dir, file } = writeScenario(
    'features.scenario.yaml',
    `version: 1
name: features
target: http://127.0.0.1:1
variables: { greeting: hello, mode: slow }
data:
  people: { file: people.csv }
  colors: { file: colors.json, order: random }
phases:
  - duration: 1s
    rate: 3
flows:
  - name: f
    steps:
      - request: POST /form
        headers: { x-color: "{{ data.colors.color }}" }
        form: { who: "{{ data.people.name }}", greet: "{{ greeting }}", secret: "{{ env.STAMPEDE_TEST_SECRET }}" }
        capture: { loc: headers.location, firstId: "body.nested.items[0].id", code: status }
      - request: POST /upload
        multipart:
          note: "from {{ vu.id }}"
          file: { file: { size: 2KB, name: a.bin } }
      - request: PUT /json
        query: { x: "{{ loc }}" }
        json: { id: "{{ firstId }}", code: "{{ code }}", mode: "{{ mode }}", n: 3 }
`,
  );
  writeFileSync(join(dir, 'people.csv'), 'name,role\nAda,admin\n"Grace, H.",dev\nLinus,dev\n');
  writeFileSync(join(dir, 'colors.json'), JSON.stringify([{ color: 'red' }]));
  echo.received.length = 0;
  const result = await runCli(['run', file, '--out', join(dir, 'out'), '--target', echo.url, '--var', 'mode=fast', '--quiet'], {
    env: { STAMPEDE_TEST_SECRET: 's3cret' },
  });
  assert.equal(result.code, 0, result.stderr);
  const report = readReport(join(dir, 'out'));
  assert.equal(report.totals.errors, 0, JSON.stringify(report.steps.map((s) => s.sampleErrors)));
  assert.equal(echo.received.length, 9);

  const forms = echo.received.filter((r) => r.url === '/form');
  const who = forms.map((r) => new URLSearchParams(r.body.toString()).get('who')).sort();
  assert.deepEqual(who, ['Ada', 'Grace, H.', 'Linus']);
  for (const form of forms) {
    const fields = new URLSearchParams(form.body.toString());
    assert.equal(fields.get('greet'), 'hello');
    assert.equal(fields.get('secret'), 's3cret');
    assert.equal(form.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(form.headers['x-color'], 'red');
  }

  const uploads = echo.received.filter((r) => r.url === '/upload');
  assert.equal(uploads.length, 3);
  for (const upload of uploads) {
    assert.match(String(upload.headers['content-type']), /^multipart\/form-data; boundary=/);
    assert.ok(upload.body.length > 2048, `body ${upload.body.length}`);
    assert.match(upload.body.toString('latin1'), /filename="a\.bin"/);
    assert.match(upload.body.toString('latin1'), /name="note"\r\n\r\nfrom \d+\r\n/);
  }

  const puts = echo.received.filter((r) => r.method === 'PUT');
  for (const put of puts) {
    assert.match(put.url, /^\/json\?x=%2Fthings%2F\d+$/);
    const json = JSON.parse(put.body.toString()) as Record<string, unknown>;
    assert.match(String(json.id), /^item-\d+$/);
    assert.deepEqual({ code: json.code, mode: json.mode, n: json.n }, { code: '200', mode: 'fast', n: 3 });
    assert.equal(put.headers['content-type'], 'application/json');
  }
});

test('a criterion with abort stops the run once it has failed for `after`', async () => {
  const { dir, file } = writeScenario(
    'abort.scenario.yaml',
    `version: 1
name: abort on errors
target: http://127.0.0.1:1
phases:
  - duration: 60s
    users: 1
flows:
  - name: f
    steps:
      - request: GET /fail?status=500
      - think: 20ms
criteria:
  - { expr: "errorRate < 1%", abort: true, after: 1s }
  - p95(latency) < 5s
monitor: { interval: 500ms, system: false }
`,
  );
  const result = await runCli(['run', file, '--out', join(dir, 'out'), '--target', echo.url, '--quiet']);
  assert.equal(result.code, 1, result.stderr);
  const report = readReport(join(dir, 'out'));
  assert.equal(report.outcome, 'aborted');
  assert.match(report.reason ?? '', /errorRate < 1%/);
  assert.ok(report.durationMs < 10_000, `took ${report.durationMs}`);
  assert.equal(report.criteria[0].passed, false);
  assert.equal(report.criteria[0].aborted, true);
  assert.equal(report.criteria[1].passed, true);
  assert.equal(report.errors.status, report.totals.errors);
  assert.equal(report.statusCodes['500'], report.totals.requests);
});

test('an alert fires after holding for `for`, is reported, and can abort the run', async () => {
  const { dir, file } = writeScenario(
    'alert.scenario.yaml',
    `version: 1
name: alert abort
target: http://127.0.0.1:1
phases:
  - duration: 60s
    users: 2
flows:
  - name: f
    steps:
      - request: GET /x?status=503
        expect: { status: [200, 201] }
      - think: 20ms
alerts:
  - { when: "errors > 0", for: 1s, severity: critical, abort: true }
  - { when: "heapUsed > 100000", for: 1s, severity: info }
monitor: { interval: 500ms, process: { pid: ${process.pid} } }
`,
  );
  const result = await runCli(['run', file, '--out', join(dir, 'out'), '--target', echo.url]);
  // Stopped by an alert with no criterion failing: the run could not complete (3), nothing failed (1).
  assert.equal(result.code, 3, result.stderr);
  assert.match(result.stderr, /ALERT \[critical\] errors > 0/);
  const report = readReport(join(dir, 'out'));
  assert.equal(report.outcome, 'aborted');
  assert.equal(report.alerts.length, 1);
  assert.equal(report.alerts[0].severity, 'critical');
  // `for: 1s` counts from the load's start, the first (partial) interval included at its real length.
  assert.ok(report.alerts[0].firedAt - report.phases[0].start >= 1000, `fired ${report.alerts[0].firedAt - report.phases[0].start} ms into the load`);
  assert.match(report.steps[0].sampleErrors[0].message, /status 503 \(expected 200 or 201\)/);
  // monitor.process watched this test process: its CPU and memory are in the time series.
  const watched = report.timeseries.filter((row) => row.processMemory != null);
  assert.ok(watched.length > 0);
  assert.ok((watched[0].processMemory ?? 0) > 10);
  assert.ok(report.timeseries.some((row) => row.cpu !== null && row.memory !== null));
});

test('a second SIGINT stops at once, even during a slow teardown, and still writes the report', async () => {
  const { dir, file } = writeScenario(
    'slow-teardown.scenario.yaml',
    `version: 1
name: slow teardown
target: http://127.0.0.1:1
phases:
  - duration: 60s
    users: 2
flows:
  - name: f
    steps:
      - request: GET /hello
      - think: 50ms
teardown:
  - request: GET /delay?ms=20000
    name: slow cleanup
`,
  );
  const out = join(dir, 'out');
  const cli = startCli(['run', file, '--out', out, '--target', sample.url], { timeoutMs: 40_000 });
  await cli.waitFor(/phase 1/);
  await new Promise((resolve) => setTimeout(resolve, 800));
  cli.child.kill('SIGINT');
  await cli.waitFor(/teardown…/);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const second = Date.now();
  cli.child.kill('SIGINT');
  const result = await cli.done;
  assert.ok(Date.now() - second < 5000, 'the second signal must not wait for the teardown');
  assert.equal(result.code, 3, result.stderr);
  const report = readReport(out);
  assert.equal(report.outcome, 'stopped');
  assert.equal(report.teardown.passed, false);
  assert.ok(report.totals.requests > 0);
});

test('a variable holding a template is rendered where it is used; a multipart file name too (found by an audit: both went out literally)', async () => {
  const { dir, file } = writeScenario(
    'templated-variables.scenario.yaml',
    `version: 1
name: templated variables
target: http://127.0.0.1:1
variables:
  user: "u{{ vu.id }}-{{ random.int(5, 5) }}"
  path: "/p/{{ env.STAMPEDE_TEST_SEGMENT }}"
  both: "{{ path }}/{{ user }}"
phases:
  - duration: 1s
    rate: 3
flows:
  - name: f
    steps:
      - request: POST {{ both }}?q={{ user }}
        multipart:
          upload: { file: { size: 1KB, name: "f{{ vu.id }}.bin" } }
`,
  );
  const before = echo.received.length;
  const result = await runCli(['run', file, '--out', join(dir, 'out'), '--target', echo.url], { env: { STAMPEDE_TEST_SEGMENT: 'seg' } });
  assert.equal(result.code, 0, result.stderr);
  const sent = echo.received.slice(before);
  assert.ok(sent.length >= 2, `${sent.length} requests`);
  for (const request of sent) {
    assert.match(request.url, /^\/p\/seg\/u\d+-5\?q=u\d+-5$/);
    assert.match(request.body.toString('latin1'), /filename="f\d+\.bin"/);
  }
});

test('a URL whose templates read nothing of the user (random.uuid(), random.int()) renders for every request, never once for the run', async () => {
  const steps = `      - request: GET /orders/{{ random.uuid() }}
        query: { n: "{{ random.int(1, 1000000000) }}" }
      - think: 150ms`;
  const { dir, file } = writeScenario('fresh-url.scenario.yaml', oneFlowScenario({ name: 'fresh url', steps }));
  const before = echo.received.length;
  const result = await runCli(['run', file, '--out', join(dir, 'out'), '--target', echo.url]);
  assert.equal(result.code, 0, result.stderr);
  const urls = echo.received.slice(before).map((request) => request.url);
  assert.ok(urls.length >= 3, `${urls.length} requests`);
  // Found while adding trial template values: such a URL went out with one uuid the whole run.
  assert.equal(new Set(urls).size, urls.length, urls.join('\n'));
  for (const url of urls) assert.match(url, /^\/orders\/[0-9a-f-]{36}\?n=\d+$/);
});
