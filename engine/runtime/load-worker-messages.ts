// What crosses between the engine's main thread and its load workers (`--workers N`). A worker
// speaks the engine's own messages (protocol/messages.ts) plus `ready`; the main thread tells it
// when to start, and to stop.
import type { EngineToClient, RunOptions } from '../protocol/messages';
import type { Segment } from './schedule';
import type { Value } from './vu-state';

/** What a worker is started with (its `workerData`). */
export interface LoadWorkerData {
  options: RunOptions;
  /** Its share of the schedule (of the whole run: a segment's share, split again). */
  segment: Segment;
  /** Setup's captures, shared read-only by every user. */
  shared: Record<string, Value>;
}

/** main → worker */
export type ToLoadWorker =
  /** Every worker is warm: start the load's clock at `startAt` (epoch ms). */
  | { type: 'go'; startAt: number }
  /** Graceful stop, then a stop at once. */
  | { type: 'stop'; reason: string }
  | { type: 'kill'; reason: string };

/** worker → main: the engine's messages, and `ready` once warm and waiting for `go`. */
export type FromLoadWorker = EngineToClient | { type: 'ready' };
