// The scenario after parsing and validation: every unit resolved to numbers, every default
// applied. The engine runs this; the language server reads it. No `vscode`, no DOM.
import type { CaptureSpec } from './capture-source';

/** A position in the scenario text, 0-based (LSP style); printed 1-based by the CLI. */
export interface SourceRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Diagnostic {
  range: SourceRange;
  severity: Severity;
  message: string;
  /** Stable code, e.g. `schema`, `yaml-syntax`, `undefined-template-name`, `hint-no-ramp-down`. */
  code: string;
  /** A mechanical correction (add quotes, fix a typo) a client may offer as a quick fix. */
  fix?: TextFix;
  /**
   * Which check found it: YAML/JSON syntax, the JSON schema, or Stampede's own rules. Editors
   * that already check syntax and schema themselves (VS Code's JSON support) keep only `rules`.
   */
  stage?: 'syntax' | 'schema' | 'rules';
}

export interface TextFix {
  title: string;
  range: SourceRange;
  newText: string;
}

/** A string value that may hold `{{ expr }}` parts; kept as written, compiled by the engine. */
export type TemplateString = string;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface Think {
  minMs: number;
  maxMs: number;
}

export type RequestBody =
  | { kind: 'json'; value: JsonValue }
  | { kind: 'text'; value: TemplateString }
  /** A list value sends its key once per item. */
  | { kind: 'form'; fields: Record<string, TemplateString | TemplateString[]> }
  | { kind: 'multipart'; fields: Record<string, MultipartField> };

export type MultipartField =
  | { kind: 'text'; value: TemplateString }
  | { kind: 'file'; sizeBytes: number; name: string; contentType?: string }
  /** A file from disk: `path` absolute (resolved against the scenario file), read once per run. */
  | { kind: 'disk'; path: string; name: string; contentType?: string };

/** `tls:` of `defaults` or a request; file paths absolute (resolved against the scenario file). */
export interface TlsOptions {
  /** Accept any server certificate. */
  insecure: boolean;
  /** Extra CA certificate (PEM) the server's certificate may chain to. */
  ca?: string;
  /** Client certificate and its key (PEM), presented when the server asks for one. */
  cert?: string;
  key?: string;
}

/** How a request's connection behaves: a request's own keys, else `defaults`'. */
export interface Connection {
  /** Redirects followed (301 302 303 307 308); 0: never. */
  redirects: number;
  tls?: TlsOptions;
  /** Offer HTTP/2 over TLS (ALPN), falling back to HTTP/1.1. */
  http2: boolean;
}

/** HTTP basic authentication of a request (`auth:`); templates allowed. */
export interface BasicAuth {
  user: TemplateString;
  password: TemplateString;
}

/** `expect:` (a failure fails the request) or `check:` (counted only). */
export interface Expectation {
  status?: number[];
  contains?: TemplateString;
  maxLatencyMs?: number;
  /** Header name (lowercased) → a substring its value must contain. */
  headers?: Record<string, TemplateString>;
  /** Path into a JSON body (capture syntax without `body.`) → the value expected there. */
  json?: Record<string, JsonValue>;
  /** A regular expression the body must match. */
  matches?: string;
}

export interface RequestStep {
  kind: 'request';
  /** Metrics key: `name` as written, else "METHOD path" as written. */
  name: string;
  method: string;
  /** Path joined to the target, or an absolute URL; may hold templates. */
  url: TemplateString;
  headers: Record<string, TemplateString>;
  /** A list value repeats its name (`id=1&id=2`). */
  query: Record<string, TemplateString | TemplateString[]>;
  body?: RequestBody;
  timeoutMs: number;
  expect: Expectation;
  /** Counted, never failing (absent when the step has none). */
  check?: Expectation;
  /** Variable name -> source (`body.a.b[0]`, `headers.location`, `status`, a regex; scenario/capture-source.ts). */
  capture: Record<string, CaptureSpec>;
  connection: Connection;
  /** Cookies sent beside the user's jar (`cookies: { NAME: VALUE }`). */
  cookies: Record<string, TemplateString>;
  auth?: BasicAuth;
}

export interface ThinkStep {
  kind: 'think';
  name: string;
  think: Think;
}

export interface SseStep {
  kind: 'sse';
  name: string;
  method: string;
  url: TemplateString;
  headers: Record<string, TemplateString>;
  until: { events?: number; timeoutMs: number };
  timeoutMs: number;
}

/** A WebSocket session (`ws:`): sends `send` in order, counts messages, ends on `until`. */
export interface WsStep {
  kind: 'ws';
  name: string;
  /** A path joined to the target (ws:// or wss:// from its scheme) or an absolute ws(s):// URL. */
  url: TemplateString;
  headers: Record<string, TemplateString>;
  /** Text messages (templates), or values sent as JSON (string leaves rendered). */
  send: JsonValue[];
  until: { messages?: number; timeoutMs: number };
  /** How long the connection may take to open. */
  timeoutMs: number;
  expect: { contains?: TemplateString };
}

/** A `group:` block: its steps' total time is the metric `duration` of the group. */
export interface GroupStep {
  kind: 'group';
  name: string;
  steps: Step[];
}

/** A `repeat:` block: a number (or a template giving one), or `over` a list. */
export interface RepeatStep {
  kind: 'repeat';
  name: string;
  times?: number | TemplateString;
  over?: TemplateString;
  steps: Step[];
}

/** An `if:` block: `condition` as written (scenario/conditions.ts). */
export interface IfStep {
  kind: 'if';
  name: string;
  condition: string;
  steps: Step[];
  else: Step[];
}

/** A `record:` step: custom metric name → a number or a template giving one. */
export interface RecordStep {
  kind: 'record';
  name: string;
  values: Record<string, number | TemplateString>;
}

export type Step = RequestStep | ThinkStep | SseStep | WsStep | GroupStep | RepeatStep | IfStep | RecordStep;

export interface Flow {
  name: string;
  weight: number;
  steps: Step[];
}

export interface Phase {
  name: string;
  durationMs: number;
  model: 'closed' | 'open';
  /** Users (closed) or iterations per second (open) at the start of the phase. */
  from: number;
  /** ... and at its end; equal to `from` for a constant level. */
  to: number;
  /** Open model only: cap on concurrent iterations; absent means no cap. */
  maxUsers?: number;
  /**
   * Closed model only: each user runs this many iterations and leaves; the phase ends when all
   * have left, or at `durationMs` if that comes first. `durationMs` is 0 when no duration was
   * written (the phase lasts as long as its iterations take).
   */
  iterations?: number;
}

export interface DataSet {
  /** Absolute path, resolved against the scenario file. */
  file: string;
  order: 'sequential' | 'random';
}

export type Aggregate = 'p50' | 'p75' | 'p90' | 'p95' | 'p99' | 'p999' | 'min' | 'max' | 'mean' | 'count';
export type Comparator = '<' | '<=' | '>' | '>=';

/**
 * `AGG(METRIC[, step=NAME | flow=NAME]) OP VALUE` or `METRIC OP VALUE`.
 * `value` is in the metric's base unit: ms for latency, a fraction 0..1 for errorRate,
 * percent 0..100 for cpu and memory, MB for heapUsed and process.memory.
 */
export interface MetricExpression {
  aggregate?: Aggregate;
  metric: string;
  step?: string;
  flow?: string;
  /** `duration` of a `group:` block. */
  group?: string;
  /** A custom metric of `record:` steps, not one of the built-in metrics. */
  custom?: boolean;
  op: Comparator;
  value: number;
  /** The threshold as written (`250ms`, `1%`), for messages and reports. */
  valueText: string;
}

export interface Criterion {
  expr: string;
  parsed: MetricExpression;
  abort: boolean;
  afterMs: number;
}

export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface Alert {
  when: string;
  parsed: MetricExpression;
  forMs: number;
  severity: AlertSeverity;
  abort: boolean;
}

export interface Monitor {
  intervalMs: number;
  /** Whether the scenario wrote `monitor.interval` (else a client's default may apply). */
  intervalWritten?: boolean;
  system: boolean;
  process?: { pid?: number; name?: string };
}

export interface Scenario {
  version: 1;
  name: string;
  description?: string;
  /** Absolute path of the scenario file, when it came from one. */
  file?: string;
  target?: TemplateString;
  defaults: {
    headers: Record<string, TemplateString>;
    timeoutMs: number;
    think: Think;
    /** Each user keeps a cookie jar (default true). */
    cookies: boolean;
    /** What a request without its own `redirects`, `tls` or `http2` uses. */
    connection: Connection;
  };
  variables: Record<string, string | number | boolean>;
  data: Record<string, DataSet>;
  phases: Phase[];
  setup: Step[];
  flows: Flow[];
  teardown: Step[];
  criteria: Criterion[];
  alerts: Alert[];
  monitor: Monitor;
}

export interface LoadResult {
  /** Present when there is no error-severity diagnostic. */
  scenario?: Scenario;
  diagnostics: Diagnostic[];
}
