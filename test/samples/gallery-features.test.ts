// The gallery's sessions, redirects, blocks and WebSockets as a user runs them: each sample
// through the real CLI against the real sample service on 127.0.0.1, a fixed number of
// iterations per user (`--iterations`, so no request is cut by the clock and both sides count
// the same), and the service's own counters compared with the report — cookies sent back,
// redirect hops, the checkout group and its repeat, WebSocket messages both ways.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlowReport, Report, StepReport } from '../../report/types';
import { runCli } from '../helpers/cli';
import { ROOT } from '../helpers/paths';
import { readValidReport } from '../helpers/report';
import { resetStats, serverStats, startSampleServer, type SampleServer, type ServerStats } from '../helpers/sample-server';

const GALLERY = join(ROOT, 'samples', 'gallery');

let server: SampleServer;
let outRoot: string;

/** Runs a gallery sample with `args` after a reset of the service's counters; its report and theirs. */
async function run(name: string, args: string[]): Promise<{ report: Report; stats: ServerStats }> {
  await resetStats(server.url);
  const out = join(outRoot, name);
  const result = await runCli(['run', join(GALLERY, `${name}.scenario.yaml`), '--target', server.url, '--out', out, '--quiet', ...args], { timeoutMs: 20_000 });
  const report = readValidReport(out);
  const failing = report.steps.filter((s) => s.errors > 0).map((s) => `${s.name}: ${JSON.stringify(s.sampleErrors)}`);
  // These tests are about counts: a latency criterion that a busy machine breaks (exit 1) is
  // gallery.test.ts's business, an error or a run that could not complete is theirs.
  assert.ok(result.code === 0 || result.code === 1, `exit ${result.code}\n${result.stderr.slice(-2000)}`);
  assert.equal(report.totals.errors, 0, failing.join('\n'));
  return { report, stats: await serverStats(server.url) };
}

function step(report: Report, name: string): StepReport {
  const found = report.steps.find((s) => s.name === name);
  assert.ok(found, `no step "${name}" in ${report.steps.map((s) => s.name).join(', ')}`);
  return found;
}

function flow(report: Report, name: string): FlowReport & { requests: number } {
  const found = report.flows.find((f) => f.name === name);
  assert.ok(found && found.requests !== undefined, `no flow "${name}"`);
  return found as FlowReport & { requests: number };
}

/** Every redirect hop the report counted. */
const redirects = (report: Report): number => report.steps.reduce((sum, s) => sum + (s.redirects ?? 0), 0);

describe('the gallery against the sample service, counted on both sides', { timeout: 90_000 }, () => {
  before(async () => {
    server = await startSampleServer();
    outRoot = mkdtempSync(join(tmpdir(), 'stampede-gallery-features-'));
  });
  after(async () => {
    await server?.close();
    if (outRoot) rmSync(outRoot, { recursive: true, force: true });
  });

  it('authentication: browsers sign in through a 303 and their cookie comes back; sign-ups log in with basic auth', { timeout: 20_000 }, async () => {
    const { report, stats } = await run('authentication', ['--iterations', '2', '--var', 'users=12', '--var', 'think=20ms']);
    assert.equal(report.totals.requests, stats.requests, 'every request, hops included, on both sides');

    const signIn = step(report, 'sign in');
    const browser = flow(report, 'browser');
    assert.ok(browser.iterations > 0, 'some users were browsers');
    assert.equal(signIn.redirects, browser.iterations, 'one 303 per sign-in');
    assert.equal(signIn.requests, 2 * browser.iterations, 'the form post and the page it led to');
    assert.equal(redirects(report), stats.byStatus['303']);
    assert.equal(stats.byRoute['POST /auth/session'], browser.iterations);
    // Only browsers send the cookie: everything they asked after the form post but the last
    // page, which went without it (sign-out expired the cookie in the jar) and got a 401.
    const signedOut = step(report, 'signed out');
    assert.deepEqual(signedOut.statusCodes, { 401: browser.iterations });
    assert.equal(stats.byCredential.cookie, browser.requests - signIn.redirects! - signedOut.requests);
    assert.equal(stats.byStatus['401'], browser.iterations, 'no other request was refused');

    const signUp = flow(report, 'sign-up');
    assert.equal(stats.byCredential.basic, signUp.iterations, 'each new account logged in with auth:');
    assert.equal(stats.byRoute['POST /auth/register'], signUp.iterations);
  });

  it('mixed workload: the checkout group, its repeat over the captured ids, and the order placed through a 303', { timeout: 25_000 }, async () => {
    const { report, stats } = await run('mixed-workload', ['--iterations', '1', '--var', 'users=40', '--var', 'think=20ms']);
    // Setup and teardown are listed apart from the load's totals; the server saw them too.
    const aside = report.steps.filter((s) => s.flows.every((f) => f === 'setup' || f === 'teardown')).reduce((sum, s) => sum + s.requests, 0);
    assert.equal(report.totals.requests + aside, stats.requests);

    const checkout = flow(report, 'checkout');
    assert.ok(checkout.iterations > 0, 'some users checked out');
    const group = report.groups?.find((g) => g.name === 'checkout');
    assert.equal(group?.count, checkout.iterations, 'one group per checkout');
    assert.ok(group.duration.p95 > 0);
    const criterion = report.criteria.find((c) => c.expr.startsWith('p95(duration, group=checkout)'));
    assert.ok(criterion?.passed && criterion.actual === group.duration.p95, JSON.stringify(criterion));

    // A page of three products, each opened by the repeat over `body.items[*].id`.
    assert.equal(step(report, 'view product').requests, 3 * checkout.iterations);
    const order = step(report, 'place order');
    assert.equal(stats.byRoute['POST /orders'], checkout.iterations);
    assert.equal(order.redirects, checkout.iterations);
    assert.equal(stats.byRoute['GET /orders/:id'], checkout.iterations, 'each 303 was followed to the order');
    assert.equal(redirects(report), stats.byStatus['303'], 'sign-ins and orders: every hop counted');
    assert.equal(report.metrics?.find((m) => m.name === 'order_total')?.count, checkout.iterations);

    // The shoppers' session cookie carried every checkout request after the sign-in form.
    assert.equal(stats.byCredential.cookie, checkout.requests - step(report, 'shopper sign in').redirects!);
  });

  it('computed attributes: a cache miss fails the `check:` of its step, never the request', { timeout: 20_000 }, async () => {
    const { report, stats } = await run('computed-attributes', ['--iterations', '1', '--var', 'users=10', '--var', 'think=20ms', '--var', 'cache=off']);
    const computed = report.steps.filter((s) => s.name.startsWith('computed '));
    const reads = computed.reduce((sum, s) => sum + s.requests, 0);
    assert.ok(reads > 0);
    assert.equal(reads, stats.byRoute['GET /collections/:id/records/:rid/computed']);
    // The cache was bypassed: the server counted neither hits nor misses, and every check failed.
    assert.deepEqual([stats.computedCache.hits, stats.computedCache.misses], [0, 0]);
    assert.deepEqual(report.checks, { passed: 0, failed: reads });
    for (const s of computed) assert.deepEqual(s.checks, { passed: 0, failed: s.requests }, s.name);
  });

  it('realtime: one sign-in per browser, its cookie on every stream and WebSocket, messages counted both ways', { timeout: 20_000 }, async () => {
    const { report, stats } = await run('realtime', ['--iterations', '2', '--var', 'users=12', '--var', 'think=20ms', '--var', 'listenFor=1s', '--var', 'events=5']);
    assert.equal(report.totals.requests, stats.requests);

    const signIn = step(report, 'sign in');
    assert.equal(redirects(report), stats.byStatus['303']);
    assert.ok(signIn.redirects! > 0 && signIn.redirects! < report.totals.iterations, 'a user signs in once, then its jar keeps the session');
    // Everything but the sign-in forms came with the cookie: streams, handshakes, posts.
    assert.equal(stats.byCredential.cookie, report.totals.requests - signIn.redirects!);
    assert.equal(stats.byCredential.bearer + stats.byCredential.query, 0);

    const sse = step(report, 'subscribe');
    assert.equal(sse.requests, stats.sseConnections.total);
    const chat = step(report, 'chat socket');
    assert.equal(chat.kind, 'ws');
    assert.ok(chat.requests > 0);
    assert.equal(chat.requests, stats.byRoute['GET /live']);
    assert.equal(chat.requests, stats.websockets.total);
    assert.deepEqual(chat.statusCodes, { 101: chat.requests });
    // Sent: a subscribe and a publish per session, each received by the server.
    assert.equal(chat.sent, 2 * chat.requests);
    assert.equal(chat.sent, stats.websockets.messagesIn);
    // Received: at least connected, subscribed, the tab's own message and published; the server
    // may have sent a few more after a session had what it waited for.
    assert.ok(chat.events! >= 4 * chat.requests, `${chat.events} messages in ${chat.requests} sessions`);
    assert.ok(chat.events! <= stats.websockets.messagesOut, `${chat.events} received, ${stats.websockets.messagesOut} sent`);
  });
});
