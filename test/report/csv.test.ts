import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderTimeseriesCsv, TIMESERIES_CSV_HEADER } from '../../report/csv';
import type { TimeseriesRow } from '../../report/types';
import { buildSampleReport } from '../fixtures/reports/sample-report';

/** A minimal RFC 4180 reader, to check the writer round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), i++;
    } else field += c;
  }
  return rows;
}

test('header, then one CRLF line per row, every column in order', () => {
  const rows = buildSampleReport().timeseries;
  const csv = renderTimeseriesCsv(rows);
  const lines = csv.split('\r\n');
  assert.equal(lines.at(-1), '', 'ends with a line break');
  assert.equal(lines.length - 1, rows.length + 1);
  assert.equal(lines[0], TIMESERIES_CSV_HEADER.join(','));
  assert.deepEqual(TIMESERIES_CSV_HEADER.slice(0, 3), ['time', 'elapsed_s', 'phase']);
  const first = parseCsv(csv)[1];
  assert.equal(first.length, TIMESERIES_CSV_HEADER.length);
  assert.equal(first[0], new Date(rows[0].time).toISOString());
  assert.equal(first[1], String(rows[0].elapsed));
  assert.equal(first[2], rows[0].phase);
  assert.equal(Number(first[TIMESERIES_CSV_HEADER.indexOf('p95_ms')]), rows[0].p95);
  assert.equal(Number(first[TIMESERIES_CSV_HEADER.indexOf('lag_p99_ms')]), rows[0].lagP99);
  assert.equal(Number(first[TIMESERIES_CSV_HEADER.indexOf('engine_cpu_pct')]), rows[0].engineCpu);
});

test('quotes fields with commas, quotes and line breaks; nulls and absent columns are empty', () => {
  const base = buildSampleReport().timeseries[0];
  const row: TimeseriesRow = { ...base, phase: 'ramp "fast", then\nhold', p50: null, p95: null, p99: null, cpu: Number.NaN };
  const csv = renderTimeseriesCsv([row]);
  assert.ok(csv.includes('"ramp ""fast"", then\nhold"'));
  const [, parsed] = parseCsv(csv);
  assert.equal(parsed[2], 'ramp "fast", then\nhold');
  const col = (name: string) => parsed[TIMESERIES_CSV_HEADER.indexOf(name)];
  assert.equal(col('p50_ms'), '');
  assert.equal(col('cpu_pct'), '', 'NaN is not a number a spreadsheet can read');
  assert.equal(col('process_cpu_pct'), '');
  assert.equal(col('network_tx_bytes'), '');
  // A row from before lag was measured (an old report.json): empty, not "undefined".
  const { lagP99: _lag, engineCpu: _cpu, ...old } = base;
  void _lag, void _cpu;
  const [, legacy] = parseCsv(renderTimeseriesCsv([old as TimeseriesRow]));
  assert.equal(legacy[TIMESERIES_CSV_HEADER.indexOf('lag_p99_ms')], '');
  assert.equal(legacy[TIMESERIES_CSV_HEADER.indexOf('engine_cpu_pct')], '');
});

test('no rows: just the header', () => {
  assert.equal(renderTimeseriesCsv([]), `${TIMESERIES_CSV_HEADER.join(',')}\r\n`);
});
