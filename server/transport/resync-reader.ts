// Reads LSP frames (`Content-Length: N\r\n\r\n` + N bytes of JSON) from stdin, and recovers from
// frames that lie about their length. vscode-jsonrpc's own stream reader accepts a negative
// length, and after a length that is too short it treats the leftover bytes as the start of the
// next header, drops that header and goes deaf for good. Editors do not send such frames, but a
// buggy client or a proxy can, and one bad frame must cost one message, not the session.
//
// Recovery rule: a header block is everything up to the next blank line; its length is the last
// `Content-Length:` in it, wherever it starts (bytes before it are leftovers of a broken frame
// and are dropped). A block without a usable length is dropped whole. A body that is not JSON is
// reported and skipped.
import { AbstractMessageReader, Disposable, type DataCallback, type Message } from 'vscode-languageserver/node';

const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');
const LENGTH_FIELD = /content-length:[ \t]*([^\r\n]*)/gi;
/** A body larger than this is refused as a broken header (a whole scenario is a few MB at most). */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
/** Header mode keeps at most this much while no blank line arrives (a header is a few dozen bytes). */
const MAX_HEADER_BYTES = 64 * 1024;

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

export class ResyncingMessageReader extends AbstractMessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  private bodyLength = -1;
  private callback: DataCallback | undefined;

  constructor(private readonly input: NodeJS.ReadableStream) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer | string) => this.onData(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    const onError = (error: Error) => this.fireError(error);
    const onClose = () => this.fireClose();
    this.input.on('data', onData);
    this.input.on('error', onError);
    this.input.on('end', onClose);
    this.input.on('close', onClose);
    return Disposable.create(() => {
      this.input.off('data', onData);
      this.input.off('error', onError);
      this.input.off('end', onClose);
      this.input.off('close', onClose);
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.bodyLength < 0 && !this.takeHeader()) return;
      if (this.buffer.length < this.bodyLength) return;
      const body = this.buffer.subarray(0, this.bodyLength);
      this.buffer = this.buffer.subarray(this.bodyLength);
      this.bodyLength = -1;
      this.deliver(body);
    }
  }

  /** Consumes one header block; true when a body length is known. */
  private takeHeader(): boolean {
    for (;;) {
      const end = this.buffer.indexOf(HEADER_END);
      if (end < 0) {
        if (this.buffer.length > MAX_HEADER_BYTES) this.dropUnframed();
        return false;
      }
      const verdict = readHeaderBlock(this.buffer.subarray(0, end).toString('latin1'));
      this.buffer = this.buffer.subarray(end + HEADER_END.length);
      if ('length' in verdict) {
        this.bodyLength = verdict.length;
        return true;
      }
      this.fireError(new Error(`Dropped ${verdict.problem}`));
    }
  }

  /** Too many bytes without a blank line: keep only a tail that may hold the start of a header. */
  private dropUnframed(): void {
    const tail = this.buffer.subarray(this.buffer.length - 32);
    this.fireError(new Error(`Dropped ${this.buffer.length - tail.length} bytes that were not a message`));
    this.buffer = Buffer.from(tail);
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
