// Hover text for a template expression.
import type { TemplateExpr } from '../../../scenario/templates';
import type { PathSegment } from '../../cursor/line-path';
import type { DocumentState } from '../../document-state';
import { namesInScope } from '../../scope';

export function templateDoc(state: DocumentState, path: readonly PathSegment[], expr: TemplateExpr): string {
  switch (expr.kind) {
    case 'name': {
      const scoped = namesInScope(state, path).find((name) => name.name === expr.name);
      if (!scoped) return `\`${expr.name}\`: not defined here`;
      if (scoped.kind === 'variable') return `**variable** \`${expr.name}\` = \`${scoped.detail}\` (\`--var ${expr.name}=…\` overrides it)`;
      const step = scoped.step?.name ? ` by step \`${scoped.step.name}\`` : '';
      return `**${scoped.kind}** \`${expr.name}\`, captured${step} from \`${scoped.detail}\``;
    }
    case 'env':
      return `**environment variable** \`${expr.name}\` of the process that runs the scenario`;
    case 'vu':
      return expr.field === 'id' ? '**vu.id**: the virtual user\'s number, from 1' : '**vu.iteration**: how many iterations this virtual user has started, from 0';
    case 'loop':
      return expr.field === 'index'
        ? '**loop.index**: inside a `repeat:` block, which repetition this is, from 0'
        : '**loop.value**: inside `repeat: { over: … }`, the element of the list this repetition is for';
    case 'data': {
      const set = state.outline.dataSets.get(expr.set);
      return set ? `**data** column \`${expr.column}\` of set \`${expr.set}\` (\`${set.file ?? '?'}\`): one row per iteration` : `no data set \`${expr.set}\``;
    }
    case 'call':
      return `**${expr.fn}()**: ${CALLS[expr.fn]}`;
  }
}

const CALLS: Record<string, string> = {
  'random.int': 'a whole number between the two bounds, both included',
  'random.uuid': 'a random UUID (version 4)',
  'random.string': 'that many random letters and digits',
  'random.pick': 'one of the arguments, at random',
  now: 'the current time in epoch milliseconds',
};
