// An HTTP request step: compiled once, dispatched through undici's callback API (the cheapest
// path per request), measured from when it was due to the last byte of its response.
import type { Dispatcher } from 'undici';
import type { RequestStep } from '../../scenario/types';
import type { FlowMetrics, MetricsStore, StepMetrics } from '../metrics/store';
import { compileBody, type CompiledBody } from './body';
import { parseCaptureSource, readJsonPath, readRawHeader, type CaptureSource } from './capture';
import { classifyError } from './errors';
import type { Deadlines, Expirable } from './deadlines';
import type { HttpPools } from './http-pools';

/** A body kept for `body.` captures beyond this size is not parsed: memory stays bounded. */
export const MAX_CAPTURE_BODY_BYTES = 16 * 1024 * 1024;
/** undici's own timers tick about once a second: they only back up our deadline. */
const UNDICI_TIMEOUT_SLACK_MS = 2_000;
import type { StepEnvironment, StepRunner } from './step';
import { compileTemplate, TemplateError, type CompiledTemplate } from './template';
import { compileUrl, type ResolvedUrl, type Target } from './url';
import type { VuState } from './vu-state';

export interface RequestContext {
  target: Target | undefined;
  pools: HttpPools;
  /** Enforces each request's total `timeout`. */
  deadlines: Deadlines;
  store: MetricsStore;
  env: StepEnvironment;
  defaultHeaders: Record<string, string>;
  /** The flow's metrics, or undefined in setup and teardown. */
  flow: FlowMetrics | undefined;
  flowName: string;
}

interface CompiledCapture {
  name: string;
  source: string;
  parsed: CaptureSource | undefined;
}

export class RequestStepRunner implements StepRunner {
  readonly name: string;
  readonly method: string;
  readonly metrics: StepMetrics;
  readonly url: (vu: VuState) => ResolvedUrl;
  readonly headers: [string, CompiledTemplate][];
  readonly staticHeaders: Record<string, string> | undefined;
  readonly body: CompiledBody | undefined;
  readonly timeoutMs: number;
  readonly expectStatus: number[] | undefined;
  readonly expectContains: CompiledTemplate | undefined;
  readonly maxLatencyMs: number | undefined;
  readonly captures: CompiledCapture[];
  /** Captures read the body: it is kept (up to MAX_CAPTURE_BODY_BYTES). */
  readonly needBody: boolean;
  readonly needHeaders: boolean;
  /** For a request with nothing to render (the common hot case): origin and options, built once. */
  private readonly fixed: { origin: string; options: Dispatcher.DispatchOptions } | undefined;

  constructor(
    step: RequestStep,
    readonly ctx: RequestContext,
  ) {
    this.name = step.name;
    this.method = step.method.toUpperCase();
    this.metrics = ctx.store.step(step.name, 'request', ctx.flowName);
    this.url = compileUrl(step.url, step.query, ctx.target);
    const merged: Record<string, string> = {};
    for (const [key, value] of Object.entries(ctx.defaultHeaders)) merged[key.toLowerCase()] = value;
    for (const [key, value] of Object.entries(step.headers)) merged[key.toLowerCase()] = value;
    this.body = step.body ? compileBody(step.body) : undefined;
    if (this.body && merged['content-type'] === undefined) merged['content-type'] = this.body.contentType;
    this.headers = Object.entries(merged).map(([key, value]) => [key, compileTemplate(value)]);
    this.staticHeaders = this.headers.every(([, template]) => template.constant !== undefined)
      ? Object.fromEntries(this.headers.map(([key, template]) => [key, template.constant as string]))
      : undefined;
    this.timeoutMs = step.timeoutMs;
    this.expectStatus = step.expect.status;
    this.expectContains = step.expect.contains !== undefined ? compileTemplate(step.expect.contains) : undefined;
    this.maxLatencyMs = step.expect.maxLatencyMs;
    this.captures = Object.entries(step.capture).map(([name, source]) => ({
      name,
      source,
      parsed: parseCaptureSource(source),
    }));
    this.needBody = this.captures.some((capture) => capture.parsed?.from === 'body');
    this.needHeaders = this.captures.some((capture) => capture.parsed?.from === 'header');
    this.fixed = this.buildFixed(step);
  }

  /** The origin of a request with nothing to render per user, known before the load starts. */
  get fixedOrigin(): string | undefined {
    return this.fixed?.origin;
  }

  private buildFixed(step: RequestStep): RequestStepRunner['fixed'] {
    if (!this.staticHeaders || step.body) return undefined;
    let url: ResolvedUrl;
    try {
      // A URL with templates needs a VU; a constant one ignores it.
      url = this.url(undefined as unknown as VuState);
    } catch {
      return undefined;
    }
    return { origin: url.origin, options: this.options(url.path, this.staticHeaders, undefined) };
  }

  private options(path: string, headers: Record<string, string>, body: string | Buffer | undefined): Dispatcher.DispatchOptions {
    return {
      method: this.method as Dispatcher.HttpMethod,
      path,
      headers,
      body,
      headersTimeout: this.timeoutMs + UNDICI_TIMEOUT_SLACK_MS,
      bodyTimeout: this.timeoutMs + UNDICI_TIMEOUT_SLACK_MS,
    };
  }

  run(vu: VuState, dueAt: number, done: (ok: boolean) => void): void {
    const fixed = this.fixed;
    if (fixed) {
      const handler = new ResponseHandler(this, vu, dueAt, done);
      try {
        const client = this.ctx.pools.get(vu, fixed.origin);
        this.ctx.store.recordLag(performance.now() - dueAt);
        client.dispatch(fixed.options, handler);
      } catch (err) {
        handler.onError(err as Error);
      }
      return;
    }
    let url: ResolvedUrl;
    let headers: Record<string, string>;
    let body: string | Buffer | undefined;
    try {
      url = this.url(vu);
      headers = this.staticHeaders ?? this.renderHeaders(vu);
      body = this.body?.render(vu);
    } catch (err) {
      this.ctx.store.recordFailedRequest(this.metrics);
      const message = err instanceof TemplateError ? err.message : String(err);
      this.ctx.store.recordError(this.metrics, 'template', message);
      done(false);
      return;
    }
    const handler = new ResponseHandler(this, vu, dueAt, done);
    try {
      const client = this.ctx.pools.get(vu, url.origin);
      const options = this.options(url.path, headers, body);
      // Lag ends here: the request is handed to its connection (rendering counted as the engine's).
      this.ctx.store.recordLag(performance.now() - dueAt);
      client.dispatch(options, handler);
    } catch (err) {
      handler.onError(err as Error);
    }
  }

  private renderHeaders(vu: VuState): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, template] of this.headers) out[key] = template.render(vu);
    return out;
  }
}

/** Per-request state, in the shape undici's dispatcher calls back into. */
class ResponseHandler implements Dispatcher.DispatchHandler, Expirable {
  private status = 0;
  private chunks: Buffer[] | undefined;
  private bodyBytes = 0;
  private bodyTooLarge = false;
  private rawHeaders: Buffer[] | undefined;
  private finished = false;
  private abort: ((err?: Error) => void) | undefined;
  readonly deadline: number;
  slot = -1;
  /** `expect.contains`, searched as the body streams by, so the body is never kept for it. */
  private needle: Buffer | undefined;
  private needleError: string | undefined;
  private needleFound = false;
  private tail: Buffer | undefined;

  constructor(
    private readonly step: RequestStepRunner,
    private readonly vu: VuState,
    private readonly dueAt: number,
    private readonly done: (ok: boolean) => void,
  ) {
    // The timeout counts from when the request was due, like its latency.
    this.deadline = dueAt + step.timeoutMs;
    step.ctx.deadlines.watch(this);
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abort = abort;
    // Timed out while still waiting for a connection: drop it now.
    if (this.finished) abort();
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.status = statusCode;
    const step = this.step;
    if (step.needHeaders) this.rawHeaders = rawHeaders;
    if (step.needBody) this.chunks = [];
    if (step.expectContains) {
      try {
        this.needle = Buffer.from(step.expectContains.render(this.vu));
        this.needleFound = this.needle.length === 0;
      } catch (err) {
        this.needleError = (err as Error).message;
      }
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.needle && !this.needleFound) this.search(chunk);
    if (this.chunks !== undefined) {
      this.bodyBytes += chunk.length;
      if (this.bodyBytes > MAX_CAPTURE_BODY_BYTES) {
        this.chunks = undefined;
        this.bodyTooLarge = true;
      } else this.chunks.push(chunk);
    }
    return true;
  }

  /** Finds the needle across chunk boundaries, keeping only its length less one byte. */
  private search(chunk: Buffer): void {
    const needle = this.needle as Buffer;
    const haystack = this.tail ? Buffer.concat([this.tail, chunk]) : chunk;
    if (haystack.indexOf(needle) >= 0) {
      this.needleFound = true;
      this.tail = undefined;
      return;
    }
    const keep = Math.min(haystack.length, needle.length - 1);
    this.tail = keep > 0 ? Buffer.from(haystack.subarray(haystack.length - keep)) : undefined;
  }

  onComplete(): void {
    if (this.finished) return;
    this.finished = true;
    const step = this.step;
    step.ctx.deadlines.unwatch(this);
    const store = step.ctx.store;
    const latency = performance.now() - this.dueAt;
    store.recordRequest(step.metrics, latency, this.status, step.ctx.flow);
    const failure = this.check(latency);
    if (failure) {
      store.recordError(step.metrics, failure.kind, failure.message);
      this.done(false);
      return;
    }
    this.done(true);
  }

  onError(err: Error): void {
    if (this.finished) return;
    this.finished = true;
    const step = this.step;
    step.ctx.deadlines.unwatch(this);
    if (step.ctx.env.cancelled) {
      // Cut by a stop: the user ended the run, the target did not fail.
      this.done(false);
      return;
    }
    const { kind, message } = classifyError(err);
    step.ctx.store.recordFailedRequest(step.metrics);
    step.ctx.store.recordError(step.metrics, kind, message);
    this.done(false);
  }

  /** The whole response did not arrive within the step's `timeout`. */
  expire(): void {
    if (this.finished) return;
    this.finished = true;
    const step = this.step;
    step.ctx.store.recordFailedRequest(step.metrics);
    step.ctx.store.recordError(step.metrics, 'timeout', `timeout: no complete response within ${step.timeoutMs}ms`);
    this.abort?.();
    this.done(false);
  }

  /** Expectations and captures; returns the first failure. */
  private check(latency: number): { kind: 'status' | 'expectation' | 'capture'; message: string } | undefined {
    const step = this.step;
    const status = this.status;
    if (step.expectStatus ? !step.expectStatus.includes(status) : status >= 400) {
      const wanted = step.expectStatus ? ` (expected ${step.expectStatus.join(' or ')})` : '';
      return { kind: 'status', message: `status ${status}${wanted}` };
    }
    if (step.maxLatencyMs !== undefined && latency > step.maxLatencyMs) {
      return { kind: 'expectation', message: `latency above maxLatency ${step.maxLatencyMs}ms` };
    }
    if (step.expectContains) {
      if (this.needleError !== undefined) return { kind: 'expectation', message: this.needleError };
      if (!this.needleFound) return { kind: 'expectation', message: `body does not contain ${JSON.stringify(this.needle?.toString() ?? '')}` };
    }
    if (step.captures.length === 0) return undefined;
    if (this.bodyTooLarge) {
      return { kind: 'capture', message: `the response body is over ${MAX_CAPTURE_BODY_BYTES / (1024 * 1024)} MB: too large to capture from` };
    }
    const text = this.chunks ? Buffer.concat(this.chunks).toString('utf8') : '';
    let json: unknown;
    let jsonParsed = false;
    let jsonError = false;
    for (const capture of step.captures) {
      const source = capture.parsed;
      let value: string | number | boolean | undefined;
      if (!source) {
        return { kind: 'capture', message: `capture ${capture.name}: cannot read "${capture.source}"` };
      } else if (source.from === 'status') {
        value = status;
      } else if (source.from === 'header') {
        value = this.rawHeaders ? readRawHeader(this.rawHeaders, source.path[0] as string) : undefined;
      } else if (source.path.length === 0) {
        value = text;
      } else {
        if (!jsonParsed) {
          jsonParsed = true;
          try {
            json = JSON.parse(text);
          } catch {
            jsonError = true;
          }
        }
        if (jsonError) return { kind: 'capture', message: `capture ${capture.name}: the response body is not JSON` };
        value = readJsonPath(json, source.path);
      }
      if (value === undefined) {
        return { kind: 'capture', message: `capture ${capture.name}: ${capture.source} not found in the response` };
      }
      this.vu.vars[capture.name] = value;
    }
    return undefined;
  }
}
