// Where each criterion is written in its scenario file (1-based lines), so CI can point at it:
// JUnit test cases carry it, GitHub annotations mark it.
import { readFileSync } from 'node:fs';
import { scenarioFacts } from '../scenario/facts';

export function criterionLines(file: string): Map<string, number> {
  const lines = new Map<string, number>();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return lines;
  }
  for (const criterion of scenarioFacts(text, { file }, {}).criteria) {
    if (!lines.has(criterion.expr)) lines.set(criterion.expr, criterion.range.start.line + 1);
  }
  return lines;
}
