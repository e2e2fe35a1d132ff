// Samples this machine (CPU, memory, network via `systeminformation`), the engine itself
// (event-loop delay p99, heap) and, when asked, the local process under test.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import * as si from 'systeminformation';
import type { Monitor } from '../scenario/types';

export interface SystemSample {
  cpu: number | null;
  memory: number | null;
  eventLoopDelay: number | null;
  heapUsed: number | null;
  processCpu: number | null;
  processMemory: number | null;
  networkRxBytes: number | null;
  networkTxBytes: number | null;
  diskReadBytes: number | null;
  diskWriteBytes: number | null;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

/** CPU ticks and RSS of a Linux process from /proc (cheap enough to read every interval). */
function readProcStat(pid: number): { ticks: number; rssMB: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const rssPages = Number(fields[21]);
    return { ticks, rssMB: (rssPages * 4096) / (1024 * 1024) };
  } catch {
    return undefined;
  }
}

export class SystemMonitor {
  private readonly loopDelay: IntervalHistogram;
  private processPid: number | undefined;
  private lastProc: { ticks: number; at: number } | undefined;
  private lastNet: { rx: number; tx: number } | undefined;
  private lastDisk: { read: number; write: number } | undefined;

  constructor(private readonly monitor: Monitor) {
    this.loopDelay = monitorEventLoopDelay({ resolution: 10 });
    this.loopDelay.enable();
  }

  /** Primes the CPU and network counters and finds the process to watch. */
  async start(): Promise<void> {
    if (this.monitor.system) {
      const [, network, disk] = await Promise.allSettled([si.currentLoad(), si.networkStats('*'), si.fsStats()]);
      // Totals now, so the first interval already has its deltas.
      if (network.status === 'fulfilled') {
        this.lastNet = {
          rx: network.value.reduce((sum, n) => sum + (n.rx_bytes || 0), 0),
          tx: network.value.reduce((sum, n) => sum + (n.tx_bytes || 0), 0),
        };
      }
      if (disk.status === 'fulfilled' && disk.value && typeof disk.value.rx === 'number') {
        this.lastDisk = { read: disk.value.rx, write: disk.value.wx };
      }
    }
    const wanted = this.monitor.process;
    if (wanted?.pid !== undefined) this.processPid = wanted.pid;
    else if (wanted?.name) {
      try {
        const list = await si.processes();
        const match = list.list.find((p) => p.name === wanted.name && p.pid !== process.pid && p.pid !== process.ppid);
        this.processPid = match?.pid;
      } catch {
        this.processPid = undefined;
      }
    }
    if (this.processPid !== undefined) {
      const first = readProcStat(this.processPid);
      if (first) this.lastProc = { ticks: first.ticks, at: performance.now() };
    }
  }

  async sample(): Promise<SystemSample> {
    const heapUsed = round1(process.memoryUsage().heapUsed / (1024 * 1024));
    const delay = this.loopDelay.count > 0 ? round1(this.loopDelay.percentile(99) / 1e6) : null;
    this.loopDelay.reset();
    const sample: SystemSample = {
      cpu: null,
      memory: null,
      eventLoopDelay: delay,
      heapUsed,
      processCpu: null,
      processMemory: null,
      networkRxBytes: null,
      networkTxBytes: null,
      diskReadBytes: null,
      diskWriteBytes: null,
    };
    if (this.monitor.system) {
      const [load, memory, network, disk] = await Promise.allSettled([si.currentLoad(), si.mem(), si.networkStats('*'), si.fsStats()]);
      if (load.status === 'fulfilled') sample.cpu = round1(load.value.currentLoad);
      if (memory.status === 'fulfilled') sample.memory = round1((memory.value.active / memory.value.total) * 100);
      if (network.status === 'fulfilled') {
        const rx = network.value.reduce((sum, n) => sum + (n.rx_bytes || 0), 0);
        const tx = network.value.reduce((sum, n) => sum + (n.tx_bytes || 0), 0);
        if (this.lastNet) {
          sample.networkRxBytes = Math.max(0, rx - this.lastNet.rx);
          sample.networkTxBytes = Math.max(0, tx - this.lastNet.tx);
        }
        this.lastNet = { rx, tx };
      }
      // fsStats gives running totals of bytes read and written by this machine's disks.
      if (disk.status === 'fulfilled' && disk.value && typeof disk.value.rx === 'number') {
        const { rx: read, wx: write } = disk.value;
        if (this.lastDisk) {
          sample.diskReadBytes = Math.max(0, read - this.lastDisk.read);
          sample.diskWriteBytes = Math.max(0, write - this.lastDisk.write);
        }
        this.lastDisk = { read, write };
      }
    }
    if (this.processPid !== undefined) {
      const now = performance.now();
      const stat = readProcStat(this.processPid);
      if (stat) {
        if (this.lastProc) {
          const seconds = (now - this.lastProc.at) / 1000;
          // Clock ticks are 1/100 s on Linux.
          sample.processCpu = seconds > 0 ? round1(((stat.ticks - this.lastProc.ticks) / 100 / seconds) * 100) : null;
        }
        sample.processMemory = round1(stat.rssMB);
        this.lastProc = { ticks: stat.ticks, at: now };
      }
    }
    return sample;
  }

  stop(): void {
    this.loopDelay.disable();
  }
}
