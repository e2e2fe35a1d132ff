// `config.payload` as data sets. Artillery names a CSV's columns in `fields` (and skips a header
// row only when told); a scenario's data file names them in its first row. So each payload
// becomes a copy of its CSV beside the scenario, at the same relative path with `.stampede.csv`
// for an ending, starting with the `fields` as its header row.
import { parseCsvRecords } from '../../scenario/data-files';
import { stampedeName } from '../shared/names';
import type { CompanionFile, ImportInput } from '../types';

export interface Payloads {
  data: Record<string, { file: string; order: 'sequential' | 'random' }>;
  /** Field → data set, for templates. */
  fields: Map<string, string>;
  /** Payload `name` → data set, for payloads loaded whole (`loadAll`). */
  loadAll: Map<string, string>;
  files: CompanionFile[];
}

export function payloads(source: unknown, input: ImportInput, untranslated: string[]): Payloads {
  const result: Payloads = { data: {}, fields: new Map(), loadAll: new Map(), files: [] };
  const list = Array.isArray(source) ? source : source ? [source] : [];
  for (const raw of list as Record<string, unknown>[]) {
    const path = typeof raw.path === 'string' ? raw.path : undefined;
    if (!path) {
      untranslated.push(`config.payload ${JSON.stringify(raw)}: no \`path\`, not translated`);
      continue;
    }
    const base = path.split(/[\\/]/).pop()!.replace(/\.[^.]*$/, '');
    const set = stampedeName(typeof raw.name === 'string' ? raw.name : base);
    const rows = readRows(path, raw, input, untranslated);
    const fields = Array.isArray(raw.fields) ? raw.fields.map(String) : (rows.shift() ?? []);
    // Inside the scenario's folder: `../data/users.csv` becomes `data/users.stampede.csv`.
    const copy = `${path.replace(/^(\.\.?[\\/])+/, '').replace(/\.[^./\\]*$/, '')}.stampede.csv`;
    result.files.push({ path: copy, text: csv([fields, ...rows]), note: `the data of ${path} with the header row ${fields.join(',')}` });
    result.data[set] = { file: copy, order: raw.order === 'sequence' ? 'sequential' : 'random' };
    for (const field of fields) result.fields.set(field, set);
    if (raw.loadAll === true) result.loadAll.set(typeof raw.name === 'string' ? raw.name : set, set);
  }
  return result;
}

function readRows(path: string, raw: Record<string, unknown>, input: ImportInput, untranslated: string[]): string[][] {
  const text = input.readRelative?.(path);
  if (text === undefined) {
    untranslated.push(`config.payload ${path} could not be read: its copy holds the header row only; add the rows`);
    return [];
  }
  const delimiter = typeof raw.delimiter === 'string' ? raw.delimiter : ',';
  const rows = delimiter === ',' ? parseCsvRecords(text) : text.split(/\r?\n/).filter((line) => line.trim()).map((line) => line.split(delimiter));
  if (raw.skipHeader === true) rows.shift();
  return rows;
}

function csv(rows: string[][]): string {
  return `${rows.map((row) => row.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\n')}\n`;
}
