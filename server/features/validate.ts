// Diagnostics of one document version: the scenario model's, hints included unless turned off.
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { isHint, toLspDiagnostic } from '../convert';
import type { DocumentState } from '../document-state';
import type { ServerSettings } from '../settings';

export function validate(state: DocumentState, settings: ServerSettings): LspDiagnostic[] {
  const out: LspDiagnostic[] = [];
  for (const d of state.analysis.diagnostics) {
    if (!settings.hints && isHint(d)) continue;
    out.push(toLspDiagnostic(d));
  }
  return out;
}
