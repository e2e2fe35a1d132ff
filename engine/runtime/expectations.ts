// The tests of `expect:` (the first failure fails the request) and `check:` (each counted as
// passed or failed, never failing anything), compiled once per step: status, maxLatency,
// contains, headers, json and matches. `expect.contains` alone is searched while the body
// streams by (request-step.ts); everything else here reads the kept body and headers.
import { isDeepStrictEqual } from 'node:util';
import { parseCaptureSource, type PathStep } from '../../scenario/capture-source';
import type { Expectation, JsonValue } from '../../scenario/types';
import type { TestOutcome } from '../protocol/exchange';
import { compileJson } from './body';
import { jsonValuesAt } from './capture';
import { compileTemplate, type CompiledTemplate } from './template';
import type { VuState } from './vu-state';

/** What the tests read of one response. */
export interface ResponseFacts {
  status: number;
  latencyMs: number;
  /** Every value of a header (lowercased name), joined by ", ". */
  header(name: string): string | undefined;
  /** The body as text ('' when it was not kept). */
  text(): string;
  /** The body as parsed JSON, or `invalid` when it is not JSON. */
  json(): { value: unknown } | 'invalid';
}

/** One test: undefined when it passed, else what failed, in words. */
type Test = (facts: ResponseFacts, vu: VuState) => string | undefined;

export class CompiledExpectation {
  private readonly tests: Test[] = [];
  /** Each test in the scenario's words, for a trial run's report (`status 200`, `json id = 3`). */
  private readonly labels: string[] = [];
  /** Each test's keys under `expect`/`check` as written (`['json', 'id']`; `[]`: the default status). */
  private readonly keys: string[][] = [];
  /** The tests read the body (json, matches, a kept-body contains). */
  readonly needBody: boolean;
  readonly needHeaders: boolean;

  /**
   * `statusByDefault`: without `status`, a status of 400 or more fails (expect); a check tests
   * only what it names. `streamedContains`: `contains` is searched as the body streams (expect).
   */
  constructor(expectation: Expectation, options: { statusByDefault: boolean; streamedContains: boolean }) {
    const { status, maxLatencyMs, contains, headers, json, matches } = expectation;
    const add = (keys: string[], label: string, test: Test): void => {
      this.keys.push(keys);
      this.labels.push(label);
      this.tests.push(test);
    };
    if (status) add(['status'], `status ${status.join(' or ')}`, (f) => (status.includes(f.status) ? undefined : `status ${f.status} (expected ${status.join(' or ')})`));
    else if (options.statusByDefault) add([], 'status below 400', (f) => (f.status < 400 ? undefined : `status ${f.status}`));
    if (maxLatencyMs !== undefined) add(['maxLatency'], `maxLatency ${maxLatencyMs}ms`, (f) => (f.latencyMs <= maxLatencyMs ? undefined : `latency above maxLatency ${maxLatencyMs}ms`));
    const keptContains = contains !== undefined && !options.streamedContains;
    if (keptContains) {
      const needle = compileTemplate(contains);
      add(['contains'], `contains ${JSON.stringify(contains)}`, (f, vu) => {
        const text = needle.render(vu);
        return f.text().includes(text) ? undefined : `body does not contain ${JSON.stringify(text)}`;
      });
    }
    for (const [name, value] of Object.entries(headers ?? {})) add(['headers', name], `header ${name} contains ${JSON.stringify(value)}`, headerTest(name, compileTemplate(value)));
    for (const [path, value] of Object.entries(json ?? {})) add(['json', path], `json ${path} = ${JSON.stringify(value)}`, jsonTest(path, value));
    if (matches !== undefined) add(['matches'], `matches /${matches}/`, matchTest(matches));
    this.needBody = keptContains || json !== undefined || matches !== undefined;
    this.needHeaders = headers !== undefined;
  }

  /** How many tests there are: a check counts each as passed or failed. */
  get size(): number {
    return this.tests.length;
  }

  /** The first failure, or undefined when every test passed. */
  firstFailure(facts: ResponseFacts, vu: VuState): string | undefined {
    for (const test of this.tests) {
      const failure = test(facts, vu);
      if (failure !== undefined) return failure;
    }
    return undefined;
  }

  /** Every test with its outcome (a trial run shows them all); `under`: `expect` or `check`. */
  outcomes(facts: ResponseFacts, vu: VuState, under: 'expect' | 'check'): TestOutcome[] {
    return this.tests.map((test, i) => {
      const failure = test(facts, vu);
      const at = [under, ...this.keys[i]];
      return failure === undefined ? { test: this.labels[i], passed: true, at } : { test: this.labels[i], passed: false, failure, at };
    });
  }

  /** Every test, counted. */
  count(facts: ResponseFacts, vu: VuState): { passed: number; failed: number; firstFailure: string | undefined } {
    let passed = 0;
    let firstFailure: string | undefined;
    for (const test of this.tests) {
      const failure = test(facts, vu);
      if (failure === undefined) passed++;
      else firstFailure ??= failure;
    }
    return { passed, failed: this.tests.length - passed, firstFailure };
  }
}

function headerTest(name: string, expected: CompiledTemplate): Test {
  return (f, vu) => {
    const wanted = expected.render(vu);
    const actual = f.header(name);
    if (actual === undefined) return `header ${name} is missing (expected it to contain ${JSON.stringify(wanted)})`;
    return actual.includes(wanted) ? undefined : `header ${name} is ${JSON.stringify(actual)}, which does not contain ${JSON.stringify(wanted)}`;
  };
}

function jsonTest(pathText: string, expected: JsonValue): Test {
  const parsed = parseCaptureSource(pathText.startsWith('[') ? `body${pathText}` : `body.${pathText}`);
  if (!parsed.ok || parsed.value.from !== 'body') return () => `json: "${pathText}" is not a path into a JSON body`;
  const path: PathStep[] = parsed.value.path;
  const wanted = compileJson(expected);
  return (f, vu) => {
    const body = f.json();
    if (body === 'invalid') return `json ${pathText}: the response body is not JSON`;
    const actual = jsonValuesAt(body.value, path);
    const value = wanted.render(vu);
    return sameValue(actual, value) ? undefined : `json ${pathText} is ${actual === undefined ? 'missing' : JSON.stringify(actual)} (expected ${JSON.stringify(value)})`;
  };
}

/**
 * Equal as values; a scalar written as text equals the same scalar in the body (`"{{ id }}"`
 * renders to text while the body's id is a number).
 */
function sameValue(actual: unknown, wanted: JsonValue): boolean {
  if (isDeepStrictEqual(actual, wanted)) return true;
  const scalar = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);
  if (actual !== undefined && scalar(actual) && scalar(wanted)) return String(actual) === String(wanted);
  if (Array.isArray(actual) && Array.isArray(wanted) && actual.length === wanted.length) return actual.every((item, i) => sameValue(item, wanted[i]));
  return false;
}

function matchTest(source: string): Test {
  let pattern: RegExp;
  try {
    pattern = new RegExp(source, 'u');
  } catch (err) {
    const message = `matches: ${(err as Error).message}`;
    return () => message;
  }
  return (f) => (pattern.test(f.text()) ? undefined : `body does not match /${source}/`);
}
