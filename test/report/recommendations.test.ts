import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCount } from '../../report/format';
import { computeRecommendations, niceCeil, niceFloor } from '../../report/recommendations';
import type { Report } from '../../report/types';
import { buildCleanReport, buildLegacyReport, buildSampleReport, buildSaturatedReport, HOSTILE_STEP_NAME, latency, noErrors } from '../fixtures/reports/sample-report';

const clean = buildCleanReport;
/** Recommendations of a clean run changed by `patch`. */
const adviceFor = (patch: (r: Report) => Partial<Report>) => {
  const r = clean();
  return computeRecommendations({ ...r, ...patch(r) });
};
const one = (list: string[], pattern: RegExp) => {
  const hits = list.filter((s) => pattern.test(s));
  assert.equal(hits.length, 1, `expected one recommendation matching ${pattern}, got:\n${list.join('\n')}`);
  return hits[0];
};

test('a clean run yields no recommendations at all', () => {
  assert.deepEqual(computeRecommendations(clean()), []);
});

test('a failed criterion says which and by how much', () => {
  const sample = buildSampleReport();
  const text = one(sample.recommendations, /Criterion `errorRate < 1%` failed/);
  const pct = (sample.totals.errorRate * 100).toFixed(2);
  assert.match(text, new RegExp(`measured ${pct.replace('.', '\\.')}%`));
  assert.match(text, /percentage points above the limit of 1%/);
  const latencyText = one(
    adviceFor((r) => ({ criteria: [{ ...r.criteria[0], passed: false, actual: 312.4, actualText: '312.4ms' }] })),
    /p95\(latency\) < 250ms/,
  );
  assert.match(latencyText, /312\.4ms, 62\.4ms \(25%\) above the limit of 250ms/);
  const nothing = one(
    adviceFor((r) => ({ criteria: [{ ...r.criteria[2], passed: false, actual: null, actualText: 'no data', reason: 'no data', aborted: true }] })),
    /was not evaluated, so the run did not pass: nothing it measures happened/,
  );
  assert.match(nothing, /stopped the run early/);
});

test('a saturated generator: the first recommendation says so, with its reason and what to do', () => {
  const report = buildSaturatedReport();
  assert.equal(report.generator.saturated, true);
  const [first] = report.recommendations;
  assert.match(first, /^The load generator was saturated/);
  assert.ok(first.includes(report.generator.reason as string), first);
  assert.match(first, /fewer virtual users per engine process/);
  assert.match(first, /more workers or machines/);
  assert.match(first, /run the target elsewhere than on this machine/);
  assert.equal(report.recommendations.filter((r) => /saturated/.test(r) && r.startsWith('The load generator')).length, 1);
});

test('a saturated generator: no advice to raise maxUsers, nothing the lateness explains blamed on the target', () => {
  const list = buildSaturatedReport().recommendations;
  for (const r of list) {
    assert.doesNotMatch(r, /rais(e|ing) `?maxUsers/i, r);
    assert.doesNotMatch(r, /Little's law/, r);
    assert.doesNotMatch(r, /the target is (saturated|stalling)/, r);
    assert.doesNotMatch(r, /GC pauses|lock contention|slow dependency/, r);
  }
  // Each finding the generator's lateness explains says so instead.
  assert.match(one(list, /dropped/), /the load generator fell behind/);
  assert.match(one(list, /timed out/), /while the load generator was saturated/);
  assert.match(one(list, /is 4\.2× p95/), /generator's stalls/);
  assert.match(one(list, /Criterion `p95\(latency\) < 250ms` failed/), /Measured while the load generator was saturated/);
  // An error-count criterion is not the generator's doing: no caveat there.
  assert.doesNotMatch(one(list, /Criterion `errorRate < 1%` failed/), /saturated/);
  // Starter criteria would bake the generator's lateness in.
  const starters = computeRecommendations({ ...buildSaturatedReport(), criteria: [] });
  assert.match(one(starters, /No criteria/), /take the starters from a run where it is not/);
});

test('a generator that kept up: no saturation text at all, whatever the machine CPU', () => {
  for (const report of [buildSampleReport(), buildCleanReport()]) {
    assert.equal(report.generator.saturated, false);
    assert.deepEqual(report.recommendations.filter((r) => /saturat/i.test(r)), []);
  }
  // The machine (target included) at 99%: the generator's own section decides, not a guess.
  const busy = adviceFor((r) => ({ timeseries: r.timeseries.map((row) => ({ ...row, cpu: 99 })), system: { ...r.system, peakCpu: 99 } }));
  assert.deepEqual(busy.filter((s) => /saturat/i.test(s)), []);
});

test('a report without a generator section (older report.json): machine CPU or event-loop peaks decide, sustained', () => {
  const legacy = (patch: (r: Report) => Partial<Report>) => {
    const r = buildLegacyReport();
    const { generator: _g, ...rest } = { ...r, ...patch(r) };
    void _g;
    return computeRecommendations(rest);
  };
  const cpu = one(legacy((r) => ({ timeseries: [], system: { ...r.system, peakCpu: 93.4 } })), /^The load generator was saturated/);
  assert.match(cpu, /^The load generator was saturated/);
  assert.match(cpu, /peak CPU 93%/);
  assert.match(cpu, /no generator section/);
  const loop = one(legacy((r) => ({ timeseries: [], system: { ...r.system, peakEventLoopDelay: 240 } })), /^The load generator was saturated/);
  assert.match(loop, /event-loop delay p99 up to 240ms/);
  const withCpu = (r: Report, cpus: number[]) => r.timeseries.map((row, i) => ({ ...row, cpu: cpus[i] ?? 20, eventLoopDelay: 5 }));
  assert.deepEqual(legacy((r) => ({ timeseries: withCpu(r, [99]) })).filter((s) => /saturated/.test(s)), []);
  assert.deepEqual(legacy((r) => ({ timeseries: withCpu(r, [20, 99]) })).filter((s) => /saturated/.test(s)), []);
  const sustained = legacy((r) => ({ timeseries: withCpu(r, r.timeseries.map(() => 95)) }));
  assert.match(sustained[0], /^The load generator was saturated.*peak CPU 95%.*intervals over a limit/);
  assert.deepEqual(legacy(() => ({})).filter((s) => /saturated/.test(s)), [], 'the legacy sample kept up');
});

test('dropped iterations: maxUsers from Little\'s law and p95 iteration time', () => {
  const text = one(
    adviceFor((r) => ({
      totals: { ...r.totals, dropped: 1200, iterations: 22_800 },
      phases: r.phases.map((p) => ({ ...p, model: 'open' as const, from: p.from * 8, to: p.to * 8, target: p.to * 8, maxUsers: 50 })),
      flows: [{ name: 'buy', weight: 1, iterations: 22_800, failures: 0, latency: latency(50), iterationDuration: { ...latency(500), mean: 620, p95: 1400 } }],
    })),
    /dropped/,
  );
  // peak rate 400/s: 400 × 0.62 s = 248 on average, 400 × 1.4 s = 560 for p95.
  assert.match(text, /1,200 iterations \(5%\ of those due\) were dropped because maxUsers \(50\) was reached/);
  assert.match(text, /peak rate of 400\/s and a mean iteration time of 620ms/);
  assert.match(text, /about 248 concurrent users/);
  assert.match(text, /at least 560 \(rate × p95 iteration time of 1\.4s\)/);
});

test('errors concentrated in one step name it, its error kind and status code', () => {
  const sample = buildSampleReport();
  const cart = sample.steps.find((s) => s.name === HOSTILE_STEP_NAME)!;
  const total = sample.steps.reduce((n, s) => n + s.errors, 0);
  const text = one(sample.recommendations, /of the errors/);
  assert.ok(text.includes(`(${formatCount(cart.errors)} of ${formatCount(total)}) come from step "${HOSTILE_STEP_NAME}"`), text);
  assert.match(text, /mostly unexpected status codes/);
  assert.match(text, /chiefly HTTP 503/);
});

test('tail latency: p99 over 3× p95', () => {
  const text = one(adviceFor((r) => ({ latency: { ...r.latency, p95: 100, p99: 412 } })), /tail|far slower/);
  assert.match(text, /p99 latency \(412ms\) is 4\.1× p95 \(100ms\)/);
  assert.match(text, /GC pauses, lock contention, cold caches/);
});

test('connect errors and timeouts point at the target and the timeout', () => {
  const list = adviceFor((r) => ({
    errors: { ...noErrors(), connect: 40, timeout: 7 },
    steps: r.steps.map((s, i) => (i === 0 ? { ...s, errors: 7, errorKinds: { ...noErrors(), timeout: 7 } } : i === 1 ? { ...s, errors: 40, errorKinds: { ...noErrors(), connect: 40 } } : s)),
  }));
  const connect = one(list, /could not connect/);
  assert.match(connect, /^40 requests \(/);
  assert.match(connect, /unreachable or refused connections/);
  assert.match(connect, /connection limit/);
  const timeout = one(list, /timed out/);
  assert.match(timeout, /^7 requests .* timed out in step "login"/);
  assert.match(timeout, /`timeout`/);
});

test('no criteria: starter criteria derived from the run', () => {
  const r = clean();
  const text = one(computeRecommendations({ ...r, criteria: [] }), /No criteria/);
  const p95 = niceCeil(r.latency.p95 * 1.1);
  assert.ok(text.includes(`\`p95(latency) < ${p95}ms\``), text);
  assert.ok(text.includes('`errorRate < 1%`'), text);
  assert.ok(text.includes(`\`rps >= ${niceFloor(r.totals.rps * 0.9)}\``), text);
});

test('no criteria after a failing run: the starters never bless the failure (15% errors gave `errorRate < 20%`)', () => {
  const failing = (errorRate: number) => adviceFor((r) => ({ criteria: [], totals: { ...r.totals, errorRate, errors: Math.round(r.totals.requests * errorRate) } }));
  const text = one(failing(0.15), /No criteria/);
  assert.match(text, /15% of its requests failed/);
  assert.match(text, /Start with `errorRate < 1%`/);
  // Nothing read from the failing run: no looser error rate, no latency or throughput baseline.
  assert.doesNotMatch(text, /errorRate < (?!1%)/);
  assert.doesNotMatch(text, /p95\(latency\) <|rps >=/);
  // Just at the default it is still no baseline; just below it the run's figures are used, the limit stays 1%.
  assert.match(one(failing(0.01), /No criteria/), /Start with `errorRate < 1%`/);
  const healthy = one(failing(0.009), /No criteria/);
  assert.match(healthy, /`p95\(latency\) < \d+ms`, `errorRate < 1%`/);
});

test('a steady phase under 30 s makes percentiles unstable', () => {
  const text = one(
    adviceFor((r) => ({ phases: r.phases.map((p) => (p.name === 'steady' ? { ...p, end: p.start + 20_000 } : p)) })),
    /steady phase/,
  );
  assert.match(text, /"steady" held 50 users for only 20s/);
  assert.match(text, /at least 30s/);
});

test('nice numbers round to 1-1.2-1.5-2-2.5-3-4-5-6-8 steps', () => {
  assert.equal(niceCeil(114.5), 120);
  assert.equal(niceCeil(0.33), 0.4);
  assert.equal(niceCeil(1000), 1000);
  assert.equal(niceFloor(376), 300);
  assert.equal(niceFloor(1.7), 1.5);
});

test('a criterion that passed with nothing measured (a report from before "no data" failed) is still explained', () => {
  const text = one(
    adviceFor((r) => ({ criteria: [{ ...r.criteria[0], expr: 'p95(latency, step=rare) < 1s', passed: true, actual: null, actualText: 'no data' }] })),
    /was not evaluated/,
  );
  assert.match(text, /p95\(latency, step=rare\) < 1s/);
});
