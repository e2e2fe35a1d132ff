// The open model holding a fixed arrival rate on a 20 ms endpoint of the sample server, with
// the generator's latency set against the server's own handling time.
import { runStampede } from '../lib/children.mjs';
import { fixed, int, loadSeconds, ms, verdict } from '../lib/format.mjs';
import { openDelay } from '../lib/scenarios.mjs';

export async function openModel({ server, dir, rate, maxUsers, durationS }) {
  console.log(`\n2. Open model: rate ${rate}/s, maxUsers ${maxUsers}, ${durationS} s, GET /delay?ms=20 on the sample server`);
  const reset = await fetch(`${server.url}/__stats/reset`, { method: 'POST' });
  if (!reset.ok) throw new Error(`POST /__stats/reset answered ${reset.status}`);

  const report = await runStampede({
    name: 'open-delay',
    yaml: openDelay({ rate, maxUsers, durationS }),
    dir,
    target: server.url,
    plannedMs: durationS * 1000,
  });
  const stats = await (await fetch(`${server.url}/__stats`)).json();

  const seconds = loadSeconds(report);
  const achieved = report.totals.requests / seconds;
  const { p50, p99 } = report.latency;
  const server50 = stats.serverTimeMs.p50;
  const server99 = stats.serverTimeMs.p99;
  console.log(`   planned ${int(rate * durationS)} arrivals; sent ${int(report.totals.requests)} requests in ${fixed(seconds, 2)} s = ${fixed(achieved)}/s; dropped ${report.totals.dropped}; errors ${report.totals.errors}`);
  console.log(`   server saw ${int(stats.serverTimeMs.count)} requests`);
  console.log(`   latency  stampede p50 ${ms(p50)}  p99 ${ms(p99)}   server p50 ${ms(server50)}  p99 ${ms(server99)}`);
  console.log(`   generator overhead (stampede - server): p50 ${ms(p50 - server50)}  p99 ${ms(p99 - server99)}`);
  console.log(`   engine CPU ${fixed(report.system.engineCpuSeconds, 2)} s (${Math.round((100 * report.system.engineCpuSeconds) / seconds)}% of one core), peak RSS ${fixed(report.system.peakRssMB)} MB`);

  const held = achieved >= rate * 0.99 && report.totals.dropped === 0;
  return [
    { figure: `open model achieved rate (of ${rate}/s)`, value: `${fixed(achieved)}/s`, goal: `>= ${rate * 0.99}/s, 0 dropped`, verdict: verdict(held) },
    { figure: 'open model dropped', value: int(report.totals.dropped), goal: '' },
    { figure: 'open model p50 stampede / server', value: `${fixed(p50, 2)} / ${fixed(server50, 2)} ms`, goal: '' },
    { figure: 'open model p99 stampede / server', value: `${fixed(p99, 2)} / ${fixed(server99, 2)} ms`, goal: '' },
    { figure: 'generator overhead p50 / p99', value: `${fixed(p50 - server50, 2)} / ${fixed(p99 - server99, 2)} ms`, goal: '' },
  ];
}
