// What a `{{ … }}` part under the cursor refers to.
import { isScalar } from 'yaml';
import { parseTemplate, type TemplateExpr } from '../../../scenario/templates';
import { valueOffsetMapper, type YamlNode } from '../../../scenario/yaml-nav';

export interface TemplateAt {
  expr: TemplateExpr;
  /** Document offsets of the whole `{{ … }}`. */
  start: number;
  end: number;
}

export function templateAt(text: string, node: YamlNode | undefined, offset: number): TemplateAt | undefined {
  if (!node || !isScalar(node) || typeof node.value !== 'string' || !node.value.includes('{{')) return undefined;
  const map = valueOffsetMapper(text, node);
  for (const part of parseTemplate(node.value).parts) {
    if (part.kind !== 'expr') continue;
    const [start, end] = map(part.offset, part.length);
    if (offset >= start && offset <= end) return { expr: part.expr, start, end };
  }
  return undefined;
}
