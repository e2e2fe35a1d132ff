// Reads LSP frames (`Content-Length: N\r\n\r\n` + N bytes of JSON) from stdin, and recovers from
// frames that lie about their length. vscode-jsonrpc's own stream reader accepts a negative
// length, and after a length that is too short it treats the leftover bytes as the start of the
// next header, drops that header and goes deaf for good. Editors do not send such frames, but a
// buggy client or a proxy can, and one bad frame must cost one message, not the session.
//
// Recovery rules:
// - A header block is everything up to the next blank line; its length is the last
//   `Content-Length:` in it, wherever it starts (bytes before it are leftovers of a broken frame
//   and are dropped). A block without a usable length is dropped whole.
// - A body that is not JSON is reported and skipped.
// - A length that is too long would wait forever for bytes that never come (or swallow the
//   messages that follow): when a body is not complete within its time budget from the header
//   (`stallMs` plus the time its size takes at 20 MB/s), the header is taken as broken and the
//   bytes after it are read again as headers.
import { AbstractMessageReader, Disposable, type DataCallback, type Message } from 'vscode-languageserver/node';

const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');
const LENGTH_FIELD = /content-length:[ \t]*([^\r\n]*)/gi;
/** A body larger than this is refused as a broken header (a whole scenario is a few MB at most). */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
/** Header mode keeps at most this much while no blank line arrives (a header is a few dozen bytes). */
const MAX_HEADER_BYTES = 64 * 1024;
/** A body not complete this long after its header (plus its size at 20 MB/s) is not coming. */
const DEFAULT_STALL_MS = 2_000;
const BYTES_PER_MS = 20_000;

/** Where the next body starts and how long it is, or why the header block was dropped. */
type HeaderVerdict = { length: number } | { problem: string };

export function readHeaderBlock(block: string): HeaderVerdict {
  const fields = [...block.matchAll(LENGTH_FIELD)];
  const last = fields.at(-1);
  if (!last) return { problem: `a header without Content-Length (${describe(block)})` };
  const value = last[1].trim();
  if (!/^\d+$/.test(value)) return { problem: `Content-Length is not a whole number of bytes: ${describe(value)}` };
  const length = Number(value);
  if (length > MAX_MESSAGE_BYTES) return { problem: `Content-Length ${length} is over the ${MAX_MESSAGE_BYTES}-byte limit` };
  return { length };
}

function describe(text: string): string {
  const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return JSON.stringify(shown);
}

/**
 * Received bytes not yet read, as a list of chunks: appending is O(1) and bytes are joined only
 * when a header or a whole body is taken, so a large message costs linear time.
 */
class ByteQueue {
  private chunks: Buffer[] = [];
  length = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** All bytes as one buffer (joined once, then kept joined). */
  all(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.length)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  /** Removes and returns the first `n` bytes. */
  take(n: number): Buffer {
    const joined = this.all();
    const head = joined.subarray(0, n);
    const rest = joined.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
    return head;
  }
}

export class ResyncingMessageReader extends AbstractMessageReader {
  private readonly queue = new ByteQueue();
  private bodyLength = -1;
  private callback: DataCallback | undefined;
  private stallTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly stallMs = DEFAULT_STALL_MS,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer | string) => this.onData(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    const onError = (error: Error) => this.fireError(error);
    // `end` and `close` may both come: the owner hears of the end once.
    const onClose = () => {
      if (this.closed) return;
      this.closed = true;
      this.clearStall();
      this.fireClose();
    };
    this.input.on('data', onData);
    this.input.on('error', onError);
    this.input.on('end', onClose);
    this.input.on('close', onClose);
    return Disposable.create(() => {
      this.clearStall();
      this.input.off('data', onData);
      this.input.off('error', onError);
      this.input.off('end', onClose);
      this.input.off('close', onClose);
    });
  }

  private onData(chunk: Buffer): void {
    this.queue.push(chunk);
    this.drain();
  }

  private drain(): void {
    for (;;) {
      if (this.bodyLength < 0) {
        if (!this.takeHeader()) return;
        // The budget runs from the header, not from the last byte: a chatty client must not
        // keep a lying header alive.
        this.stallTimer = setTimeout(() => this.onStall(), this.stallMs + this.bodyLength / BYTES_PER_MS);
        this.stallTimer.unref?.();
      }
      if (this.queue.length < this.bodyLength) return;
      this.clearStall();
      const body = this.queue.take(this.bodyLength);
      this.bodyLength = -1;
      this.deliver(body);
    }
  }

  /** The body never completed: its length was wrong; read what came after the header as headers. */
  private onStall(): void {
    this.stallTimer = undefined;
    if (this.bodyLength < 0) return;
    this.fireError(new Error(`Dropped a header whose Content-Length ${this.bodyLength} was not reached in time (${this.queue.length} bytes came)`));
    this.bodyLength = -1;
    this.drain();
  }

  private clearStall(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }

  /** Consumes one header block; true when a body length is known. */
  private takeHeader(): boolean {
    for (;;) {
      const bytes = this.queue.all();
      const end = bytes.indexOf(HEADER_END);
      if (end < 0) {
        if (this.queue.length > MAX_HEADER_BYTES) this.dropUnframed();
        return false;
      }
      const verdict = readHeaderBlock(this.queue.take(end + HEADER_END.length).subarray(0, end).toString('latin1'));
      if ('length' in verdict) {
        this.bodyLength = verdict.length;
        return true;
      }
      this.fireError(new Error(`Dropped ${verdict.problem}`));
    }
  }

  /** Too many bytes without a blank line: keep only a tail that may hold the start of a header. */
  private dropUnframed(): void {
    const keep = 32;
    const dropped = this.queue.length - keep;
    this.queue.take(dropped);
    this.fireError(new Error(`Dropped ${dropped} bytes that were not a message`));
  }

  private deliver(body: Buffer): void {
    let message: Message;
    try {
      message = JSON.parse(body.toString('utf8')) as Message;
    } catch (error) {
      this.fireError(new Error(`Dropped a message that is not JSON (${(error as Error).message}): ${describe(body.toString('utf8'))}`));
      return;
    }
    this.callback?.(message);
  }
}
