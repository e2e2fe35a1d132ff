// Sizing's results in the syntax tree: a field filled from a variable shows that value to every
// rule that reads nodes (a think range written backwards in `variables` is caught where it is
// used), and a whole template naming no variable is an error at that field.
import { isScalar } from 'yaml';
import { diagnostic } from './diagnostic';
import type { ParsedDocument } from './parse';
import type { SizingResult } from './sizing';
import type { Diagnostic } from './types';
import { nodeAtPath, nodeRange } from './yaml-nav';

export function applySizingToTree(document: ParsedDocument, sizing: SizingResult): Diagnostic[] {
  const nodeAt = (path: (string | number)[]) => nodeAtPath(document.root, path.map(String), document.document).node;
  for (const { path, value } of sizing.resolved) {
    const node = nodeAt(path);
    if (isScalar(node)) node.value = value;
  }
  const problems: Diagnostic[] = [];
  for (const { path, name } of sizing.unresolved) {
    const node = nodeAt(path);
    if (!node) continue;
    problems.push(
      diagnostic(
        nodeRange(document, node),
        'undefined-template-name',
        // The schema's wording for the same mistake (schema-messages.ts), so the two agree.
        `\`${name}\` is not a variable: define it under \`variables\` or pass \`--var ${name}=…\` (this field is read before the run starts; captures and \`env\` come too late)`,
      ),
    );
  }
  return problems;
}
