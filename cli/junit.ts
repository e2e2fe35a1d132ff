// `run --junit FILE`: the run as JUnit XML, which CI systems and test reporters read: one
// `testsuite` per scenario, one `testcase` per criterion (a breach is a `failure` with the
// expected and the actual value), and a `run` case whose `error` says when the engine or the
// connection failed, so a run that could not measure is never a green build.
import type { Report } from '../report/types';
import { criterionResultText } from '../report/format';

const escape = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string)
    // Characters XML 1.0 cannot hold at all.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** Why the run itself failed, if it did: the engine, setup, or every connection. */
export function runFailure(report: Report): string | undefined {
  if (report.outcome === 'error') return report.reason ?? 'the engine stopped before the run completed';
  if (report.outcome === 'stopped') return `stopped: ${report.reason ?? 'interrupted'}`;
  if (!report.setup.passed) return `setup failed: ${report.setup.error ?? ''}`;
  const connect = report.errors.connect;
  if (connect > 0 && connect === report.totals.requests) return `no request reached the target: ${connect} connection errors`;
  return undefined;
}

export function renderJUnit(report: Report, lines: Map<string, number>): string {
  const seconds = (report.durationMs / 1000).toFixed(3);
  const suite = escape(report.scenario);
  const file = escape(report.file);
  const cases: string[] = [];
  let failures = 0;
  for (const c of report.criteria) {
    const line = lines.get(c.expr);
    const where = ` file="${file}"${line !== undefined ? ` line="${line}"` : ''}`;
    const head = `    <testcase name="${escape(c.expr)}" classname="${suite}" time="${seconds}"${where}>`;
    if (c.passed) {
      cases.push(`${head}</testcase>`);
      continue;
    }
    failures++;
    const message = `expected ${c.expr}, actual ${criterionResultText(c)}`;
    cases.push(`${head}\n      <failure message="${escape(message)}" type="criterion">expected: ${escape(c.expr)}\nactual: ${escape(criterionResultText(c))}</failure>\n    </testcase>`);
  }
  const failure = runFailure(report);
  const runCase = `    <testcase name="run" classname="${suite}" time="${seconds}" file="${file}">`;
  cases.push(failure ? `${runCase}\n      <error message="${escape(failure)}" type="run">${escape(failure)}</error>\n    </testcase>` : `${runCase}</testcase>`);
  const errors = failure ? 1 : 0;
  const tests = cases.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="stampede" tests="${tests}" failures="${failures}" errors="${errors}" time="${seconds}">`,
    `  <testsuite name="${suite}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds}" timestamp="${escape(report.startedAt)}">`,
    '    <properties>',
    `      <property name="exitCode" value="${report.exitCode}"/>`,
    `      <property name="requests" value="${report.totals.requests}"/>`,
    `      <property name="errorRate" value="${report.totals.errorRate}"/>`,
    `      <property name="p95" value="${report.latency.p95 ?? ''}"/>`,
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
