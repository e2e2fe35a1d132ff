// Running totals of this machine and of one process, read where they are cheapest. On Linux that
// is /proc and /sys: a few small files, no child process. Elsewhere `systeminformation` (which
// spawns commands) answers instead. Either way these run in the sampler's own thread, never on the
// loop that sends requests. Totals, not rates: the sampler turns two readings into an interval.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MachineTotals {
  /** CPU jiffies: busy and all, summed over every core. */
  cpuBusy: number;
  cpuTotal: number;
  /** Direct CPU load (%) when the platform only gives that (systeminformation). */
  cpuLoad?: number;
  memoryUsedPct: number | null;
  networkRx: number | null;
  networkTx: number | null;
  diskRead: number | null;
  diskWrite: number | null;
}

export interface ProcessTotals {
  /** CPU seconds used so far (user + system), where the platform keeps that total. */
  cpuSeconds?: number;
  /** Otherwise the CPU share (%) the platform reports (systeminformation). */
  cpuPct?: number;
  rssMB: number;
}

const linux = process.platform === 'linux';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** /proc/stat's first line: user nice system idle iowait irq softirq steal … (jiffies). */
function linuxCpu(): { busy: number; total: number } | undefined {
  const stat = read('/proc/stat');
  if (!stat) return undefined;
  const fields = stat.slice(0, stat.indexOf('\n')).trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((sum, n) => sum + n, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** Used = total − available: what `free` and systeminformation's `active` report. */
function linuxMemory(): number | null {
  const info = read('/proc/meminfo');
  if (!info) return null;
  const field = (name: string): number | undefined => {
    const match = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(info);
    return match ? Number(match[1]) : undefined;
  };
  const total = field('MemTotal');
  const available = field('MemAvailable');
  if (!total || available === undefined) return null;
  return ((total - available) / total) * 100;
}

/** Bytes received and sent by every interface (loopback included: that is where local load goes). */
function linuxNetwork(): { rx: number; tx: number } | undefined {
  const dev = read('/proc/net/dev');
  if (!dev) return undefined;
  let rx = 0;
  let tx = 0;
  for (const line of dev.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const fields = line.slice(colon + 1).trim().split(/\s+/);
    rx += Number(fields[0]) || 0;
    tx += Number(fields[8]) || 0;
  }
  return { rx, tx };
}

let wholeDisks: Set<string> | undefined;

/** Whole disks only (partitions would count twice); no loop, RAM or device-mapper devices. */
function diskNames(): Set<string> {
  if (!wholeDisks) {
    try {
      wholeDisks = new Set(readdirSync('/sys/block').filter((name) => !/^(loop|ram|zram|dm-|md|sr|fd)/.test(name)));
    } catch {
      wholeDisks = new Set();
    }
  }
  return wholeDisks;
}

/** /proc/diskstats: sectors read (field 6) and written (field 10) are 512 bytes each. */
function linuxDisk(): { read: number; write: number } | undefined {
  const stats = read('/proc/diskstats');
  if (!stats) return undefined;
  const names = diskNames();
  let readBytes = 0;
  let writeBytes = 0;
  for (const line of stats.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || !names.has(fields[2])) continue;
    readBytes += Number(fields[5]) * 512;
    writeBytes += Number(fields[9]) * 512;
  }
  return { read: readBytes, write: writeBytes };
}

type SystemInformation = typeof import('systeminformation');
let si: SystemInformation | undefined;
/**
 * Loaded on first use, in the monitor thread, only where /proc is missing: from its own bundle
 * next to this one (dist/), or from node_modules when running unbundled.
 */
function systemInformation(): SystemInformation {
  if (!si) {
    const bundled = join(__dirname, 'systeminformation.js');
    // A computed name, so the bundler leaves this require to run time.
    const name = existsSync(bundled) ? bundled : 'systeminformation';
    si = require(name) as SystemInformation;
  }
  return si;
}

export async function readMachine(): Promise<MachineTotals> {
  if (linux) {
    const cpu = linuxCpu();
    const network = linuxNetwork();
    const disk = linuxDisk();
    return {
      cpuBusy: cpu?.busy ?? 0,
      cpuTotal: cpu?.total ?? 0,
      memoryUsedPct: linuxMemory(),
      networkRx: network?.rx ?? null,
      networkTx: network?.tx ?? null,
      diskRead: disk?.read ?? null,
      diskWrite: disk?.write ?? null,
    };
  }
  const info = systemInformation();
  const [load, memory, network, disk] = await Promise.allSettled([info.currentLoad(), info.mem(), info.networkStats('*'), info.fsStats()]);
  const sum = (list: { rx_bytes: number; tx_bytes: number }[], key: 'rx_bytes' | 'tx_bytes'): number => list.reduce((total, n) => total + (n[key] || 0), 0);
  return {
    cpuBusy: 0,
    cpuTotal: 0,
    ...(load.status === 'fulfilled' ? { cpuLoad: load.value.currentLoad } : {}),
    memoryUsedPct: memory.status === 'fulfilled' ? (memory.value.active / memory.value.total) * 100 : null,
    networkRx: network.status === 'fulfilled' ? sum(network.value, 'rx_bytes') : null,
    networkTx: network.status === 'fulfilled' ? sum(network.value, 'tx_bytes') : null,
    diskRead: disk.status === 'fulfilled' && disk.value && typeof disk.value.rx === 'number' ? disk.value.rx : null,
    diskWrite: disk.status === 'fulfilled' && disk.value && typeof disk.value.wx === 'number' ? disk.value.wx : null,
  };
}

/** CPU seconds and RSS of a process: /proc/PID/stat on Linux, systeminformation elsewhere. */
export async function readProcess(pid: number): Promise<ProcessTotals | undefined> {
  if (linux) {
    const stat = read(`/proc/${pid}/stat`);
    if (!stat) return undefined;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime in clock ticks of 1/100 s; rss in pages of 4 KiB.
    return { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100, rssMB: (Number(fields[21]) * 4096) / (1024 * 1024) };
  }
  try {
    const list = await systemInformation().processes();
    const match = list.list.find((p) => p.pid === pid);
    return match ? { cpuPct: match.cpu, rssMB: match.memRss / 1024 } : undefined;
  } catch {
    return undefined;
  }
}

/** The first process named `name` other than `exclude` (the engine and its client). */
export async function findProcess(name: string, exclude: number[]): Promise<number | undefined> {
  if (linux) {
    let pids: string[];
    try {
      pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
    } catch {
      return undefined;
    }
    for (const entry of pids) {
      const pid = Number(entry);
      if (exclude.includes(pid)) continue;
      const comm = read(`/proc/${pid}/comm`)?.trim();
      if (comm === name) return pid;
    }
    return undefined;
  }
  try {
    const list = await systemInformation().processes();
    return list.list.find((p) => p.name === name && !exclude.includes(p.pid))?.pid;
  } catch {
    return undefined;
  }
}
