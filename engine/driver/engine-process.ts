// The client side of the engine: forks dist/engine.js, sends it typed messages and hands every
// message it sends back to a listener. The CLI and the extension both drive runs through this.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ClientToEngine, EngineExit, EngineToClient, RunOptions } from '../protocol/messages';
import { forkEngine, takePreforkedEngine } from './engine-fork';

export class EngineProcess {
  private readonly child: ChildProcess;
  private readonly exited: Promise<EngineExit>;
  /** Started by bin/stampede.js before the CLI loaded (engine-fork.ts). */
  readonly preforked: boolean;

  /** `engineScript` defaults to engine.js next to the running bundle (dist/). */
  constructor(
    onMessage: (message: EngineToClient) => void,
    engineScript: string = join(__dirname, 'engine.js'),
  ) {
    // The engine bin/stampede.js forked ahead of the CLI's bundle, or a new one.
    const preforked = takePreforkedEngine(engineScript);
    const { child, exited } = preforked ?? forkEngine(engineScript);
    this.preforked = preforked !== undefined;
    this.child = child;
    this.exited = exited;
    this.child.on('message', (message) => onMessage(message as EngineToClient));
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
