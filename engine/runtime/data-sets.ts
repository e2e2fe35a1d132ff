// Loads `data` sets into the engine's DataSource objects; the file is read and parsed by the
// scenario's one data-file reader, so a file the validation accepts loads the same way.
import { readFileSync } from 'node:fs';
import { readDataFile } from '../../scenario/data-files';
import type { DataSet } from '../../scenario/types';
import type { DataSource } from './vu-state';

export function loadDataSet(set: DataSet): DataSource {
  // An unreadable file throws with the system's own reason (ENOENT, EACCES, …).
  const file = readDataFile(set.file, (path) => readFileSync(path, 'utf8'));
  if (!file.ok) throw new Error(`${set.file}: ${file.message}`);
  return { rows: file.rows, order: set.order, cursor: 0 };
}
