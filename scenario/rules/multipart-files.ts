// A multipart file from disk (`file: { path: ./logo.png }`) must exist and stay inside the
// workspace, as data files must: the run reads it, so validation says so first.
import { dataRoot, isInside, resolveDataPath } from '../data-files';
import { diagnostic } from '../diagnostic';
import { mapPairs, mapValue, nodeRange, stringValue } from '../yaml-nav';
import type { Rule } from './rule';

export const multipartFilesRule: Rule = {
  name: 'multipart-files',
  check({ doc, outline, report, options }) {
    const root = dataRoot(options.file, options.root);
    for (const step of outline.allSteps) {
      if (step.kind !== 'request') continue;
      for (const field of mapPairs(mapValue(step.node, 'multipart', doc.document))) {
        const pathNode = mapValue(mapValue(field.value, 'file', doc.document), 'path', doc.document);
        const path = stringValue(pathNode);
        if (path === undefined || !pathNode) continue;
        const absolute = resolveDataPath(path, options.file);
        if (root !== undefined && !isInside(absolute, root)) {
          report(diagnostic(nodeRange(doc, pathNode), 'multipart-file-outside-workspace',
            `\`${path}\` is outside ${root}: a scenario may only send files inside its workspace`));
        } else if (options.file !== undefined && options.readFile && options.readFile(absolute) === undefined) {
          report(diagnostic(nodeRange(doc, pathNode), 'multipart-file-missing', `\`${path}\` does not exist (paths are relative to the scenario file)`));
        }
      }
    }
  },
};
