// A server-sent events subscription: connects, counts events, times the first one, and ends
// after `until.events` events or `until.timeout`, whichever comes first. Reaching the timeout is
// a normal end; a refused connection, a non-2xx status or a stream that closes early is an error.
import type { Dispatcher } from 'undici';
import type { SseStep } from '../../scenario/types';
import type { MetricsStore, StepMetrics } from '../metrics/store';
import { recordMs } from '../metrics/histogram';
import { addJarCookies, keepSetCookies } from './cookies';
import { classifyError } from './errors';
import { mergeHeaders } from './headers';
import type { RequestContext } from './request-step';
import { countRenderFailure, type StepRunner } from './step';
import { compileTemplate, type CompiledTemplate } from './template';
import { compileUrl, type ResolvedUrl } from './url';
import type { VuState } from './vu-state';

export class SseStepRunner implements StepRunner {
  readonly name: string;
  readonly metrics: StepMetrics;
  private readonly url: (vu: VuState) => ResolvedUrl;
  private readonly headers: [string, CompiledTemplate][];
  readonly untilEvents: number | undefined;
  readonly untilMs: number;
  private readonly connectTimeoutMs: number;
  /** Open subscriptions, so that a stop can close them at once. */
  readonly open = new Set<SseHandler>();

  constructor(
    private readonly step: SseStep,
    readonly ctx: RequestContext,
  ) {
    this.name = step.name;
    this.metrics = ctx.store.step(step.name, 'sse', ctx.flowName);
    this.url = compileUrl(step.url, {}, ctx.target);
    const merged = mergeHeaders(ctx.defaultHeaders, step.headers, { accept: 'text/event-stream', 'cache-control': 'no-cache' });
    this.headers = Object.entries(merged).map(([key, value]) => [key, compileTemplate(value)]);
    this.untilEvents = step.until.events;
    this.untilMs = step.until.timeoutMs;
    this.connectTimeoutMs = step.timeoutMs;
    ctx.streams?.push(this);
  }

  get store(): MetricsStore {
    return this.ctx.store;
  }

  run(vu: VuState, dueAt: number, done: (ok: boolean) => void): void {
    let url: ResolvedUrl;
    const headers: Record<string, string> = {};
    try {
      url = this.url(vu);
      for (const [key, template] of this.headers) headers[key] = template.render(vu);
    } catch (err) {
      countRenderFailure(this.ctx.store, this.metrics, this.ctx.flow, err);
      done(false);
      return;
    }
    // The user's cookies go with the subscription, as a browser's EventSource sends them.
    if (this.ctx.cookies) addJarCookies(headers, vu, `${url.origin}${url.path}`);
    // And what the stream's response sets is kept, as a browser would.
    const keep = this.ctx.cookies ? (rawHeaders: Buffer[]) => keepSetCookies(vu, `${url.origin}${url.path}`, rawHeaders) : undefined;
    const handler = new SseHandler(this, dueAt, done, keep);
    this.open.add(handler);
    try {
      const client = this.ctx.pools.stream(vu, url.origin);
      this.ctx.store.recordLag(performance.now() - dueAt);
      client.dispatch(
        {
          method: this.step.method.toUpperCase() as Dispatcher.HttpMethod,
          path: url.path,
          headers,
          headersTimeout: this.connectTimeoutMs,
          // Streams may stay quiet for long; `until.timeout` bounds the whole subscription.
          bodyTimeout: 0,
        },
        handler,
      );
    } catch (err) {
      handler.onError(err as Error);
    }
  }

  /** Ends every open subscription now (a stop): each counts what it received so far. */
  closeAll(): void {
    for (const handler of [...this.open]) handler.finishNow();
  }
}

class SseHandler implements Dispatcher.DispatchHandler {
  private status = 0;
  private events = 0;
  private firstEventAt = 0;
  private pending = '';
  private fieldSeen = false;
  private abort: ((err?: Error) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private finished = false;

  constructor(
    private readonly step: SseStepRunner,
    private readonly dueAt: number,
    private readonly done: (ok: boolean) => void,
    /** Keeps the response's Set-Cookie headers in the user's jar (cookies on). */
    private readonly keepCookies: ((rawHeaders: Buffer[]) => void) | undefined,
  ) {}

  onConnect(abort: (err?: Error) => void): void {
    this.abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.status = statusCode;
    this.keepCookies?.(rawHeaders);
    if (statusCode >= 200 && statusCode < 300) {
      const remaining = Math.max(0, this.step.untilMs - (performance.now() - this.dueAt));
      this.timer = setTimeout(() => this.finishNow(), remaining);
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.status < 200 || this.status >= 300 || this.finished) return true;
    this.pending += chunk.toString('utf8');
    let newline: number;
    while ((newline = this.pending.indexOf('\n')) !== -1) {
      const line = this.pending.slice(0, newline).replace(/\r$/, '');
      this.pending = this.pending.slice(newline + 1);
      if (line === '') {
        if (this.fieldSeen) this.onEvent();
        this.fieldSeen = false;
      } else if (!line.startsWith(':')) {
        this.fieldSeen = true;
      }
      if (this.finished) break;
    }
    return true;
  }

  private onEvent(): void {
    this.events++;
    if (this.events === 1) this.firstEventAt = performance.now();
    if (this.step.untilEvents !== undefined && this.events >= this.step.untilEvents) this.finishNow();
  }

  onComplete(): void {
    if (this.finished) return;
    // The server closed the stream before `until` was met.
    const ok = this.status >= 200 && this.status < 300;
    this.finish(ok ? (this.step.untilEvents !== undefined ? 'the stream ended before the expected events' : undefined) : `status ${this.status}`);
  }

  onError(err: Error): void {
    if (this.finished) return;
    if (this.step.ctx.env.cancelled) {
      this.finished = true;
      this.cleanup();
      this.done(false);
      return;
    }
    const { kind, message } = classifyError(err);
    this.finished = true;
    this.cleanup();
    this.step.store.recordFailedRequest(this.step.metrics, this.step.ctx.flow);
    this.step.store.recordError(this.step.metrics, kind, message, this.step.ctx.flow);
    this.done(false);
  }

  /** `until` was met (events or timeout) or the run stops: a normal end. */
  finishNow(): void {
    if (this.finished) return;
    this.finish(undefined);
    this.abort?.();
  }

  private finish(failure: string | undefined): void {
    this.finished = true;
    this.cleanup();
    const store = this.step.store;
    const metrics = this.step.metrics;
    store.recordStream(metrics, performance.now() - this.dueAt, this.status, this.step.ctx.flow);
    metrics.events += this.events;
    if (this.events > 0 && metrics.timeToFirstEvent) recordMs(metrics.timeToFirstEvent, this.firstEventAt - this.dueAt);
    if (failure) {
      store.recordError(metrics, failure.startsWith('status') ? 'status' : 'expectation', failure, this.step.ctx.flow);
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
