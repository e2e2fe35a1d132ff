// `--workers N|auto` as a number of load threads: `auto` is the machine's cores less one (one
// left for the engine's main thread, the client and the system), at least 1.
import { availableParallelism } from 'node:os';

export function workerCount(workers: number | 'auto' | undefined, cores = availableParallelism()): number {
  if (workers === 'auto') return Math.max(1, cores - 1);
  return workers !== undefined && Number.isInteger(workers) && workers > 1 ? workers : 1;
}
