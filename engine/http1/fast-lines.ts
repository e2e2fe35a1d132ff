// The status line and header lines of a response, read straight from the socket's bytes.
//
// http-parser-js reads every line into a string (`consumeLine`) and then splits it with a regular
// expression: per response from nginx, about fifteen strings and ten match arrays. In a closed
// loop on one core that was half of what the engine allocated per request (~5 KB; sampled with
// HeapProfiler.startSampling including what the scavenger collected), so V8 scavenged every
// ~37 ms, and the requests caught in each pause made the run's p99.
//
// Here a line that lies whole in the read at hand is read in place: the name up to the colon,
// the value past the leading blanks (trailing ones kept, as llhttp gives them to undici). Its
// strings are the ones this connection's previous response had at the same position when the
// bytes are the same — a server sends the same `Server`, `Content-Type` and `Connection` each
// time — so a repeated response allocates no header string at all. Any line this does not read
// exactly as the parser's own rules would (split across reads, blank, folded, a stray CR, no
// colon) goes to http-parser-js's own code, unchanged: the result is the same either way.
//
// Once the head is read, the parser also takes a body as chunked where llhttp would
// (`framedKeepAlive`): the one place its framing reads less than undici's.
import { HTTPParser } from 'http-parser-js';

// Lines the slow way are read as latin1 too: every byte one character, as the fast way reads them.
HTTPParser.encoding = 'latin1';

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const COLON = 0x3a;
const DOT = 0x2e;
/** `HTTP/` */
const HTTP_SLASH = [0x48, 0x54, 0x54, 0x50, 0x2f];

/** The parser's own state, which its line readers use (http-parser-js keeps it on the instance). */
interface ParserState {
  chunk: Buffer;
  offset: number;
  end: number;
  /** A line begun in an earlier read. */
  line: string;
  state: string;
  body_bytes: number | null;
  isChunked: boolean;
  info: { headers: string[]; versionMajor: number; versionMinor: number; statusCode: number; statusMessage: string; upgrade: boolean };
}

type Parser = InstanceType<typeof HTTPParser>;
type LineReader = (this: Parser) => boolean | void;
const parserLines = HTTPParser.prototype as unknown as { RESPONSE_LINE: LineReader; HEADER: LineReader; shouldKeepAlive: (this: Parser) => boolean };
const slowStatusLine = parserLines.RESPONSE_LINE;
const slowHeaderLine = parserLines.HEADER;
const keepAliveRule = parserLines.shouldKeepAlive;

/** A header line as llhttp gives it to undici: the value keeps its trailing whitespace. */
const HEADER_LINE = /^([^: \t]+):[ \t]*(.*)$/;
const parseHeaderLine = HTTPParser.prototype.parseHeader;

/**
 * A header (or trailer) line the slow way: http-parser-js trims a value's trailing whitespace,
 * undici keeps it; other lines (folded, malformed) are left to http-parser-js.
 */
function parseHeader(this: Parser, line: string, headers: string[]): void {
  const match = HEADER_LINE.exec(line);
  if (match) headers.push(match[1], match[2]);
  else parseHeaderLine.call(this, line, headers);
}

const isDigit = (byte: number): boolean => byte >= 0x30 && byte <= 0x39;

/** The string of `chunk[from, to)` (latin1), `kept[at]` itself when its bytes are the same. */
function reuse(kept: string[], at: number, chunk: Buffer, from: number, to: number): string {
  const previous = kept[at];
  const length = to - from;
  if (previous !== undefined && previous.length === length) {
    let same = true;
    for (let i = 0; i < length; i++) {
      if (previous.charCodeAt(i) !== chunk[from + i]) {
        same = false;
        break;
      }
    }
    if (same) return previous;
  }
  const text = chunk.toString('latin1', from, to);
  kept[at] = text;
  return text;
}

/** Whether `chunk[from, to)` holds a CR: a line with one inside is left to http-parser-js. */
function hasCr(chunk: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (chunk[i] === CR) return true;
  return false;
}

/** Where the line ending with the LF at `lf` ends without its CR. */
const contentEnd = (chunk: Buffer, start: number, lf: number): number => (lf > start && chunk[lf - 1] === CR ? lf - 1 : lf);

/** The end of the line starting at `offset` (the LF's index), or -1 if it is not whole in this read. */
function wholeLine(state: ParserState): number {
  if (state.line !== '') return -1;
  // A loop bounded by the read's end: the bytes past it (a shared read buffer's) are stale.
  const chunk = state.chunk;
  for (let i = state.offset; i < state.end; i++) if (chunk[i] === LF) return i;
  return -1;
}

/** A response parser (http-parser-js's) whose status and header lines are read as above. */
export class FastLineParser extends HTTPParser {
  /** The previous response's header names and values, by position, and its reason phrase. */
  readonly keptNames: string[] = [];
  readonly keptValues: string[] = [];
  readonly keptReasons: string[] = [];

  constructor() {
    super(HTTPParser.RESPONSE);
  }
}

/** `HTTP/d.d ddd reason`, as http-parser-js's /^HTTP\/(\d)\.(\d) (\d{3}) ?(.*)$/ reads it. */
function readStatusLine(this: FastLineParser): boolean | void {
  const state = this as unknown as ParserState;
  const lf = wholeLine(state);
  if (lf < 0) return slowStatusLine.call(this);
  const chunk = state.chunk;
  const start = state.offset;
  const end = contentEnd(chunk, start, lf);
  if (end - start < 12) return slowStatusLine.call(this);
  for (let i = 0; i < 5; i++) if (chunk[start + i] !== HTTP_SLASH[i]) return slowStatusLine.call(this);
  if (!isDigit(chunk[start + 5]) || chunk[start + 6] !== DOT || !isDigit(chunk[start + 7]) || chunk[start + 8] !== SPACE) return slowStatusLine.call(this);
  if (!isDigit(chunk[start + 9]) || !isDigit(chunk[start + 10]) || !isDigit(chunk[start + 11])) return slowStatusLine.call(this);
  const reasonAt = chunk[start + 12] === SPACE ? start + 13 : start + 12;
  if (hasCr(chunk, reasonAt, end)) return slowStatusLine.call(this);
  const info = state.info;
  info.versionMajor = chunk[start + 5] - 0x30;
  info.versionMinor = chunk[start + 7] - 0x30;
  const status = (chunk[start + 9] - 0x30) * 100 + (chunk[start + 10] - 0x30) * 10 + (chunk[start + 11] - 0x30);
  info.statusCode = status;
  info.statusMessage = reuse(this.keptReasons, 0, chunk, reasonAt, end);
  // Implied zero length, as http-parser-js has it.
  if ((status / 100) >>> 0 === 1 || status === 204 || status === 304) state.body_bytes = 0;
  state.state = 'HEADER';
  state.offset = lf + 1;
}

/** `name: value`, as parseHeader reads it (/^([^: \t]+):[ \t]*(.*)$/). */
function readHeaderLine(this: FastLineParser): boolean | void {
  const state = this as unknown as ParserState;
  const lf = wholeLine(state);
  if (lf < 0) return slowHeaderLine.call(this);
  const chunk = state.chunk;
  const start = state.offset;
  const end = contentEnd(chunk, start, lf);
  // The blank line ending the head: http-parser-js frames the body from the headers.
  if (end === start) return slowHeaderLine.call(this);
  let colon = start;
  for (; colon < end; colon++) {
    const byte = chunk[colon];
    if (byte === COLON) break;
    if (byte === SPACE || byte === TAB || byte === CR) return slowHeaderLine.call(this);
  }
  if (colon === start || colon === end) return slowHeaderLine.call(this);
  let valueAt = colon + 1;
  while (valueAt < end && (chunk[valueAt] === SPACE || chunk[valueAt] === TAB)) valueAt++;
  if (hasCr(chunk, valueAt, end)) return slowHeaderLine.call(this);
  const headers = state.info.headers;
  const at = headers.length >> 1;
  headers.push(reuse(this.keptNames, at, chunk, start, colon), reuse(this.keptValues, at, chunk, valueAt, end));
  state.offset = lf + 1;
}

/** A Transfer-Encoding whose last coding is chunked (`chunked`, `gzip, chunked`, any case, blanks around). */
const CHUNKED_LAST = /(?:^|,)[ \t]*chunked[ \t]*$/i;

/**
 * Framing as llhttp (so undici) reads it, asked once the head is read and before the response's
 * keep-alive is decided: http-parser-js takes a body as chunked only for the exact value
 * `chunked`, llhttp for any list whose last coding is chunked, blanks around included (without
 * this, `chunked ` or `gzip, chunked` was read to a close that never came). The last
 * Transfer-Encoding header decides, as in http-parser-js; an upgrade keeps its own framing.
 */
function framedKeepAlive(this: FastLineParser): boolean {
  const state = this as unknown as ParserState;
  const headers = state.info.headers;
  if (!state.isChunked && !state.info.upgrade) {
    for (let i = headers.length - 2; i >= 0; i -= 2) {
      if (headers[i].length !== 17 || headers[i].toLowerCase() !== 'transfer-encoding') continue;
      if (CHUNKED_LAST.test(headers[i + 1])) {
        state.isChunked = true;
        state.body_bytes = null;
      }
      break;
    }
  }
  return keepAliveRule.call(this);
}

// The parser calls `this[this.state]()`: its status and header states are these readers. (Its
// typings call the state methods private, so they are set here rather than overridden.)
const lineReaders = FastLineParser.prototype as unknown as {
  RESPONSE_LINE: typeof readStatusLine;
  HEADER: typeof readHeaderLine;
  parseHeader: typeof parseHeader;
  shouldKeepAlive: typeof framedKeepAlive;
};
lineReaders.RESPONSE_LINE = readStatusLine;
lineReaders.HEADER = readHeaderLine;
lineReaders.parseHeader = parseHeader;
lineReaders.shouldKeepAlive = framedKeepAlive;
