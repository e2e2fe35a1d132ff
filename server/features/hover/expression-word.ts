// The metric or aggregate under the cursor in a criteria or alert expression (a custom metric of
// the scenario's `record:` steps too).
import { isScalar } from 'yaml';
import { valueOffsetMapper, type YamlNode } from '../../../scenario/yaml-nav';
import { aggregateDoc, customMetricDoc, metricDoc } from '../../metric-docs';

export function expressionWordDoc(text: string, node: YamlNode | undefined, offset: number, customMetrics: ReadonlySet<string>): string | undefined {
  if (!node || !isScalar(node) || typeof node.value !== 'string') return undefined;
  const map = valueOffsetMapper(text, node);
  const base = map(0, 0)[0];
  if (map(1, 0)[0] !== base + 1) return undefined;
  const value = node.value;
  const at = offset - base;
  for (const match of value.matchAll(/[A-Za-z_][\w.]*/g)) {
    const start = match.index ?? 0;
    if (at < start || at > start + match[0].length) continue;
    return metricDoc(match[0]) ?? aggregateDoc(match[0]) ?? customMetricDoc(match[0], customMetrics);
  }
  return undefined;
}
