// What each monitor interval says about the machine and the engine. The engine's own figures
// (event-loop delay beyond the sampling interval, engine CPU, heap) are read here, where they
// cost microseconds; the machine's and the process under test's come from the monitor thread
// (monitor-thread-worker.ts), so that reading them never blocks the loop that sends requests.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Monitor } from '../../scenario/types';
import { createHistogram, percentileMs, type Histogram } from './histogram';
import { NO_MACHINE_SAMPLE, type MachineSample } from './monitor-thread-protocol';
import type { MonitorThread } from './monitor-thread';

export interface SystemSample extends MachineSample {
  /** p99 of the event-loop delay beyond the sampling interval (ms). */
  eventLoopDelay: number | null;
  /** The engine process's CPU over the interval, in % of one core. */
  engineCpu: number | null;
  heapUsed: number | null;
  /** The engine process's resident memory at the end of the interval (MB). */
  rssMB: number;
}

/**
 * The event loop is sampled every millisecond, so a 1 ms stall shows; the figure kept is the
 * delay beyond that interval (an idle loop reads about 0, not the interval itself).
 */
const LOOP_RESOLUTION_MS = 1;

const round1 = (value: number): number => Math.round(value * 10) / 10;
const round3 = (value: number): number => Math.round(value * 1000) / 1000;
const excessMs = (ns: number): number => round3(Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS));

export class SystemMonitor {
  private readonly loopDelay: IntervalHistogram;
  /** The whole load's event-loop delay beyond the interval (µs), for the generator section. */
  private loadLoopDelay: Histogram | undefined;
  private lastCpu = process.cpuUsage();
  private lastCpuAt = performance.now();

  constructor(
    private readonly monitor: Monitor,
    private readonly thread: MonitorThread,
  ) {
    this.loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    this.loopDelay.enable();
  }

  /** Starts the monitor thread; nothing waits for it (its first answer primes the counters). */
  start(): void {
    this.thread.start({
      system: this.monitor.system,
      ...(this.monitor.process ? { process: this.monitor.process } : {}),
      exclude: [process.pid, process.ppid],
    });
  }

  /** From now on the event-loop delay is also kept for the whole load. */
  beginLoad(): void {
    this.loopDelay.reset();
    this.loadLoopDelay = createHistogram();
  }

  /** The whole load's event-loop delay beyond the interval, p99 and max (ms). */
  loadEventLoopDelay(): { p99: number | null; max: number | null } | undefined {
    const h = this.loadLoopDelay;
    if (!h || h.totalCount === 0) return undefined;
    return { p99: percentileMs(h, 99), max: percentileMs(h, 100) };
  }

  /**
   * Node's loop histogram cannot be added to another, so each interval's distribution is carried
   * over by its percentile steps (HDR's own iteration: fine where the tail is) into ours.
   */
  private keepForLoad(loop: IntervalHistogram): void {
    const load = this.loadLoopDelay;
    if (!load || loop.count === 0) return;
    let previous = 0;
    for (const [percentile, ns] of loop.percentiles) {
      const count = Math.round(((percentile - previous) / 100) * loop.count);
      previous = percentile;
      if (count > 0) load.recordValueWithCount(Math.max(1, Math.round(excessMs(ns) * 1000)), count);
    }
  }

  /** Ends the interval: the engine's figures now, the machine's when the sampler answers. */
  async sample(): Promise<SystemSample> {
    const loop = this.loopDelay;
    const eventLoopDelay = loop.count > 0 ? excessMs(loop.percentile(99)) : null;
    this.keepForLoad(loop);
    loop.reset();
    const now = performance.now();
    const cpu = process.cpuUsage(this.lastCpu);
    const wallMs = now - this.lastCpuAt;
    this.lastCpu = process.cpuUsage();
    this.lastCpuAt = now;
    const engineCpu = wallMs > 0 ? round1(((cpu.user + cpu.system) / 1000 / wallMs) * 100) : null;
    const memory = process.memoryUsage();
    const heapUsed = round1(memory.heapUsed / (1024 * 1024));
    const rssMB = memory.rss / (1024 * 1024);
    const machine = this.monitor.system || this.monitor.process ? await this.thread.sample() : undefined;
    return { ...(machine ?? NO_MACHINE_SAMPLE), eventLoopDelay, engineCpu, heapUsed, rssMB };
  }

  stop(): void {
    this.loopDelay.disable();
    this.thread.stop();
  }
}
