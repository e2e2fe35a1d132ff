// Memory under many mostly idle users: closed-model users that think 1 s between requests.
import { runStampede } from '../lib/children.mjs';
import { fixed, int, verdict } from '../lib/format.mjs';
import { thinkingUsers } from '../lib/scenarios.mjs';

const RSS_GOAL_MB = 150;

export async function memory({ target, dir, users, rampS, steadyS }) {
  console.log(`\n3. Memory: ${users} closed-model users, GET /hello then think 1 s; ramp ${rampS} s, steady ${steadyS} s`);
  const report = await runStampede({
    name: 'thinking-users',
    yaml: thinkingUsers({ users, rampS, steadyS }),
    dir,
    target: target.url,
    plannedMs: (rampS + steadyS) * 1000,
  });
  // Steady rate: requests of the steady phase's monitor rows over the time those rows cover.
  const rows = report.timeseries;
  const firstSteady = rows.findIndex((row) => row.phase === 'steady');
  const steadyRows = firstSteady < 0 ? [] : rows.slice(firstSteady).filter((row) => row.phase === 'steady');
  const since = firstSteady > 0 ? rows[firstSteady - 1].elapsed : 0;
  const covered = steadyRows.length ? steadyRows[steadyRows.length - 1].elapsed - since : 0;
  const steadyRps = covered > 0 ? steadyRows.reduce((sum, row) => sum + row.requests, 0) / covered : 0;
  const expected = users / (1 + (report.latency.p50 || 0) / 1000);
  const peak = report.system.peakRssMB;

  console.log(`   ${int(report.totals.requests)} requests, errors ${report.totals.errors}; steady rate ${fixed(steadyRps)}/s (ideal about ${int(expected)}/s); p50 ${fixed(report.latency.p50, 2)} ms, p99 ${fixed(report.latency.p99, 2)} ms`);
  console.log(`   engine peak RSS ${fixed(peak)} MB; peak heap used ${fixed(report.system.peakHeapUsed)} MB; engine CPU ${fixed(report.system.engineCpuSeconds, 2)} s`);

  return [
    { figure: `peak engine RSS, ${users} thinking users`, value: `${fixed(peak)} MB`, goal: `< ${RSS_GOAL_MB} MB`, verdict: verdict(peak < RSS_GOAL_MB) },
    { figure: `steady rate, ${users} thinking users`, value: `${fixed(steadyRps)}/s`, goal: `>= ${int(users * 0.95)}/s`, verdict: verdict(steadyRps >= users * 0.95) },
  ];
}
