// `scenarios.*`: the gallery's ten scenario types as factories. Every size of every type
// validates with no error; medium is the gallery file as written; the small size of each runs
// clean against the Collection Store (its phases scaled to about three seconds).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromYaml, run, scenarios, SCENARIO_TYPES, validate, type ScenarioSize } from '../../lib/index';
import { ROOT } from '../helpers/paths';
import { startSampleServer, type SampleServer } from '../helpers/sample-server';

/** The contract's names ("The library"), in its order. */
const CONTRACT = ['authentication', 'authenticationStress', 'databaseCrud', 'databaseStress', 'realtime', 'realtimeHighConcurrency', 'fileStorage', 'computedAttributes', 'storedFunctions', 'mixedWorkload'];
const SIZES: ScenarioSize[] = ['small', 'medium', 'large'];
const COLLECTION_STORE = 'http://127.0.0.1:4100';
const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
/**
 * How much of the small size's fifteen seconds each test runs. One user in fifty broadcasts in
 * realtimeHighConcurrency, so it needs a few hundred iterations to be all but sure of one.
 */
const scaleOf = (type: string): number => (type === 'realtimeHighConcurrency' ? 0.5 : 0.2);

// Two runs at a time: each small size is a handful of users, well within the sample server.
describe('the gallery as factories', { timeout: 180_000, concurrency: 2 }, () => {
  let server: SampleServer;
  before(async () => {
    server = await startSampleServer();
  });
  after(async () => {
    await server?.close();
  });

  it('offers the ten types by name', () => {
    assert.deepEqual(SCENARIO_TYPES, CONTRACT);
    assert.deepEqual(Object.keys(scenarios), CONTRACT);
  });

  it('validates every size of every type with no error; medium is the file as written, aimed where asked or at the Collection Store', async () => {
    for (const type of SCENARIO_TYPES) {
      const file = fromYaml(readFileSync(join(ROOT, 'samples', 'gallery', `${kebab(type)}.scenario.yaml`), 'utf8'));
      assert.deepEqual(scenarios[type](), file, `${type}: medium is the gallery file`);
      assert.equal(scenarios[type]({ target: server.url }).target, server.url);
      // Without a target: the Collection Store's default address (its server.js, no --port).
      for (const size of SIZES) assert.equal(scenarios[type]({ size }).target, COLLECTION_STORE, `${type} (${size})`);
      const users = SIZES.map((size) => Number(scenarios[type]({ size }).variables?.users));
      assert.ok(users[0] < users[1] && users[1] <= users[2], `${type}: users ${users.join(' < ')}`);
      for (const size of SIZES) {
        const errors = (await validate(scenarios[type]({ size }))).filter((d) => d.severity === 'error');
        assert.deepEqual(errors, [], `${type} (${size})`);
      }
    }
    assert.throws(() => scenarios.realtime({ size: 'huge' as ScenarioSize }), /small, medium or large/);
  });

  for (const type of CONTRACT) {
    it(`runs ${type} at its small size: no error, every criterion with data passes`, { timeout: 30_000 }, async () => {
      const handle = run(scenarios[type as keyof typeof scenarios]({ size: 'small', target: server.url }), { scale: scaleOf(type) });
      let intervals = 0;
      handle.on('interval', () => intervals++);
      const report = await handle.report;
      const failing = report.steps.filter((step) => step.errors > 0).map((step) => `${step.name}: ${JSON.stringify(step.sampleErrors)}`);
      // A few seconds may never pick a rare weighted flow (database-crud's aggregate has 2 %, file-storage's 5 MB files are rare too): its
      // criterion then has no data, which says nothing of the run. Every criterion with data passes.
      const measured = report.criteria.filter((c) => c.reason !== 'no data');
      const failed = measured.filter((c) => !c.passed).map((c) => `${c.expr} (actual ${JSON.stringify(c.actual)})`);
      const context = `\n${failing.join('\n')}\n${failed.join('\n')}`;
      assert.equal(report.outcome, 'completed', `${report.reason ?? ''}${context}`);
      assert.equal(report.totals.errors, 0, context);
      assert.deepEqual(failed, [], context);
      assert.ok(measured.length > 0, 'no criterion had data');
      assert.ok(report.totals.requests > 20, `only ${report.totals.requests} requests`);
      assert.equal(intervals, report.timeseries.length);
    });
  }
});
