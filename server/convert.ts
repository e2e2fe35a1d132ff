// Engine diagnostics (0-based ranges, severity words) as LSP diagnostics.
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type Range } from 'vscode-languageserver';
import type { Diagnostic, Severity, SourceRange } from '../scenario/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const SOURCE = 'stampede';

export function toLspRange(range: SourceRange): Range {
  return { start: { ...range.start }, end: { ...range.end } };
}

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return { range: toLspRange(d.range), severity: SEVERITY[d.severity], source: SOURCE, code: d.code, message: d.message };
}

export function isHint(d: Diagnostic): boolean {
  return d.code.startsWith('hint-');
}

/** Whether two ranges share at least a point (an empty range touching another counts). */
export function rangesTouch(a: SourceRange, b: SourceRange): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

export function contains(range: SourceRange, position: { line: number; character: number }): boolean {
  return !before(position, range.start) && !before(range.end, position);
}

function before(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
