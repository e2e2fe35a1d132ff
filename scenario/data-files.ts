// The one reader of scenario `data:` files: a CSV with a header row (RFC 4180) or a JSON array of
// objects. Validation and the language server take the columns, the engine the rows, of the same
// parse, so a file is judged alike everywhere.
import { dirname, extname, relative, resolve, isAbsolute, sep } from 'node:path';

export type DataFormat = 'csv' | 'json';

/** One row of a data set: column → value (JSON values that are not strings are written as text). */
export type DataRow = Record<string, string>;

export type DataFile =
  | { ok: true; format: DataFormat; columns: string[]; rows: DataRow[] }
  | { ok: false; problem: 'missing' | 'invalid'; message: string };

export type DataColumns =
  | { ok: true; columns: string[] }
  | { ok: false; problem: 'missing' | 'invalid'; message: string };

/**
 * How a data file is read, decided here only: a `.json` name is JSON; any other name is JSON when
 * its text starts with `[` (after a BOM and whitespace), else CSV. The name wins: a CSV saved as
 * `users.json` is an invalid JSON file, not a CSV.
 */
export function dataFormat(path: string, text: string): DataFormat {
  if (extname(path).toLowerCase() === '.json') return 'json';
  return stripBom(text).trimStart().startsWith('[') ? 'json' : 'csv';
}

/** Reads and parses a data file; `readFile` returns undefined when the file cannot be read. */
export function readDataFile(absPath: string, readFile: (absPath: string) => string | undefined): DataFile {
  const text = readFile(absPath);
  if (text === undefined) return { ok: false, problem: 'missing', message: `cannot read data file \`${absPath}\`` };
  return parseDataText(absPath, text);
}

/** Parses a data file's text, its format decided by `dataFormat`. */
export function parseDataText(path: string, text: string): DataFile {
  const body = stripBom(text);
  return dataFormat(path, body) === 'json' ? parseJsonData(body) : parseCsvData(body);
}

/** The columns of a data file, for `{{ data.SET.COLUMN }}`. */
export function readDataColumns(absPath: string, readFile: (absPath: string) => string | undefined): DataColumns {
  const file = readDataFile(absPath, readFile);
  return file.ok ? { ok: true, columns: file.columns } : file;
}

function stripBom(text: string): string {
  return text.replace(/^\uFEFF/, '');
}

const invalid = (message: string): DataFile => ({ ok: false, problem: 'invalid', message });

function parseJsonData(text: string): DataFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return invalid(`the data file is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value) || value.some((row) => typeof row !== 'object' || row === null || Array.isArray(row))) {
    return invalid('a JSON data file holds an array of objects, one per row');
  }
  const columns = new Set<string>();
  const rows = (value as Record<string, unknown>[]).map((item) =>
    Object.fromEntries(
      Object.entries(item).map(([key, cell]) => {
        columns.add(key);
        return [key, typeof cell === 'object' && cell !== null ? JSON.stringify(cell) : String(cell)];
      }),
    ),
  );
  return { ok: true, format: 'json', columns: [...columns], rows };
}

function parseCsvData(text: string): DataFile {
  if (!text.trim()) return invalid('the data file is empty; a CSV file starts with a header row');
  const [header, ...records] = parseCsvRecords(text.trimStart());
  const columns = header.map((cell) => cell.trim());
  if (columns.some((column) => column === '')) return invalid('the CSV header has an empty column name');
  const rows = records.map((record) => Object.fromEntries(columns.map((name, i) => [name, record[i] ?? ''])));
  return { ok: true, format: 'csv', columns, rows };
}

/**
 * CSV text into records of fields (RFC 4180): quoted fields may hold commas, newlines and doubled
 * quotes; lines end in LF or CRLF; blank lines are skipped.
 */
export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  /** The current field was quoted: `""` alone on a line is a row holding one empty value. */
  let wasQuoted = false;
  const endRecord = (): void => {
    record.push(field);
    if (record.length > 1 || record[0] !== '' || wasQuoted) records.push(record);
    field = '';
    record = [];
    wasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = wasQuoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
      wasQuoted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else field += c;
  }
  if (field !== '' || record.length > 0 || wasQuoted) endRecord();
  return records;
}

/** A data file's absolute path: relative to the scenario file, else to the working directory. */
export function resolveDataPath(file: string, scenarioFile: string | undefined): string {
  return scenarioFile ? resolve(dirname(scenarioFile), file) : resolve(file);
}

/**
 * How `scenarioFile` names the data file at `absPath` (relative, with `/`), or undefined when it
 * may not read it there (outside its `dataRoot`): what `resolveDataPath` and the data-files rule
 * accept, for a scenario written to read an existing file (`stampede import`).
 */
export function dataPathFrom(scenarioFile: string, absPath: string, root?: string): string | undefined {
  const folder = dataRoot(scenarioFile, root);
  if (folder !== undefined && !isInside(absPath, folder)) return undefined;
  return relative(dirname(resolve(scenarioFile)), absPath).split(sep).join('/');
}

/**
 * The folder a scenario's data files must stay inside: the editor's workspace folder, or on the
 * command line the working directory when it holds the scenario. A scenario named from outside
 * the working directory was pointed at explicitly, and has no workspace to keep to (undefined).
 */
export function dataRoot(scenarioFile: string | undefined, root: string | undefined): string | undefined {
  if (root !== undefined) return resolve(root);
  const cwd = process.cwd();
  if (!scenarioFile || isInside(resolve(scenarioFile), cwd)) return cwd;
  return undefined;
}

export function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
