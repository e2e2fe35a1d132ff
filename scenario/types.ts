// The scenario after parsing and validation: every unit resolved to numbers, every default
// applied. The engine runs this; the language server reads it. No `vscode`, no DOM.

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
  | { kind: 'form'; fields: Record<string, TemplateString> }
  | { kind: 'multipart'; fields: Record<string, MultipartField> };

export type MultipartField =
  | { kind: 'text'; value: TemplateString }
  | { kind: 'file'; sizeBytes: number; name: string; contentType?: string };

export interface Expectation {
  status?: number[];
  contains?: TemplateString;
  maxLatencyMs?: number;
}

export interface RequestStep {
  kind: 'request';
  /** Metrics key: `name` as written, else "METHOD path" as written. */
  name: string;
  method: string;
  /** Path joined to the target, or an absolute URL; may hold templates. */
  url: TemplateString;
  headers: Record<string, TemplateString>;
  query: Record<string, TemplateString>;
  body?: RequestBody;
  timeoutMs: number;
  expect: Expectation;
  /** Variable name -> source (`body.a.b[0]`, `headers.location`, `status`). */
  capture: Record<string, string>;
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

export type Step = RequestStep | ThinkStep | SseStep;

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
}

export interface DataSet {
  /** Absolute path, resolved against the scenario file. */
  file: string;
  order: 'sequential' | 'random';
}

export type Aggregate = 'p50' | 'p75' | 'p90' | 'p95' | 'p99' | 'p999' | 'min' | 'max' | 'mean';
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
