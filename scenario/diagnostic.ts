// One way to build a Diagnostic, so every check reports the same shape.
import type { Diagnostic, Severity, SourceRange, TextFix } from './types';

export function diagnostic(
  range: SourceRange,
  code: string,
  message: string,
  severity: Severity = 'error',
  fix?: TextFix,
): Diagnostic {
  const result: Diagnostic = { range, severity, message, code };
  if (fix) result.fix = fix;
  return result;
}

/** Document order, then errors before warnings: the order the CLI prints them in. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const rank: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };
  return diagnostics.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      rank[a.severity] - rank[b.severity],
  );
}
