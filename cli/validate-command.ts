// `stampede validate FILE…`: the same diagnostics the editor shows, one per line as
// FILE:LINE:COL: SEVERITY: MESSAGE. Exit 2 when any file has an error.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadScenarioFile } from '../scenario/load';
import type { Diagnostic } from '../scenario/types';
import type { ParsedArgs } from './args';
import { UsageError } from './args';

/** The contract prints error|warning|hint; information-level hints print as `hint`. */
const LABEL: Record<Diagnostic['severity'], string> = {
  error: 'error',
  warning: 'warning',
  information: 'hint',
  hint: 'hint',
};

export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${LABEL[d.severity]}: ${d.message}`;
}

export function validateCommand(args: ParsedArgs): number {
  if (args.files.length === 0) throw new UsageError('validate takes one or more scenario files');
  let errors = 0;
  for (const name of args.files) {
    const file = resolve(name);
    if (!existsSync(file)) {
      process.stderr.write(`${name}: no such file\n`);
      errors++;
      continue;
    }
    const { diagnostics } = loadScenarioFile(file, { vars: args.vars, target: args.target, limits: args.limits, hints: true });
    for (const d of diagnostics) {
      process.stdout.write(`${formatDiagnostic(name, d)}\n`);
      if (d.severity === 'error') errors++;
    }
    if (!diagnostics.some((d) => d.severity === 'error')) process.stderr.write(`${name}: ok\n`);
  }
  return errors > 0 ? 2 : 0;
}
