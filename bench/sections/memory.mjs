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
  // Steady rate: the monitor rows that lie wholly inside the steady phase, over the time they
  // cover (the last row also holds the drain after the phase, so it is left out when it ends later).
  const steady = report.phases.find((phase) => phase.name === 'steady');
  const rows = report.timeseries;
  let requests = 0;
  let covered = 0;
  for (let i = 1; i < rows.length; i++) {
    if (rows[i - 1].time >= steady.start && rows[i].time <= steady.end) {
      requests += rows[i].requests;
      covered += (rows[i].time - rows[i - 1].time) / 1000;
    }
  }
  const steadyRps = covered > 0 ? requests / covered : 0;
  const expected = users / (1 + (report.latency.p50 || 0) / 1000);
  const peak = report.system.peakRssMB;

  console.log(`   ${int(report.totals.requests)} requests, errors ${report.totals.errors}; steady rate ${fixed(steadyRps)}/s (ideal about ${int(expected)}/s); p50 ${fixed(report.latency.p50, 2)} ms, p99 ${fixed(report.latency.p99, 2)} ms`);
  console.log(`   engine peak RSS ${fixed(peak)} MB; engine CPU ${fixed(report.system.engineCpuSeconds, 2)} s`);
  // Peak RSS is sampled at every tick, the last one after the pools are closed: a heap that
  // jumps only at the last row points at the run's wind-down rather than at the users.
  const heaps = rows.map((row) => row.heapUsed).filter((value) => typeof value === 'number');
  if (heaps.length > 1) {
    console.log(`   heap used: at most ${fixed(Math.max(...heaps.slice(0, -1)))} MB during the load, ${fixed(heaps[heaps.length - 1])} MB at the last sample (after the pools closed)`);
  }

  return [
    { figure: `peak engine RSS, ${users} thinking users`, value: `${fixed(peak)} MB`, goal: `< ${RSS_GOAL_MB} MB`, verdict: verdict(peak < RSS_GOAL_MB) },
    { figure: `steady rate, ${users} thinking users`, value: `${fixed(steadyRps)}/s`, goal: `>= ${int(users * 0.95)}/s`, verdict: verdict(steadyRps >= users * 0.95) },
  ];
}
