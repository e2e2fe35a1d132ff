// Keys a newcomer brings from Artillery or k6 (issue 12): one error at the key that says what
// Stampede writes instead, in the contract's terms, with the rename as a quick fix where that
// is the whole fix, and no "unknown key" or "missing key" cascade beside it.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runCli, writeScenario } from '../helpers/cli';
import { MINIMAL, assertAt, fixed, printed, sole } from './helpers';

const phase = (lines: string) => MINIMAL.replace('  - duration: 10s\n    users: 1\n', lines);
const step = (lines: string) => MINIMAL.replace('      - request: GET /\n', lines);
const request = (lines: string) => MINIMAL.replace('      - request: GET /\n', `      - request: POST /\n${lines}`);

describe('Artillery phases', () => {
  it('arrivalRate is `rate`, renamed by the quick fix into a valid phase', () => {
    const text = phase('  - duration: 10s\n    arrivalRate: 10\n');
    const d = sole(text);
    assert.equal(d.code, 'foreign-key');
    assertAt(d, 6, 5, 'arrivalRate');
    assert.equal(d.message, "`arrivalRate` is Artillery's; in Stampede write `rate: 10` (flow iterations started per second: the open model)");
    assert.deepEqual(printed(fixed(text, 'foreign-key')), []);
  });
  it('arrivalRate with rampTo is one `rate` ramp, and no rename is offered', () => {
    const all = printed(phase('  - duration: 10s\n    arrivalRate: 10\n    rampTo: 50\n'));
    assert.deepEqual(all.map((d) => [d.code, d.text]), [['foreign-key', 'arrivalRate'], ['foreign-key', 'rampTo']]);
    for (const d of all) assert.match(d.message, /`rate: \{ from: 10, to: 50 \}`/);
    assert.throws(() => fixed(phase('  - duration: 10s\n    arrivalRate: 10\n    rampTo: 50\n'), 'foreign-key'));
  });
  it('arrivalCount is the rate it spreads over the phase', () => {
    const d = sole(phase('  - duration: 60s\n    arrivalCount: 120\n'));
    assertAt(d, 6, 5, 'arrivalCount');
    assert.match(d.message, /write `rate: 2` \(arrivals \/ duration\)/);
  });
  it('maxVusers is `maxUsers`; a pause is a phase with no arrivals', () => {
    const text = phase('  - duration: 10s\n    rate: 5\n    maxVusers: 50\n');
    assert.match(sole(text).message, /write `maxUsers`/);
    assert.deepEqual(printed(fixed(text, 'foreign-key')), []);
    const pause = sole(phase('  - duration: 10s\n    users: 1\n  - pause: 10\n'));
    assertAt(pause, 7, 5, 'pause');
    assert.match(pause.message, /`\{ duration: 10s, rate: 0 \}`/);
  });
  it('a bare number of seconds as a duration or a think gets the unit as a quick fix', () => {
    const text = phase('  - duration: 60\n    users: 1\n');
    assert.equal(sole(text).code, 'bad-duration');
    assert.deepEqual(printed(fixed(text, 'bad-duration')), []);
    const think = step('      - request: GET /\n      - think: 2\n');
    assert.equal(sole(think).code, 'bad-think');
    assert.match(fixed(think, 'bad-think'), /- think: 2s\n/);
    // A timeout may as well be milliseconds: no guess.
    assert.throws(() => fixed(request('        timeout: 5000\n'), 'bad-duration'));
  });
});

describe('k6 options', () => {
  it('stages are phases ramping `users` to each target', () => {
    const text = MINIMAL.replace(/phases:\n[\s\S]*?flows:/, 'stages:\n  - { duration: 30s, target: 20 }\n  - { duration: 1m, target: 0 }\nflows:');
    const d = sole(text);
    assertAt(d, 4, 1, 'stages');
    assert.match(d.message, /^`stages` is k6's; in Stampede each stage is a phase: `phases: \[\{ duration: 30s, users: \{ to: 20 \} \}, …\]`$/);
  });
  it('vus and duration at the top level are a phase; vus in a phase is `users`', () => {
    const text = MINIMAL.replace(/phases:\n[\s\S]*?flows:/, 'vus: 10\nduration: 30s\nflows:');
    const all = printed(text);
    assert.deepEqual(all.map((d) => d.text), ['vus', 'duration']);
    for (const d of all) assert.match(d.message, /`phases: \[\{ duration: 30s, users: 10 \}\]`/);
    const inPhase = phase('  - duration: 10s\n    vus: 3\n');
    assert.match(sole(inPhase).message, /write `users: 3`/);
    assert.deepEqual(printed(fixed(inPhase, 'foreign-key')), []);
  });
  it('thresholds become criteria, translated from the script', () => {
    const text = `${MINIMAL}thresholds:\n  http_req_duration: ["p(95)<500"]\n  http_req_failed: ["rate<0.01"]\n`;
    const d = sole(text);
    assertAt(d, 11, 1, 'thresholds');
    assert.match(d.message, /write `criteria: \["p95\(latency\) < 500ms", "errorRate < 1%"\]`/);
    // What it suggests is a valid Stampede criterion.
    assert.deepEqual(printed(`${MINIMAL}criteria: ["p95(latency) < 500ms", "errorRate < 1%"]\n`), []);
  });
  it('insecureSkipTLSVerify is `defaults.tls.insecure`; iterations are per user in a phase', () => {
    const tls = sole(`${MINIMAL}insecureSkipTLSVerify: true\n`);
    assert.match(tls.message, /write `defaults: \{ tls: \{ insecure: true \} \}`/);
    const iterations = printed(MINIMAL.replace(/phases:\n[\s\S]*?flows:/, 'vus: 10\niterations: 100\nflows:')).find((d) => d.text === 'iterations');
    assert.match(iterations?.message ?? '', /`phases: \[\{ users: 10, iterations: 10 \}\]`/);
  });
  it('an arrival-rate executor in a phase', () => {
    const all = printed(phase('  - duration: 10s\n    executor: constant-arrival-rate\n    rate: 30\n    timeUnit: 1s\n    preAllocatedVUs: 5\n    maxVUs: 50\n'));
    assert.deepEqual(all.map((d) => [d.code, d.text]), [
      ['foreign-key', 'executor'], ['foreign-key', 'timeUnit'], ['foreign-key', 'preAllocatedVUs'], ['foreign-key', 'maxVUs'],
    ]);
    assert.match(all[0].message, /the open model is `rate: N`/);
  });
});

describe('flows and steps', () => {
  it('loop is a `repeat` block, ifTrue an `if` block, a method key a request line', () => {
    const loop = sole(step('      - loop:\n          - request: GET /\n        count: 5\n'));
    assertAt(loop, 10, 9, 'loop');
    assert.match(loop.message, /write a `repeat` block: `- repeat: 5` with the steps under `steps:`/);
    const ifTrue = sole(step('      - ifTrue: "n > 3"\n        steps: [{ request: GET / }]\n'));
    assert.match(ifTrue.message, /write an `if` block: `- if: "n > 3"`/);
    const get = sole(step('      - get:\n          url: /items\n'));
    assert.match(get.message, /write `- request: GET \/items`/);
    assert.match(sole(step('      - sleep: 2\n')).message, /write `- think: 2s`/);
  });
  it("Artillery's scenarios, flow, capture and expect, key by key", () => {
    const text = MINIMAL.replace(/flows:[\s\S]*$/, `scenarios:
  - name: main
    flow:
      - post:
          url: /login
          qs: { a: 1 }
          capture:
            - json: "$.items[0].id"
              as: id
          expect:
            - statusCode: 200
`);
    const all = printed(text);
    assert.deepEqual(all.map((d) => [d.code, d.text]), [
      ['foreign-key', 'scenarios'], ['foreign-key', 'flow'], ['foreign-key', 'post'], ['foreign-key', 'qs'], ['foreign-key', 'json'], ['foreign-key', 'statusCode'],
    ]);
    const message = (key: string) => all.find((d) => d.text === key)?.message ?? '';
    assert.match(message('scenarios'), /write `flows:`/);
    assert.match(message('qs'), /write `query`/);
    assert.match(message('json'), /write `capture: \{ id: body.items\[0\].id \}`/);
    assert.match(message('statusCode'), /write `expect: \{ status: 200 \}`/);
  });
  it('expect written as a mapping with statusCode is renamed to `status`', () => {
    const text = request('        expect: { statusCode: 201 }\n');
    assert.deepEqual(printed(fixed(text, 'foreign-key')), []);
  });
  it("Artillery's lists under `expect` and `capture` in a Stampede step: the keys are explained, not the lists", () => {
    const all = printed(request('        expect:\n          - statusCode: 200\n        capture:\n          - header: Location\n            as: where\n'));
    assert.deepEqual(all.map((d) => [d.code, d.text]), [['foreign-key', 'statusCode'], ['foreign-key', 'header']]);
    assert.match(all[1].message, /write `capture: \{ where: headers\.location \}`/);
  });
  it('a capture in the Artillery shape is one error, not three', () => {
    const d = sole(request('        capture: { json: "$.token", as: token }\n'));
    assert.match(d.message, /write `capture: \{ token: body.token \}`/);
  });
  it('fromFile in a multipart field is a file from disk; payload is a data set', () => {
    const file = sole(request('        multipart:\n          avatar: { fromFile: ./a.png }\n'));
    assert.match(file.message, /a file from disk is `\{ file: \{ path: \.\/a\.png \} \}`/);
    const payload = sole(`${MINIMAL}payload:\n  path: users.csv\n  fields: [name]\n`);
    assert.match(payload.message, /write `data: \{ rows: \{ file: users\.csv \} \}`/);
  });
  it('a rename is not offered onto a key the mapping already has', () => {
    assert.throws(() => fixed(phase('  - duration: 10s\n    users: 1\n    vus: 3\n'), 'foreign-key'));
  });
  it("a `ws` step's `send` is Stampede's, not Artillery's", () => {
    const codes = printed(step('      - ws: /live\n        send: [hello]\n')).map((d) => d.code);
    assert.ok(!codes.includes('foreign-key'), codes.join());
  });
});

describe('stampede validate', () => {
  it('prints each foreign key at its line and column, and nothing about the same keys besides', async () => {
    const { dir } = writeScenario('artillery.scenario.yaml', phase('  - duration: 60\n    arrivalRate: 5\n    rampTo: 20\n'));
    try {
      const result = await runCli(['validate', 'artillery.scenario.yaml'], { cwd: dir });
      assert.equal(result.code, 2);
      assert.deepEqual(result.stdout.split('\n').filter((line) => line.includes(': error: ')), [
        'artillery.scenario.yaml:5:15: error: `60` has no unit: write a duration such as `60s` or `60ms`',
        "artillery.scenario.yaml:6:5: error: `arrivalRate` is Artillery's; in Stampede it and `rampTo` make one ramp: `rate: { from: 5, to: 20 }` (flow iterations started per second)",
        "artillery.scenario.yaml:7:5: error: `rampTo` is Artillery's; in Stampede it and `arrivalRate` make one ramp: `rate: { from: 5, to: 20 }` (flow iterations started per second)",
      ]);
      assert.doesNotMatch(result.stdout, /unknown key|load model/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
