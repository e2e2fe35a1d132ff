// Which kind of step the item at a path is: read from the syntax tree, or from the keys written
// around the cursor for the item being typed.
import { STEP_KINDS } from '../../../scenario/step-kinds';
import { nodeAtPath } from '../../../scenario/yaml-nav';
import type { PathSegment } from '../../cursor/line-path';
import type { DocumentState } from '../../document-state';
import type { StepKind } from '../../schema/schema-nav';

export function stepKindReader(state: DocumentState, current: readonly PathSegment[], siblings: Set<string>): (prefix: readonly PathSegment[]) => StepKind | undefined {
  return (prefix) => {
    if (prefix.length === current.length && prefix.every((segment, i) => segment === current[i])) {
      return STEP_KINDS.find((kind) => siblings.has(kind));
    }
    const { node } = nodeAtPath(state.doc.root, prefix.map(String), state.doc.document);
    if (!node || !('items' in node)) return undefined;
    const keys = new Set((node.items as { key?: { value?: unknown } }[]).map((pair) => String(pair.key?.value)));
    return STEP_KINDS.find((kind) => keys.has(kind));
  };
}
