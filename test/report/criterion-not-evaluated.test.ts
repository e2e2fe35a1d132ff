// A criterion without data reads the same wherever it is shown: "not evaluated: no data" in the
// CLI summary, the report's criteria table, the live panel and the Test Explorer; one whose
// requests were all tried and none answered keeps saying how many.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderSummary } from '../../cli/summary';
import { scenarioVerdict } from '../../client/test-verdict';
import { criteriaSection } from '../../report/view/sections';
import { renderStatic } from '../../report/view/static-dom';
import type { CriterionReport } from '../../report/types';
import { liveCriteria } from '../../webview/live-view';
import { buildSampleReport } from '../fixtures/reports/sample-report';

const NEVER_RAN: CriterionReport = { expr: 'p95(latency, step=rare) < 1s', passed: false, actual: null, actualText: 'no data', reason: 'no data', abort: false, aborted: false };
const NONE_ANSWERED: CriterionReport = { expr: 'p95(latency) < 250ms', passed: false, actual: null, actualText: 'no data: none of 4 answered', reason: 'no data', abort: false, aborted: false };
const report = buildSampleReport({ criteria: [NEVER_RAN, NONE_ANSWERED] });

/** The HTML of each `<tr>` or `<li>` in `html`. */
const items = (html: string, tag: 'tr' | 'li') => [...html.matchAll(new RegExp(`<${tag}[ >][^]*?</${tag}>`, 'g'))].map((m) => m[0]);

test('the CLI summary and the Test Explorer say "not evaluated: no data", and "actual no data: none of N answered"', () => {
  const summary = renderSummary(report, undefined);
  assert.ok(summary.includes('  ✗ p95(latency, step=rare) < 1s   (not evaluated: no data)'), summary);
  assert.ok(summary.includes('  ✗ p95(latency) < 250ms   (actual no data: none of 4 answered)'), summary);
  const verdict = scenarioVerdict(report, undefined);
  assert.deepEqual(verdict, {
    kind: 'failed',
    message: '2 criterion failed: p95(latency, step=rare) < 1s (not evaluated: no data); p95(latency) < 250ms (actual no data: none of 4 answered)',
  });
});

test('the report\'s criteria table fails it, says "not evaluated: no data" and counts it in the caption', () => {
  const html = renderStatic(() => criteriaSection(report));
  assert.match(html, /2 of 2 failed \(1 not evaluated\)/);
  const [neverRan, noneAnswered] = items(html, 'tr').slice(1);
  assert.match(neverRan, /class="fail"[^]*Fail[^]*not evaluated: no data/);
  assert.match(noneAnswered, /class="fail"[^]*no data: none of 4 answered/);
  assert.doesNotMatch(noneAnswered, /not evaluated/);
});

test('live, it says "not evaluated: no data" without showing as failing yet; none answered is failing', () => {
  const [neverRan, noneAnswered] = items(renderStatic(() => liveCriteria([NEVER_RAN, NONE_ANSWERED])), 'li');
  assert.match(neverRan, /^<li class="pending">[^]*No data[^]*not evaluated: no data/);
  assert.match(noneAnswered, /^<li class="fail">[^]*Fail[^]*no data: none of 4 answered/);
});
