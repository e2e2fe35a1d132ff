// Socket reads into one buffer that every connection of the engine shares.
//
// A socket read the usual way hands over a new Buffer, and under it a new ArrayBuffer, for every
// read. V8 sweeps those ArrayBuffers at each scavenge: in a closed loop of 50 users on one core
// (80,000 responses a second) that sweep was 0.42 of the scavenge's 0.8 ms pause
// (`--trace-gc-nvp`: scavenge.sweep_array_buffers), and the requests caught in the pauses made
// the run's p99. With net's `onread`, the kernel's bytes land in this one buffer and are parsed
// where they lie; nothing is allocated per read. Parsing is synchronous, so the next read cannot
// overwrite bytes still in use — except what a handler keeps: body pieces are copied before they
// are handed over (connection.ts), and bytes that come before a connection takes its socket wait
// in a copy of their own.
import type { OnReadOpts, Socket } from 'node:net';

const READ_BUFFER_BYTES = 64 * 1024;
const reader = Symbol('stampede.http1.reader');
const early = Symbol('stampede.http1.early');

/** Takes `length` bytes from the start of `bytes` (valid only during the call). */
export type Reader = (bytes: Buffer, length: number) => void;

interface SharedReadSocket extends Socket {
  [reader]?: Reader;
  [early]?: Buffer[];
}

const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);

function deliver(this: SharedReadSocket, length: number, bytes: Uint8Array): boolean {
  const read = this[reader];
  if (read) read(bytes as Buffer, length);
  else (this[early] ??= []).push(Buffer.from(bytes.subarray(0, length)));
  return true;
}

/** net.connect's `onread` for the engine's HTTP/1.1 sockets. */
export const sharedReads: OnReadOpts = { buffer, callback: deliver };

/** Whether `bytes` lie in the shared buffer (and so must be copied to be kept). */
export const inSharedBuffer = (bytes: Uint8Array): boolean => bytes.buffer === buffer.buffer;

const sharing = new WeakSet<Socket>();

/** Says that `socket` was opened with `sharedReads` (its connector knows; the socket cannot say). */
export function markSharedReads(socket: Socket): void {
  sharing.add(socket);
}

/** Hands every read of `socket` to `read`: from the shared buffer if it reads into it, else from its 'data' events. */
export function readFrom(socket: Socket, read: Reader): void {
  if (!sharing.has(socket)) {
    socket.on('data', (chunk: Buffer) => read(chunk, chunk.length));
    return;
  }
  const shared = socket as SharedReadSocket;
  shared[reader] = read;
  const before = shared[early];
  shared[early] = undefined;
  for (const chunk of before ?? []) read(chunk, chunk.length);
}
