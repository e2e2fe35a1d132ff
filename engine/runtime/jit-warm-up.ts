// The JIT warm-up of the warm start: before the first phase's clock, the engine sends a few
// hundred requests through its own request path — undici's client, the response handler, the
// metrics store — to a throwaway server inside this process on 127.0.0.1. Nothing reaches the
// target. Without it, the first arrivals run cold code (first-call compilation, interpreted
// loops) and leave tens of milliseconds late: lag that would be reported as target latency.
import { createServer, type Server, type Socket } from 'node:net';
import { MetricsStore } from '../metrics/store';
import type { RequestStep } from '../scenario/types';
import { Deadlines } from './deadlines';
import { HttpPools } from './http-pools';
import { RequestStepRunner } from './request-step';
import { parseTarget } from './url';
import { VuState, type RunScope } from './vu-state';

/** Enough calls for V8 to compile the hot functions; bounded in count and in time. */
const WARM_REQUESTS = 300;
const WARM_USERS = 4;
const WARM_BUDGET_MS = 150;

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
  timeoutMs: 1_000,
  expect: {},
  capture: {},
};

/** Runs the warm-up; resolves within WARM_BUDGET_MS (or sooner) whatever happens. */
export async function warmJit(scope: RunScope): Promise<void> {
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
    flow: store.flow('warm-up', 1),
    flowName: 'warm-up',
  });
  const stopAt = performance.now() + WARM_BUDGET_MS;
  let sent = 0;
  await new Promise<void>((resolve) => {
    let running = WARM_USERS;
    const user = (vu: VuState): void => {
      if (sent >= WARM_REQUESTS || performance.now() >= stopAt) {
        if (--running === 0) resolve();
        return;
      }
      sent++;
      runner.run(vu, performance.now(), () => user(vu));
    };
    for (let i = 0; i < WARM_USERS; i++) user(new VuState(i + 1, scope));
    setTimeout(resolve, WARM_BUDGET_MS + 50).unref();
  });
  await pools.destroyAll();
  for (const socket of local.sockets) socket.destroy();
  local.server.close();
}
