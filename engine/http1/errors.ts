// The errors of the engine's own HTTP/1.1 connection carry undici's codes and messages, so that
// a report (engine/runtime/errors.ts classifies by code) reads the same whichever client sent
// the request.

function coded(code: string, message: string): Error {
  const err = new Error(message) as Error & { code: string };
  err.code = code;
  return err;
}

/** The server closed the connection before the response was complete. */
export const otherSideClosed = (): Error => coded('UND_ERR_SOCKET', 'other side closed');

/** A response that ends with its connection ended before its Content-Length was read. */
export const responseLengthMismatch = (): Error => coded('UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'Response body length does not match content-length header');

/** A request whose own Content-Length header is not its body's length. */
export const requestLengthMismatch = (): Error => coded('UND_ERR_REQ_CONTENT_LENGTH_MISMATCH', 'Request body length does not match content-length header');

/** A request that cannot be written as given (a header with a newline, a bad method or path). */
export const invalidArgument = (message: string): Error => coded('UND_ERR_INVALID_ARG', message);

export const notSupported = (message: string): Error => coded('UND_ERR_NOT_SUPPORTED', message);

/** Dispatched on a connection that was destroyed (a stop), or closed. */
export const destroyed = (): Error => coded('UND_ERR_DESTROYED', 'The client is destroyed');
export const closed = (): Error => coded('UND_ERR_CLOSED', 'The client is closed');

/** The response could not be parsed as HTTP/1.1. */
export const parseError = (cause: Error): Error => coded('HPE_INVALID', `Response does not match the HTTP/1.1 protocol (${cause.message})`);

export const aborted = (): Error => coded('UND_ERR_ABORTED', 'Request aborted');
