// Reads just enough of a data file to check `{{ data.SET.COLUMN }}`: the CSV header, or the keys
// of a JSON array's objects. The engine loads the rows itself.
import { dirname, extname, relative, resolve, isAbsolute } from 'node:path';

export type DataColumns =
  | { ok: true; columns: string[] }
  | { ok: false; problem: 'missing' | 'invalid'; message: string };

export function readDataColumns(absPath: string, readFile: (absPath: string) => string | undefined): DataColumns {
  const text = readFile(absPath);
  if (text === undefined) return { ok: false, problem: 'missing', message: `cannot read data file \`${absPath}\`` };
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (extname(absPath).toLowerCase() === '.json' || trimmed.startsWith('[')) return jsonColumns(trimmed);
  return csvColumns(trimmed);
}

function jsonColumns(text: string): DataColumns {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: 'invalid', message: `the data file is not valid JSON: ${(error as Error).message}` };
  }
  if (!Array.isArray(value) || value.some((row) => typeof row !== 'object' || row === null || Array.isArray(row))) {
    return { ok: false, problem: 'invalid', message: 'a JSON data file holds an array of objects, one per row' };
  }
  const columns = new Set<string>();
  for (const row of value as object[]) for (const key of Object.keys(row)) columns.add(key);
  return { ok: true, columns: [...columns] };
}

function csvColumns(text: string): DataColumns {
  if (!text) return { ok: false, problem: 'invalid', message: 'the data file is empty; a CSV file starts with a header row' };
  const newline = text.indexOf('\n');
  const header = (newline < 0 ? text : text.slice(0, newline)).replace(/\r$/, '');
  const columns = splitCsvLine(header).map((cell) => cell.trim());
  if (columns.some((column) => column === '')) {
    return { ok: false, problem: 'invalid', message: 'the CSV header has an empty column name' };
  }
  return { ok: true, columns };
}

/** One CSV line into cells; quotes may hold commas and doubled quotes (RFC 4180). */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}

/** A data file's absolute path: relative to the scenario file, else to the working directory. */
export function resolveDataPath(file: string, scenarioFile: string | undefined): string {
  return scenarioFile ? resolve(dirname(scenarioFile), file) : resolve(file);
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
