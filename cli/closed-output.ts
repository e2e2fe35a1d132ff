// Standard output closed by its reader (`stampede try … | head`): Node reports EPIPE as an error
// on the stream, which would end the CLI with a stack trace while the engine still runs. A
// command that streams its output asks to be told instead, stops its work and writes no more.

/** Calls `onClosed` once when standard output's reader has gone; later writes are dropped. */
export function whenOutputCloses(onClosed: () => void): void {
  let closed = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    if (closed) return;
    closed = true;
    onClosed();
  });
}
