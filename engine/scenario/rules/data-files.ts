// A data set's file must exist and be a CSV with a header row or a JSON array of objects.
import { diagnostic } from '../diagnostic';
import { nodeRange } from '../yaml-nav';
import type { Rule } from './rule';

export const dataFilesRule: Rule = {
  name: 'data-files',
  check({ doc, outline, report, dataColumns }) {
    for (const set of outline.dataSets.values()) {
      if (!set.fileNode || set.file === undefined) continue;
      const columns = dataColumns(set.name);
      if (!columns || columns.ok) continue;
      report(diagnostic(nodeRange(doc, set.fileNode), columns.problem === 'missing' ? 'data-file-missing' : 'data-file-invalid',
        columns.problem === 'missing'
          ? `data file \`${set.file}\` does not exist (paths are relative to the scenario file)`
          : `data file \`${set.file}\`: ${columns.message}`));
    }
  },
};
