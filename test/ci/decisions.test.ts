// From runs to decisions (issue 13; contract, second edition: "Decisions"), through the real
// CLI against a server on 127.0.0.1 whose delay for one route is raised between runs:
// `compare` and `run --baseline --fail-on-regression` name the slowed step and exit 1, a third
// run at the old delay is no regression; the JUnit file is read by Python's junitparser (one
// case per criterion, plus the run); the GitHub step summary parses as markdown tables and a
// failed criterion is annotated at its line.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import type { Report } from '../../report/types';
import { runCli, writeScenario } from '../helpers/cli';
import { serveDuringTests } from '../helpers/local-server';
import { readValidReport } from '../helpers/report';

let slowMs = 20;
const server = createServer((req, res) => {
  const delay = req.url === '/slow' ? slowMs : 20;
  setTimeout(() => {
    res.writeHead(200);
    res.end('ok');
  }, delay);
});
const local = serveDuringTests(server);

// The open model: arrivals do not wait for answers, so a slower route leaves the other's rate
// and latency alone. Short intervals give the test enough values per run.
const scenario = (): string => `version: 1
name: decisions
target: ${local.origin}
monitor: { interval: 250ms, system: false }
phases:
  - duration: 4s
    rate: 40
flows:
  - name: fast
    steps:
      - request: GET /fast
  - name: slow
    steps:
      - request: GET /slow
criteria:
  - errorRate < 1%
  - p95(latency, step=GET /slow) < 45ms
`;

async function run(label: string, args: string[] = [], env: Record<string, string> = {}): Promise<{ dir: string; report: Report; code: number | null; stdout: string }> {
  const { dir, file } = writeScenario(`${label}.scenario.yaml`, scenario());
  const result = await runCli(['run', file, '--out', join(dir, 'out'), '--quiet', ...args], { env, cwd: dir });
  return { dir: join(dir, 'out'), report: readValidReport(join(dir, 'out')), code: result.code, stdout: result.stdout };
}

test('a slowed step is named as a regression by compare and --baseline; the old delay again is none', async () => {
  slowMs = 20;
  const baseline = await run('baseline');
  assert.equal(baseline.code, 0, baseline.stdout);

  slowMs = 70;
  const ci = mkdtempSync(join(tmpdir(), 'stampede-ci-'));
  const junit = join(ci, 'junit.xml');
  const summary = join(ci, 'summary.md');
  writeFileSync(summary, '');
  const slowed = await run('slowed', ['--baseline', baseline.dir, '--fail-on-regression', '--junit', junit], { GITHUB_STEP_SUMMARY: summary });
  assert.equal(slowed.code, 1);
  const comparison = slowed.report.comparison;
  assert.ok(comparison);
  assert.equal(comparison.verdict, 'regression');
  assert.ok(comparison.regressions.some((r) => r.startsWith('GET /slow p95')), comparison.regressions.join('\n'));
  assert.ok(!comparison.regressions.some((r) => r.startsWith('GET /fast')), comparison.regressions.join('\n'));
  const p95 = comparison.scopes.find((s) => s.name === 'GET /slow')?.metrics.find((m) => m.metric === 'p95');
  assert.ok(p95 && p95.test.p !== null && p95.test.p < 0.05 && (p95.test.effect ?? 0) > 0.5, JSON.stringify(p95));
  // The line lists regressions largest change first: the overall figures, which the slow step
  // drags up, may come before it.
  assert.match(slowed.stdout, /^decisions: REGRESSION: [^\n]*GET \/slow p\d+ \+/m);

  // `compare` says the same from the two folders, in every format.
  const text = await runCli(['compare', baseline.dir, slowed.dir]);
  assert.equal(text.code, 1);
  assert.match(text.stdout, /GET \/slow +p95 .* REGRESSION/);
  const json = await runCli(['compare', join(baseline.dir, 'report.json'), slowed.dir, '--format', 'json', '--threshold', '15%']);
  assert.equal(json.code, 1);
  assert.equal((JSON.parse(json.stdout) as { threshold: number }).threshold, 0.15);

  // JUnit, read by a real consumer: a case per criterion and the run; the slow criterion failed.
  const cases = JSON.parse(
    execFileSync('/usr/bin/python3', ['-c', `
import json, sys
from junitparser import JUnitXml
xml = JUnitXml.fromfile(sys.argv[1])
print(json.dumps([{"suite": s.name, "name": c.name, "results": [type(r).__name__ for r in c.result]} for s in xml for c in s]))
`, junit], { encoding: 'utf8' }),
  ) as { suite: string; name: string; results: string[] }[];
  assert.deepEqual(cases, [
    { suite: 'decisions', name: 'errorRate < 1%', results: [] },
    { suite: 'decisions', name: 'p95(latency, step=GET /slow) < 45ms', results: ['Failure'] },
    { suite: 'decisions', name: 'run', results: [] },
  ]);

  // The step summary: GitHub-flavoured markdown tables; the failed criterion annotated at line 17.
  const html = new MarkdownIt().render(readFileSync(summary, 'utf8'));
  assert.ok((html.match(/<table>/g) ?? []).length >= 3, html);
  assert.match(html, /<td><code>p95\(latency, step=GET \/slow\) &lt; 45ms<\/code><\/td>/);
  assert.match(html, /<strong>REGRESSION<\/strong>/);
  assert.match(slowed.stdout, /^::error file=slowed\.scenario\.yaml,line=17,title=Stampede criterion failed::p95\(latency, step=GET \/slow\) < 45ms: /m);

  slowMs = 20;
  const again = await run('again');
  const none = await runCli(['compare', baseline.dir, again.dir]);
  assert.equal(none.code, 0, none.stdout);
  assert.match(none.stdout, /^decisions: no regression/);
});

test('compare refuses what is not two runs, with exit 2', async () => {
  const missing = await runCli(['compare', '/nonexistent/run']);
  assert.equal(missing.code, 2);
  const dir = mkdtempSync(join(tmpdir(), 'stampede-compare-'));
  writeFileSync(join(dir, 'report.json'), '{"not":"a report"}');
  const bad = await runCli(['compare', dir, dir]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /is not a Stampede report\.json/);
});
