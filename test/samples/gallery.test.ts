// The scenario gallery (samples/gallery/): every scenario validates, and every one runs against
// the real sample server with the real CLI, shrunk to seconds with --scale and --var, with no
// error and every criterion passing; `stampede try` on each shows every request the server
// answered as an exchange, all passing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { ROOT } from '../helpers/paths';
import { serverStats, startSampleServer, type SampleServer } from '../helpers/sample-server';

const GALLERY = join(ROOT, 'samples', 'gallery');
const QUICK_THINK = ['--var', 'think=50ms..200ms'];

/**
 * How each scenario is shrunk for a test: its phases (minutes long) scaled to about 3 s, its
 * users and data cut down. A new gallery scenario must add a line here (a test checks).
 */
const SMALL: Record<string, string[]> = {
  'authentication.scenario.yaml': ['--scale', '0.01', '--var', 'users=30', ...QUICK_THINK],
  'authentication-stress.scenario.yaml': ['--scale', '0.005', '--var', 'users=40'],
  'database-crud.scenario.yaml': ['--scale', '0.015', '--var', 'users=20', ...QUICK_THINK],
  'database-stress.scenario.yaml': ['--scale', '0.007', '--var', 'users=20', '--var', 'seedRecords=2000', '--var', 'recordBytes=1024', ...QUICK_THINK],
  'realtime.scenario.yaml': ['--scale', '0.015', '--var', 'users=20', '--var', 'listenFor=1s', '--var', 'events=5', ...QUICK_THINK],
  'realtime-high-concurrency.scenario.yaml': ['--scale', '0.008', '--var', 'users=200', '--var', 'holdFor=1500ms', '--var', 'broadcastPause=100ms..300ms'],
  'file-storage.scenario.yaml': ['--scale', '0.015', '--var', 'users=10', ...QUICK_THINK],
  'computed-attributes.scenario.yaml': ['--scale', '0.015', '--var', 'users=20', ...QUICK_THINK],
  'stored-functions.scenario.yaml': ['--scale', '0.015', '--var', 'users=20', ...QUICK_THINK],
  'mixed-workload.scenario.yaml': ['--scale', '0.005', '--var', 'users=40', ...QUICK_THINK],
};

interface ReportJson {
  passed: boolean;
  exitCode: number;
  totals: { requests: number; errors: number };
  criteria: { expr: string; passed: boolean; actual: unknown }[];
  steps: { name: string; requests: number; errors: number; sampleErrors?: { message: string; count: number }[] }[];
}

const scenarios = readdirSync(GALLERY).filter((name) => name.endsWith('.scenario.yaml')).sort();

// Two runs at a time, as the library's gallery test does: each is a few dozen users, well within
// the sample server, and the suite has a time budget.
describe('scenario gallery', { timeout: 150_000, concurrency: 2 }, () => {
  let server: SampleServer;
  let outRoot: string;
  before(async () => {
    server = await startSampleServer();
    outRoot = mkdtempSync(join(tmpdir(), 'stampede-gallery-'));
  });
  after(async () => {
    await server?.close();
    if (outRoot) rmSync(outRoot, { recursive: true, force: true });
  });

  it('holds the ten scenario types, each with a small test size', () => {
    assert.equal(scenarios.length, 10, scenarios.join(', '));
    assert.deepEqual(scenarios, Object.keys(SMALL).sort());
  });

  it('validates every scenario with no error, at its own size and at the test size', { timeout: 20_000 }, async () => {
    const files = scenarios.map((name) => join(GALLERY, name));
    const plain = await runCli(['validate', ...files]);
    assert.equal(plain.code, 0, plain.stdout + plain.stderr);
    assert.doesNotMatch(plain.stdout, /: error: /);
    const sized = await Promise.all(
      scenarios.map(async (name) => {
        const vars = SMALL[name].filter((_, i, all) => all[i - 1] === '--var').flatMap((pair) => ['--var', pair]);
        return { name, result: await runCli(['validate', join(GALLERY, name), ...vars]) };
      }),
    );
    for (const { name, result } of sized) assert.equal(result.code, 0, `${name}: ${result.stdout}${result.stderr}`);
  });

  for (const name of scenarios) {
    it(`runs ${name} against the sample server: no error, every criterion passes`, { timeout: 30_000 }, async () => {
      const out = join(outRoot, name.replace(/\.scenario\.yaml$/, ''));
      const result = await runCli(['run', join(GALLERY, name), '--target', server.url, '--out', out, '--quiet', ...(SMALL[name] ?? [])], { timeoutMs: 28_000 });
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportJson;
      const failing = report.steps.filter((step) => step.errors > 0).map((step) => `${step.name}: ${JSON.stringify(step.sampleErrors)}`);
      const failed = report.criteria.filter((criterion) => !criterion.passed).map((c) => `${c.expr} (actual ${JSON.stringify(c.actual)})`);
      const context = `\n${failing.join('\n')}\n${failed.join('\n')}\n${result.stderr.slice(-2000)}`;
      assert.equal(result.code, 0, context);
      assert.equal(report.totals.errors, 0, context);
      assert.ok(report.totals.requests > 20, `only ${report.totals.requests} requests`);
      assert.ok(report.criteria.length > 0 && report.criteria.every((c) => c.passed), context);
    });
  }
});

// One user, one iteration: `try` shows an exchange for every HTTP request the server answered
// (a redirect's hops in its exchange; streams and WebSocket sessions are not exchanges). One at
// a time, on a server of its own: its counts are reset before each.
// Two trials at a time, each against a sample server of its own: its counts are that trial's alone.
describe('stampede try on the gallery', { concurrency: 2 }, () => {
  for (const name of scenarios) {
    it(`tries ${name}: every exchange shown and passed, exit 0`, { timeout: 30_000 }, async (t) => {
      const server = await startSampleServer();
      t.after(() => server.close());
      const vars = SMALL[name].filter((_, i, all) => all[i - 1] === '--var').flatMap((pair) => ['--var', pair]);
      const result = await runCli(['try', join(GALLERY, name), '--target', server.url, '--json', ...vars], { timeoutMs: 28_000 });
      const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as TryLine);
      const exchanges = lines.flatMap((line) => (line.type === 'exchange' && line.exchange ? [line.exchange] : []));
      const outcome = lines.find((line) => line.type === 'result');
      const failed = exchanges.filter((e) => !e.passed).map((e) => `${e.step}: ${e.error}`);
      assert.equal(result.code, 0, `${failed.join('\n')}\n${result.stderr}`);
      assert.equal(outcome?.passed, true);
      assert.deepEqual(failed, []);
      assert.equal(outcome?.requests, exchanges.length);
      const stats = await serverStats(server.url);
      const answered = stats.requests - stats.websockets.total - stats.sseConnections.total;
      assert.equal(exchanges.reduce((sum, e) => sum + 1 + e.redirects, 0), answered, `the server answered ${answered} requests: ${JSON.stringify(stats.byRoute)}`);
    });
  }
});

/** A line of `stampede try --json`. */
interface TryLine {
  type: 'exchange' | 'result';
  exchange?: { step: string; passed: boolean; redirects: number; error?: string };
  passed?: boolean;
  requests?: number;
}
