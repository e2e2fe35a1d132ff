// `config.payload` as data sets. A scenario's data file is a CSV whose first row names its columns
// (SCENARIO-FORMAT.md); Artillery names a payload's columns in `fields`, and skips a header row
// only when told. So:
// - a payload whose CSV already starts with the header row its `fields` name is read where it is:
//   the data set points at the user's own file, and nothing is copied (its passwords included);
// - any other (no header row, another delimiter, a file the scenario may not read) becomes a copy
//   beside the scenario with the `fields` as its header row, at the payload's relative path with
//   `.stampede.csv` for an ending. A copy never holds a credential: a column named like one
//   (`password`, `token`, `api_key`…) is left out, and what read it reads `{{ env.SET_COLUMN }}`.
import { dataFormat, parseCsvRecords } from '../../scenario/data-files';
import { envName, isCredentialField, type EnvNotes } from '../secrets';
import { stampedeName } from '../shared/names';
import type { CompanionFile, ImportInput } from '../types';

export interface Payloads {
  data: Record<string, { file: string; order: 'sequential' | 'random' }>;
  /** Field → what a template reads for it: `data.SET.FIELD`, or `env.NAME` for a column a copy left out. */
  fields: Map<string, string>;
  /** Payload `name` → data set, for payloads loaded whole (`loadAll`). */
  loadAll: Map<string, string>;
  files: CompanionFile[];
  /** How each payload carries over, for the scenario's header. */
  notes: string[];
}

type Raw = Record<string, unknown>;

export function payloads(source: unknown, input: ImportInput, untranslated: string[], env: EnvNotes): Payloads {
  const result: Payloads = { data: {}, fields: new Map(), loadAll: new Map(), files: [], notes: [] };
  const list = Array.isArray(source) ? source : source ? [source] : [];
  for (const raw of list as Raw[]) {
    const path = typeof raw.path === 'string' ? raw.path : undefined;
    if (!path) {
      untranslated.push(`config.payload ${JSON.stringify(raw)}: no \`path\`, not translated`);
      continue;
    }
    const base = path.split(/[\\/]/).pop()!.replace(/\.[^.]*$/, '');
    const set = stampedeName(typeof raw.name === 'string' ? raw.name : base);
    const order = raw.order === 'sequence' ? 'sequential' : 'random';
    if (raw.loadAll === true) result.loadAll.set(typeof raw.name === 'string' ? raw.name : set, set);
    const text = input.readRelative?.(path);
    const header = text === undefined ? undefined : headerAsIs(path, text, raw);
    const original = header && input.scenarioPath?.(path);
    if (header && original !== undefined) {
      result.data[set] = { file: original, order };
      for (const field of header) result.fields.set(field, `data.${set}.${field}`);
      result.notes.push(`data set ${set} is ${path} itself (file: ${original}), not a copy: its header row already names the fields`);
    } else copied(path, set, order, text, raw, untranslated, env, result);
  }
  return result;
}

/** The header row of a CSV that a scenario can read as it is: the one naming the payload's fields. */
function headerAsIs(path: string, text: string, raw: Raw): string[] | undefined {
  if ((raw.delimiter ?? ',') !== ',' || dataFormat(path, text) !== 'csv') return undefined;
  // As the scenario reads it: past a BOM and blank lines, each name trimmed.
  const header = parseCsvRecords(text.replace(/^\uFEFF/, '').trimStart())[0]?.map((cell) => cell.trim());
  if (!header?.length || header.some((cell) => cell === '')) return undefined;
  // Without `fields` the header row names the columns; with them, it is skipped and names them alike.
  if (!Array.isArray(raw.fields)) return raw.skipHeader === true ? undefined : header;
  const same = raw.skipHeader === true && raw.fields.length === header.length && raw.fields.every((field, i) => String(field) === header[i]);
  return same ? header : undefined;
}

function copied(path: string, set: string, order: 'sequential' | 'random', text: string | undefined, raw: Raw, untranslated: string[], env: EnvNotes, result: Payloads): void {
  const rows = text === undefined ? [] : records(text, raw);
  if (text === undefined) untranslated.push(`config.payload ${path} could not be read: its copy holds the header row only; add the rows`);
  const fields = Array.isArray(raw.fields) ? raw.fields.map(String) : (rows.shift() ?? []);
  const kept = fields.map((field, i) => ({ field, i })).filter(({ field }) => !isCredentialField(field));
  for (const field of fields.filter((name) => isCredentialField(name))) {
    const name = envName(set, field);
    env.use(name, `the ${field} of every user (the ${field} column of ${path} is not copied)`);
    result.fields.set(field, `env.${name}`);
    untranslated.push(
      `config.payload ${path}: column ${field} holds credentials and is not copied: every user sends {{ env.${name} }}; ` +
        `for one per row, point data.${set}.file at a CSV of yours that starts with the header row ${fields.join(',')} (it is read where it is)`,
    );
  }
  if (kept.length === 0) return;
  // Inside the scenario's folder: `../data/users.csv` becomes `data/users.stampede.csv`.
  const copy = `${path.replace(/^(\.\.?[\\/])+/, '').replace(/\.[^./\\]*$/, '')}.stampede.csv`;
  const header = kept.map(({ field }) => field);
  result.files.push({ path: copy, text: csv([header, ...rows.map((row) => kept.map(({ i }) => row[i] ?? ''))]), note: `the data of ${path} with the header row ${header.join(',')}` });
  result.data[set] = { file: copy, order };
  for (const field of header) result.fields.set(field, `data.${set}.${field}`);
}

function records(text: string, raw: Raw): string[][] {
  const delimiter = typeof raw.delimiter === 'string' ? raw.delimiter : ',';
  const rows = delimiter === ',' ? parseCsvRecords(text) : text.split(/\r?\n/).filter((line) => line.trim()).map((line) => line.split(delimiter));
  if (raw.skipHeader === true) rows.shift();
  return rows;
}

function csv(rows: string[][]): string {
  return `${rows.map((row) => row.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\n')}\n`;
}
