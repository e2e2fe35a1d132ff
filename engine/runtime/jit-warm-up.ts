// The JIT warm-up of the warm start: before the first phase's clock, the engine runs its own
// load loop — closed-model users, flow iterations, the request step, the connection, the metrics
// store — against a throwaway server inside this process on 127.0.0.1. Nothing reaches the
// target. Without it, the first arrivals run cold code (first-call compilation, interpreted
// loops) and leave tens of milliseconds late: lag that would be reported as target latency.
//
// How much warming pays depends on the load: at 5,000 arrivals per second on one core, 300
// warm-up requests left the first 400 ms up to 80 ms late, 1,500 brought that to about 20 ms
// (the engine falls behind until V8 has optimised the request path); at 10 per second cold code
// costs nothing, and every warm-up request only delays the first real one. So the warm-up is
// sized by what the first phase asks in its first second (`warmRequestsFor`).
//
// What it runs matters as much as how much. A warm-up that called the request step alone, with
// 4 users and a three-header answer, left V8 to optimise the users' loop, the flow iteration and
// the connection's bookkeeping only once the load had begun, and to throw away the parser's code
// at the first real answer (`--trace-opt --trace-deopt`: "wrong map", "insufficient type
// feedback"): closed 50 users on nginx had a per-250 ms p99 of 10-20 ms for the first half
// second. So the users are as many as the phase starts with (up to WARM_USERS_MAX), they loop
// through ClosedPopulation and runFlowIteration as the load's users do, and the answer carries
// the headers a typical server sends.
import { createServer, type Server, type Socket } from 'node:net';
import { MetricsStore } from '../metrics/store';
import type { RequestStep } from '../../scenario/types';
import { Deadlines } from './deadlines';
import { FlowPicker } from './flow';
import { HttpPools } from './http-pools';
import { ClosedPopulation } from './populations';
import { RequestStepRunner } from './request-step';
import { WHOLE } from './schedule';
import { parseTarget } from './url';
import type { RunScope } from './vu-state';

/** Enough calls for V8 to compile the hot functions; bounded in count and in time. */
const MIN_WARM_REQUESTS = 20;
/**
 * Below this many requests in the first second, arrivals are far enough apart for cold code to
 * make none of them late, and a warm-up would only hold back the first request.
 */
const COLD_ENOUGH_PER_SECOND = 2 * MIN_WARM_REQUESTS;
const MAX_WARM_REQUESTS = 2_000;
/** Users of the warm-up: the first phase's, within these bounds (each has a connection). */
const WARM_USERS_MIN = 4;
const WARM_USERS_MAX = 64;
/** How often the warm-up looks whether it has sent enough. */
const CHECK_EVERY_MS = 5;
/** How long its users get to finish their last request before their connections are cut. */
const IDLE_WAIT_MS = 50;
/** About what a warm-up request costs on a slow core; the budget is twice that, at most 600 ms. */
const WARM_REQUEST_MS = 0.15;
const MAX_WARM_BUDGET_MS = 600;

/**
 * Warm-up requests for a first second that asks `requestsPerSecond` of the engine: half of it,
 * within 20..2,000, and none below 40 per second (STAMPEDE_WARM_REQUESTS overrides it, for
 * measuring).
 */
export function warmRequestsFor(requestsPerSecond: number, env: NodeJS.ProcessEnv = process.env): number {
  const forced = Number(env.STAMPEDE_WARM_REQUESTS);
  if (env.STAMPEDE_WARM_REQUESTS !== undefined && Number.isFinite(forced) && forced >= 0) return forced;
  if (requestsPerSecond < COLD_ENOUGH_PER_SECOND) return 0;
  return Math.round(Math.min(MAX_WARM_REQUESTS, Math.max(MIN_WARM_REQUESTS, requestsPerSecond / 2)));
}

/** An answer shaped like a typical server's (nginx's headers), so the parser's code fits real ones. */
const BODY = 'stampede warm-up: nothing reaches a target\n';
const RESPONSE = Buffer.from(
  [
    'HTTP/1.1 200 OK',
    'Server: stampede-warm-up',
    'Date: Thu, 01 Jan 2026 00:00:00 GMT',
    'Content-Type: text/plain',
    `Content-Length: ${BODY.length}`,
    'Last-Modified: Thu, 01 Jan 2026 00:00:00 GMT',
    'Connection: keep-alive',
    'Keep-Alive: timeout=5',
    'ETag: "6571f8a1-2b"',
    'Accept-Ranges: bytes',
    '',
    BODY,
  ].join('\r\n'),
);

/** Answers every request it reads with the same small response (GET only, one at a time). */
function startLocalServer(): Promise<{ server: Server; origin: string; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      let end = pending.indexOf('\r\n\r\n');
      while (end >= 0) {
        socket.write(RESPONSE);
        pending = pending.slice(end + 4);
        end = pending.indexOf('\r\n\r\n');
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, origin: `http://127.0.0.1:${port}`, sockets });
    });
  });
}

const WARM_STEP: RequestStep = {
  kind: 'request',
  name: 'warm-up',
  method: 'GET',
  url: '/warm-up',
  headers: { 'user-agent': 'stampede-warm-up' },
  query: {},
  connection: { redirects: 0, http2: false },
  cookies: {},
  timeoutMs: 1_000,
  expect: {},
  capture: {},
};

/** What a warm-up did: requests answered by its own server, and the users that sent them. */
export interface WarmJitResult {
  sent: number;
  users: number;
}

/**
 * Sends about `requests` warm-up requests from `users` users (the first phase's concurrency);
 * resolves within its time budget whatever happens.
 */
export async function warmJit(scope: RunScope, requests: number, users = WARM_USERS_MIN): Promise<WarmJitResult> {
  if (requests <= 0) return { sent: 0, users: 0 };
  const budgetMs = Math.min(MAX_WARM_BUDGET_MS, Math.max(30, 2 * requests * WARM_REQUEST_MS));
  let local: Awaited<ReturnType<typeof startLocalServer>>;
  try {
    local = await startLocalServer();
  } catch {
    return { sent: 0, users: 0 };
  }
  const pools = new HttpPools();
  // A store of its own: nothing of the warm-up reaches the run's figures.
  const store = new MetricsStore();
  const flow = store.flow('warm-up', 1);
  const runner = new RequestStepRunner(WARM_STEP, {
    target: parseTarget(local.origin),
    pools,
    deadlines: new Deadlines(),
    store,
    env: { cancelled: false },
    defaultHeaders: {},
    cookies: false,
    flow,
    flowName: 'warm-up',
  });
  const population = new ClosedPopulation(new FlowPicker([{ name: 'warm-up', weight: 1, steps: [runner], metrics: flow }]), store, scope, WHOLE);
  const stopAt = performance.now() + budgetMs;
  const level = Math.min(WARM_USERS_MAX, Math.max(WARM_USERS_MIN, users));
  population.setLevel(level);
  await new Promise<void>((resolve) => {
    const check = (): void => {
      if (runner.metrics.requests >= requests || performance.now() >= stopAt) resolve();
      else setTimeout(check, CHECK_EVERY_MS);
    };
    check();
  });
  population.setLevel(0);
  // Users answered by now stop at once; one whose request is stuck is cut by destroyAll.
  let cut: NodeJS.Timeout | undefined;
  await Promise.race([population.whenIdle(), new Promise((resolve) => (cut = setTimeout(resolve, IDLE_WAIT_MS)))]);
  clearTimeout(cut);
  await pools.destroyAll();
  for (const socket of local.sockets) socket.destroy();
  local.server.close();
  return { sent: runner.metrics.requests, users: level };
}
