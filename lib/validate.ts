// `validate(scenarioOrText)`: the editor's diagnostics (scenario/load.ts, the same function the
// language server and `stampede validate` call), in the library's shape. A model is checked as
// the YAML `toYaml` writes for it, and each problem also names the model's key (`path`).
import { analyzeScenarioText, readTextFile } from '../scenario/load';
import type { Diagnostic } from '../scenario/types';
import { resolve } from 'node:path';
import { toYaml } from './convert';
import { offsetOf, pathAtOffset } from './diagnostic-path';
import type { ScenarioModel } from './model';

export interface ScenarioDiagnostic {
  severity: 'error' | 'warning' | 'hint';
  message: string;
  /** 1-based, in the YAML text (for a model: in `toYaml(model)`). */
  line: number;
  /** 1-based. */
  column: number;
  /** Stable code, e.g. `schema`, `undefined-template-name`, `hint-no-ramp-down`. */
  code: string;
  /** The key the problem is at, e.g. `flows[0].steps[1].expect.status`; '' for the whole scenario. */
  path: string;
}

export interface ValidateOptions {
  /** `--var NAME=VALUE` overrides, as a run would get them. */
  vars?: Record<string, string>;
  /** Data files resolve against this folder (default: the current directory). */
  baseDir?: string;
  /** Also the optimization hints the editor shows (default true, as `stampede validate`). */
  hints?: boolean;
}

/** The contract's three severities: the editor's information-level hints are hints. */
const SEVERITY: Record<Diagnostic['severity'], ScenarioDiagnostic['severity']> = { error: 'error', warning: 'warning', information: 'hint', hint: 'hint' };

export async function validate(scenarioOrText: ScenarioModel | string, options: ValidateOptions = {}): Promise<ScenarioDiagnostic[]> {
  const text = typeof scenarioOrText === 'string' ? scenarioOrText : toYaml(scenarioOrText);
  // A file name in the base folder, so data files resolve there as they would for a file of it.
  const file = resolve(options.baseDir ?? process.cwd(), 'library.scenario.yaml');
  const result = analyzeScenarioText(text, { file, vars: options.vars, readFile: readTextFile, hints: options.hints ?? true });
  return result.diagnostics.map((d) => ({
    severity: SEVERITY[d.severity],
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    code: d.code,
    path: pathAtOffset(result.document.root, offsetOf(result.document, d.range.start.line, d.range.start.character)),
  }));
}
