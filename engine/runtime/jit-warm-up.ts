// The JIT warm-up of the warm start: before the first phase's clock, the engine sends a few
// hundred requests through its own request path — undici's client, the response handler, the
// metrics store — to a throwaway server inside this process on 127.0.0.1. Nothing reaches the
// target. Without it, the first arrivals run cold code (first-call compilation, interpreted
// loops) and leave tens of milliseconds late: lag that would be reported as target latency.
//
// How much warming pays depends on the load: at 5,000 arrivals per second on one core, 300
// warm-up requests left the first 400 ms up to 80 ms late, 1,500 brought that to about 20 ms
// (the engine falls behind until V8 has optimised the request path); at 10 per second cold code
// costs nothing, and every warm-up request only delays the first real one. So the warm-up is
// sized by what the first phase asks in its first second (`warmRequestsFor`).
import { createServer, type Server, type Socket } from 'node:net';
import { MetricsStore } from '../metrics/store';
import type { RequestStep } from '../../scenario/types';
import { Deadlines } from './deadlines';
import { HttpPools } from './http-pools';
import { RequestStepRunner } from './request-step';
import { parseTarget } from './url';
import { VuState, type RunScope } from './vu-state';

/** Enough calls for V8 to compile the hot functions; bounded in count and in time. */
const MIN_WARM_REQUESTS = 20;
/**
 * Below this many requests in the first second, arrivals are far enough apart for cold code to
 * make none of them late, and a warm-up would only hold back the first request.
 */
const COLD_ENOUGH_PER_SECOND = 2 * MIN_WARM_REQUESTS;
const MAX_WARM_REQUESTS = 2_000;
const WARM_USERS = 4;
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

const RESPONSE = Buffer.from('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\nkeep-alive: timeout=5\r\n\r\nok');

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

/** Sends `requests` warm-up requests; resolves within its time budget whatever happens. */
export async function warmJit(scope: RunScope, requests: number): Promise<void> {
  if (requests <= 0) return;
  const budgetMs = Math.min(MAX_WARM_BUDGET_MS, Math.max(30, 2 * requests * WARM_REQUEST_MS));
  let local: Awaited<ReturnType<typeof startLocalServer>>;
  try {
    local = await startLocalServer();
  } catch {
    return;
  }
  const pools = new HttpPools();
  const deadlines = new Deadlines();
  // A store of its own: nothing of the warm-up reaches the run's figures.
  const store = new MetricsStore();
  const runner = new RequestStepRunner(WARM_STEP, {
    target: parseTarget(local.origin),
    pools,
    deadlines,
    store,
    env: { cancelled: false },
    defaultHeaders: {},
    cookies: false,
    flow: store.flow('warm-up', 1),
    flowName: 'warm-up',
  });
  const stopAt = performance.now() + budgetMs;
  let sent = 0;
  await new Promise<void>((resolve) => {
    let running = WARM_USERS;
    const user = (vu: VuState): void => {
      if (sent >= requests || performance.now() >= stopAt) {
        if (--running === 0) resolve();
        return;
      }
      sent++;
      runner.run(vu, performance.now(), () => user(vu));
    };
    for (let i = 0; i < WARM_USERS; i++) user(new VuState(i + 1, scope));
    setTimeout(resolve, budgetMs + 50).unref();
  });
  await pools.destroyAll();
  for (const socket of local.sockets) socket.destroy();
  local.server.close();
}
