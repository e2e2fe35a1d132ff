// A trial run's view of one request (`stampede try`): everything sent and received, the template
// values it was rendered with, the captures and every expect and check with its outcome. Built
// only when the run is a trial, after the step has finished, so the load path never pays for it.
import type { BodyPreview, CaptureOutcome, Exchange, TemplateValue, TestOutcome } from '../protocol/exchange';
import { MAX_PREVIEW_BYTES } from '../protocol/exchange';
import type { KeptResponse } from './kept-response';
import type { Redact } from './redact';
import type { VuState } from './vu-state';

/** Where a trial's exchanges go, and which part of the run the steps belong to. */
export interface TrialSink {
  stage: Exchange['stage'];
  redact: Redact;
  emit(exchange: Exchange): void;
}

/** What a request step knows of its own tests (request-step.ts). */
export interface TestedStep {
  name: string;
  expectStatus: number[] | undefined;
  maxLatencyMs: number | undefined;
  expectContains: { render(vu: VuState): string } | undefined;
  expectations: { outcomes(response: KeptResponse, vu: VuState, under: 'expect'): TestOutcome[] };
  checks: { outcomes(response: KeptResponse, vu: VuState, under: 'check'): TestOutcome[] } | undefined;
  captures: { name: string }[];
}

export interface FinishedRequest {
  flow: string;
  method: string;
  url: string;
  redirects: number;
  requestHeaders: Record<string, string>;
  requestBody: string | Buffer | undefined;
  /** Undefined when no response came. */
  response: KeptResponse | undefined;
  responseHeaders: [string, string][];
  timeMs: number;
  /** The step's failure in words, if it failed. */
  error: string | undefined;
  /** A capture failed (its message names it). */
  captureFailed: boolean;
  /** The template values it was rendered with (template-log.ts), not yet redacted. */
  templates: TemplateValue[];
}

export function preview(body: string | Buffer | undefined, contentType: string | undefined): BodyPreview | undefined {
  if (body === undefined) return undefined;
  const buffer = typeof body === 'string' ? Buffer.from(body) : body;
  let text = buffer.subarray(0, MAX_PREVIEW_BYTES).toString('utf8');
  const truncated = buffer.length > MAX_PREVIEW_BYTES;
  let json = false;
  if (!truncated && (/json/i.test(contentType ?? '') || /^\s*[[{]/.test(text))) {
    try {
      text = JSON.stringify(JSON.parse(text), null, 2);
      json = true;
    } catch {
      // Not JSON after all: shown as it came.
    }
  }
  return { size: buffer.length, text, truncated, json };
}

/** Every `expect` of the step with its outcome (status and the streamed ones included). */
function expectOutcomes(step: TestedStep, response: KeptResponse, vu: VuState): TestOutcome[] {
  const out: TestOutcome[] = [];
  const status = response.status;
  if (step.expectStatus) {
    const passed = step.expectStatus.includes(status);
    out.push({ test: `status ${step.expectStatus.join(' or ')}`, passed, ...(passed ? {} : { failure: `status ${status}` }), at: ['expect', 'status'] });
  } else {
    const passed = status < 400;
    out.push({ test: 'status below 400', passed, ...(passed ? {} : { failure: `status ${status}` }), at: ['expect'] });
  }
  if (step.maxLatencyMs !== undefined) {
    const passed = response.latencyMs <= step.maxLatencyMs;
    out.push({ test: `maxLatency ${step.maxLatencyMs}ms`, passed, ...(passed ? {} : { failure: `took ${response.latencyMs.toFixed(1)}ms` }), at: ['expect', 'maxLatency'] });
  }
  if (step.expectContains) {
    let needle: string | undefined;
    try {
      needle = step.expectContains.render(vu);
    } catch (err) {
      out.push({ test: 'contains', passed: false, failure: (err as Error).message, at: ['expect', 'contains'] });
    }
    if (needle !== undefined) {
      const passed = response.text().includes(needle);
      out.push({ test: `contains ${JSON.stringify(needle)}`, passed, ...(passed ? {} : { failure: 'not in the body' }), at: ['expect', 'contains'] });
    }
  }
  return [...out, ...step.expectations.outcomes(response, vu, 'expect')];
}

function captureOutcomes(step: TestedStep, vu: VuState, request: FinishedRequest): CaptureOutcome[] {
  let reached = request.response !== undefined && (request.error === undefined || request.captureFailed);
  return step.captures.map(({ name }) => {
    if (!reached) return { name, error: 'not reached' };
    if (request.captureFailed && request.error?.startsWith(`capture ${name}:`)) {
      reached = false;
      return { name, error: request.error.slice(`capture ${name}: `.length) };
    }
    const value = Object.prototype.hasOwnProperty.call(vu.vars, name) ? vu.vars[name] : undefined;
    return value === undefined ? { name, error: 'not captured' } : { name, value: typeof value === 'string' ? value : JSON.stringify(value) };
  });
}

export function describeExchange(step: TestedStep, vu: VuState, request: FinishedRequest, { stage, redact }: TrialSink): Exchange {
  const response = request.response;
  const contentType = (headers: [string, string][]): string | undefined => headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const requestHeaders = Object.fromEntries(Object.entries(request.requestHeaders).map(([name, value]) => [name, redact(String(value))]));
  const requestBody = preview(request.requestBody, request.requestHeaders['content-type']);
  const exchange: Exchange = {
    flow: request.flow,
    stage,
    step: step.name,
    method: request.method,
    url: redact(request.url),
    redirects: request.redirects,
    status: response ? response.status : null,
    timeMs: Math.round(request.timeMs * 100) / 100,
    request: { headers: requestHeaders, ...(requestBody ? { body: { ...requestBody, text: redact(requestBody.text) } } : {}) },
    templates: request.templates.map(({ expression, value }) => ({ expression, value: redact(value) })),
    captures: captureOutcomes(step, vu, request).map((c) => (c.value !== undefined ? { ...c, value: redact(c.value) } : c)),
    expects: response ? expectOutcomes(step, response, vu) : [],
    checks: response && step.checks ? step.checks.outcomes(response, vu, 'check') : [],
    passed: request.error === undefined,
  };
  if (response) {
    const body = preview(response.text(), contentType(request.responseHeaders)) as BodyPreview;
    exchange.response = { headers: request.responseHeaders.map(([name, value]) => [name, redact(value)]), body: { ...body, text: redact(body.text) } };
  }
  if (request.error !== undefined) exchange.error = redact(request.error);
  for (const outcome of [...exchange.expects, ...exchange.checks]) if (outcome.failure) outcome.failure = redact(outcome.failure);
  return exchange;
}
