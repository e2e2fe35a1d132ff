import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { TIMESERIES_CSV_HEADER } from '../../report/csv';
import { chartJsSource, writeReportFiles } from '../../report/files/write';
import { buildSampleReport } from '../fixtures/reports/sample-report';

test('writes report.json, report.html and timeseries.csv into a new nested directory', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'stampede-write-'));
  try {
    const dir = path.join(root, 'runs', '20240501T140300Z-checkout');
    const report = buildSampleReport();
    const files = writeReportFiles(report, dir);
    assert.deepEqual(files, {
      json: path.join(dir, 'report.json'),
      html: path.join(dir, 'report.html'),
      csv: path.join(dir, 'timeseries.csv'),
    });
    assert.deepEqual(readdirSync(dir).sort(), ['report.html', 'report.json', 'timeseries.csv'], 'no temporary files left');
    const json = readFileSync(files.json, 'utf8');
    assert.deepEqual(JSON.parse(json), report);
    assert.ok(json.startsWith('{\n  "scenario": '), 'two-space indentation');
    assert.ok(readFileSync(files.csv, 'utf8').startsWith(TIMESERIES_CSV_HEADER.join(',')));
    const html = readFileSync(files.html, 'utf8');
    assert.ok(html.length > chartJsSource().length, 'Chart.js is inlined');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;nonce-/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('rewrites existing files in place', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stampede-write-'));
  try {
    writeFileSync(path.join(dir, 'report.json'), 'stale');
    writeReportFiles(buildSampleReport({ scenario: 'second run' }), dir);
    assert.equal(JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')).scenario, 'second run');
    assert.equal(readdirSync(dir).length, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('finds Chart.js outside the bundle (tests run from dist-test)', () => {
  const source = chartJsSource();
  assert.ok(source.length > 100_000);
  assert.match(source.slice(0, 400), /Chart\.js v4/);
});
