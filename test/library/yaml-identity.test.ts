// The YAML a builder writes is the builder's model: it validates with no error, reads back as
// the same model, and run by the CLI it sends the Collection Store exactly the requests the
// library's run of the model sends another, fresh one (iterations, not a clock, decide how many).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromYaml, run, scenario, toJson, toYaml, validate } from '../../lib/index';
import type { Report } from '../../report/types';
import { runCli } from '../helpers/cli';
import { startLoggedSampleServer, type LoggedSampleServer } from '../helpers/logged-sample-server';

const model = scenario('records round trip')
  .description('Each user adds records to a collection of its own, reads them back, and lists them.')
  .target('http://127.0.0.1:4100')
  .defaults({ headers: { accept: 'application/json' }, timeout: '5s' })
  .variables({ password: 'secret', pages: 2 })
  .setup([
    { request: 'POST /auth/login', name: 'login', json: { username: 'admin', password: '{{ password }}' }, expect: { status: 200, contains: '"token"' }, capture: { token: 'body.token' } },
    { request: 'POST /collections', name: 'create collection', headers: { authorization: 'Bearer {{ token }}' }, json: { name: 'library identity' }, expect: { status: 201 }, capture: { collectionId: 'body.id' } },
  ])
  .phase({ name: 'each user three times', users: 2, iterations: 3 })
  .flow('write and read', [
    {
      request: 'POST /collections/{{ collectionId }}/records',
      name: 'add record',
      headers: { authorization: 'Bearer {{ token }}' },
      json: { title: 'user {{ vu.id }} pass {{ vu.iteration }}', price: 9.5, tags: ['a', 'b'] },
      expect: { status: [200, 201] },
      capture: { recordId: 'body.id' },
    },
    { think: '20ms' },
    { request: 'GET /collections/{{ collectionId }}/records/{{ recordId }}', name: 'read record', headers: { authorization: 'Bearer {{ token }}' }, expect: { status: 200, json: { price: 9.5 } } },
    { repeat: '{{ pages }}', steps: [{ request: 'GET /collections/{{ collectionId }}/records', name: 'list page', headers: { authorization: 'Bearer {{ token }}' }, query: { limit: 5, offset: '{{ loop.index }}' }, check: { status: 200 } }] },
  ])
  .teardown([{ request: 'DELETE /collections/{{ collectionId }}', name: 'drop collection', headers: { authorization: 'Bearer {{ token }}' }, expect: { status: 204 } }])
  .criteria('errorRate < 1%', { expr: 'p95(latency) < 2s', abort: false })
  .build();

/** The server's log as a sorted list: two users interleave differently from run to run. */
const sorted = (log: string[]): string[] => [...log].sort();
const stepCounts = (report: Report) => Object.fromEntries(report.steps.map((step) => [step.name, step.requests]));

describe('a builder\'s YAML', { timeout: 60_000 }, () => {
  let work: string;
  let viaLibrary: LoggedSampleServer;
  let viaCli: LoggedSampleServer;
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'stampede-library-yaml-'));
    [viaLibrary, viaCli] = await Promise.all([startLoggedSampleServer(), startLoggedSampleServer()]);
  });
  after(async () => {
    await Promise.all([viaLibrary?.close(), viaCli?.close()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('validates with no error and reads back as the same model, from YAML and from JSON', async () => {
    const yaml = toYaml(model);
    assert.deepEqual((await validate(yaml)).filter((d) => d.severity === 'error'), []);
    assert.deepEqual((await validate(model)).filter((d) => d.severity === 'error'), []);
    assert.deepEqual(fromYaml(yaml), model);
    assert.deepEqual(fromYaml(toJson(model)), model);
    // Written as a person would: the format's key order, a blank line between sections, short
    // mappings of plain values on one line, templates quoted where YAML needs it, no anchors.
    assert.match(yaml, /^version: 1\nname: records round trip\ndescription: .*\ntarget: http:\/\/127\.0\.0\.1:4100\n\ndefaults:\n/);
    assert.match(yaml, /\nphases:\n {2}- name: each user three times\n {4}users: 2\n {4}iterations: 3\n\nsetup:\n/);
    assert.match(yaml, /\nvariables:\n {2}password: secret\n {2}pages: 2\n/);
    assert.match(yaml, /^ {12}query: \{ limit: 5, offset: "\{\{ loop\.index \}\}" \}$/m);
    assert.match(yaml, /request: POST \/collections\/\{\{ collectionId \}\}\/records$/m);
    assert.match(yaml, /repeat: "\{\{ pages \}\}"/);
    assert.doesNotMatch(yaml, /[&*]a\d/);
  });

  it('runs identically: the CLI running the YAML sends what the library running the model sends', async () => {
    const file = join(work, 'records.scenario.yaml');
    writeFileSync(file, toYaml(model));
    const out = join(work, 'cli-run');
    const [library, cli] = await Promise.all([
      run(model, { target: viaLibrary.url }).report,
      runCli(['run', file, '--target', viaCli.url, '--out', out, '--quiet'], { timeoutMs: 45_000 }),
    ]);
    assert.equal(cli.code, 0, cli.stderr);
    const cliReport = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    assert.equal(library.outcome, 'completed');
    assert.equal(library.passed, true);
    assert.equal(library.totals.errors, 0);
    // 2 setup requests, 2 users × 3 iterations × (add, read, 2 pages), 1 teardown request.
    assert.equal(viaLibrary.log.length, 2 + 2 * 3 * 4 + 1, viaLibrary.log.join('\n'));
    assert.deepEqual(sorted(viaCli.log), sorted(viaLibrary.log));
    assert.deepEqual(stepCounts(cliReport), stepCounts(library));
    assert.equal(cliReport.totals.requests, library.totals.requests);
  });
});
