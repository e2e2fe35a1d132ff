// Go to definition: from a template name (or a name in an `if:` condition) to the variable or
// capture that defines it, from `data.SET.COLUMN` to the data set (and its file's header), from
// `step=`/`flow=`/`group=` in an expression to that step, flow or group block.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { isScalar } from 'yaml';
import type { Location, Position } from 'vscode-languageserver';
import type { YamlNode } from '../../scenario/yaml-nav';
import { locate } from '../cursor/locate';
import type { DocumentState } from '../document-state';
import { namesInScope } from '../scope';
import { conditionNameAt } from './hover/condition-part';
import { templateAt } from './hover/template-part';

export function definition(state: DocumentState, position: Position): Location[] | null {
  const offset = state.lines.offsetAt(position);
  const at = locate(state.doc.root, offset);
  if (at.onKey || !at.node || !isScalar(at.node)) return null;
  const here = (node: YamlNode): Location => ({ uri: state.uri, range: { start: state.lines.positionAt(node.range[0]), end: state.lines.positionAt(node.range[1]) } });
  const key = at.path[at.path.length - 1];
  const expr = templateAt(state.text, at.node, offset)?.expr ?? (key === 'if' ? conditionNameAt(state.text, at.node, offset) : undefined);
  if (expr) {
    if (expr.kind === 'name') {
      const scoped = namesInScope(state, at.path).find((name) => name.name === expr.name);
      return scoped ? [here(scoped.keyNode)] : null;
    }
    if (expr.kind === 'data') {
      const set = state.outline.dataSets.get(expr.set);
      if (!set) return null;
      const file = dataColumnLocation(state.dataPath(expr.set), expr.column);
      return file ? [here(set.keyNode), file] : [here(set.keyNode)];
    }
    return null;
  }
  const isExpression = (at.path[0] === 'criteria' || at.path[0] === 'alerts') && typeof at.node.value === 'string';
  return isExpression ? filterTarget(state, at.node, offset, here) : null;
}

function filterTarget(state: DocumentState, node: YamlNode, offset: number, here: (node: YamlNode) => Location): Location[] | null {
  const source = state.text.slice(node.range[0], node.range[1]);
  const match = /(step|flow|group)\s*=\s*([^)]*)\)/.exec(source);
  if (!match) return null;
  const start = node.range[0] + (match.index ?? 0);
  if (offset < start || offset > start + match[0].length) return null;
  const name = match[2].trim();
  if (match[1] === 'flow') {
    const flow = state.outline.flows.find((f) => f.name === name);
    return flow ? [here(flow.nameNode ?? flow.node)] : null;
  }
  const steps = state.outline.allSteps.filter((step) => step.name === name && (match[1] === 'step' || step.kind === 'group'));
  return steps.length ? steps.map((step) => here(step.kindNode ?? step.node)) : null;
}

function dataColumnLocation(path: string | undefined, column: string): Location | undefined {
  if (!path) return undefined;
  let header = '';
  try {
    header = readFileSync(path, 'utf8').split('\n', 1)[0];
  } catch {
    return undefined;
  }
  const index = Math.max(0, header.indexOf(column));
  return { uri: pathToFileURL(path).href, range: { start: { line: 0, character: index }, end: { line: 0, character: index + (index >= 0 ? column.length : 0) } } };
}
