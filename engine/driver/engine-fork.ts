// Starting the engine's process (dist/engine.js through dist/boot.js), and starting it early.
//
// `stampede run` spends most of its time to the first request starting two Node processes one
// after the other: the CLI, then the engine. bin/stampede.js therefore forks the engine before it
// loads the CLI's own bundle (`preforkEngine`), and the run command takes that process
// (`takePreforkedEngine`) when it gets there: the engine boots while the CLI loads. The engine
// sends nothing before it is told to start, so nothing can be missed in between; its exit is
// watched from the fork. Until it is taken, the child holds neither this process's event loop
// nor its IPC channel: a CLI that stops on a usage error exits at once, and the engine, its
// channel closed, exits too (engine/runtime/child.ts).
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { EngineExit } from '../protocol/messages';
import { EXTRA_CA_VARIABLE } from '../protocol/environment';

export interface ForkedEngine {
  child: ChildProcess;
  exited: Promise<EngineExit>;
}

/**
 * V8's young generation starts at its full size (16 MB semi-spaces, where it grows to under load
 * anyway) instead of 1 MB: the load's first seconds had a scavenge every ~50 ms, each pausing
 * every request in flight (closed 50 users on nginx: half the scavenges per request, p99 1.94 →
 * 1.85 ms median of 3; 1,000 thinking users: peak RSS 117 → 126 MB, engine CPU 1.86 → 1.60 s).
 */
const ENGINE_V8_FLAGS = ['--min-semi-space-size=16'];

/** Forks `engineScript`, through boot.js next to it where it is there (V8's code cache). */
export function forkEngine(engineScript: string): ForkedEngine {
  const boot = join(dirname(engineScript), 'boot.js');
  const [script, args] = existsSync(boot) ? [boot, [engineScript]] : [engineScript, []];
  const child = fork(script, args, {
    // Its own process group: a terminal's Ctrl+C reaches the client only, which relays it,
    // so the engine sees exactly one stop per signal.
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // No --enable-source-maps: loading the map costs ~25 MB and every aborted request's stack
    // would parse it. The engine turns it on itself just before it reports a crash.
    // STAMPEDE_ENGINE_NODE_OPTIONS passes flags to the engine alone, for profiling it
    // (`--cpu-prof --cpu-prof-dir=prof`): NODE_OPTIONS refuses those and would reach the client.
    execArgv: [...ENGINE_V8_FLAGS, ...(process.env.STAMPEDE_ENGINE_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [])],
    // Without NODE_EXTRA_CA_CERTS, which Node would read before the engine's first line: the
    // engine reads that file itself on its first TLS connection (runtime/extra-ca.ts).
    env: engineEnvironment(process.env),
  });
  const exited = new Promise<EngineExit>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  return { child, exited };
}

/** The environment to fork the engine with: the extra CA file passed on, not read at start. */
export function engineEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: file, ...rest } = env;
  return file ? { ...rest, [EXTRA_CA_VARIABLE]: file } : rest;
}

// Shared through the global object: boot.js and cli.js are separate bundles in one process.
const PREFORKED = Symbol.for('stampede.preforkedEngine');
type Holder = { [PREFORKED]?: ForkedEngine & { script: string } };

/** Forks the engine ahead of the CLI's bundle, and lets the CLI's loading yield to it. */
export function preforkEngine(engineScript: string): void {
  const script = resolve(engineScript);
  const forked = forkEngine(script);
  forked.child.unref();
  forked.child.channel?.unref();
  (globalThis as Holder)[PREFORKED] = { ...forked, script };
  yieldToEngine();
}

/** The engine `preforkEngine` started for `engineScript`, once; undefined when there is none. */
export function takePreforkedEngine(engineScript: string): ForkedEngine | undefined {
  const holder = globalThis as Holder;
  const forked = holder[PREFORKED];
  if (!forked || forked.script !== resolve(engineScript)) return undefined;
  delete holder[PREFORKED];
  forked.child.ref();
  forked.child.channel?.ref();
  return forked;
}

/** How much lower than the engine the CLI runs (nice, 0..19), where the system allows it. */
const RELAY_NICENESS = 10;
let yielded = false;

/**
 * The CLI only relays and prints; where it shares a core with the engine (a machine with one, or
 * a pinned run) the engine should not wait for it: at its start, the CLI loads its printing and
 * report code while the engine loads, and later it prints progress while the engine measures.
 * Lowered after the fork, so the engine keeps the niceness it was started with; once.
 */
export function yieldToEngine(): void {
  if (yielded) return;
  yielded = true;
  try {
    setPriority(Math.min(19, getPriority() + RELAY_NICENESS));
  } catch {
    // Not allowed here (some containers): both run at the same priority, as before.
  }
}
