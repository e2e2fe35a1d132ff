// String-level checks of report.html that need no browser: verdicts and escaping of every field
// a user or a server controls.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderHtmlReport } from '../../report/files/html';
import { verdictOf } from '../../report/view/sections';
import { buildSampleReport, buildSaturatedReport } from '../fixtures/reports/sample-report';

const EVIL = '</script><img src=x onerror=alert(2)>';

test('verdict: PASSED, FAILED, STOPPED, ABORTED with the reason', () => {
  assert.deepEqual(verdictOf(buildSampleReport({ passed: true, exitCode: 0 })).label, 'PASSED');
  const failed = verdictOf(buildSampleReport());
  assert.equal(failed.label, 'FAILED');
  assert.equal(failed.detail, '1 of 3 criteria failed');
  const stopped = verdictOf(buildSampleReport({ outcome: 'stopped', exitCode: 3, reason: 'SIGINT' }));
  assert.deepEqual([stopped.label, stopped.detail], ['STOPPED', 'SIGINT']);
  const aborted = verdictOf(buildSampleReport({ outcome: 'aborted', reason: 'criterion `errorRate < 1%` failed for 30s' }));
  assert.deepEqual([aborted.label, aborted.tone], ['ABORTED', 'bad']);
});

test('every report string is escaped, in markup and in the embedded JSON', () => {
  const sample = buildSampleReport();
  const report = buildSampleReport({
    scenario: `Scenario ${EVIL}`,
    file: `/tmp/${EVIL}.scenario.yaml`,
    target: `http://h/${EVIL}`,
    outcome: 'error',
    reason: EVIL,
    steps: sample.steps.map((s) => ({ ...s, flows: [EVIL], sampleErrors: [{ message: EVIL, count: 1 }] })),
    flows: sample.flows.map((f) => ({ ...f, name: EVIL })),
    phases: sample.phases.map((p) => ({ ...p, name: EVIL })),
    alerts: sample.alerts.map((a) => ({ ...a, when: EVIL })),
    setup: { ran: true, passed: false, error: EVIL },
  });
  const html = renderHtmlReport({ ...report, recommendations: [`\`${EVIL}\``] }, '/* chart.js </script> */');
  assert.ok(!html.includes('<img src=x'), 'no raw markup from the report');
  assert.ok(!html.includes('</script><img'), 'the data block cannot be closed early');
  assert.ok(html.includes('&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;'), 'shown as text');
  assert.ok(html.includes('/* chart.js <\\/script> */'), 'inlined library cannot close its element');
  const data = /<script type="application\/json" id="report-data">([^]*?)<\/script>/.exec(html);
  assert.ok(data);
  assert.equal(JSON.parse(data[1]).scenario, `Scenario ${EVIL}`, 'the embedded JSON reads back exactly');
});

test('the Generator group escapes its reason and says SATURATED in the bad tone; a kept-up generator says not saturated', () => {
  const saturated = buildSaturatedReport();
  const html = renderHtmlReport({ ...saturated, generator: { ...saturated.generator, reason: `Late ${EVIL}` } }, '');
  const group = /<section class="card generator saturated" id="generator"[^]*?<\/section>/.exec(html)?.[0] ?? '';
  assert.ok(group, 'the group is there, marked saturated');
  assert.ok(group.includes('<span class="badge tone-bad">SATURATED</span>'), group);
  assert.ok(group.includes('Late &lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;'), 'the reason is text');
  assert.ok(!group.includes('<img'), group);
  const ok = /<section class="card generator" id="generator"[^]*?<\/section>/.exec(renderHtmlReport(buildSampleReport(), ''))?.[0] ?? '';
  assert.ok(ok.includes('<span class="badge tone-ok">not saturated</span>'), ok);
  assert.ok(!ok.includes('gen-reason'));
});
