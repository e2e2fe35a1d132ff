// Hover: the key's documentation from the schema; a duration in seconds; a phase's times and
// levels; what a metric measures; what a template (or a name in an `if:` condition) refers to;
// and the explanation of any hint flagged at the cursor.
import { isScalar } from 'yaml';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { hintExplanation } from '../../scenario/rules/hints';
import { contains, toLspRange } from '../convert';
import { locate } from '../cursor/locate';
import type { DocumentState } from '../document-state';
import { refName, schemaAt } from '../schema/schema-nav';
import type { ServerSettings } from '../settings';
import { stepKindReader } from './completion/step-kind';
import { conditionNameAt } from './hover/condition-part';
import { expressionWordDoc } from './hover/expression-word';
import { phaseSummary } from './hover/phase-summary';
import { templateAt } from './hover/template-part';
import { templateDoc } from './hover/template-doc';
import { durationText } from './hover/units';

export function hover(state: DocumentState, position: Position, settings?: ServerSettings): Hover | null {
  const offset = state.lines.offsetAt(position);
  const sections: string[] = [];
  const at = locate(state.doc.root, offset);
  const kindOf = stepKindReader(state, [], new Set());
  const path = at.path;
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1];

  if (at.onKey) {
    const schema = schemaAt(path, kindOf);
    if (schema?.description) sections.push(`**${String(key)}** — ${schema.description}`);
  } else if (at.node && isScalar(at.node)) {
    const expr = templateAt(state.text, at.node, offset)?.expr ?? (key === 'if' ? conditionNameAt(state.text, at.node, offset) : undefined);
    if (expr) sections.push(templateDoc(state, path, expr));
    else {
      const expressionKey = (path[0] === 'criteria' && (path.length === 2 || key === 'expr')) || (path[0] === 'alerts' && key === 'when');
      const metric = expressionKey ? expressionWordDoc(state.text, at.node, offset, state.outline.customMetrics) : undefined;
      if (metric) sections.push(metric);
      const units = typeof key === 'string' ? durationText(refName(schemaAt(parentPath, kindOf), key) ?? unitOfPlainKey(path), at.node.value) : undefined;
      if (units) sections.push(units);
    }
  }
  if (path[0] === 'phases' && typeof path[1] === 'number') {
    const profile = state.profile;
    const phase = profile.phases[path[1]];
    if (phase) sections.push(phaseSummary(phase, profile.phases.length));
  }
  if (settings?.hints !== false) {
    for (const d of state.analysis.diagnostics) {
      if (!d.code.startsWith('hint-') || !contains(d.range, position)) continue;
      const explanation = hintExplanation(d.code);
      if (explanation) sections.push(`**${d.code}** — ${explanation}`);
    }
  }
  if (sections.length === 0) return null;
  const hover: Hover = { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') } };
  if (at.node) hover.range = toLspRange({ start: state.lines.positionAt(at.node.range[0]), end: state.lines.positionAt(at.node.range[1]) });
  return hover;
}

/** Keys whose schema has no `$ref` but that hold a duration all the same. */
function unitOfPlainKey(path: readonly unknown[]): string | undefined {
  const key = path[path.length - 1];
  if (key === 'think' && typeof path[path.length - 2] === 'number') return 'think';
  return undefined;
}
