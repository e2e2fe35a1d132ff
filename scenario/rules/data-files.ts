// A data set's file must exist and be a CSV with a header row or a JSON array of objects.
import { diagnostic } from '../diagnostic';
import { nodeRange } from '../yaml-nav';
import type { Rule } from './rule';
import { dataRoot, isInside, resolveDataPath } from '../data-files';

export const dataFilesRule: Rule = {
  name: 'data-files',
  check({ doc, outline, report, dataColumns, options }) {
    const root = dataRoot(options.file, options.root);
    for (const set of outline.dataSets.values()) {
      if (!set.fileNode || set.file === undefined) continue;
      // A scenario from someone else must not read files from elsewhere on this machine.
      if (root !== undefined && !isInside(resolveDataPath(set.file, options.file), root)) {
        report(diagnostic(nodeRange(doc, set.fileNode), 'data-file-outside-workspace',
          `data file \`${set.file}\` is outside ${root}: a scenario may only read data files inside its workspace`));
        continue;
      }
      const columns = dataColumns(set.name);
      if (!columns || columns.ok) continue;
      report(diagnostic(nodeRange(doc, set.fileNode), columns.problem === 'missing' ? 'data-file-missing' : 'data-file-invalid',
        columns.problem === 'missing'
          ? `data file \`${set.file}\` does not exist (paths are relative to the scenario file)`
          : `data file \`${set.file}\`: ${columns.message}`));
    }
  },
};
