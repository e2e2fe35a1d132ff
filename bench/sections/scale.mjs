// 5. Scale (issue 15): generator CPU per request on stock nginx with every generator pinned to
// core 0 and nginx to core 1 — Stampede against autocannon and wrk in the same run —; the load
// in 1 and 2 worker threads (not pinned: a second thread can only help where a core is free, and
// on this two-core machine nginx has the other one); and three segments of one run started
// together (`--segment I/3 --start-at`) and merged: totals against what the target counted, the
// arrivals' regularity per 100 ms, and the merged p99 against the union of the parts'.
// Every part sends traffic only to 127.0.0.1, has a deadline and stops by itself.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ask, pinned, root, runAutocannon, runCommand, runStampede, startServer } from '../lib/children.mjs';
import { fixed, int, loadSeconds, median, printColumns, verdict } from '../lib/format.mjs';
import { startNginx } from '../lib/nginx.mjs';
import { closedHello, closedVariant, truthOpen } from '../lib/scenarios.mjs';
import { VARIANTS } from '../lib/variants.mjs';

const CONNECTIONS = 50;

/** wrk's own CPU seconds: the shell's `times` prints its children's user and system time. */
async function wrkCpu(url, durationS) {
  const script = `wrk -t1 -c${CONNECTIONS} -d${durationS}s ${url} ; times`;
  const r = await runCommand(...pinned(0, 'sh', ['-c', script]), { timeoutMs: durationS * 1000 + 30_000 });
  if (r.code !== 0) throw new Error(`wrk exited ${r.code}\n${r.stderr}`);
  const requests = Number(/(\d+) requests in/.exec(r.stdout)?.[1]);
  const times = r.stdout.trim().split('\n').pop().match(/(\d+)m([\d.]+)s/g) ?? [];
  const seconds = times.map((t) => {
    const [, m, s] = /(\d+)m([\d.]+)s/.exec(t);
    return Number(m) * 60 + Number(s);
  });
  return { requests, cpuSeconds: seconds[0] + seconds[1], rps: requests / durationS };
}

export async function scale({ dir, quick }) {
  const rounds = quick ? 1 : 3;
  const durationS = quick ? 3 : 8;
  const rows = [];
  console.log(`\n5. Scale: CPU per request on nginx (generators on core 0, nginx on core 1), ${rounds} x ${durationS} s, alternating`);
  const nginx = await startNginx({ core: 1 });
  try {
    const url = `${nginx.url}/`;
    const per = { stampede: [], autocannon: [], wrk: [] };
    for (let round = 1; round <= rounds; round++) {
      const report = await runStampede({ name: `scale-cpu-${round}`, yaml: closedVariant({ users: CONNECTIONS, durationS, variant: 'get' }), dir, target: nginx.url, plannedMs: durationS * 1000, core: 0 });
      per.stampede.push({ requests: report.totals.requests, cpuSeconds: report.system.engineCpuSeconds, rps: report.totals.requests / loadSeconds(report) });
      const ac = await runAutocannon(url, { connections: CONNECTIONS, durationS, core: 0 });
      per.autocannon.push({ requests: ac.requests, cpuSeconds: ac.cpuSeconds, rps: ac.rps });
      per.wrk.push(await wrkCpu(url, durationS));
      for (const who of Object.keys(per)) {
        const r = per[who].at(-1);
        console.log(`   round ${round}  ${who.padEnd(10)}  ${int(r.requests).padStart(9)} req  ${fixed(r.cpuSeconds, 2)} CPU-s  ${fixed((r.cpuSeconds / r.requests) * 1e6, 1)} µs/req  ${int(r.rps)}/s`);
      }
    }
    const usPerReq = (list) => median(list.map((r) => (r.cpuSeconds / r.requests) * 1e6));
    const [st, ac, wk] = [usPerReq(per.stampede), usPerReq(per.autocannon), usPerReq(per.wrk)];
    printColumns(['', 'stampede', 'autocannon', 'wrk'], [
      ['CPU per request (µs, median)', fixed(st, 1), fixed(ac, 1), fixed(wk, 1)],
      ['achieved rps (median)', int(median(per.stampede.map((r) => r.rps))), int(median(per.autocannon.map((r) => r.rps))), int(median(per.wrk.map((r) => r.rps)))],
    ]);
    rows.push(
      { figure: '5a. nginx CPU/request stampede/autocannon', value: `${fixed(st / ac, 2)}x (${fixed(st, 1)} / ${fixed(ac, 1)} µs)`, goal: '<= 1.00x', verdict: verdict(st / ac <= 1) },
      { figure: '5a. nginx CPU/request stampede/wrk', value: `${fixed(st / wk, 2)}x (${fixed(st, 1)} / ${fixed(wk, 1)} µs)`, goal: 'aim <= 2.00x', verdict: verdict(st / wk <= 2) },
    );

    // The other three requests of issue 15's goal, against autocannon's closest equivalent.
    const variantS = quick ? 2 : 5;
    console.log(`\n5a'. The same on GET with templates and POST with and without: ${rounds} x ${variantS} s each, alternating`);
    const table = [];
    for (const variant of VARIANTS.filter((v) => v !== 'get')) {
      const runs = { stampede: [], autocannon: [] };
      for (let round = 1; round <= rounds; round++) {
        const report = await runStampede({ name: `scale-${variant}-${round}`, yaml: closedVariant({ users: CONNECTIONS, durationS: variantS, variant }), dir, target: nginx.url, plannedMs: variantS * 1000, core: 0 });
        if (report.totals.errors > 0) throw new Error(`${variant}: ${report.totals.errors} errors`);
        runs.stampede.push({ requests: report.totals.requests, cpuSeconds: report.system.engineCpuSeconds });
        const result = await runAutocannon(url, { connections: CONNECTIONS, durationS: variantS, core: 0, variant });
        if (result.errors + result.non2xx > 0) throw new Error(`autocannon ${variant}: ${result.errors} errors, ${result.non2xx} non-2xx`);
        runs.autocannon.push({ requests: result.requests, cpuSeconds: result.cpuSeconds });
      }
      const [s, a] = [usPerReq(runs.stampede), usPerReq(runs.autocannon)];
      table.push([variant, fixed(s, 1), fixed(a, 1), `${fixed(s / a, 2)}x`]);
      rows.push({ figure: `5a'. ${variant}: CPU/request stampede/autocannon`, value: `${fixed(s / a, 2)}x (${fixed(s, 1)} / ${fixed(a, 1)} µs)`, goal: '<= 1.00x', verdict: verdict(s / a <= 1) });
    }
    printColumns(['request', 'stampede µs', 'autocannon µs', 'ratio'], table);

    console.log(`\n5b. --workers: ${CONNECTIONS} users on nginx, ${durationS} s, not pinned (nginx keeps one of ${'the'} cores busy)`);
    const threads = {};
    for (const workers of [1, 2]) {
      const report = await runStampede({ name: `scale-workers-${workers}`, yaml: closedHello({ users: CONNECTIONS, durationS }).replace('GET /hello', 'GET /'), dir, target: nginx.url, plannedMs: durationS * 1000, extraArgs: ['--workers', String(workers)] });
      threads[workers] = { rps: report.totals.requests / loadSeconds(report), p99: report.latency.p99, saturated: report.generator?.saturated };
      console.log(`   --workers ${workers}: ${int(threads[workers].rps)}/s, p99 ${fixed(threads[workers].p99, 2)} ms, saturated ${threads[workers].saturated}`);
    }
    rows.push({ figure: '5b. rps with --workers 2 / --workers 1', value: `${fixed(threads[2].rps / threads[1].rps, 2)}x (${int(threads[2].rps)} / ${int(threads[1].rps)}/s)`, goal: 'a gain only where cores are free' });
  } finally {
    await nginx.stop();
  }

  console.log('\n5c. Three segments (--segment I/3, one --start-at), merged: open model 900/s for 5 s on a 20 ms endpoint');
  const target = await startServer('bench/arrivals-server.mjs', [], { core: 1 });
  try {
    await ask(target.child, { type: 'reset' }, 'reset');
    const rate = 900;
    const seconds = quick ? 3 : 5;
    const file = join(dir, 'scale-segments.scenario.yaml');
    writeFileSync(file, truthOpen({ name: 'scale-segments', target: target.url, rate, durationS: seconds }));
    const startAt = Date.now() + 4000;
    const parts = [1, 2, 3].map((i) => join(dir, `scale-part-${i}.json`));
    const runs = await Promise.all(
      [1, 2, 3].map((i) =>
        runCommand(process.execPath, ['bin/stampede.js', 'run', file, '--segment', `${i}/3`, '--start-at', String(startAt), '--partial', parts[i - 1], '--out', join(dir, `scale-segment-${i}`), '--quiet'], { timeoutMs: 60_000 }),
      ),
    );
    for (const r of runs) if (r.code !== 0 && r.code !== 1) throw new Error(`a segment exited ${r.code}\n${r.stderr}`);
    const merged = await runCommand(process.execPath, ['bin/stampede.js', 'merge', ...parts, '--out', join(dir, 'scale-merged'), '--json'], { timeoutMs: 60_000 });
    const report = JSON.parse(readFileSync(join(dir, 'scale-merged', 'report.json'), 'utf8'));
    const { counts, windowMs, spanMs, total } = await ask(target.child, { type: 'counts' }, 'counts');
    const expected = (rate * windowMs) / 1000;
    const full = counts.slice(0, Math.floor(spanMs / windowMs));
    const within = full.filter((c) => Math.abs(c - expected) <= expected * 0.1).length;
    // The union of the three histograms, decoded with the engine's own code (dist/cli.js has it).
    const union = await runCommand(process.execPath, ['-e', unionScript(parts)], { timeoutMs: 30_000 });
    const unionP99 = Number(union.stdout.trim());
    console.log(`   merge exited ${merged.code}; target counted ${int(total)}, merged report ${int(report.totals.requests)} requests (+ ${int(report.totals.dropped)} dropped)`);
    console.log(`   arrivals per ${windowMs} ms (expected ${expected}): ${counts.join(' ')}`);
    printColumns(['', 'measured', 'goal'], [
      ['requests: report / target', `${int(report.totals.requests)} / ${int(total)}`, 'equal'],
      ['100 ms windows within ±10 %', `${within} of ${full.length}`, 'all'],
      ['merged p99 / union p99 (ms)', `${report.latency.p99} / ${unionP99}`, 'equal'],
    ]);
    rows.push(
      { figure: '5c. 3 segments merged: requests = target count', value: `${int(report.totals.requests)} / ${int(total)}`, goal: 'equal', verdict: verdict(report.totals.requests === total) },
      { figure: '5c. 3 segments: 100 ms windows within ±10 %', value: `${within} of ${full.length}`, goal: 'all', verdict: verdict(full.length > 0 && within === full.length) },
      { figure: '5c. merged p99 = p99 of the union', value: `${report.latency.p99} / ${unionP99} ms`, goal: 'equal', verdict: verdict(report.latency.p99 === unionP99) },
    );
  } finally {
    target.child.kill('SIGTERM');
  }
  return rows;
}

/** A node -e script printing the p99 (ms) of the three parts' latency histograms added. */
function unionScript(parts) {
  return `
const hdr = require(${JSON.stringify(join(root, 'node_modules/hdr-histogram-js'))});
const parts = ${JSON.stringify(parts)}.map((p) => JSON.parse(require('fs').readFileSync(p, 'utf8')));
const union = hdr.build({ bitBucketSize: 32, lowestDiscernibleValue: 1, highestTrackableValue: 3600000000, numberOfSignificantValueDigits: 3, useWebAssembly: false });
for (const part of parts) union.add(hdr.decodeFromCompressedBase64(part.measured.latency, 32, false));
console.log(Math.round(union.getValueAtPercentile(99)) / 1000);`;
}
