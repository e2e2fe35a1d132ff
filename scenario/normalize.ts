// Raw (schema-valid, semantically checked) scenario -> the Scenario the engine runs: units to
// numbers, defaults applied, ramps chained, data paths absolute. Runs only on error-free input,
// so a value that still fails to convert here is a bug in the checks, reported by throwing.
import { basename } from 'node:path';
import { resolveDataPath } from './data-files';
import { allSteps } from './step-walk';
import { parseMetricExpression, type ExpressionContext } from './expressions';
import type { AnalyzeOptions } from './options';
import type { RawDuration, RawExpectation, RawLevel, RawPhase, RawRequestStep, RawScalar, RawScenario, RawSseStep, RawStep, RawTls, RawWsStep } from './raw-types';
import { defaultStepName, parseRequestLine, type RequestLine } from './request-line';
import type { Connection, Expectation, MetricExpression, RepeatStep, MultipartField, Phase, RequestBody, RequestStep, Scenario, Step, Think, TlsOptions, WsStep } from './types';
import { parseDuration, parseSize, parseThink } from './units';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Redirects a request follows unless it or `defaults` says otherwise (as browsers and k6 do). */
export const DEFAULT_REDIRECTS = 10;
export const DEFAULT_MONITOR_INTERVAL_MS = 1000;

export function normalizeScenario(raw: RawScenario, options: AnalyzeOptions = {}): Scenario {
  const defaultsTimeoutMs = raw.defaults?.timeout === undefined ? DEFAULT_TIMEOUT_MS : duration(raw.defaults.timeout);
  const variables: Record<string, string | number | boolean> = { ...(raw.variables ?? {}) };
  // `--var` values stay strings: the command line cannot say what type was meant.
  for (const [name, value] of Object.entries(options.vars ?? {})) variables[name] = value;

  const connection = normalizeConnection(raw.defaults ?? {}, { redirects: DEFAULT_REDIRECTS, http2: false }, options.file);
  const inherited: Inherited = { timeoutMs: defaultsTimeoutMs, connection, file: options.file };
  const steps = (list: RawStep[] | undefined) => (list ?? []).map((step) => normalizeStep(step, inherited));
  const customMetrics = new Set(
    allSteps([...steps(raw.setup), ...raw.flows.flatMap((flow) => steps(flow.steps)), ...steps(raw.teardown)]).flatMap((step) => (step.kind === 'record' ? Object.keys(step.values) : [])),
  );
  const scenario: Scenario = {
    version: 1,
    name: raw.name,
    defaults: {
      headers: strings(raw.defaults?.headers),
      timeoutMs: defaultsTimeoutMs,
      think: raw.defaults?.think === undefined ? { minMs: 0, maxMs: 0 } : think(raw.defaults.think),
      cookies: raw.defaults?.cookies ?? true,
      connection,
    },
    variables,
    data: Object.fromEntries(
      Object.entries(raw.data ?? {}).map(([name, set]) => [name, { file: resolveDataPath(set.file, options.file), order: set.order ?? 'sequential' }]),
    ),
    phases: normalizePhases(raw.phases),
    setup: steps(raw.setup),
    flows: raw.flows.map((flow) => ({ name: flow.name, weight: flow.weight ?? 1, steps: steps(flow.steps) })),
    teardown: steps(raw.teardown),
    criteria: (raw.criteria ?? []).map((item) => {
      const criterion = typeof item === 'string' ? { expr: item } : item;
      return {
        expr: criterion.expr,
        parsed: expression(criterion.expr, 'criteria', customMetrics),
        abort: criterion.abort ?? false,
        afterMs: criterion.after === undefined ? 0 : duration(criterion.after),
      };
    }),
    alerts: (raw.alerts ?? []).map((alert) => ({
      when: alert.when,
      parsed: expression(alert.when, 'alert', customMetrics),
      forMs: alert.for === undefined ? 0 : duration(alert.for),
      severity: alert.severity ?? 'warning',
      abort: alert.abort ?? false,
    })),
    monitor: {
      intervalMs: raw.monitor?.interval === undefined ? DEFAULT_MONITOR_INTERVAL_MS : duration(raw.monitor.interval),
      system: raw.monitor?.system ?? true,
      intervalWritten: raw.monitor?.interval !== undefined,
    },
  };
  if (raw.description !== undefined) scenario.description = raw.description;
  if (options.file !== undefined) scenario.file = options.file;
  const target = options.target ?? raw.target;
  if (target !== undefined) scenario.target = target;
  if (raw.monitor?.process) scenario.monitor.process = { ...raw.monitor.process };
  return scenario;
}

/**
 * A phase without `from` starts where the previous one ended — in its own model: users chain
 * to users, rate to rate; a switch of model starts from 0, since the units differ.
 */
export function normalizePhases(raw: RawPhase[]): Phase[] {
  const phases: Phase[] = [];
  raw.forEach((phase, index) => {
    const model = phase.users !== undefined ? 'closed' : 'open';
    const level = (model === 'closed' ? phase.users : phase.rate) as RawLevel;
    const previous = phases[index - 1];
    const carried = previous && previous.model === model ? previous.to : 0;
    const [from, to] = typeof level === 'number' ? [level, level] : [level.from ?? carried, level.to];
    const durationMs = phase.duration === undefined ? 0 : duration(phase.duration);
    const out: Phase = { name: phase.name ?? `phase ${index + 1}`, durationMs, model, from, to };
    if (phase.maxUsers !== undefined) out.maxUsers = phase.maxUsers;
    if (phase.iterations !== undefined) out.iterations = phase.iterations;
    phases.push(out);
  });
  return phases;
}

/** What a step takes from `defaults` (and where relative paths start). */
interface Inherited {
  timeoutMs: number;
  connection: Connection;
  file: string | undefined;
}

function normalizeStep(raw: RawStep, inherited: Inherited): Step {
  const steps = (list: RawStep[] | undefined): Step[] => (list ?? []).map((step) => normalizeStep(step, inherited));
  if ('request' in raw) return normalizeRequest(raw, inherited);
  if ('sse' in raw) return normalizeSse(raw, inherited.timeoutMs);
  if ('ws' in raw) return normalizeWs(raw, inherited.timeoutMs);
  if ('group' in raw) return { kind: 'group', name: raw.group, steps: steps(raw.steps) };
  if ('repeat' in raw) {
    const step: RepeatStep = { kind: 'repeat', name: raw.name ?? 'repeat', steps: steps(raw.steps) };
    if (typeof raw.repeat === 'object') step.over = raw.repeat.over;
    else step.times = raw.repeat;
    return step;
  }
  if ('if' in raw) return { kind: 'if', name: raw.name ?? 'if', condition: raw.if, steps: steps(raw.steps), else: steps(raw.else) };
  if ('record' in raw) return { kind: 'record', name: raw.name ?? 'record', values: { ...raw.record } };
  return { kind: 'think', name: raw.name ?? 'think', think: think(raw.think) };
}

/** `redirects`, `tls` and `http2` of `defaults` or a request, over what it inherits. */
function normalizeConnection(raw: { redirects?: number; tls?: RawTls; http2?: boolean }, base: Connection, file: string | undefined): Connection {
  const out: Connection = { redirects: raw.redirects ?? base.redirects, http2: raw.http2 ?? base.http2 };
  const tls = raw.tls === undefined ? base.tls : normalizeTls(raw.tls, file);
  if (tls) out.tls = tls;
  return out;
}

function normalizeTls(raw: RawTls, file: string | undefined): TlsOptions {
  const out: TlsOptions = { insecure: raw.insecure ?? false };
  if (raw.ca !== undefined) out.ca = resolveDataPath(raw.ca, file);
  if (raw.cert !== undefined) out.cert = resolveDataPath(raw.cert, file);
  if (raw.key !== undefined) out.key = resolveDataPath(raw.key, file);
  return out;
}

function normalizeRequest(raw: RawRequestStep, inherited: Inherited): Step {
  const defaultTimeoutMs = inherited.timeoutMs;
  const line = requestLine(raw.request);
  const step: RequestStep = {
    kind: 'request',
    name: raw.name ?? defaultStepName(line),
    method: line.method,
    url: line.url,
    headers: strings(raw.headers),
    query: fieldValues(raw.query),
    timeoutMs: raw.timeout === undefined ? defaultTimeoutMs : duration(raw.timeout),
    expect: normalizeExpectation(raw.expect),
    capture: { ...(raw.capture ?? {}) },
    connection: normalizeConnection(raw, inherited.connection, inherited.file),
    cookies: strings(raw.cookies),
  };
  if (raw.auth) step.auth = { user: String(raw.auth.user), password: String(raw.auth.password) };
  const body = normalizeBody(raw, inherited.file);
  if (body) step.body = body;
  if (raw.check) step.check = normalizeExpectation(raw.check);
  return step;
}

function normalizeExpectation(raw: RawExpectation | undefined): Expectation {
  const out: Expectation = {};
  if (!raw) return out;
  if (raw.status !== undefined) out.status = ([] as number[]).concat(raw.status);
  if (raw.contains !== undefined) out.contains = raw.contains;
  if (raw.maxLatency !== undefined) out.maxLatencyMs = duration(raw.maxLatency);
  if (raw.headers !== undefined) out.headers = Object.fromEntries(Object.entries(raw.headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
  if (raw.json !== undefined) out.json = { ...raw.json };
  if (raw.matches !== undefined) out.matches = raw.matches;
  return out;
}

function normalizeBody(raw: RawRequestStep, file: string | undefined): RequestBody | undefined {
  if (raw.json !== undefined) return { kind: 'json', value: raw.json };
  if (raw.body !== undefined) return { kind: 'text', value: raw.body };
  if (raw.form !== undefined) return { kind: 'form', fields: fieldValues(raw.form) };
  if (raw.multipart === undefined) return undefined;
  const fields: Record<string, MultipartField> = {};
  for (const [name, field] of Object.entries(raw.multipart)) {
    if (typeof field === 'object') {
      fields[name] = multipartFile(field.file, file);
    } else {
      fields[name] = { kind: 'text', value: String(field) };
    }
  }
  return { kind: 'multipart', fields };
}

/** A multipart file part: generated bytes (`size`, `name`) or a file from disk (`path`). */
function multipartFile(raw: { size?: string | number; path?: string; name?: string; contentType?: string }, scenarioFile: string | undefined): MultipartField {
  let part: MultipartField;
  if (raw.path !== undefined) {
    const path = resolveDataPath(raw.path, scenarioFile);
    part = { kind: 'disk', path, name: raw.name ?? basename(path) };
  } else {
    const size = parseSize(raw.size ?? '');
    if (size === undefined || raw.name === undefined) throw new Error(`unchecked multipart file ${JSON.stringify(raw)}`);
    part = { kind: 'file', sizeBytes: size, name: raw.name };
  }
  if (raw.contentType !== undefined) part.contentType = raw.contentType;
  return part;
}

function normalizeSse(raw: RawSseStep, defaultTimeoutMs: number): Step {
  const line = requestLine(raw.sse);
  const timeoutMs = raw.timeout === undefined ? defaultTimeoutMs : duration(raw.timeout);
  const until: { events?: number; timeoutMs: number } = {
    timeoutMs: raw.until?.timeout === undefined ? timeoutMs : duration(raw.until.timeout),
  };
  if (raw.until?.events !== undefined) until.events = raw.until.events;
  return {
    kind: 'sse',
    name: raw.name ?? defaultStepName(line),
    method: line.method,
    url: line.url,
    headers: strings(raw.headers),
    until,
    timeoutMs,
  };
}

function normalizeWs(raw: RawWsStep, defaultTimeoutMs: number): Step {
  const timeoutMs = raw.timeout === undefined ? defaultTimeoutMs : duration(raw.timeout);
  const until: { messages?: number; timeoutMs: number } = { timeoutMs: raw.until?.timeout === undefined ? timeoutMs : duration(raw.until.timeout) };
  if (raw.until?.messages !== undefined) until.messages = raw.until.messages;
  const step: WsStep = { kind: 'ws', name: raw.name ?? `WS ${raw.ws}`, url: raw.ws, headers: strings(raw.headers), send: [...(raw.send ?? [])], until, timeoutMs, expect: {} };
  if (raw.expect?.contains !== undefined) step.expect.contains = raw.expect.contains;
  return step;
}

function requestLine(text: string): RequestLine {
  const parsed = parseRequestLine(text);
  if (!parsed.ok) throw new Error(`unchecked request line ${text}: ${parsed.message}`);
  return parsed.value;
}

function duration(value: RawDuration): number {
  const ms = parseDuration(value);
  if (ms === undefined) throw new Error(`unchecked duration ${String(value)}`);
  return ms;
}

function think(value: RawDuration): Think {
  const parsed = parseThink(value);
  if (!parsed) throw new Error(`unchecked think time ${String(value)}`);
  return parsed;
}

function expression(text: string, context: ExpressionContext, customMetrics: ReadonlySet<string>): MetricExpression {
  const parsed = parseMetricExpression(text, context, { customMetrics });
  if (!parsed.ok) throw new Error(`unchecked expression ${text}: ${parsed.message}`);
  return parsed.value;
}

/** Query and form values as text, lists kept as lists (the key is sent once per item). */
function fieldValues(map: Record<string, RawScalar | RawScalar[]> | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(map ?? {})) out[key] = Array.isArray(value) ? value.map(String) : String(value);
  return out;
}

/** Header, query and form values as text: `limit: 20` is sent as `20`. */
function strings(map: Record<string, RawScalar> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(map ?? {})) out[key] = String(value);
  return out;
}
