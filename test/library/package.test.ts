// The library as a user gets it: `npm pack`, the tarball installed into a fresh project, a
// TypeScript file compiled against the shipped types with `tsc --strict` (ES module and CommonJS),
// and run against the Collection Store: builder → validate (a planted mistake with its path and
// line) → run with live events (an alert among them) → report; two runs at once through
// LoadTestManager; a run stopped mid-way with a partial report and its teardown; an engine
// killed mid-run. The tarball is installed as a user installs it: its dependencies fetched
// (from npm's cache where it has them, else the registry), nothing linked from this
// repository; they are exactly what the shipped files need, and small.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { packagesNeeded } from '../helpers/package-needs';
import { ROOT } from '../helpers/paths';
import { startLoggedSampleServer, type LoggedSampleServer } from '../helpers/logged-sample-server';

const exec = promisify(execFile);
const FIXTURES = join(ROOT, 'test', 'fixtures', 'library');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

interface RunSummary {
  outcome: string;
  passed: boolean;
  requests: number;
  errors: number;
  steps: string[];
  teardown: { ran: boolean; passed: boolean };
  startedAt: string;
  endedAt: string;
  timeseries: number;
  alerts: { when: string; severity: string; firedAt: number }[];
}

interface ConsumerOutput {
  clean: unknown[];
  planted: { severity: string; message: string; line: number; column: number; code: string; path: string };
  plantedLine: string;
  refused: { exitCode: number; message: string } | undefined;
  main: RunSummary & { intervals: number; phases: string[]; requestsSeen: number; alertsSeen: { when: string; severity: string; state: string; firedAt: number }[] };
  metrics: { kept: number; requests: number; p99: number | null; firstHalf: number; csvHeader: string; json: number };
  manager: { activeAtStart: number; activeAfterShort: string[]; activeAtEnd: number; short: RunSummary; long: RunSummary | null };
  stopped: RunSummary & { intervals: number };
  killed: RunSummary & { enginePid: number; ownPid: number; running: boolean };
}

/** The installed package's node_modules must stay under this (it was 98 MB with the build tools). */
const INSTALLED_LIMIT = 40 * 1024 * 1024;

/** A new project with the tarball installed: what npm printed, and node_modules' size in bytes. */
async function installInto(project: string, tarball: string): Promise<{ npmSaid: string; bytes: number }> {
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
  // No install scripts: better-sqlite3 (the sample server's) would compile SQLite for a minute,
  // and nothing here runs the installed sample server.
  const { stdout, stderr } = await exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: project, timeout: 180_000 });
  const bytes = sizeOf(join(project, 'node_modules'));
  // What a TypeScript project has of its own: Node's types (unless a dependency brought them).
  const nodeTypes = join(project, 'node_modules', '@types', 'node');
  mkdirSync(dirname(nodeTypes), { recursive: true });
  if (!existsSync(nodeTypes)) symlinkSync(join(ROOT, 'node_modules', '@types', 'node'), nodeTypes, 'dir');
  return { npmSaid: `${stdout}${stderr}`, bytes };
}

function sizeOf(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).reduce((sum, entry) => (entry.isFile() ? sum + statSync(join(entry.parentPath, entry.name)).size : sum), 0);
}

describe('the packed library, installed and used from TypeScript', { timeout: 240_000 }, () => {
  let work: string;
  let project: string;
  let server: LoggedSampleServer;
  let log: string[] = [];
  let install: { npmSaid: string; bytes: number };

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'stampede-library-'));
    project = join(work, 'project');
    mkdirSync(project);
    // What `npm pack` does for a publish — prepack (the declarations), prepare (the bundles) —
    // with the bundles `npm test` has just built: the declarations, then the pack alone.
    await exec(process.execPath, ['scripts/build-types.mjs'], { cwd: ROOT, timeout: 180_000 });
    await exec('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, timeout: 180_000 });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote no tarball');
    install = await installInto(project, join(work, tarball));
    server = await startLoggedSampleServer();
    log = server.log;
  });
  after(async () => {
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships the bundles, the gallery and the engine\'s own declarations, and no sources or maps', () => {
    const installed = join(project, 'node_modules', 'stampede');
    for (const file of ['dist/library.js', 'dist/library.mjs', 'dist/library.d.mts', 'dist/engine.js', 'dist/boot.js', 'dist/cli.js', 'dist/types/lib/index.d.ts', 'dist/types/scenario/raw-types.d.ts', 'dist/types/report/types.d.ts', 'samples/gallery/realtime.scenario.yaml', 'bin/stampede.js']) {
      assert.ok(existsSync(join(installed, file)), `${file} is missing from the package`);
    }
    // The model's type is the scenario's own (scenario/raw-types.ts), imported, not redeclared.
    assert.match(readFileSync(join(installed, 'dist/types/lib/model.d.ts'), 'utf8'), /from '\.\.\/scenario\/raw-types'/);
    const everything = readdirSync(installed, { recursive: true }).map(String);
    assert.deepEqual(everything.filter((file) => /\.map$|(?<!\.d)\.ts$|^test\/|dist\/client\.js/.test(file)), []);
    // The entries a user's process loads name no source map (there is none to find).
    for (const file of ['dist/library.js', 'dist/library.mjs']) assert.doesNotMatch(readFileSync(join(installed, file), 'utf8'), /sourceMappingURL/, file);
  });

  it('ships what its README and docs/LIBRARY.md link to', () => {
    const installed = join(project, 'node_modules', 'stampede');
    for (const doc of ['README.md', 'docs/LIBRARY.md']) {
      // Links, not images: the screenshots stay in the repository.
      const targets = [...readFileSync(join(installed, doc), 'utf8').matchAll(/(?<!!)\[[^\]]*\]\(([^)#]+)(?:#[^)]*)?\)/g)].map((match) => match[1]).filter((target) => !/^[a-z]+:/.test(target));
      assert.ok(targets.length > 0, `${doc} links to nothing`);
      for (const target of targets) assert.ok(existsSync(join(installed, dirname(doc), target)), `${doc} links to ${target}, which the package lacks`);
    }
  });

  it('installs only the packages its shipped files need, under 40 MB, with no engine warning', () => {
    const installed = join(project, 'node_modules', 'stampede');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    assert.deepEqual(Object.keys(manifest.dependencies ?? {}).sort(), packagesNeeded(installed));
    assert.ok(install.bytes < INSTALLED_LIMIT, `node_modules holds ${(install.bytes / 1024 / 1024).toFixed(1)} MB`);
    // The build tools' own requirements (swagger-parser wants Node 22) are no user's concern.
    assert.doesNotMatch(install.npmSaid, /EBADENGINE/);
  });

  it('compiles a user\'s TypeScript against the types with tsc --strict, ES module and CommonJS', async () => {
    for (const file of ['consumer.mts', 'consumer-cjs.cts']) copyFileSync(join(FIXTURES, file), join(project, file));
    const args = ['--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--outDir', 'out', 'consumer.mts', 'consumer-cjs.cts'];
    await exec(process.execPath, [TSC, ...args], { cwd: project, timeout: 120_000 }).catch((error: { stdout?: string }) => assert.fail(`tsc --strict failed:\n${error.stdout}`));
    const { stdout } = await exec(process.execPath, ['out/consumer-cjs.cjs'], { cwd: project, timeout: 30_000 });
    const cjs = JSON.parse(stdout) as { names: string[]; model: string; types: number; sizes: number };
    assert.equal(cjs.model, 'cjs');
    assert.equal(cjs.types, 10);
    for (const name of ['scenario', 'validate', 'fromYaml', 'toYaml', 'toJson', 'run', 'LoadTestManager', 'MetricsCollector', 'scenarios']) assert.ok(cjs.names.includes(name), `require('stampede') lacks ${name}`);
    // The ES module entry has exactly the same names (and is the same library: one bundle).
    const esm = await exec(process.execPath, ['--input-type=module', '-e', "import * as s from 'stampede'; import { createRequire } from 'node:module'; const c = createRequire(import.meta.url)('stampede'); console.log(JSON.stringify({ names: Object.keys(s).sort(), same: s.run === c.run }))"], { cwd: project, timeout: 30_000 });
    assert.deepEqual(JSON.parse(esm.stdout), { names: cjs.names, same: true });
  });

  it('builds, validates, runs with live events and an alert, runs two at once, stops a run mid-way, and outlives its killed engine', { timeout: 120_000 }, async () => {
    const { stdout, stderr } = await exec(process.execPath, ['out/consumer.mjs', server.url], { cwd: project, timeout: 110_000 }).catch((error: { stdout?: string; stderr?: string }) => assert.fail(`the consumer failed:\n${error.stderr}\n${error.stdout}`));
    const out = JSON.parse(stdout) as ConsumerOutput;
    const context = `\n${stderr.slice(-2000)}`;

    // validate: the built model is clean; the planted mistake is found where it was planted.
    assert.deepEqual(out.clean, []);
    assert.equal(out.planted.code, 'undefined-template-name');
    assert.equal(out.planted.path, 'flows[0].steps[0].headers.authorization');
    assert.match(out.plantedLine, /authorization: .*\{\{ tokn \}\}/);
    assert.equal(out.refused?.exitCode, 2, JSON.stringify(out.refused));
    assert.ok(!log.some((line) => line.includes('run=broken')), 'the refused scenario sent nothing');

    // The run: live intervals and phases as they came, and a report that agrees with the server.
    assert.equal(out.main.outcome, 'completed', context);
    assert.equal(out.main.passed, true, context);
    assert.equal(out.main.errors, 0);
    assert.deepEqual(out.main.phases, ['ramp', 'steady']);
    assert.ok(out.main.intervals >= 2, `${out.main.intervals} intervals`);
    assert.equal(out.main.intervals, out.main.timeseries);
    assert.equal(out.main.requestsSeen, out.main.requests);
    // The alert (rps > 0) reached the `alert` listener as it fired, and the report lists it.
    const fired = out.main.alertsSeen.find((alert) => alert.state === 'fired');
    assert.ok(fired, `no alert reached the listener: ${JSON.stringify(out.main.alertsSeen)}`);
    assert.deepEqual({ when: fired.when, severity: fired.severity }, { when: 'rps > 0', severity: 'info' });
    assert.deepEqual(out.main.alerts.map((alert) => alert.firedAt), [fired.firedAt]);
    const mainLoad = log.filter((line) => /\?run=main$/.test(line) && !line.startsWith('POST /auth/login')).length;
    assert.equal(out.main.requests, mainLoad, 'the report counts what the server served');
    assert.ok(log.includes('POST /auth/login?run=main') && log.includes('GET /hello?teardown=main'), 'setup and teardown ran');
    // The collector kept every interval; a time range takes only the intervals inside it.
    assert.equal(out.metrics.kept, out.main.intervals);
    assert.equal(out.metrics.requests, out.main.requests);
    assert.ok(out.metrics.p99 !== null && out.metrics.p99 > 0);
    assert.ok(out.metrics.firstHalf > 0 && out.metrics.firstHalf < out.metrics.kept, `${out.metrics.firstHalf} of ${out.metrics.kept}`);
    assert.match(out.metrics.csvHeader, /^time,elapsed_s,phase,users,rps,requests,errors/);
    assert.equal(out.metrics.json, out.metrics.kept);

    // Two at once: both active, overlapping; stopAll stopped the long one with its teardown.
    const { short, long } = out.manager;
    assert.equal(out.manager.activeAtStart, 2);
    assert.deepEqual(out.manager.activeAfterShort, ['shop m2']);
    assert.equal(out.manager.activeAtEnd, 0);
    assert.equal(short.outcome, 'completed');
    assert.ok(long, 'stopAll gave the long run\'s report');
    assert.equal(long.outcome, 'stopped');
    assert.ok(Date.parse(short.startedAt) < Date.parse(long.endedAt) && Date.parse(long.startedAt) < Date.parse(short.endedAt), 'the two runs overlapped');
    assert.ok(short.requests > 0 && long.requests > 0);
    assert.deepEqual(long.teardown, { ran: true, passed: true });
    assert.ok(log.includes('GET /hello?teardown=m1') && log.includes('GET /hello?teardown=m2'));

    // stop(): a partial report of what ran, and teardown after it.
    assert.equal(out.stopped.outcome, 'stopped');
    assert.ok(out.stopped.requests > 0);
    assert.deepEqual(out.stopped.teardown, { ran: true, passed: true });
    assert.ok(log.includes('GET /hello?teardown=stop'), 'the stopped run\'s teardown reached the server');

    // The engine is a child process: killed mid-run, the run ends as an error and the caller
    // goes on (it printed all of this afterwards).
    assert.ok(Number.isInteger(out.killed.enginePid) && out.killed.enginePid !== out.killed.ownPid, JSON.stringify(out.killed));
    assert.equal(out.killed.outcome, 'error');
    assert.equal(out.killed.running, false);
    assert.ok(log.some((line) => line.endsWith('?run=kill')), 'the killed run had sent its load');
  });
});
