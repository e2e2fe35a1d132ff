// The messages between the engine's loop and its monitor thread (monitor-thread-worker.ts).
import type { PartialResult, StoreSnapshot } from './partial';

export interface MonitorThreadConfig {
  /** Sample this machine (CPU, memory, network, disk): `monitor.system`. */
  system: boolean;
  /** The process under test: `monitor.process`. */
  process?: { pid?: number; name?: string };
  /** Processes that are never "the process under test": the engine and its client. */
  exclude: number[];
}

export type MonitorRequest =
  /** What to watch; first, before any sample (the thread may start before the scenario is read). */
  | { type: 'configure'; id: number; config: MonitorThreadConfig }
  /** The figures of the interval that ends now. */
  | { type: 'sample'; id: number }
  /** Encode a checkpoint's histograms. */
  | { type: 'encode'; id: number; snapshot: StoreSnapshot };

export type MonitorReply =
  | { type: 'configured'; id: number }
  | { type: 'sample'; id: number; figures: MachineSample }
  | { type: 'encode'; id: number; measured: PartialResult }
  | { type: 'failed'; id: number; error: string };

/** One interval of this machine and of the process under test; null where nothing was read. */
export interface MachineSample {
  cpu: number | null;
  memory: number | null;
  processCpu: number | null;
  processMemory: number | null;
  networkRxBytes: number | null;
  networkTxBytes: number | null;
  diskReadBytes: number | null;
  diskWriteBytes: number | null;
}

export const NO_MACHINE_SAMPLE: MachineSample = {
  cpu: null,
  memory: null,
  processCpu: null,
  processMemory: null,
  networkRxBytes: null,
  networkTxBytes: null,
  diskReadBytes: null,
  diskWriteBytes: null,
};
