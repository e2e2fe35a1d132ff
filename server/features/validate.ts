// Diagnostics of one document version: the scenario model's, hints included unless turned off;
// for a JSON scenario, without what VS Code's JSON service reports itself.
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { isHint, toLspDiagnostic } from '../convert';
import type { DocumentState } from '../document-state';
import { isJsonScenario, reportedForJson } from '../json-scenarios';
import type { ServerSettings } from '../settings';

export function validate(state: DocumentState, settings: ServerSettings): LspDiagnostic[] {
  const out: LspDiagnostic[] = [];
  const json = isJsonScenario(state.uri);
  for (const d of state.analysis.diagnostics) {
    if (!settings.hints && isHint(d)) continue;
    if (json && !reportedForJson(d)) continue;
    out.push(toLspDiagnostic(d));
  }
  return out;
}
