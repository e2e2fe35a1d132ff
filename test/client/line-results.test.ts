// Results on a scenario's lines, the pure part: a report (and a pinned baseline) made into texts
// by report/line-results.ts, placed on lines by client/line-results/place.ts from the anchors the
// language server gives. With and without a baseline (whose verdict is compareReports' own),
// criteria passed, failed and not evaluated, and names that are gone from the text; and the same
// results asked of the report writer process, as the extension asks for them.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { placeResults, type PlacedResult } from '../../client/line-results/place';
import { ReportWriter } from '../../engine/driver/report-writer';
import { compareReports, formatP } from '../../report/compare';
import { formatMs, formatPercent } from '../../report/format';
import { lineResults, newestLineResults } from '../../report/line-results';
import type { Report, StepReport, TimeseriesRow } from '../../report/types';
import type { ResultAnchor } from '../../server/protocol';
import { buildSampleReport, latency, noErrors } from '../fixtures/reports/sample-report';
import { ROOT } from '../helpers/paths';

const anchor = (name: string, line: number): ResultAnchor => ({ name, line });

/** The sample's steps and flows where a scenario would write them (0-based lines). */
const ANCHORS = {
  flows: [anchor('browse and buy', 20), anchor('browse only', 40)],
  steps: [anchor('login', 23), anchor('GET /products?page={{ random.int(1, 5) }}', 27), anchor('order events', 31), anchor('login', 42)],
  criteria: [anchor('p95(latency) < 250ms', 50), anchor('errorRate < 1%', 51), anchor('p99(latency, step=login) <= 800ms', 52)],
};

const at = (placed: PlacedResult[], line: number): PlacedResult | undefined => placed.find((p) => p.line === line);
const textAt = (placed: PlacedResult[], line: number): string | undefined => at(placed, line)?.text;

/**
 * A run of three request steps whose p95 sits at `levels` (ms) in every one of 60 intervals, with
 * the same small wobble in every run, so a level that moved is a change the test can see.
 */
function runAt(levels: Record<string, number>, startedAt: string, intervals = 60): Report {
  const sample = buildSampleReport();
  const names = Object.keys(levels);
  const timeseries: TimeseriesRow[] = sample.timeseries.slice(0, intervals).map((row, i) => ({
    ...row,
    steps: Object.fromEntries(names.map((name) => {
      const p95 = levels[name] * (1 + 0.04 * Math.sin(i * 1.7));
      return [name, { requests: 20, errors: 0, p50: p95 / 2.2, p95, p99: p95 * 1.5 }];
    })),
  }));
  const steps: StepReport[] = names.map((name) => ({
    name,
    kind: 'request',
    flows: name === 'login' ? ['browse and buy', 'browse only'] : ['browse and buy'],
    requests: 20 * intervals,
    errors: 0,
    errorKinds: noErrors(),
    latency: latency(levels[name] / 2.2),
    statusCodes: { '200': 20 * intervals },
    sampleErrors: [],
  }));
  const flowLatency = (scale: number) => latency((levels.login / 2.2) * scale);
  return buildSampleReport({
    startedAt,
    timeseries,
    steps,
    flows: [
      { name: 'browse and buy', weight: 3, iterations: 600, failures: 0, requests: 1200, errors: 0, latency: flowLatency(1.1), iterationDuration: latency(300) },
      { name: 'browse only', weight: 1, iterations: 200, failures: 0, requests: 200, errors: 0, latency: flowLatency(1), iterationDuration: latency(100) },
    ],
  });
}

describe('results on the lines, without a baseline', () => {
  const report = buildSampleReport();
  const placed = placeResults(lineResults(report, '/w/.stampede/runs/r/report.json'), ANCHORS);
  const login = report.steps[0];

  it('shows each step’s p95 and error rate on its line, and on every line it is written on', () => {
    assert.equal(textAt(placed, 23), `p95 ${formatMs(login.latency.p95)} · ${formatPercent(login.errors / login.requests)} errors`);
    assert.match(textAt(placed, 23) ?? '', /^p95 115\.3ms · 0\.\d+% errors$/);
    assert.equal(textAt(placed, 42), textAt(placed, 23));
    assert.match(textAt(placed, 27) ?? '', /^p95 69\.7ms · 0\.\d+% errors$/);
    // An SSE step: its sessions' duration.
    assert.equal(textAt(placed, 31), 'p95 902ms · 0% errors');
    assert.ok(placed.every((p) => !p.text.includes('vs baseline')), 'no delta without a baseline');
  });

  it('shows each flow’s p95 and errors (failed iterations in a report without per-flow requests)', () => {
    const flow = report.flows[0];
    assert.equal(textAt(placed, 20), `p95 ${formatMs(flow.latency.p95)} · ${formatPercent(flow.failures / flow.iterations)} failed iterations`);
  });

  it('shows each criterion’s actual value and verdict', () => {
    assert.equal(textAt(placed, 50), '✓ 104.1ms');
    assert.equal(textAt(placed, 51), `✗ ${report.criteria[1].actualText}`);
    assert.equal(textAt(placed, 52), '✓ 178.2ms');
  });

  it('says "not evaluated: no data" for a criterion that measured nothing', () => {
    const blind = buildSampleReport({ criteria: [{ expr: 'p95(latency, step=never) < 1s', passed: false, actual: null, actualText: 'no data', reason: 'no data', abort: false, aborted: false }] });
    const lines = placeResults(lineResults(blind, '/r.json'), { steps: [], flows: [], criteria: [anchor('p95(latency, step=never) < 1s', 3)] });
    assert.deepEqual(lines.map((l) => [l.line, l.text]), [[3, '✗ not evaluated: no data']]);
    assert.match(lines[0].hover, /✗ failed: not evaluated: no data/);
  });

  it('hovers with the percentiles, the requests, errors by kind, the rps, the run’s date and outcome', () => {
    const hover = at(placed, 23)?.hover ?? '';
    for (const row of ['| p50 | 52.4ms |', '| p90 | 94.3ms |', '| p95 | 115.3ms |', '| p99 | 178.2ms |', `| requests | ${login.requests.toLocaleString('en-US')} |`, '| rps |']) {
      assert.ok(hover.includes(row), `${row} in\n${hover}`);
    }
    assert.match(hover, /Errors: 1 \(timeout 1\)/);
    assert.match(hover, /Run of 2024-05-01 14:03:00 UTC \(completed, failed\)/);
    assert.doesNotMatch(hover, /baseline/);
    assert.match(at(placed, 50)?.hover ?? '', /✓ passed: actual 104\.1ms, 145\.9ms \(58\.4%\) below the limit/);
  });

  it('shows nothing for a step, flow or criterion that is gone from the text (renamed since the run)', () => {
    const renamed = placeResults(lineResults(report, '/r.json'), {
      steps: [anchor('sign in', 23), anchor('order events', 31)],
      flows: [anchor('browse and pay', 20)],
      criteria: [anchor('p95(latency) < 200ms', 50)],
    });
    assert.deepEqual(renamed.map((p) => p.line), [31]);
  });

  it('gives the n-th criterion written as X the n-th result of X', () => {
    const twice = buildSampleReport({
      criteria: [
        { expr: 'rps >= 10', passed: true, actual: 50, actualText: '50', abort: false, aborted: false },
        { expr: 'rps >= 10', passed: false, actual: 5, actualText: '5', abort: true, aborted: true },
      ],
    });
    const lines = placeResults(lineResults(twice, '/r.json'), { steps: [], flows: [], criteria: [anchor('rps >= 10', 7), anchor('rps >= 10', 9), anchor('rps >= 10', 11)] });
    assert.deepEqual(lines.map((l) => [l.line, l.text]), [[7, '✓ 50'], [9, '✗ 5']]);
    assert.match(lines[1].hover, /stopped the run early/);
  });

  it('keeps markdown out of names: a hostile step name is escaped in the hover', () => {
    const results = lineResults(report, '/r.json');
    const cart = results.steps.find((s) => s.name.includes('<script>'));
    assert.ok(cart);
    assert.ok(!cart.hover.includes('<script>'), cart.hover);
  });
});

describe('results on the lines, against a pinned baseline', () => {
  const baseline = runAt({ login: 100, 'GET /products': 80, 'GET /health': 10, 'GET /rare': 50 }, '2026-12-01T10:00:00.000Z');
  // login 50% slower, products 30% faster, health unchanged; rare 20% slower but seen in 5 intervals only.
  const current = runAt({ login: 150, 'GET /products': 56, 'GET /health': 10, 'GET /rare': 60 }, '2026-12-02T10:00:00.000Z');
  current.timeseries = current.timeseries.map((row, i) => (i < 5 ? row : { ...row, steps: Object.fromEntries(Object.entries(row.steps ?? {}).filter(([name]) => name !== 'GET /rare')) }));
  const comparison = compareReports(baseline, current);
  const anchors = {
    flows: [anchor('browse and buy', 1), anchor('browse only', 2)],
    steps: [anchor('login', 3), anchor('GET /products', 4), anchor('GET /health', 5), anchor('GET /rare', 6)],
    criteria: [anchor('p95(latency) < 250ms', 8)],
  };
  const placed = placeResults(lineResults(current, '/r.json', baseline), anchors);

  it('marks the regression stampede compare finds with ▲ and the change', () => {
    assert.deepEqual(comparison.regressions.filter((r) => r.startsWith('login ')).length > 0, true, comparison.regressions.join('; '));
    assert.equal(textAt(placed, 3), 'p95 150ms · 0% errors · ▲ +50.0% vs baseline');
  });

  it('marks a change better than the threshold ▼ and one within it =', () => {
    assert.equal(textAt(placed, 4), 'p95 56ms · 0% errors · ▼ -30.0% vs baseline');
    assert.equal(textAt(placed, 5), 'p95 10ms · 0% errors · = +0.0% vs baseline');
  });

  it('marks a change past the threshold that the test could not confirm △, and says why', () => {
    const rare = comparison.scopes.find((s) => s.name === 'GET /rare')?.metrics.find((m) => m.metric === 'p95');
    assert.equal(rare?.regression, false);
    assert.equal(rare?.test.p, null);
    assert.equal(textAt(placed, 6), 'p95 60ms · 0% errors · △ +20.0% vs baseline (too few intervals to test)');
  });

  it('marks a flow ▲ when one of its steps regressed, and names it in the hover', () => {
    assert.match(textAt(placed, 1) ?? '', /▲ \+50\.0% vs baseline$/);
    assert.match(textAt(placed, 2) ?? '', /▲ \+50\.0% vs baseline$/);
    assert.match(at(placed, 1)?.hover ?? '', /Regression\*\* as `stampede compare` finds it: login/);
  });

  it('hovers with each figure against the baseline: its change and the p-value of the test', () => {
    const hover = at(placed, 3)?.hover ?? '';
    const p95 = comparison.scopes.find((s) => s.name === 'login')?.metrics.find((m) => m.metric === 'p95');
    assert.ok(p95);
    assert.ok(hover.includes(`| p95 | 150ms | 100ms | +50.0% | ${formatP(p95.test.p)} |`), hover);
    assert.ok(hover.includes('| p90 |'), hover);
    assert.ok(hover.includes('p (Mann-Whitney U)'), hover);
    assert.match(hover, /baseline: run of 2026-12-01 10:00:00 UTC/);
    assert.match(hover, /\*\*▲ Regression\*\* as `stampede compare` finds it: .*p95 \+50\.0% \(p = <0\.0001\)/);
    assert.match(at(placed, 5)?.hover ?? '', /No regression here against the baseline/);
  });

  it('shows the baseline’s verdict of each criterion in its hover', () => {
    assert.equal(textAt(placed, 8), '✓ 104.1ms');
    assert.match(at(placed, 8)?.hover ?? '', /Baseline \(run of 2026-12-01 10:00:00 UTC\): ✓ passed: actual 104\.1ms/);
  });
});

describe('newestLineResults: the newest run of the file, against its pinned baseline', () => {
  it('reads the newest run of that scenario file, and the baseline under .stampede/baseline/, in the report writer process too', async () => {
    const root = mkdtempSync(join(tmpdir(), 'stampede-lines-'));
    try {
      const file = join(root, 'shop.scenario.yaml');
      const runs = join(root, '.stampede', 'runs');
      const write = (folder: string, report: Report): string => {
        mkdirSync(join(runs, folder), { recursive: true });
        writeFileSync(join(runs, folder, 'report.json'), JSON.stringify(report));
        return join(runs, folder, 'report.json');
      };
      assert.equal(newestLineResults(runs, root, file), undefined);
      write('20261201T100000Z-shop', { ...runAt({ login: 100 }, '2026-12-01T10:00:00.000Z'), file });
      const newest = write('20261202T100000Z-shop', { ...runAt({ login: 150 }, '2026-12-02T10:00:00.000Z'), file });
      write('20261203T100000Z-other', { ...runAt({ login: 5 }, '2026-12-03T10:00:00.000Z'), file: join(root, 'other.scenario.yaml') });
      const alone = newestLineResults(runs, root, file);
      assert.equal(alone?.reportPath, newest);
      assert.equal(alone?.steps[0].text, 'p95 150ms · 0% errors');
      mkdirSync(join(root, '.stampede', 'baseline'), { recursive: true });
      writeFileSync(join(root, '.stampede', 'baseline', 'shop.json'), JSON.stringify({ ...runAt({ login: 100 }, '2026-12-01T10:00:00.000Z'), file }));
      assert.equal(newestLineResults(runs, root, file)?.steps[0].text, 'p95 150ms · 0% errors · ▲ +50.0% vs baseline');
      // What the extension gets: the same, from the report writer process (dist/report-writer.js).
      const reply = await new ReportWriter(join(ROOT, 'dist', 'report-writer.js')).lineResults({ type: 'lineResults', runsFolder: runs, root, file });
      assert.deepEqual(reply.results, newestLineResults(runs, root, file));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
