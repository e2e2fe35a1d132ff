// One request of a trial run (`stampede try`, the editor's Try) as the engine reports it: what
// was sent, the template values it was rendered with, what came back, what it captured and how
// every expect and check came out. Secrets
// are redacted by the engine before the exchange leaves it. Read by the CLI's printer and the
// panel's inspector.

export interface BodyPreview {
  /** Bytes of the whole body. */
  size: number;
  /** The first MAX_PREVIEW_BYTES as text (pretty-printed when it is JSON). */
  text: string;
  truncated: boolean;
  json: boolean;
}

export interface TestOutcome {
  /** What was tested, in the scenario's words (`status 200`, `json id = 3`). */
  test: string;
  passed: boolean;
  /** Why it failed. */
  failure?: string;
  /**
   * Where the test is written in its step, as keys: `['expect', 'json', 'items[0].id']`,
   * `['check', 'status']`; `['expect']` for the status test a step gets without one. A trial's
   * reader points a failed test at that line (scenario/key-lines.ts).
   */
  at?: string[];
}

export interface CaptureOutcome {
  name: string;
  /** The captured value, as text. */
  value?: string;
  /** Why it was not captured (or `not reached`: an earlier failure ended the step). */
  error?: string;
}

/** A `{{ expression }}` the request rendered and the value it gave there. */
export interface TemplateValue {
  /** As written inside the braces, trimmed: `random.uuid()`, `env.TOKEN`, `cartId`. */
  expression: string;
  /** What it rendered to, redacted like the rest (`[redacted env.TOKEN]`). */
  value: string;
}

export interface Exchange {
  /** `setup`, `teardown`, or the flow's name. */
  flow: string;
  stage: 'setup' | 'flow' | 'teardown';
  step: string;
  method: string;
  /** The URL of the final hop. */
  url: string;
  /** Redirect hops followed before the final response. */
  redirects: number;
  /** Null when no response came (connection error, timeout). */
  status: number | null;
  timeMs: number;
  request: { headers: Record<string, string>; body?: BodyPreview };
  response?: { headers: [string, string][]; body: BodyPreview };
  /**
   * Every `{{ expression }}` of the URL, query, headers, auth, cookies and body with the value
   * this request used, in the order rendered: recorded as it rendered (a `random.uuid()` or a
   * `now()` is never worked out again). An expression that gave the same value twice is listed
   * once, one that gave two values (random) twice. A variable holding a template is listed by
   * its name with its whole value. Empty for a request with nothing to render.
   */
  templates: TemplateValue[];
  captures: CaptureOutcome[];
  expects: TestOutcome[];
  checks: TestOutcome[];
  /** The step's failure (status, expectation, capture, connection, timeout), if it failed. */
  error?: string;
  passed: boolean;
}

/** A trial run shows this much of each body. */
export const MAX_PREVIEW_BYTES = 16 * 1024;
