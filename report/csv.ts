// timeseries.csv: one line per monitor interval, for spreadsheets and plotting tools.
// RFC 4180: CRLF line ends, fields quoted only when they hold a comma, quote or line break.
import type { TimeseriesRow } from './types';

type Column = { header: string; value: (row: TimeseriesRow) => string | number | null | undefined };

/** Every field of TimeseriesRow, optional ones included, so the header never depends on the run. */
const COLUMNS: readonly Column[] = [
  { header: 'time', value: (r) => isoTime(r.time) },
  { header: 'elapsed_s', value: (r) => r.elapsed },
  { header: 'phase', value: (r) => r.phase },
  { header: 'users', value: (r) => r.users },
  { header: 'rps', value: (r) => r.rps },
  { header: 'requests', value: (r) => r.requests },
  { header: 'errors', value: (r) => r.errors },
  { header: 'dropped', value: (r) => r.dropped },
  { header: 'p50_ms', value: (r) => r.p50 },
  { header: 'p95_ms', value: (r) => r.p95 },
  { header: 'p99_ms', value: (r) => r.p99 },
  { header: 'cpu_pct', value: (r) => r.cpu },
  { header: 'memory_pct', value: (r) => r.memory },
  { header: 'event_loop_delay_ms', value: (r) => r.eventLoopDelay },
  { header: 'lag_p99_ms', value: (r) => r.lagP99 },
  { header: 'engine_cpu_pct', value: (r) => r.engineCpu },
  { header: 'heap_used_mb', value: (r) => r.heapUsed },
  { header: 'process_cpu_pct', value: (r) => r.processCpu },
  { header: 'process_memory_mb', value: (r) => r.processMemory },
  { header: 'network_rx_bytes', value: (r) => r.networkRxBytes },
  { header: 'network_tx_bytes', value: (r) => r.networkTxBytes },
  { header: 'disk_read_bytes', value: (r) => r.diskReadBytes },
  { header: 'disk_write_bytes', value: (r) => r.diskWriteBytes },
];

export const TIMESERIES_CSV_HEADER: readonly string[] = COLUMNS.map((c) => c.header);

export function renderTimeseriesCsv(rows: readonly TimeseriesRow[]): string {
  const lines = [COLUMNS.map((c) => quote(c.header)).join(',')];
  for (const row of rows) lines.push(COLUMNS.map((c) => field(c.value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function field(value: string | number | null | undefined): string {
  if (value == null) return '';
  // NaN or Infinity would not parse back as numbers anywhere; an empty cell means "not measured".
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return quote(value);
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function isoTime(epochMs: number): string {
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}
