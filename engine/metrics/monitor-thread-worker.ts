// The engine's monitor thread (dist/monitor-thread.js): reads this machine's and the watched
// process's totals when the engine asks, and encodes checkpoints' histograms. Reading, any
// command systeminformation spawns, and encoding happen here, so the loop that sends requests
// never waits on them.
import { parentPort } from 'node:worker_threads';
import { findProcess, readMachine, readProcess, type MachineTotals, type ProcessTotals } from './machine-readers';
import { NO_MACHINE_SAMPLE, type MachineSample, type MonitorReply, type MonitorRequest, type MonitorThreadConfig } from './monitor-thread-protocol';
import { encodeSnapshot, snapshotStore } from './partial';
import { MetricsStore } from './store';
import { detachOneBufferEarly } from './detach-protector';

// This thread's isolate has its own protector; spent before its encoder is compiled.
detachOneBufferEarly();

let config: MonitorThreadConfig = { system: false, exclude: [] };
const round1 = (value: number): number => Math.round(value * 10) / 10;

let lastMachine: MachineTotals | undefined;
let lastProcess: { totals: ProcessTotals; at: number } | undefined;
let pid: number | undefined;

const delta = (now: number | null, before: number | null | undefined): number | null =>
  now === null || before === null || before === undefined ? null : Math.max(0, now - before);

async function sample(): Promise<MachineSample> {
  const out: MachineSample = { ...NO_MACHINE_SAMPLE };
  if (config.system) {
    const now = await readMachine();
    const before = lastMachine;
    lastMachine = now;
    if (now.cpuLoad !== undefined) out.cpu = round1(now.cpuLoad);
    else if (before && now.cpuTotal > before.cpuTotal) out.cpu = round1(((now.cpuBusy - before.cpuBusy) / (now.cpuTotal - before.cpuTotal)) * 100);
    out.memory = now.memoryUsedPct !== null ? round1(now.memoryUsedPct) : null;
    if (before) {
      out.networkRxBytes = delta(now.networkRx, before.networkRx);
      out.networkTxBytes = delta(now.networkTx, before.networkTx);
      out.diskReadBytes = delta(now.diskRead, before.diskRead);
      out.diskWriteBytes = delta(now.diskWrite, before.diskWrite);
    }
  }
  if (pid !== undefined) {
    const at = performance.now();
    const totals = await readProcess(pid);
    if (totals) {
      if (totals.cpuPct !== undefined) out.processCpu = round1(totals.cpuPct);
      else if (lastProcess && totals.cpuSeconds !== undefined && lastProcess.totals.cpuSeconds !== undefined) {
        const seconds = (at - lastProcess.at) / 1000;
        out.processCpu = seconds > 0 ? round1(((totals.cpuSeconds - lastProcess.totals.cpuSeconds) / seconds) * 100) : null;
      }
      out.processMemory = round1(totals.rssMB);
      lastProcess = { totals, at };
    }
  }
  return out;
}

/** Finds the process to watch and takes the first totals, so the first interval has its deltas. */
async function prime(): Promise<void> {
  if (pid === undefined && config.process?.name) pid = await findProcess(config.process.name, config.exclude);
  if (config.system || pid !== undefined) await sample();
}

let primed: Promise<void> = Promise.resolve();

/**
 * Encodes a small snapshot a few times while the engine warms up: the run's first checkpoint then
 * finds zlib loaded and the encoder compiled. Cold, it took about 25 ms of this thread in the
 * load's first second — on a core shared with the load, time taken from the requests in flight.
 */
function warmEncoder(): void {
  const store = new MetricsStore();
  const step = store.step('warm-up', 'request', 'warm-up');
  const flow = store.flow('warm-up', 1);
  for (let i = 1; i <= 500; i++) store.recordRequest(step, i / 10, 200, flow);
  for (let i = 0; i < 5; i++) encodeSnapshot(snapshotStore(store));
}

async function answer(request: MonitorRequest): Promise<MonitorReply> {
  try {
    if (request.type === 'configure') {
      config = request.config;
      pid = config.process?.pid;
      primed = prime().catch(() => undefined);
      setImmediate(warmEncoder);
      return { type: 'configured', id: request.id };
    }
    if (request.type === 'encode') return { type: 'encode', id: request.id, measured: encodeSnapshot(request.snapshot) };
    await primed;
    return { type: 'sample', id: request.id, figures: await sample() };
  } catch (err) {
    return { type: 'failed', id: request.id, error: (err as Error).message };
  }
}

parentPort?.on('message', (request: MonitorRequest) => {
  void answer(request).then((reply) => parentPort?.postMessage(reply));
});
