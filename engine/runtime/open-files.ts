// How many users the open model may hold at once when the scenario sets no `maxUsers`: each
// holds at least one connection, a file descriptor, and a process has a fixed number of them
// (`ulimit -n`). Past that, connecting fails with EMFILE, and at 30,000 arrivals a second on one
// core (the engine running ever later, so arrivals bunching up) that used to end the engine.
import { readFileSync } from 'node:fs';

/** Descriptors kept for everything else: IPC, the monitor thread, data files, setup's connections. */
const RESERVED = 256;
/** Where the limit cannot be read (not Linux): a common default soft limit. */
const FALLBACK_LIMIT = 1024;
/** A user may reach more than one origin; this many connections are counted per user. */
const CONNECTIONS_PER_USER = 2;

/** The process's soft limit on open files, from /proc/self/limits; undefined where unknown. */
export function openFilesLimit(limitsText?: string): number | undefined {
  let text = limitsText;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/limits', 'utf8');
    } catch {
      return undefined;
    }
  }
  const match = /^Max open files\s+(\d+|unlimited)/m.exec(text);
  if (!match) return undefined;
  return match[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(match[1]);
}

/** The most open-model users this engine can hold at once. */
export function openUserLimit(limit: number | undefined = openFilesLimit()): number {
  const files = limit ?? FALLBACK_LIMIT;
  return Math.max(16, Math.floor((files - RESERVED) / CONNECTIONS_PER_USER));
}
