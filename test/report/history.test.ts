// report/history.ts on real run folders: newest first, filtered by scenario file, unreadable
// folders skipped, and a pinned baseline that is a copy (it survives the run folder's deletion).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { baselinePath, baselineSummary, listRuns, pinBaseline, readBaseline, runsOf, unpinBaseline } from '../../report/history';
import type { Report } from '../../report/types';

const root = mkdtempSync(join(tmpdir(), 'stampede-history-'));
const base = join(root, '.stampede', 'runs');
const shop = join(root, 'load', 'shop.scenario.yaml');
const other = join(root, 'other.scenario.yaml');

function writeRun(folderName: string, file: string, requests: number, errors: number, p95: number): string {
  const folder = join(base, folderName);
  mkdirSync(folder, { recursive: true });
  const report = {
    scenario: 'Shop',
    file,
    startedAt: `${folderName.slice(0, 4)}-01-01T00:00:00.000Z`,
    outcome: 'completed',
    passed: errors === 0,
    totals: { requests, errors, dropped: 0, rps: requests / 10, errorRate: errors / requests, iterations: requests },
    latency: { p95 },
  } as unknown as Report;
  writeFileSync(join(folder, 'report.json'), JSON.stringify(report));
  return folder;
}

test.after(() => rmSync(root, { recursive: true, force: true }));

test('runs are listed newest first, per scenario file, unreadable ones left out', () => {
  writeRun('20261201T100000Z-shop', shop, 100, 0, 12);
  const newest = writeRun('20261203T100000Z-shop', shop, 200, 10, 30);
  writeRun('20261202T100000Z-other', other, 50, 0, 5);
  mkdirSync(join(base, '20261204T100000Z-crashed'), { recursive: true });
  writeFileSync(join(base, '20261204T100000Z-crashed', 'report.json'), '{ half a rep');
  mkdirSync(join(base, 'not-a-run'), { recursive: true });

  assert.deepEqual(listRuns(base).map((r) => r.folder.split(/[\\/]/).pop()), ['20261203T100000Z-shop', '20261202T100000Z-other', '20261201T100000Z-shop']);
  const mine = runsOf(base, shop);
  assert.equal(mine.length, 2);
  assert.equal(mine[0].folder, newest);
  assert.equal(mine[0].p95, 30);
  assert.equal(mine[0].rps, 20);
  assert.equal(mine[0].errorRate, 0.05);
  assert.equal(mine[0].passed, false);
});

test('a baseline lives under .stampede/baseline by the scenario path and outlives its run', () => {
  assert.equal(baselinePath(root, shop), join(root, '.stampede', 'baseline', 'load', 'shop.json'));
  assert.equal(baselinePath(root, '/elsewhere/x.scenario.yml'), join(root, '.stampede', 'baseline', 'x.json'));
  assert.equal(readBaseline(root, shop), undefined);
  const folder = runsOf(base, shop)[1].folder;
  const pinned = pinBaseline(root, shop, join(folder, 'report.json'));
  rmSync(folder, { recursive: true });
  assert.equal(readBaseline(root, shop)?.latency.p95, 12);
  assert.equal(JSON.parse(readFileSync(pinned, 'utf8')).totals.requests, 100);
  // As the Runs view lists it: the run's figures, the baseline file as its report.
  const summary = baselineSummary(root, shop);
  assert.equal(summary?.startedAt, '2026-01-01T00:00:00.000Z');
  assert.equal(summary?.reportPath, pinned);
  assert.equal(summary?.p95, 12);
  unpinBaseline(root, shop);
  assert.equal(readBaseline(root, shop), undefined);
  assert.equal(baselineSummary(root, shop), undefined);
});
