// The headline: generator CPU per request, Stampede against autocannon, facing the same target
// in the same run. Rounds alternate A/B/A/B so that drift (thermal, noisy neighbours, JIT of the
// target) falls on both; the figure is the median of the rounds.
import { runAutocannon, runStampede } from '../lib/children.mjs';
import { fixed, int, loadSeconds, median, verdict } from '../lib/format.mjs';
import { closedHello } from '../lib/scenarios.mjs';

const CONNECTIONS = 50;

export async function cpuPerRequest({ target, dir, rounds, durationS }) {
  console.log(`\n1. Generator CPU per request: ${CONNECTIONS} connections/users, GET /hello (100-byte body), ${rounds} x ${durationS} s each, alternating`);
  // Warm the target's JIT so the first measured round is not the odd one out.
  await runAutocannon(`${target.url}/hello`, { connections: CONNECTIONS, durationS: 1 });

  const rows = { autocannon: [], stampede: [] };
  for (let round = 1; round <= rounds; round++) {
    const cpuBefore = await target.cpuSeconds();
    const ac = await runAutocannon(`${target.url}/hello`, { connections: CONNECTIONS, durationS });
    const cpuBetween = await target.cpuSeconds();
    rows.autocannon.push(show(round, 'autocannon', {
      requests: ac.requests,
      cpuSeconds: ac.cpuSeconds,
      seconds: ac.durationSeconds,
      errors: ac.errors + ac.non2xx,
      targetCpu: cpuBefore === null || cpuBetween === null ? null : cpuBetween - cpuBefore,
    }));

    const report = await runStampede({
      name: `closed-hello-${round}`,
      yaml: closedHello({ users: CONNECTIONS, durationS }),
      dir,
      target: target.url,
      plannedMs: durationS * 1000,
    });
    const cpuAfter = await target.cpuSeconds();
    if (report.system.engineCpuSeconds === undefined) throw new Error('report.system.engineCpuSeconds is missing');
    rows.stampede.push(show(round, 'stampede', {
      requests: report.totals.requests,
      cpuSeconds: report.system.engineCpuSeconds,
      seconds: loadSeconds(report),
      errors: report.totals.errors,
      targetCpu: cpuBetween === null || cpuAfter === null ? null : cpuAfter - cpuBetween,
    }));
  }

  const perCpu = (list) => median(list.map((r) => r.requests / r.cpuSeconds));
  const rps = (list) => median(list.map((r) => r.requests / r.seconds));
  const acPerCpu = perCpu(rows.autocannon);
  const stPerCpu = perCpu(rows.stampede);
  const ratio = acPerCpu / stPerCpu;
  console.log(`   median: autocannon ${int(acPerCpu)} req/CPU-s (${fixed(1e6 / acPerCpu)} µs CPU/req), stampede ${int(stPerCpu)} req/CPU-s (${fixed(1e6 / stPerCpu)} µs CPU/req)`);
  console.log(`   ratio (Stampede CPU per request / autocannon CPU per request): ${fixed(ratio, 2)}x`);

  return [
    { figure: 'autocannon req per CPU-second', value: int(acPerCpu), goal: '' },
    { figure: 'stampede req per CPU-second', value: int(stPerCpu), goal: '' },
    { figure: 'CPU/request ratio vs autocannon', value: `${fixed(ratio, 2)}x`, goal: 'must <= 1.5x', verdict: verdict(ratio <= 1.5) },
    { figure: '', value: '', goal: 'goal <= 1.0x', verdict: verdict(ratio <= 1.0) },
    { figure: 'autocannon achieved rps', value: int(rps(rows.autocannon)), goal: '' },
    { figure: 'stampede achieved rps', value: int(rps(rows.stampede)), goal: '' },
  ];
}

/** One line per run; `target` is the target's CPU as a share of one core over the load seconds. */
function show(round, who, r) {
  const target = r.targetCpu === null ? 'n/a' : `${Math.round((100 * r.targetCpu) / r.seconds)}%`;
  console.log(
    `   round ${round}  ${who.padEnd(10)}  ${int(r.requests).padStart(9)} req  ${int(r.requests / r.seconds).padStart(7)} rps  ` +
      `CPU ${fixed(r.cpuSeconds, 2).padStart(5)} s  ${int(r.requests / r.cpuSeconds).padStart(7)} req/CPU-s  ` +
      `errors ${r.errors}  target ${target}`,
  );
  return r;
}
