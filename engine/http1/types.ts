// What a request step hands a connection and how the connection answers: the shape of undici's
// dispatch API (options in, handler callbacks out), so that one response handler serves both
// undici's Client and the engine's own HTTP/1.1 connection (connection.ts).

/** A response's headers as name, value, name, value…: Buffers from undici, strings from ours. */
export type RawHeaders = (Buffer | string)[];

export interface RequestOptions {
  method: string;
  /** Path and query, as sent on the request line. */
  path: string;
  headers?: Record<string, string> | null;
  body?: string | Buffer | null;
  /** The same object is sent again and again (a request with nothing to render): its bytes may be kept. */
  reused?: boolean;
  /** undici's own timers; the engine's connection leaves timeouts to the step's deadline. */
  headersTimeout?: number;
  bodyTimeout?: number;
}

export interface ExchangeHandler {
  /** Called when the request is accepted; `abort` ends it (and its connection) early. */
  onConnect?(abort: (err?: Error) => void): void;
  /** The final response's status and headers; false asks the connection to pause until `resume`. */
  onHeaders?(statusCode: number, rawHeaders: RawHeaders, resume: () => void, statusText: string): boolean;
  /** A piece of the body; false pauses the connection until `resume`. */
  onData?(chunk: Buffer): boolean;
  onComplete?(trailers: RawHeaders | null): void;
  onError?(err: Error): void;
}

/** One keep-alive connection to one origin, as the engine's pools keep them per user. */
export interface HttpConnection {
  readonly destroyed: boolean;
  readonly closed: boolean;
  dispatch(options: RequestOptions, handler: ExchangeHandler): boolean;
  /** Ends the connection once its requests are answered. */
  close(): Promise<void>;
  /** Ends it now: requests in flight fail. */
  destroy(): Promise<void>;
}
