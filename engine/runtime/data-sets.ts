// Loads `data` sets: CSV with a header row (RFC 4180 quoting) or a JSON array of objects.
import { readFileSync } from 'node:fs';
import type { DataSet } from '../../scenario/types';
import type { DataSource } from './vu-state';

export function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      field = '';
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header, ...rows] = records;
  if (!header) return [];
  const columns = header.map((name) => name.trim());
  return rows.map((row) => Object.fromEntries(columns.map((name, i) => [name, row[i] ?? ''])));
}

export function loadDataSet(set: DataSet): DataSource {
  const text = readFileSync(set.file, 'utf8');
  let rows: Record<string, string>[];
  if (set.file.toLowerCase().endsWith('.json')) {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) throw new Error(`${set.file}: expected a JSON array of objects`);
    rows = parsed.map((item) =>
      Object.fromEntries(
        Object.entries(item as Record<string, unknown>).map(([key, value]) => [
          key,
          typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value),
        ]),
      ),
    );
  } else rows = parseCsv(text);
  return { rows, order: set.order, cursor: 0 };
}
