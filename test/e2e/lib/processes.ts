// Processes from /proc: the tree under a PID, whether a PID is alive, and the engine processes a
// test run started (found by a marker in their environment, since the engine forks detached and
// outlives a dead extension host as a child of init).
import { readdirSync, readFileSync } from 'node:fs';
import { alive, commandLine } from '../../helpers/proc';

export { alive, commandLine };

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined; // gone
  }
}

function pids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

/** Every descendant of `pid`, depth first. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const p of pids()) {
    const parent = parentOf(p);
    if (parent === undefined) continue;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent)!.push(p);
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function environment(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/**
 * Live processes running `script` whose environment holds `NAME=value`: code-server gets the
 * marker, the extension host inherits it, and so does every engine the extension forks.
 */
export function processesWithMarker(script: string, marker: string): { pid: number; cmd: string }[] {
  const out: { pid: number; cmd: string }[] = [];
  for (const pid of pids()) {
    if (pid === process.pid) continue;
    const cmd = commandLine(pid);
    if (!cmd.includes(script) || !alive(pid)) continue;
    if (environment(pid).includes(marker)) out.push({ pid, cmd });
  }
  return out;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGKILL each PID that is still alive; returns the ones it had to kill. */
export async function killAll(list: number[], waitMs = 3000): Promise<number[]> {
  const killed: number[] = [];
  for (const pid of list) {
    if (!alive(pid)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      /* already gone */
    }
  }
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline && killed.some(alive)) await sleep(50);
  return killed;
}
