// What a name under the cursor in an `if:` condition refers to (it reads names like a template).
import { isScalar } from 'yaml';
import { conditionOperands, definedNames, parseCondition } from '../../../scenario/conditions';
import type { TemplateExpr } from '../../../scenario/templates';
import { valueOffsetMapper, type YamlNode } from '../../../scenario/yaml-nav';

export function conditionNameAt(text: string, node: YamlNode | undefined, offset: number): TemplateExpr | undefined {
  if (!node || !isScalar(node) || typeof node.value !== 'string') return undefined;
  const parsed = parseCondition(node.value);
  if (!parsed.ok) return undefined;
  const map = valueOffsetMapper(text, node);
  const under = (at: number, length: number) => {
    const [start, end] = map(at, length);
    return offset >= start && offset <= end;
  };
  const operand = conditionOperands(parsed.value).find((o) => under(o.offset, o.source.length));
  if (operand) return operand.expr;
  const asked = definedNames(parsed.value).find((d) => under(d.offset, d.name.length));
  return asked ? { kind: 'name', name: asked.name } : undefined;
}
