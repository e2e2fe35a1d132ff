// An HTTP request step: compiled once, dispatched through undici's callback API (the cheapest
// path per request), measured from when it was due to the last byte of its response.
import type { ExchangeHandler, RawHeaders, RequestOptions } from '../http1/types';
import type { RequestStep, TlsOptions } from '../../scenario/types';
import type { StreamStep } from './stage-context';
import type { FlowMetrics, MetricsStore, StepMetrics } from '../metrics/store';
import { compileBody, type CompiledBody } from './body';
import { parseCaptureSource, type CaptureSource } from '../../scenario/capture-source';
import { readJsonPath, readRawHeader, readRegex } from './capture';
import type { ConnectionProfile } from './connection-profile';
import { jarCookie, jarCookies, joinCookies, keepSetCookies } from './cookies';
import { classifyError } from './errors';
import { CompiledExpectation } from './expectations';
import { mergeHeaders } from './headers';
import { KeptResponse } from './kept-response';
import { isRedirect, nextHop } from './redirects';
import type { Deadlines, Expirable } from './deadlines';
import type { HttpPools } from './http-pools';
import { describeExchange, type TrialSink } from './trial-exchange';
import type { TemplateValue } from '../protocol/exchange';
import { TemplateLog } from './template-log';

/** A body kept for `body.` captures beyond this size is not parsed: memory stays bounded. */
export const MAX_CAPTURE_BODY_BYTES = 16 * 1024 * 1024;
/** undici's own timers tick about once a second: they only back up our deadline. */
const UNDICI_TIMEOUT_SLACK_MS = 2_000;
import { countRenderFailure, type StepEnvironment, type StepRunner } from './step';
import { compileTemplate, type CompiledTemplate } from './template';
import { compileUrl, type CompiledUrl, type ResolvedUrl, type Target } from './url';
import type { Value, VuState } from './vu-state';

export interface RequestContext {
  target: Target | undefined;
  pools: HttpPools;
  /** Enforces each request's total `timeout`. */
  deadlines: Deadlines;
  store: MetricsStore;
  env: StepEnvironment;
  defaultHeaders: Record<string, string>;
  /** `defaults.cookies`: each user keeps a cookie jar. */
  cookies: boolean;
  /** `defaults.tls`, for connections undici does not make (WebSocket sessions). */
  tls?: TlsOptions;
  /** Where sse and ws steps register, so that a stop ends their sessions at once. */
  streams?: StreamStep[];
  /** The flow's metrics, or undefined in setup and teardown. */
  flow: FlowMetrics | undefined;
  flowName: string;
  /** A trial run (`stampede try`): every request is described to it once it has finished. */
  trial?: TrialSink;
}

interface CompiledCapture {
  name: string;
  /** As written, for messages. */
  source: string;
  parsed: CaptureSource | undefined;
  /** A regex capture's pattern, compiled once. */
  regex?: RegExp;
}

function compileCapture(name: string, spec: RequestStep['capture'][string]): CompiledCapture {
  const parsed = parseCaptureSource(spec);
  const source = typeof spec === 'string' ? spec : `regex ${spec.regex}`;
  if (!parsed.ok) return { name, source, parsed: undefined };
  const capture: CompiledCapture = { name, source, parsed: parsed.value };
  if (parsed.value.from === 'regex') capture.regex = new RegExp(parsed.value.pattern, 'u');
  return capture;
}

/** Where a capture reads: the body, the headers, or neither. */
function reads(capture: CompiledCapture): 'body' | 'headers' | undefined {
  const source = capture.parsed;
  if (!source) return undefined;
  if (source.from === 'body') return 'body';
  if (source.from === 'header') return 'headers';
  if (source.from === 'regex') return source.in === 'body' ? 'body' : 'headers';
  return undefined;
}

export class RequestStepRunner implements StepRunner {
  readonly name: string;
  readonly method: string;
  readonly metrics: StepMetrics;
  readonly url: CompiledUrl;
  readonly headers: [string, CompiledTemplate][];
  readonly staticHeaders: Record<string, string> | undefined;
  readonly body: CompiledBody | undefined;
  readonly timeoutMs: number;
  readonly expectStatus: number[] | undefined;
  readonly expectContains: CompiledTemplate | undefined;
  readonly maxLatencyMs: number | undefined;
  /** `expect`'s headers, json and matches (status, maxLatency and contains are tested inline). */
  readonly expectations: CompiledExpectation;
  /** `check:`, counted only. */
  readonly checks: CompiledExpectation | undefined;
  readonly captures: CompiledCapture[];
  /** Captures read the body: it is kept (up to MAX_CAPTURE_BODY_BYTES). */
  readonly needBody: boolean;
  readonly needHeaders: boolean;
  /** The request's own `tls`/`http2` connections; undefined for the default ones. */
  readonly profile: ConnectionProfile | undefined;
  readonly maxRedirects: number;
  /** `cookies: { NAME: VALUE }`, sent beside the jar's. */
  readonly cookies: [string, CompiledTemplate][];
  /** `auth: { user, password }`. */
  readonly auth: { user: CompiledTemplate; password: CompiledTemplate } | undefined;
  /** A `cookie` header written in the step or `defaults.headers`. */
  readonly writtenCookie: CompiledTemplate | undefined;
  /**
   * For a request with nothing to render (the common hot case): origin and options, built once.
   * Used while the user's jar is empty; after a Set-Cookie the request takes the general path.
   */
  private readonly fixed: { origin: string; options: RequestOptions } | undefined;

  constructor(
    step: RequestStep,
    readonly ctx: RequestContext,
  ) {
    this.name = step.name;
    this.method = step.method.toUpperCase();
    this.metrics = ctx.store.step(step.name, 'request', ctx.flowName);
    this.url = compileUrl(step.url, step.query, ctx.target);
    const merged = mergeHeaders(ctx.defaultHeaders, step.headers);
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
    this.captures = Object.entries(step.capture).map(([name, spec]) => compileCapture(name, spec));
    this.expectations = new CompiledExpectation({ ...step.expect, status: undefined, maxLatencyMs: undefined, contains: undefined }, { statusByDefault: false, streamedContains: true });
    this.checks = step.check ? new CompiledExpectation(step.check, { statusByDefault: false, streamedContains: false }) : undefined;
    const tested = [this.expectations, this.checks].filter((e): e is CompiledExpectation => e !== undefined);
    this.needBody = this.captures.some((capture) => reads(capture) === 'body') || tested.some((e) => e.needBody);
    this.needHeaders = this.captures.some((capture) => reads(capture) === 'headers') || tested.some((e) => e.needHeaders);
    this.profile = ctx.pools.profiles.for(step.connection);
    this.maxRedirects = step.connection.redirects;
    this.cookies = Object.entries(step.cookies).map(([name, value]) => [name, compileTemplate(value)]);
    this.auth = step.auth ? { user: compileTemplate(step.auth.user), password: compileTemplate(step.auth.password) } : undefined;
    this.writtenCookie = this.headers.find(([key]) => key === 'cookie')?.[1];
    this.fixed = this.buildFixed(step);
  }

  /** The origin of a request with nothing to render per user (default connections), known before the load starts. */
  get fixedOrigin(): string | undefined {
    return this.profile ? undefined : this.fixed?.origin;
  }

  private buildFixed(step: RequestStep): RequestStepRunner['fixed'] {
    const constant = (template: CompiledTemplate): boolean => template.constant !== undefined;
    if (!this.staticHeaders || (this.body && this.body.constant === undefined) || !this.cookies.every(([, value]) => constant(value))) return undefined;
    if (this.auth && !(constant(this.auth.user) && constant(this.auth.password))) return undefined;
    // Any template in the URL (even one that reads no user: `{{ random.uuid() }}`) renders per request.
    const url = this.url.constant;
    if (!url) return undefined;
    // Nothing here reads the VU: the jar is consulted only on the general path.
    const headers = this.sessionHeaders({ ...this.staticHeaders }, undefined as unknown as VuState, url, true, '');
    // The same object on every request: a connection may keep its head as bytes.
    return { origin: url.origin, options: { ...this.options(url.path, headers, this.body?.constant), reused: true } };
  }

  options(path: string, headers: Record<string, string>, body: string | Buffer | undefined, method = this.method): RequestOptions {
    return {
      method,
      path,
      headers,
      body,
      headersTimeout: this.timeoutMs + UNDICI_TIMEOUT_SLACK_MS,
      bodyTimeout: this.timeoutMs + UNDICI_TIMEOUT_SLACK_MS,
    };
  }

  /**
   * Adds basic auth (`auth:`, else credentials in the URL, only towards the request's own
   * origin) and the Cookie header (the step's own header, the jar's cookies for the URL, the
   * step's `cookies:`) to `headers`.
   */
  sessionHeaders(headers: Record<string, string>, vu: VuState, url: ResolvedUrl, ownOrigin: boolean, jar: string): Record<string, string> {
    if (ownOrigin) {
      const credentials = this.auth ? `${this.auth.user.render(vu)}:${this.auth.password.render(vu)}` : url.credentials;
      if (credentials !== undefined && (this.auth || headers.authorization === undefined)) {
        headers.authorization = `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
      }
    } else {
      // Browsers and fetch drop credentials on a redirect to another origin.
      delete headers.authorization;
    }
    // The common case (no jar cookie, no `cookies:`) leaves the written header alone, unjoined.
    if (jar !== '' || this.cookies.length > 0) setCookieHeader(headers, this.cookieHeader(vu, jar, headers.cookie));
    return headers;
  }

  /** The Cookie header: `written` (the step's own header), the jar's `jar`, the step's `cookies:`. */
  cookieHeader(vu: VuState, jar: string, written: string | undefined): string | undefined {
    const own = this.cookies.length > 0 ? this.cookies.map(([name, value]) => `${name}=${value.render(vu)}`).join('; ') : undefined;
    return joinCookies(written, jar, own);
  }

  /** The jar's cookies for a URL, when the scenario keeps them. */
  jarFor(vu: VuState, url: ResolvedUrl): string {
    return this.ctx.cookies && vu.jar ? jarCookies(vu, `${url.origin}${url.path}`) : '';
  }

  run(vu: VuState, dueAt: number, done: (ok: boolean) => void): void {
    const fixed = this.fixed;
    if (fixed && vu.jar === undefined) {
      const handler = new ResponseHandler(this, vu, dueAt, done, fixed.origin, fixed.options);
      try {
        const client = this.ctx.pools.get(vu, fixed.origin, this.profile);
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
    // A trial shows the value of each template: written down as it renders, never worked out again.
    const templateLog = this.ctx.trial ? (vu.templateLog = new TemplateLog()) : undefined;
    try {
      url = this.url(vu);
      headers = this.sessionHeaders(this.baseHeaders(vu), vu, url, true, this.jarFor(vu, url));
      body = this.body?.render(vu);
    } catch (err) {
      countRenderFailure(this.ctx.store, this.metrics, this.ctx.flow, err);
      done(false);
      return;
    } finally {
      if (templateLog) vu.templateLog = undefined;
    }
    const options = this.options(url.path, headers, body);
    const handler = new ResponseHandler(this, vu, dueAt, done, url.origin, options);
    if (templateLog) handler.templates = templateLog.values;
    try {
      const client = this.ctx.pools.get(vu, url.origin, this.profile);
      // Lag ends here: the request is handed to its connection (rendering counted as the engine's).
      this.ctx.store.recordLag(performance.now() - dueAt);
      client.dispatch(options, handler);
    } catch (err) {
      handler.onError(err as Error);
    }
  }

  /** The step's headers (defaults' included) for one request: a fresh object the caller may change. */
  baseHeaders(vu: VuState): Record<string, string> {
    if (this.staticHeaders) return { ...this.staticHeaders };
    const out: Record<string, string> = {};
    for (const [key, template] of this.headers) out[key] = template.render(vu);
    return out;
  }
}

function setCookieHeader(headers: Record<string, string>, cookie: string | undefined): void {
  if (cookie !== undefined) headers.cookie = cookie;
  else delete headers.cookie;
}

/** Per-request state, in the shape undici's dispatcher calls back into; one per step run, across its redirect hops. */
class ResponseHandler implements ExchangeHandler, Expirable {
  private status = 0;
  /** Redirect hops followed so far. */
  private hops = 0;
  /** Set while the current response is a redirect to follow: its body is drained, not read. */
  private location: string | undefined;
  private readonly startOrigin: string;
  private chunks: Buffer[] | undefined;
  private bodyBytes = 0;
  private bodyTooLarge = false;
  private rawHeaders: RawHeaders | undefined;
  private finished = false;
  private abort: ((err?: Error) => void) | undefined;
  readonly deadline: number;
  slot = -1;
  /** `expect.contains`, searched as the body streams by, so the body is never kept for it. */
  private needle: Buffer | undefined;
  private needleError: string | undefined;
  private needleFound = false;
  private tail: Buffer | undefined;
  /** A trial's: the template values the request was rendered with. */
  templates: TemplateValue[] | undefined;

  constructor(
    private readonly step: RequestStepRunner,
    private readonly vu: VuState,
    private readonly dueAt: number,
    private readonly done: (ok: boolean) => void,
    /** The request in flight (the latest hop's). */
    private origin: string,
    private options: RequestOptions,
  ) {
    this.startOrigin = origin;
    // The timeout counts from when the request was due (over every hop), like its latency.
    this.deadline = dueAt + step.timeoutMs;
    step.ctx.deadlines.watch(this);
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abort = abort;
    // Timed out while still waiting for a connection: drop it now.
    if (this.finished) abort();
  }

  onHeaders(statusCode: number, rawHeaders: RawHeaders): boolean {
    this.status = statusCode;
    const step = this.step;
    if (step.ctx.cookies) keepSetCookies(this.vu, `${this.origin}${this.options.path}`, rawHeaders);
    if (this.hops < step.maxRedirects && isRedirect(statusCode)) {
      this.location = readRawHeader(rawHeaders, 'location');
      if (this.location !== undefined) return true;
    }
    if (step.needHeaders || step.ctx.trial) this.rawHeaders = rawHeaders;
    if (step.needBody || step.ctx.trial) this.chunks = [];
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
    if (this.location !== undefined) return true;
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
    if (this.location !== undefined && this.follow(this.location)) return;
    this.finished = true;
    const step = this.step;
    step.ctx.deadlines.unwatch(this);
    const store = step.ctx.store;
    const latency = performance.now() - this.dueAt;
    store.recordRequest(step.metrics, latency, this.status, step.ctx.flow);
    const failure = this.check(latency);
    if (step.ctx.trial) this.describe(latency, failure, true);
    if (failure) {
      store.recordError(step.metrics, failure.kind, failure.message, step.ctx.flow);
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
    if (step.ctx.trial) this.describe(performance.now() - this.dueAt, { kind, message }, false);
    step.ctx.store.recordFailedRequest(step.metrics, step.ctx.flow);
    step.ctx.store.recordError(step.metrics, kind, message, step.ctx.flow);
    this.failChecks();
    // Not from inside undici's error handling: a user with nothing to wait for would dispatch its
    // next request on the same client before undici has finished failing this one (its queue
    // assertions then fail: seen with one user, no think, a refused port).
    queueMicrotask(() => this.done(false));
  }

  /** No response to test: every check of the step failed. */
  private failChecks(): void {
    const checks = this.step.checks;
    if (checks && checks.size > 0) this.step.ctx.store.recordChecks(this.step.metrics, 0, checks.size, this.step.ctx.flow);
  }

  /**
   * Sends the next hop of a redirect on this same handler: the hop just answered counts as a
   * request (its status too), the step's latency keeps running to the final response. False when
   * `location` is not an http(s) URL: the redirect response is then the final one.
   */
  private follow(location: string): boolean {
    const step = this.step;
    const vu = this.vu;
    this.location = undefined;
    const method = this.options.method as string;
    const hop = nextHop({ origin: this.origin, path: this.options.path }, location, this.status, method, this.startOrigin);
    if (!hop) return false;
    this.hops++;
    step.ctx.store.recordRedirect(step.metrics, this.status, step.ctx.flow);
    const headers = { ...(this.options.headers as Record<string, string>) };
    if (!hop.sameOrigin) delete headers.authorization;
    if (!hop.keepBody) {
      delete headers['content-type'];
      delete headers['content-length'];
    }
    setCookieHeader(headers, step.cookieHeader(vu, step.jarFor(vu, hop.url), step.writtenCookie?.render(vu)));
    this.origin = hop.url.origin;
    this.options = step.options(hop.url.path, headers, hop.keepBody ? (this.options.body as string | Buffer | undefined) : undefined, hop.method);
    this.status = 0;
    this.abort = undefined;
    try {
      step.ctx.pools.get(vu, this.origin, step.profile).dispatch(this.options, this);
    } catch (err) {
      this.onError(err as Error);
    }
    return true;
  }

  /** The whole response did not arrive within the step's `timeout`. */
  expire(): void {
    if (this.finished) return;
    this.finished = true;
    const step = this.step;
    const message = `timeout: no complete response within ${step.timeoutMs}ms`;
    if (step.ctx.trial) this.describe(performance.now() - this.dueAt, { kind: 'timeout', message }, false);
    step.ctx.store.recordFailedRequest(step.metrics, step.ctx.flow);
    step.ctx.store.recordError(step.metrics, 'timeout', message, step.ctx.flow);
    this.failChecks();
    this.abort?.();
    this.done(false);
  }

  /** A trial run's description of this request, sent once it has finished. */
  private describe(latency: number, failure: { kind: string; message: string } | undefined, answered: boolean): void {
    const step = this.step;
    const trial = step.ctx.trial as TrialSink;
    const raw = answered ? (this.rawHeaders ?? []) : [];
    const responseHeaders: [string, string][] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) responseHeaders.push([raw[i].toString('latin1'), raw[i + 1].toString('latin1')]);
    const request = {
      flow: step.ctx.flowName,
      method: String(this.options.method),
      url: `${this.origin}${this.options.path}`,
      redirects: this.hops,
      requestHeaders: (this.options.headers ?? {}) as Record<string, string>,
      requestBody: this.options.body as string | Buffer | undefined,
      response: answered ? new KeptResponse(this.status, latency, this.rawHeaders, this.chunks) : undefined,
      responseHeaders,
      timeMs: latency,
      error: failure?.message,
      captureFailed: failure?.kind === 'capture',
      templates: this.templates ?? [],
    };
    trial.emit(describeExchange(step, this.vu, request, trial));
  }

  /** Checks (counted), then expectations and captures; returns the first failure. */
  private check(latency: number): { kind: 'status' | 'expectation' | 'capture'; message: string } | undefined {
    const step = this.step;
    const status = this.status;
    const response = new KeptResponse(status, latency, this.rawHeaders, this.chunks);
    const tooLarge = `the response body is over ${MAX_CAPTURE_BODY_BYTES / (1024 * 1024)} MB: too large to test or capture from`;
    if (step.checks) {
      const counted = step.checks.count(response, this.vu);
      step.ctx.store.recordChecks(step.metrics, counted.passed, counted.failed, step.ctx.flow);
    }
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
    if (step.expectations.size > 0) {
      if (this.bodyTooLarge && step.expectations.needBody) return { kind: 'expectation', message: tooLarge };
      const failure = step.expectations.firstFailure(response, this.vu);
      if (failure !== undefined) return { kind: 'expectation', message: failure };
    }
    if (step.captures.length === 0) return undefined;
    if (this.bodyTooLarge) return { kind: 'capture', message: tooLarge };
    for (const capture of step.captures) {
      const source = capture.parsed;
      let value: Value | undefined;
      if (!source) {
        return { kind: 'capture', message: `capture ${capture.name}: cannot read "${capture.source}"` };
      } else if (source.from === 'status') {
        value = status;
      } else if (source.from === 'header') {
        value = response.header(source.name);
      } else if (source.from === 'cookie') {
        value = jarCookie(this.vu, `${this.origin}${this.options.path}`, source.name);
      } else if (source.from === 'regex') {
        value = readRegex(capture.regex as RegExp, source.in === 'body' ? response.text() : response.header(source.in.header), source.group);
      } else if (source.path.length === 0) {
        value = response.text();
      } else {
        const json = response.json();
        if (json === 'invalid') return { kind: 'capture', message: `capture ${capture.name}: the response body is not JSON` };
        value = readJsonPath(json.value, source.path);
      }
      if (value === undefined) {
        return { kind: 'capture', message: `capture ${capture.name}: ${capture.source} not found in the response` };
      }
      this.vu.vars[capture.name] = value;
    }
    return undefined;
  }
}
