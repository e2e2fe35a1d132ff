// 4. Truth: do Stampede's latency figures match established peers? Against stock nginx (one
// worker, core 1), with every generator pinned to core 0, Stampede runs through its real CLI
// with plain scenarios and the DEFAULT monitor, alternating with hey, wrk and autocannon in the
// same run; medians of the rounds. Then start to first request, the generator's own verdicts
// (lag, event-loop delay, saturated) and the open model's arrival regularity on a 20 ms endpoint.
//
// Every part sends traffic only to 127.0.0.1, has a deadline and stops by itself; nginx and the
// Node targets are stopped at the end of the section (and by stopAll in any case).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ask, pinned, pinning, root, runCommand, runStampede, startServer } from '../lib/children.mjs';
import { fixed, int, loadSeconds, medianOf, printColumns, ratioOf, ratioText, verdict } from '../lib/format.mjs';
import { nginxBinary, startNginx } from '../lib/nginx.mjs';
import { runAutocannonPeer, runHey, runWrk } from '../lib/peers.mjs';
import { truthClosed, truthIdle, truthOpen } from '../lib/scenarios.mjs';

export const TRUTH_PLANS = {
  full: { rounds: 3, caseS: 10, firstReps: 5, idleS: 5, idleThinkS: 4, calmS: 10, overloadS: 4, arrivalsS: 5 },
  quick: { rounds: 1, caseS: 3, firstReps: 3, idleS: 3, idleThinkS: 2, calmS: 3, overloadS: 2, arrivalsS: 3 },
};

/** How long past its plan a Stampede run may take before it gets SIGINT (start-up and report included). */
const OVERRUN_MS = 15_000;
/** After that SIGINT, how long the CLI gets to write its partial report. */
const GRACE_MS = 15_000;
const HEY_WORKERS = 50;
const CLOSED = 50;

const num = (v) => (typeof v === 'number' && !Number.isNaN(v) ? v : null);
const msText = (v, digits = 2) => (num(v) === null ? 'n/a' : `${v.toFixed(digits)} ms`);
const cell = (v, digits = 2) => (num(v) === null ? 'n/a' : v.toFixed(digits));
/** A verdict on a figure that may be absent (a report field not there yet): n/a, not MISS. */
const judge = (value, passed) => (num(value) === null && typeof value !== 'boolean' ? 'n/a' : verdict(passed));

/** Is `name` on PATH (or at Debian's path)? */
function have(name) {
  return runCommand('sh', ['-c', `command -v ${name} || test -x /usr/sbin/${name}`], { timeoutMs: 5000 }).then((r) => r.code === 0);
}

/** Installs nginx, hey and wrk through scripts/ensure-bench-tools.sh when one is missing. */
async function ensureTools() {
  const missing = [];
  if (!nginxBinary()) missing.push('nginx');
  for (const tool of ['hey', 'wrk']) if (!(await have(tool))) missing.push(tool);
  if (missing.length === 0) return;
  console.log(`   missing ${missing.join(', ')}: running scripts/ensure-bench-tools.sh`);
  const r = await runCommand('bash', [join(root, 'scripts/ensure-bench-tools.sh')], { timeoutMs: 600_000 });
  if (r.code !== 0) throw new Error(`scripts/ensure-bench-tools.sh exited ${r.code}\n${r.stdout}${r.stderr}`);
}

/** What a Stampede report says, read defensively (the generator fields are new). */
function fromReport(report) {
  const seconds = loadSeconds(report);
  const generator = report.generator ?? null;
  const lagRows = (report.timeseries ?? []).map((row) => num(row.lagP99)).filter((v) => v !== null);
  // No request answered: the latency summary's zeros are not figures.
  const answered = report.totals.requests > 0;
  return {
    p50: answered ? num(report.latency?.p50) : null,
    p90: answered ? num(report.latency?.p90) : null,
    p99: answered ? num(report.latency?.p99) : null,
    rps: seconds > 0 ? report.totals.requests / seconds : null,
    requests: report.totals.requests,
    errors: report.totals.errors,
    errorKinds: Object.entries(report.errors ?? {})
      .filter(([, n]) => typeof n === 'number' && n > 0)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', '),
    dropped: report.totals.dropped ?? 0,
    lag: { p50: num(generator?.lag?.p50), p99: num(generator?.lag?.p99), max: num(generator?.lag?.max) },
    loop: { p99: num(generator?.eventLoopDelay?.p99), max: num(generator?.eventLoopDelay?.max) },
    saturated: typeof generator?.saturated === 'boolean' ? generator.saturated : null,
    reason: generator?.reason ?? null,
    rowLagP99Max: lagRows.length > 0 ? Math.max(...lagRows) : null,
    /** Set when the run did not complete (see runStampede's allowIncomplete). */
    incomplete: report.bench
      ? `${report.bench.timedOut ? 'overran its deadline, got SIGINT' : `exited ${report.bench.exitCode}`}; report outcome ${report.outcome ?? 'n/a'}${report.reason ? `: ${report.reason}` : ''}`
      : null,
    report,
  };
}

const yesNo = (v) => (v === null ? 'n/a' : v ? 'yes' : 'no');

function showRound(round, who, r) {
  let line =
    `   round ${round}  ${who.padEnd(10)}  p50 ${cell(r.p50).padStart(6)}  p90 ${cell(r.p90).padStart(6)}  p99 ${cell(r.p99).padStart(7)} ms  ` +
    `${int(r.rps ?? 0).padStart(7)}/s  ${int(r.requests).padStart(8)} req  errors ${r.errors}${r.errorKinds ? ` (${r.errorKinds})` : ''}`;
  if (r.exact) line += `  (per response: p50 ${cell(r.exact.p50)} p90 ${cell(r.exact.p90)} p99 ${cell(r.exact.p99)} ms)`;
  if (r.lag) {
    line +=
      `  | dropped ${r.dropped}, lag p50/p99/max ${cell(r.lag.p50)}/${cell(r.lag.p99)}/${cell(r.lag.max)} ms, ` +
      `interval lagP99 max ${cell(r.rowLagP99Max)}, loop delay p99/max ${cell(r.loop.p99)}/${cell(r.loop.max)} ms, saturated ${yesNo(r.saturated)}`;
  }
  console.log(line);
  return r;
}

/** Medians of each figure over the rounds. */
function medians(list) {
  const pick = (read) => medianOf(list.map(read));
  return {
    p50: pick((r) => r.p50),
    p90: pick((r) => r.p90),
    p99: pick((r) => r.p99),
    rps: pick((r) => r.rps),
    requests: pick((r) => r.requests),
    errors: pick((r) => r.errors),
    exact: list[0]?.exact ? { p50: pick((r) => r.exact?.p50), p90: pick((r) => r.exact?.p90), p99: pick((r) => r.exact?.p99) } : undefined,
    lagP99: pick((r) => r.lag?.p99),
    loopP99: pick((r) => r.loop?.p99),
    saturatedRounds: list.filter((r) => r.saturated === true).length,
    saturatedKnown: list.filter((r) => r.saturated !== null && r.saturated !== undefined).length,
    reasons: list.map((r) => r.reason).filter(Boolean),
    incompleteRounds: list.filter((r) => r.incomplete).length,
    rounds: list.length,
  };
}

/**
 * Runs `bodies` (name → () => Promise<result>) over `rounds`, alternating the order every round
 * (A B, B A, A B …) so that drift falls on both sides. A run that did not complete (a Stampede
 * run that overran its deadline or stopped on an engine error) counts with its partial report,
 * and that side's later rounds are skipped: they would overrun too, and the section must stay
 * bounded in time.
 */
async function alternate(rounds, bodies) {
  const names = Object.keys(bodies);
  const results = Object.fromEntries(names.map((n) => [n, []]));
  const skip = new Set();
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? names : [...names].reverse();
    for (const name of order) {
      if (skip.has(name)) continue;
      const result = showRound(round, name, await bodies[name](round));
      results[name].push(result);
      if (result.incomplete) {
        console.log(`   round ${round}  ${name}: the run did not complete (${result.incomplete}); its partial report counts${round < rounds ? ', its later rounds are skipped' : ''}`);
        skip.add(name);
      }
    }
  }
  return Object.fromEntries(names.map((n) => [n, medians(results[n])]));
}

/** The value of a summary row, with a note when Stampede's runs did not all complete. */
const noted = (value, s) => (s.incompleteRounds > 0 ? `${value} [stampede run incomplete]` : value);
/** A ratio goal: n/a without figures, MISS when a Stampede run did not complete. */
const judgeRatio = (ratio, s) => (ratio === null ? 'n/a' : verdict(ratio <= 1 && s.incompleteRounds === 0));

export async function truth({ dir, quick, section: outer }) {
  const plan = quick ? TRUTH_PLANS.quick : TRUTH_PLANS.full;
  const started = Date.now();
  /** Each part is a section of the bench (its failure is reported, the others run), timed. */
  const section = (name, body) =>
    outer(name, async () => {
      const t0 = Date.now();
      try {
        return await body();
      } finally {
        console.log(`   (${name.replace(/^truth /, '')}: ${Math.round((Date.now() - t0) / 1000)} s)`);
      }
    });
  const tdir = join(dir, 'truth');
  mkdirSync(tdir, { recursive: true });
  console.log(`\n4. Truth: Stampede's latency against hey, wrk and autocannon on stock nginx; ${plan.rounds} round(s), medians`);
  console.log(`   pinning: ${pinning.why}`);

  let nginx;
  await section('truth: tools and nginx', async () => {
    await ensureTools();
    nginx = await startNginx({ core: 1 });
    console.log(`   nginx (1 worker, no master, access_log off, return 200 with a 40-byte body) on ${nginx.url}`);
    return [];
  });

  // Every Stampede run may end incomplete (overran its deadline, engine error) and still count
  // with its partial report; one that sent nothing could not run.
  const stampede = async (name, yaml, target, plannedS, extraArgs = []) => {
    const report = await runStampede({ name, yaml, dir: tdir, target, plannedMs: plannedS * 1000, core: 0, extraArgs, allowIncomplete: true, overrunMs: OVERRUN_MS, graceMs: GRACE_MS });
    if (!(report.totals?.requests > 0)) {
      throw new Error(`stampede run ${name} sent no request (${report.outcome ?? 'no outcome'}: ${report.reason ?? report.bench?.stderr ?? ''})`);
    }
    return fromReport(report);
  };

  try {
    if (nginx) {
      const url = `${nginx.url}/`;
      for (const [letter, rate] of [['a', 1000], ['b', 5000]]) {
        await section(`truth ${letter}: open ${rate}/s vs hey`, async () => {
          const perWorker = rate / HEY_WORKERS;
          console.log(`\n4${letter}. Open model rate: ${rate}, ${plan.caseS} s vs hey -z ${plan.caseS}s -c ${HEY_WORKERS} -q ${perWorker} (${rate}/s)`);
          const m = await alternate(plan.rounds, {
            stampede: (round) => stampede(`truth-${letter}-${round}`, truthOpen({ name: `truth-open-${rate}`, target: nginx.url, rate, durationS: plan.caseS }), nginx.url, plan.caseS),
            hey: () => runHey(url, { durationS: plan.caseS, workers: HEY_WORKERS, perWorker }),
          });
          const s = m.stampede;
          const h = m.hey;
          console.log(`   medians of ${plan.rounds} round(s):`);
          printColumns(['', 'stampede', 'hey', 'stampede/hey'], [
            ['p50 (ms)', cell(s.p50), cell(h.p50), ratioText(s.p50, h.p50)],
            ['p90 (ms)', cell(s.p90), cell(h.p90), ratioText(s.p90, h.p90)],
            ['p99 (ms)', cell(s.p99), cell(h.p99), ratioText(s.p99, h.p99)],
            ['achieved rps', fixed(s.rps), fixed(h.rps), ratioText(s.rps, h.rps)],
            ['requests', int(s.requests), int(h.requests), ''],
            ['errors', int(s.errors), int(h.errors), ''],
            ['generator lag p99 (ms)', cell(s.lagP99), '', ''],
            ['saturated (rounds)', `${s.saturatedRounds}/${s.saturatedKnown || 'n/a'}`, '', ''],
          ]);
          if (s.reasons.length) console.log(`   stampede's reason: ${s.reasons[0]}`);
          const r90 = ratioOf(s.p90, h.p90);
          const r99 = ratioOf(s.p99, h.p99);
          return [
            { figure: `${letter}. open ${rate}/s p50 stampede / hey`, value: noted(`${cell(s.p50)} / ${cell(h.p50)} ms`, s), goal: '' },
            { figure: `${letter}. open ${rate}/s p90 stampede/hey`, value: noted(`${ratioText(s.p90, h.p90)} (${cell(s.p90)} / ${cell(h.p90)} ms)`, s), goal: '<= 1.00x', verdict: judgeRatio(r90, s) },
            { figure: `${letter}. open ${rate}/s p99 stampede/hey`, value: noted(`${ratioText(s.p99, h.p99)} (${cell(s.p99)} / ${cell(h.p99)} ms)`, s), goal: '<= 1.00x', verdict: judgeRatio(r99, s) },
            { figure: `${letter}. open ${rate}/s achieved rps stampede / hey`, value: `${int(s.rps ?? 0)} / ${int(h.rps ?? 0)}`, goal: '' },
          ];
        });
      }

      await section('truth c: closed 50 vs wrk and autocannon', async () => {
        console.log(`\n4c. Closed model users: ${CLOSED}, ${plan.caseS} s vs wrk -t1 -c${CLOSED} -d${plan.caseS}s and autocannon -c ${CLOSED} -d ${plan.caseS}`);
        const m = await alternate(plan.rounds, {
          stampede: (round) => stampede(`truth-c-${round}`, truthClosed({ name: 'truth-closed-50', target: nginx.url, users: CLOSED, durationS: plan.caseS }), nginx.url, plan.caseS),
          wrk: () => runWrk(url, { durationS: plan.caseS, connections: CLOSED }),
          autocannon: () => runAutocannonPeer(url, { durationS: plan.caseS, connections: CLOSED }),
        });
        const s = m.stampede;
        const w = m.wrk;
        const a = m.autocannon;
        const ae = a.exact ?? {};
        console.log(`   medians of ${plan.rounds} round(s); "autocannon" is its own result.latency (whole ms), "per response" the same run's every response time:`);
        printColumns(['', 'stampede', 'wrk', 'autocannon', 'per response', 'st/wrk', 'st/ac (per resp.)'], [
          ['p50 (ms)', cell(s.p50), cell(w.p50), cell(a.p50), cell(ae.p50), ratioText(s.p50, w.p50), ratioText(s.p50, ae.p50)],
          ['p90 (ms)', cell(s.p90), cell(w.p90), cell(a.p90), cell(ae.p90), ratioText(s.p90, w.p90), ratioText(s.p90, ae.p90)],
          ['p99 (ms)', cell(s.p99), cell(w.p99), cell(a.p99), cell(ae.p99), ratioText(s.p99, w.p99), ratioText(s.p99, ae.p99)],
          ['achieved rps', fixed(s.rps), fixed(w.rps), fixed(a.rps), '', ratioText(s.rps, w.rps), ratioText(s.rps, a.rps)],
          ['errors', int(s.errors), int(w.errors), int(a.errors), '', '', ''],
          ['generator lag p99 (ms)', cell(s.lagP99), '', '', '', '', ''],
          ['saturated (rounds)', `${s.saturatedRounds}/${s.saturatedKnown || 'n/a'}`, '', '', '', '', ''],
        ]);
        if (s.reasons.length) console.log(`   stampede's reason: ${s.reasons[0]}`);
        const rAc = ratioOf(s.p99, ae.p99);
        const rWrk = ratioOf(s.p99, w.p99);
        return [
          { figure: 'c. closed 50 p50 stampede / wrk / autocannon', value: noted(`${cell(s.p50)} / ${cell(w.p50)} / ${cell(ae.p50)} ms`, s), goal: '' },
          { figure: 'c. closed 50 p99 stampede/autocannon', value: noted(`${ratioText(s.p99, ae.p99)} (${cell(s.p99)} / ${cell(ae.p99)} ms)`, s), goal: '<= 1.00x', verdict: judgeRatio(rAc, s) },
          { figure: 'c. closed 50 p99 stampede/wrk', value: noted(`${ratioText(s.p99, w.p99)} (${cell(s.p99)} / ${cell(w.p99)} ms)`, s), goal: 'aim <= 1.00x', verdict: judgeRatio(rWrk, s) },
          { figure: 'c. closed 50 rps stampede / wrk / autocannon', value: `${int(s.rps)} / ${int(w.rps)} / ${int(a.rps)}`, goal: '' },
        ];
      });
    }

    await section('truth d: start to first request', async () => {
      console.log(`\n4d. Start to first request: spawn → first request at a Node target on core 1; ${plan.firstReps} repetitions each, alternating`);
      const target = await startServer('bench/first-request-server.mjs', [], { core: 1 });
      try {
        const file = join(tdir, 'truth-first.scenario.yaml');
        writeFileSync(file, truthOpen({ name: 'truth-first', target: target.url, rate: 1, durationS: 1 }));
        const firstAfter = async (label, file_, args) => {
          await ask(target.child, { type: 'arm' }, 'armed');
          let onFirst;
          const first = new Promise((resolve) => {
            onFirst = (m) => m?.type === 'first' && resolve(m);
            target.child.on('message', onFirst);
          });
          try {
            const r = await runCommand(...pinned(0, file_, args), { timeoutMs: 30_000 });
            if (r.code !== 0 && !(label === 'stampede' && r.code === 1)) throw new Error(`${label} exited ${r.code ?? r.signal}\n${r.stderr}`);
            const m = await Promise.race([first, new Promise((resolve) => setTimeout(() => resolve(null), 2000))]);
            if (!m) throw new Error(`${label}: no request reached the target`);
            return Number(BigInt(m.ns) - r.spawnedAt) / 1e6;
          } finally {
            target.child.off('message', onFirst);
          }
        };
        const times = { stampede: [], autocannon: [] };
        const bodies = {
          stampede: (rep) =>
            firstAfter('stampede', process.execPath, ['bin/stampede.js', 'run', file, '--out', join(tdir, `truth-first-${rep}`), '--quiet', '--target', target.url]),
          autocannon: () => firstAfter('autocannon', process.execPath, ['node_modules/autocannon/autocannon.js', '-c', '1', '-a', '1', `${target.url}/`]),
        };
        for (let rep = 1; rep <= plan.firstReps; rep++) {
          const order = rep % 2 === 1 ? ['stampede', 'autocannon'] : ['autocannon', 'stampede'];
          for (const who of order) times[who].push(await bodies[who](rep));
        }
        for (const who of Object.keys(times)) console.log(`   ${who.padEnd(10)}  ${times[who].map((t) => fixed(t, 1)).join(', ')} ms`);
        const s = medianOf(times.stampede);
        const a = medianOf(times.autocannon);
        printColumns(['', 'stampede', 'autocannon', 'stampede/autocannon'], [
          ['median (ms)', fixed(s, 1), fixed(a, 1), ratioText(s, a)],
          ['min (ms)', fixed(Math.min(...times.stampede), 1), fixed(Math.min(...times.autocannon), 1), ''],
          ['max (ms)', fixed(Math.max(...times.stampede), 1), fixed(Math.max(...times.autocannon), 1), ''],
        ]);
        const r = ratioOf(s, a);
        return [
          { figure: 'd. start to first request stampede/autocannon', value: `${ratioText(s, a)} (${fixed(s, 0)} / ${fixed(a, 0)} ms)`, goal: '<= 1.00x', verdict: judge(r, r <= 1) },
          { figure: 'd. start to first request, stampede', value: `${fixed(s, 0)} ms`, goal: 'aim < 300 ms', verdict: judge(s, s < 300) },
        ];
      } finally {
        target.child.kill('SIGTERM');
      }
    });

    if (nginx) {
      // Three runs, each its own part: one that cannot run leaves the others' figures standing.
      console.log(`\n4e. Generator truth checks (Stampede alone, on nginx)`);
      const checks = [];
      await section('truth e: idle engine', async () => {
        const idle = await stampede('truth-idle', truthIdle({ target: nginx.url, durationS: plan.idleS, thinkS: plan.idleThinkS }), nginx.url, plan.idleS);
        const idleRows = (idle.report.timeseries ?? []).map((row) => cell(num(row.eventLoopDelay), 1)).join(', ');
        console.log(`   idle (1 user, GET / then think ${plan.idleThinkS}s, ${plan.idleS} s): ${idle.requests} requests; event-loop delay p99 ${msText(idle.loop.p99)}, max ${msText(idle.loop.max)}; per interval: ${idleRows || 'n/a'} ms`);
        checks.push(['idle event-loop delay p99', msText(idle.loop.p99), '< 1 ms']);
        if (idle.incomplete) console.log(`   idle: the run did not complete (${idle.incomplete})`);
        return [{ figure: 'e. idle engine event-loop delay p99', value: `${msText(idle.loop.p99)}${idle.incomplete ? ' [run incomplete]' : ''}`, goal: '< 1 ms', verdict: judge(idle.loop.p99, idle.loop.p99 < 1 && !idle.incomplete) }];
      });
      await section('truth e: calm 200/s', async () => {
        const calm = await stampede('truth-calm', truthOpen({ name: 'truth-calm-200', target: nginx.url, rate: 200, durationS: plan.calmS }), nginx.url, plan.calmS);
        console.log(
          `   calm (rate: 200, ${plan.calmS} s): ${int(calm.requests)} requests, ${fixed(calm.rps)}/s; lag p50/p99/max ${cell(calm.lag.p50)}/${cell(calm.lag.p99)}/${cell(calm.lag.max)} ms; ` +
            `loop delay p99 ${msText(calm.loop.p99)}; latency p50/p99 ${cell(calm.p50)}/${cell(calm.p99)} ms; saturated ${yesNo(calm.saturated)}`,
        );
        if (calm.reason) console.log(`   calm reason: ${calm.reason}`);
        if (calm.incomplete) console.log(`   calm: the run did not complete (${calm.incomplete})`);
        const note = calm.incomplete ? ' [run incomplete]' : '';
        checks.push(['calm lag p99 (rate 200)', msText(calm.lag.p99), '< 5 ms'], ['calm saturated', yesNo(calm.saturated), 'no']);
        return [
          { figure: 'e. calm 200/s generator lag p99', value: `${msText(calm.lag.p99)}${note}`, goal: '< 5 ms', verdict: judge(calm.lag.p99, calm.lag.p99 < 5 && !calm.incomplete) },
          { figure: 'e. calm 200/s saturated', value: `${yesNo(calm.saturated)}${note}`, goal: 'no', verdict: judge(calm.saturated, calm.saturated === false && !calm.incomplete) },
        ];
      });
      await section('truth e: overload 30000/s', async () => {
        let over;
        try {
          over = await stampede('truth-overload', truthOpen({ name: 'truth-overload-30000', target: nginx.url, rate: 30000, durationS: plan.overloadS }), nginx.url, plan.overloadS, ['--max-rate', '30000']);
        } catch (err) {
          // An overloaded generator that cannot write a partial report by the deadline, or whose
          // engine died before it counted a request, is a measured outcome (it did not say it was
          // saturated), not a part of the bench that failed. Other failures (usage, spawn) are.
          const limit = plan.overloadS + (OVERRUN_MS + GRACE_MS) / 1000;
          let value;
          if (/overran its deadline/.test(err.message)) {
            value = `no report in ${limit} s`;
            console.log(`   overload (rate: 30000, ${plan.overloadS} s): no report within ${limit} s (SIGINT at +${OVERRUN_MS / 1000} s, then ${GRACE_MS / 1000} s to write it); killed`);
          } else if (/sent no request/.test(err.message)) {
            value = 'engine died, no figures';
            console.log(`   overload (rate: 30000, ${plan.overloadS} s): ${err.message.split('\n')[0]}`);
          } else {
            throw err;
          }
          checks.push(['overload saturated (rate 30000)', value, 'yes']);
          return [{ figure: 'e. overload 30000/s saturated', value, goal: 'yes', verdict: 'MISS' }];
        }
        if (over.incomplete) console.log(`   overload: the run did not complete (${over.incomplete}); figures are from its partial report`);
        console.log(
          `   overload (rate: 30000, ${plan.overloadS} s): ${int(over.requests)} requests, ${fixed(over.rps)}/s, dropped ${int(over.dropped)}, errors ${int(over.errors)}${over.errorKinds ? ` (${over.errorKinds})` : ''}; ` +
            `lag p99/max ${cell(over.lag.p99)}/${cell(over.lag.max)} ms; saturated ${yesNo(over.saturated)}`,
        );
        console.log(`   overload reason: ${over.reason ?? 'n/a'}`);
        checks.push(['overload saturated (rate 30000)', yesNo(over.saturated), 'yes']);
        return [{ figure: 'e. overload 30000/s saturated', value: `${yesNo(over.saturated)}${over.incomplete ? ' (run incomplete)' : ''}`, goal: 'yes', verdict: judge(over.saturated, over.saturated === true) }];
      });
      if (checks.length) printColumns(['check', 'measured', 'goal'], checks);
    }

    await section('truth f: arrivals on a 20 ms endpoint', async () => {
      const rate = 1000;
      console.log(`\n4f. Open model rate: ${rate}, ${plan.arrivalsS} s on a 20 ms endpoint (Node target on core 1 counting arrivals per 100 ms)`);
      const target = await startServer('bench/arrivals-server.mjs', [], { core: 1 });
      try {
        await ask(target.child, { type: 'reset' }, 'reset');
        const run = await stampede('truth-arrivals', truthOpen({ name: 'truth-arrivals-1000', target: target.url, rate, durationS: plan.arrivalsS }), target.url, plan.arrivalsS);
        const { counts, windowMs, spanMs, total } = await ask(target.child, { type: 'counts' }, 'counts');
        const expected = (rate * windowMs) / 1000;
        // Full windows: those that end before the last arrival (the last one is cut by the end).
        const full = counts.slice(0, Math.floor(spanMs / windowMs));
        let worst = { index: null, count: null, deviation: null };
        full.forEach((count, index) => {
          const deviation = (count - expected) / expected;
          if (worst.deviation === null || Math.abs(deviation) > Math.abs(worst.deviation)) worst = { index, count, deviation };
        });
        const within = full.filter((c) => Math.abs(c - expected) <= expected * 0.1).length;
        // The first second of the run: the timeseries rows up to the first one that ends at 1 s or later.
        const rows = run.report.timeseries ?? [];
        const firstRows = [];
        for (const row of rows) {
          firstRows.push(row);
          if (row.elapsed >= 1) break;
        }
        const droppedFirst = firstRows.reduce((sum, row) => sum + (row.dropped ?? 0), 0);
        console.log(`   target saw ${int(total)} arrivals over ${fixed(spanMs / 1000, 2)} s; stampede sent ${int(run.requests)}, dropped ${int(run.dropped)}, errors ${run.errors}; latency p50/p99 ${cell(run.p50)}/${cell(run.p99)} ms`);
        console.log(`   arrivals per ${windowMs} ms (expected ${expected}): ${counts.join(' ')}`);
        printColumns(['', 'measured', 'goal'], [
          ['full windows', int(full.length), ''],
          ['windows within ±10 %', `${within} of ${full.length}`, 'all'],
          ['min / max arrivals', full.length ? `${Math.min(...full)} / ${Math.max(...full)}` : 'n/a', `${Math.ceil(expected * 0.9)}..${Math.floor(expected * 1.1)}`],
          ['worst window', worst.index === null ? 'n/a' : `#${worst.index} (${worst.index * windowMs}-${(worst.index + 1) * windowMs} ms): ${worst.count}, ${worst.deviation >= 0 ? '+' : ''}${fixed(worst.deviation * 100)} %`, '±10 %'],
          [`dropped in the first second (${firstRows.length} rows, to ${fixed(firstRows.at(-1)?.elapsed ?? 0, 2)} s)`, int(droppedFirst), '0'],
        ]);
        if (run.incomplete) console.log(`   the run did not complete (${run.incomplete})`);
        const note = run.incomplete ? ' [run incomplete]' : '';
        return [
          {
            figure: 'f. open 1000/s on 20 ms: worst 100 ms window',
            value: worst.deviation === null ? 'n/a' : `${worst.deviation >= 0 ? '+' : ''}${fixed(worst.deviation * 100)} % (${within}/${full.length} within)${note}`,
            goal: 'every full window ±10 %',
            verdict: judge(worst.deviation, within === full.length && full.length > 0 && !run.incomplete),
          },
          { figure: 'f. open 1000/s on 20 ms: dropped in first second', value: `${int(droppedFirst)}${note}`, goal: '0', verdict: verdict(droppedFirst === 0 && !run.incomplete) },
        ];
      } finally {
        target.child.kill('SIGTERM');
      }
    });
  } finally {
    await nginx?.stop();
  }
  console.log(`\n   truth section: ${Math.round((Date.now() - started) / 1000)} s`);
  return [];
}
