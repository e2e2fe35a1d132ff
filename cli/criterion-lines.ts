// Where each criterion is written in its scenario file (1-based lines), so CI can point at it:
// JUnit test cases carry it, GitHub annotations mark it.
import { readFileSync } from 'node:fs';
import { criteriaOf } from '../scenario/facts';
import { parseScenarioText } from '../scenario/parse';

export function criterionLines(file: string): Map<string, number> {
  const lines = new Map<string, number>();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return lines;
  }
  // A parse is enough: the run already analysed the scenario.
  for (const criterion of criteriaOf(parseScenarioText(text))) {
    if (!lines.has(criterion.expr)) lines.set(criterion.expr, criterion.range.start.line + 1);
  }
  return lines;
}
