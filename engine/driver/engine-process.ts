// The client side of the engine: forks dist/engine.js, sends it typed messages and hands every
// message it sends back to a listener. The CLI and the extension both drive runs through this.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ClientToEngine, EngineExit, EngineToClient, RunOptions } from '../protocol/messages';
import { EXTRA_CA_VARIABLE } from '../protocol/environment';

export class EngineProcess {
  private readonly child: ChildProcess;
  private exited: Promise<EngineExit>;

  /** `engineScript` defaults to engine.js next to the running bundle (dist/). */
  constructor(
    onMessage: (message: EngineToClient) => void,
    engineScript: string = join(__dirname, 'engine.js'),
  ) {
    // Through boot.js next to it where it is there: it loads the engine through V8's code cache.
    const boot = join(dirname(engineScript), 'boot.js');
    const [script, args] = existsSync(boot) ? [boot, [engineScript]] : [engineScript, []];
    this.child = fork(script, args, {
      // Its own process group: a terminal's Ctrl+C reaches the client only, which relays it,
      // so the engine sees exactly one stop per signal.
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // No --enable-source-maps: loading the map costs ~25 MB and every aborted request's stack
      // would parse it. The engine turns it on itself just before it reports a crash.
      // STAMPEDE_ENGINE_NODE_OPTIONS passes flags to the engine alone, for profiling it
      // (`--cpu-prof --cpu-prof-dir=prof`): NODE_OPTIONS refuses those and would reach the client.
      execArgv: process.env.STAMPEDE_ENGINE_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [],
      // Without NODE_EXTRA_CA_CERTS, which Node would read before the engine's first line: the
      // engine reads that file itself on its first TLS connection (runtime/extra-ca.ts).
      env: engineEnvironment(process.env),
    });
    this.child.on('message', (message) => onMessage(message as EngineToClient));
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => resolve({ code, signal }));
    });
    // If the client itself dies, the IPC channel closes and the engine stops on its own.
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  start(options: RunOptions): void {
    this.send({ type: 'start', options });
  }

  /** The first call stops gracefully (teardown runs); a second one stops at once. */
  stop(reason: string): void {
    this.send({ type: 'stop', reason });
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }

  whenExited(): Promise<EngineExit> {
    return this.exited;
  }

  private send(message: ClientToEngine): void {
    if (this.child.connected) this.child.send(message);
  }
}

/** The environment to fork the engine with: the extra CA file passed on, not read at start. */
export function engineEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: file, ...rest } = env;
  return file ? { ...rest, [EXTRA_CA_VARIABLE]: file } : rest;
}
