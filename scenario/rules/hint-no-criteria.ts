// A run without criteria cannot fail: it measures, but decides nothing.
import { diagnostic } from '../diagnostic';
import { findPair, nodeRange, seqItems } from '../yaml-nav';
import { asLines, insertionAt } from './fix-text';
import type { HintRule } from './hint-rule';

export const STARTER_CRITERIA = ['p95(latency) < 500ms', 'errorRate < 1%'];

export const noCriteriaHint: HintRule = {
  name: 'hint-no-criteria',
  code: 'hint-no-criteria',
  explanation:
    'Criteria turn a run into a test: the CLI exits with 1 when one fails, so CI can gate on it, and the report says pass or fail. ' +
    'Without them every run "passes". Start with a latency percentile and an error rate, e.g. `p95(latency) < 500ms` and `errorRate < 1%`.',
  check({ doc, report }) {
    const criteria = findPair(doc.root, 'criteria');
    if (criteria && seqItems(criteria.value).length > 0) return;
    const anchor = criteria?.key ?? findPair(doc.root, 'name')?.key ?? findPair(doc.root, 'version')?.key;
    if (!anchor) return;
    const range = nodeRange(doc, anchor);
    const message = 'no `criteria`: the run cannot fail; add e.g. `p95(latency) < 500ms` and `errorRate < 1%`';
    let fix;
    if (!criteria) {
      const offset = doc.text.length;
      const lines = `criteria:\n${STARTER_CRITERIA.map((c) => `  - ${c}\n`).join('')}`;
      fix = { title: 'Add starter criteria', range: insertionAt(doc, offset), newText: asLines(doc.text, offset, lines) };
    }
    report(diagnostic(range, this.code, message, 'information', fix));
  },
};
