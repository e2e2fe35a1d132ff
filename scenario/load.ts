// The scenario model's entry: text or file in, diagnostics and (when error-free) the normalized
// Scenario out. The CLI's `validate`, the engine and the language server all call this.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { diagnostic, sortDiagnostics } from './diagnostic';
import { normalizeScenario } from './normalize';
import type { AnalyzeOptions } from './options';
import { parseScenarioText, type ParsedDocument } from './parse';
import type { RawScenario } from './raw-types';
import { checkSchema } from './schema-check';
import { checkSemantics, RULES, RULES_WITH_HINTS } from './semantic-check';
import { applySizingVariables } from './sizing';
import { applySizingToTree } from './sizing-nodes';
import type { Diagnostic, LoadResult } from './types';

export type { AnalyzeOptions } from './options';
export type { ParsedDocument } from './parse';

export type AnalyzeResult = LoadResult & { document: ParsedDocument };

export interface HintOptions {
  /** Also report the optimization hints (rules/hints.ts); off by default, on in the editor. */
  hints?: boolean;
}

export function analyzeScenarioText(text: string, options: AnalyzeOptions & HintOptions = {}): AnalyzeResult {
  const document = parseScenarioText(text);
  const sizing = applySizingToTree(document, applySizingVariables(document.value, options.vars));
  const rules = options.hints ? RULES_WITH_HINTS : RULES;
  const diagnostics = [
    ...staged(document.diagnostics, 'syntax'),
    ...staged(sizing, 'rules'),
    ...staged(checkSchema(document), 'schema'),
    ...staged(checkSemantics(document, options, rules), 'rules'),
  ];
  sortDiagnostics(diagnostics);
  const result: AnalyzeResult = { diagnostics: withoutRepeats(diagnostics), document };
  if (!diagnostics.some((d) => d.severity === 'error')) {
    result.scenario = normalizeScenario(document.value as RawScenario, options);
  }
  return result;
}

export function loadScenarioFile(path: string, options: Pick<AnalyzeOptions, 'vars' | 'target' | 'root' | 'limits'> & HintOptions = {}): LoadResult {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    const start = { line: 0, character: 0 };
    return { diagnostics: [diagnostic({ start, end: start }, 'file-unreadable', `cannot read the scenario: ${reason}`)] };
  }
  const { scenario, diagnostics } = analyzeScenarioText(text, { ...options, file, readFile: readTextFile });
  return scenario ? { scenario, diagnostics } : { diagnostics };
}

/** A file's text, or undefined when it cannot be read: the `readFile` callers hand to the model. */
export function readTextFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function staged(diagnostics: Diagnostic[], stage: NonNullable<Diagnostic['stage']>): Diagnostic[] {
  for (const d of diagnostics) d.stage = stage;
  return diagnostics;
}

/** The same problem found twice (by the schema and by a rule, at the same place) is told once. */
function withoutRepeats(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.range.start.line}:${d.range.start.character}:${d.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
