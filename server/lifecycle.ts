// The LSP lifecycle for requests: before `initialize` a request gets ServerNotInitialized
// (-32002) and after `shutdown` InvalidRequest (-32600), as the specification asks, instead of
// an empty answer that a client would take for "nothing here".
import { ErrorCodes, ResponseError } from 'vscode-languageserver';

export class Lifecycle {
  private phase: 'starting' | 'running' | 'shut down' = 'starting';

  initialized(): void {
    this.phase = 'running';
  }

  shutDown(): void {
    this.phase = 'shut down';
  }

  get shutDownReceived(): boolean {
    return this.phase === 'shut down';
  }

  /** Wraps a request handler so that it runs only between `initialize` and `shutdown`. */
  guard<P, R>(handler: (params: P) => R): (params: P) => R | ResponseError<void> {
    return (params) => {
      if (this.phase === 'starting') return new ResponseError(ErrorCodes.ServerNotInitialized, 'The server is not initialized: send `initialize` first.');
      if (this.phase === 'shut down') return new ResponseError(ErrorCodes.InvalidRequest, 'The server is shutting down: only `exit` is accepted.');
      return handler(params);
    };
  }
}
