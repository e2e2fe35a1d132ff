// Shared by the scenario tests: analyse text and read diagnostics the way the CLI prints them
// (1-based line and column).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeScenarioText, type AnalyzeOptions as ModelOptions, type AnalyzeResult, type HintOptions } from '../../scenario/load';
import type { Diagnostic } from '../../scenario/types';

/** What the model takes, hints included (off unless asked for, as in `analyzeScenarioText`). */
export type AnalyzeOptions = ModelOptions & HintOptions;

export const FIXTURES = join(__dirname, '../../test/fixtures/scenarios');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function readFileOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export const MINIMAL = `version: 1
name: minimal
target: http://127.0.0.1:4100
phases:
  - duration: 10s
    users: 1
flows:
  - name: main
    steps:
      - request: GET /
`;

export interface Printed {
  code: string;
  severity: string;
  /** 1-based, as the CLI prints. */
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  message: string;
  /** The text the range covers. */
  text: string;
}

export function analyze(text: string, options: AnalyzeOptions = {}): AnalyzeResult {
  return analyzeScenarioText(text, options);
}

export function printed(text: string, options: AnalyzeOptions = {}): Printed[] {
  return analyze(text, options).diagnostics.map((d) => toPrinted(text, d));
}

export function toPrinted(text: string, d: Diagnostic): Printed {
  return {
    code: d.code,
    severity: d.severity,
    line: d.range.start.line + 1,
    col: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endCol: d.range.end.character + 1,
    message: d.message,
    text: slice(text, d),
  };
}

function slice(text: string, d: Diagnostic): string {
  return text.slice(offsetOf(text, d.range.start), offsetOf(text, d.range.end));
}

function offsetOf(text: string, p: { line: number; character: number }): number {
  return text.split('\n').slice(0, p.line).reduce((sum, line) => sum + line.length + 1, 0) + p.character;
}

/** The text after applying the quick fix of the one diagnostic with `code` (which must have one). */
export function fixed(text: string, code: string, options: AnalyzeOptions = {}): string {
  const withFix = analyze(text, options).diagnostics.filter((d) => d.code === code && d.fix);
  assert.equal(withFix.length, 1, `expected one ${code} with a fix, got ${withFix.length}`);
  const [{ fix }] = withFix;
  assert.ok(fix);
  const { range, newText } = fix;
  return text.slice(0, offsetOf(text, range.start)) + newText + text.slice(offsetOf(text, range.end));
}

/** Exactly one diagnostic with `code`; returns it for further checks. */
export function only(text: string, code: string, options: AnalyzeOptions = {}): Printed {
  const all = printed(text, options);
  const matching = all.filter((d) => d.code === code);
  assert.equal(matching.length, 1, `expected one ${code}, got:\n${all.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`).join('\n')}`);
  return matching[0];
}

/** The only diagnostic of the whole analysis (nothing else may be reported). */
export function sole(text: string, options: AnalyzeOptions = {}): Printed {
  const all = printed(text, options);
  assert.equal(all.length, 1, `expected exactly one diagnostic, got:\n${all.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`).join('\n')}`);
  return all[0];
}

export function assertAt(d: Printed, line: number, col: number, text?: string): void {
  assert.deepEqual([d.line, d.col], [line, col], `${d.code} at ${d.line}:${d.col}, expected ${line}:${col} (${d.message})`);
  if (text !== undefined) assert.equal(d.text, text);
}
