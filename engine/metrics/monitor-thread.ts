// The engine's side of its monitor thread: asks it for the machine's figures and hands it
// checkpoints to encode. Every answer is awaited without blocking the loop; a thread that is
// missing or slow costs its figures (nulls) or moves the encoding back here, never the run.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { encodeSnapshot, snapshotBuffers, type PartialResult, type StoreSnapshot } from './partial';
import { NO_MACHINE_SAMPLE, type MachineSample, type MonitorReply, type MonitorRequest, type MonitorThreadConfig } from './monitor-thread-protocol';

/** A sample answered later than this is not waited for: the interval's row goes out without it. */
const SAMPLE_WAIT_MS = 250;

/** The thread's bundle sits next to the engine's (dist/); tests run from dist-test/. */
function threadScript(): string | undefined {
  const candidates = [join(__dirname, 'monitor-thread.js'), join(__dirname, '..', '..', 'dist', 'monitor-thread.js')];
  return candidates.find((file) => existsSync(file));
}

type Pending = (reply: MonitorReply | undefined) => void;

let prestarted: Worker | undefined;

/**
 * Starts the thread as soon as the engine process starts, before the scenario is even read, so
 * its own start-up (tens of ms of CPU) is over before the load begins rather than during it.
 */
export function prestartMonitorThread(): void {
  const script = threadScript();
  if (!script || prestarted) return;
  prestarted = new Worker(script, { stdout: false, stderr: false });
  prestarted.unref();
  // An error before a run takes the thread is reported by that run (a fresh thread is tried).
  prestarted.on('error', () => {
    prestarted = undefined;
  });
}

export class MonitorThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly log: (message: string) => void) {}

  start(config: MonitorThreadConfig): void {
    const script = threadScript();
    if (!script) {
      this.log('system sampling is off: dist/monitor-thread.js is missing (run the build)');
      return;
    }
    const worker = prestarted ?? new Worker(script, { stdout: false, stderr: false });
    prestarted = undefined;
    worker.removeAllListeners('error');
    // The thread never keeps the engine alive on its own.
    worker.unref();
    worker.on('message', (reply: MonitorReply) => {
      const settle = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      settle?.(reply);
    });
    worker.on('error', (err) => {
      this.log(`the monitor thread stopped: ${err.message}`);
      this.worker = undefined;
      this.settleAll();
    });
    this.worker = worker;
    // Queued until the thread is up; every later request comes after it.
    void this.ask({ type: 'configure', id: this.nextId++, config });
  }

  /** The machine's figures for the interval that ends now (nulls if the thread cannot say). */
  async sample(): Promise<MachineSample> {
    const reply = await this.ask({ type: 'sample', id: this.nextId++ }, SAMPLE_WAIT_MS);
    return reply?.type === 'sample' ? reply.figures : NO_MACHINE_SAMPLE;
  }

  /**
   * Encodes a checkpoint in the thread; here only if the thread is gone. The counts' memory moves
   * to the thread with the request (a second copy of ~100 KB per histogram would be the loop's);
   * if the thread dies with it, that checkpoint is lost (undefined) and the next one is taken.
   */
  async encode(snapshot: StoreSnapshot): Promise<PartialResult | undefined> {
    const buffers = snapshotBuffers(snapshot);
    const reply = await this.ask({ type: 'encode', id: this.nextId++, snapshot }, undefined, buffers);
    if (reply?.type === 'encode') return reply.measured;
    return buffers.some((buffer) => buffer.byteLength === 0) ? undefined : encodeSnapshot(snapshot);
  }

  private ask(request: MonitorRequest, withinMs?: number, transfer: ArrayBuffer[] = []): Promise<MonitorReply | undefined> {
    const worker = this.worker;
    if (!worker) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = withinMs !== undefined ? setTimeout(() => settle(undefined), withinMs) : undefined;
      const settle: Pending = (reply) => {
        if (timer) clearTimeout(timer);
        this.pending.delete(request.id);
        resolve(reply);
      };
      this.pending.set(request.id, settle);
      worker.postMessage(request, transfer);
    });
  }

  private settleAll(): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const settle of waiting) settle(undefined);
  }

  stop(): void {
    this.settleAll();
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
