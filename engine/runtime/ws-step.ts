// A WebSocket session (contract, second edition: "WebSocket"), through the maintained `ws`
// client: connects (ws:// from an http target, wss:// from https, or an absolute ws(s):// URL),
// sends `send` in order once open, counts messages both ways, times the first message, and ends
// after `until.messages` messages or `until.timeout`, whichever comes first. Like an sse step,
// its latency is how long the session lasted. `ws` is loaded on a run's first session only.
import type WebSocket from 'ws';
import type { WsStep } from '../../scenario/types';
import type { MetricsStore, StepMetrics } from '../metrics/store';
import { recordMs } from '../metrics/histogram';
import { compileJson } from './body';
import { tlsOptions } from './connection-profile';
import { addJarCookies } from './cookies';
import { classifyError } from './errors';
import { mergeHeaders } from './headers';
import type { RequestContext } from './request-step';
import { countRenderFailure, type StepRunner } from './step';
import { compileTemplate, type CompiledTemplate } from './template';
import { compileUrl, type ResolvedUrl } from './url';
import type { VuState } from './vu-state';

let wsClass: typeof WebSocket | undefined;
const loadWs = (): typeof WebSocket => (wsClass ??= require('ws') as typeof WebSocket);

/** A message to send: text rendered per session, or a value sent as JSON (its strings rendered). */
type OutgoingMessage = { text: CompiledTemplate } | { json: ReturnType<typeof compileJson> };

export class WsStepRunner implements StepRunner {
  readonly name: string;
  readonly metrics: StepMetrics;
  private readonly url: (vu: VuState) => string;
  private readonly headers: [string, CompiledTemplate][];
  private readonly messages: OutgoingMessage[];
  readonly untilMessages: number | undefined;
  readonly untilMs: number;
  readonly connectTimeoutMs: number;
  readonly contains: CompiledTemplate | undefined;
  private readonly tls: ReturnType<typeof tlsOptions>;
  readonly open = new Set<WsSession>();

  constructor(
    step: WsStep,
    readonly ctx: RequestContext,
  ) {
    this.name = step.name;
    this.metrics = ctx.store.step(step.name, 'ws', ctx.flowName);
    this.url = compileWsUrl(step.url, ctx);
    const merged = mergeHeaders(ctx.defaultHeaders, step.headers);
    // The handshake sets these itself.
    for (const key of ['connection', 'upgrade', 'sec-websocket-key', 'sec-websocket-version', 'content-type']) delete merged[key];
    this.headers = Object.entries(merged).map(([key, value]) => [key, compileTemplate(value)]);
    this.messages = step.send.map((message) => (typeof message === 'string' ? { text: compileTemplate(message) } : { json: compileJson(message) }));
    this.untilMessages = step.until.messages;
    this.untilMs = step.until.timeoutMs;
    this.connectTimeoutMs = step.timeoutMs;
    this.contains = step.expect.contains !== undefined ? compileTemplate(step.expect.contains) : undefined;
    // `defaults.tls` for the handshake's TLS connection, as for HTTP requests.
    this.tls = tlsOptions(ctx.tls);
    ctx.streams?.push(this);
  }

  get store(): MetricsStore {
    return this.ctx.store;
  }

  run(vu: VuState, dueAt: number, done: (ok: boolean) => void): void {
    let url: string;
    const headers: Record<string, string> = {};
    let outgoing: string[];
    let needle: string | undefined;
    try {
      url = this.url(vu);
      for (const [key, template] of this.headers) headers[key] = template.render(vu);
      outgoing = this.messages.map((message) => ('text' in message ? message.text.render(vu) : JSON.stringify(message.json.render(vu))));
      needle = this.contains?.render(vu);
    } catch (err) {
      countRenderFailure(this.ctx.store, this.metrics, this.ctx.flow, err);
      done(false);
      return;
    }
    // The user's cookies go with the handshake, as a browser's would.
    if (this.ctx.cookies) addJarCookies(headers, vu, url.replace(/^ws/i, 'http'));
    this.store.recordLag(performance.now() - dueAt);
    const session = new WsSession(this, dueAt, outgoing, needle, done);
    this.open.add(session);
    session.connect(loadWs(), url, { headers, handshakeTimeout: this.connectTimeoutMs, perMessageDeflate: false, ...this.tls });
  }

  /** Ends every open session now (a stop): each counts what it exchanged so far. */
  closeAll(): void {
    for (const session of [...this.open]) session.finishNow();
  }
}

class WsSession {
  private socket: WebSocket | undefined;
  private received = 0;
  private sent = 0;
  private firstAt = 0;
  private status = 0;
  private found: boolean;
  private timer: NodeJS.Timeout | undefined;
  private finished = false;

  constructor(
    private readonly step: WsStepRunner,
    private readonly dueAt: number,
    private readonly outgoing: string[],
    private readonly needle: string | undefined,
    private readonly done: (ok: boolean) => void,
  ) {
    this.found = needle === undefined;
  }

  connect(Ws: typeof WebSocket, url: string, options: WebSocket.ClientOptions): void {
    let socket: WebSocket;
    try {
      socket = new Ws(url, options);
    } catch (err) {
      this.fail(err as Error);
      return;
    }
    this.socket = socket;
    socket.on('upgrade', (response) => {
      this.status = response.statusCode ?? 101;
    });
    socket.on('open', () => {
      const remaining = Math.max(0, this.step.untilMs - (performance.now() - this.dueAt));
      this.timer = setTimeout(() => this.finishNow(), remaining);
      for (const message of this.outgoing) {
        socket.send(message);
        this.sent++;
      }
    });
    socket.on('message', (data: WebSocket.RawData) => {
      if (this.finished) return;
      this.received++;
      if (this.received === 1) this.firstAt = performance.now();
      if (!this.found && rawText(data).includes(this.needle as string)) this.found = true;
      if (this.step.untilMessages !== undefined && this.received >= this.step.untilMessages) this.finishNow();
    });
    socket.on('unexpected-response', (_request, response) => {
      this.status = response.statusCode ?? 0;
      response.resume();
      this.finish(`status ${this.status}`, 'status');
      socket.terminate();
    });
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => {
      if (this.finished) return;
      const early = this.step.untilMessages !== undefined && this.received < this.step.untilMessages;
      this.finish(early ? `the connection closed after ${this.received} of ${this.step.untilMessages} messages` : undefined, 'expectation');
    });
  }

  /** `until` was met (messages or timeout) or the run stops: a normal end. */
  finishNow(): void {
    if (this.finished) return;
    this.finish(undefined, 'expectation');
    this.socket?.close(1000);
    // A peer that does not answer the close handshake is not waited for.
    setTimeout(() => this.socket?.terminate(), 1000).unref();
  }

  private fail(err: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.cleanup();
    this.socket?.terminate();
    if (this.step.ctx.env.cancelled) {
      this.done(false);
      return;
    }
    const { kind, message } = classifyError(err);
    this.step.store.recordFailedRequest(this.step.metrics, this.step.ctx.flow);
    this.step.store.recordError(this.step.metrics, kind, message, this.step.ctx.flow);
    this.done(false);
  }

  private finish(failure: string | undefined, kind: 'status' | 'expectation'): void {
    if (this.finished) return;
    this.finished = true;
    this.cleanup();
    const { store, metrics } = this.step;
    const flow = this.step.ctx.flow;
    store.recordStream(metrics, performance.now() - this.dueAt, this.status, flow);
    metrics.events += this.received;
    metrics.sent += this.sent;
    if (this.received > 0 && metrics.timeToFirstEvent) recordMs(metrics.timeToFirstEvent, this.firstAt - this.dueAt);
    const problem = failure ?? (this.found ? undefined : `no message contained ${JSON.stringify(this.needle)}`);
    if (problem) {
      store.recordError(metrics, failure ? kind : 'expectation', problem, flow);
      this.done(false);
      return;
    }
    this.done(true);
  }

  private cleanup(): void {
    if (this.timer) clearTimeout(this.timer);
    this.step.open.delete(this);
  }
}

function rawText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** `ws://`/`wss://` as written, or a path joined to the target with its scheme turned to ws(s). */
function compileWsUrl(text: string, ctx: RequestContext): (vu: VuState) => string {
  const template = compileTemplate(text);
  const http = compileUrl(text.replace(/^ws(s?):\/\//i, 'http$1://'), {}, ctx.target);
  return (vu) => {
    const written = template.render(vu);
    if (/^wss?:\/\//i.test(written)) return written;
    const resolved: ResolvedUrl = http(vu);
    return `${resolved.origin.replace(/^http/i, 'ws')}${resolved.path}`;
  };
}
