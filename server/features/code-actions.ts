// Quick fixes: every diagnostic that carries a mechanical fix (quotes, did-you-mean, ramp-down,
// starter criteria, maxUsers), plus moving repeated headers to `defaults`, which edits many places.
import { CodeActionKind, type CodeAction, type Range } from 'vscode-languageserver';
import { findRepeatedHeaders } from '../../scenario/rules/hint-repeated-headers';
import type { Diagnostic } from '../../scenario/types';
import { isHint, rangesTouch, toLspDiagnostic, toLspRange } from '../convert';
import type { DocumentState } from '../document-state';
import type { ServerSettings } from '../settings';
import { moveHeadersEdits } from './fixes/move-headers';

export function codeActions(state: DocumentState, range: Range, settings?: ServerSettings): CodeAction[] {
  const actions: CodeAction[] = [];
  let movedHeaders = false;
  for (const d of state.analysis.diagnostics) {
    if (!rangesTouch(d.range, range) || (settings?.hints === false && isHint(d))) continue;
    if (d.fix) {
      actions.push(action(state, d, d.fix.title, [{ range: toLspRange(d.fix.range), newText: d.fix.newText }], !isHint(d)));
    } else if (d.code === 'hint-repeated-headers' && !movedHeaders) {
      movedHeaders = true;
      for (const header of findRepeatedHeaders(state.doc, state.outline)) {
        if (!header.occurrences.some(({ pair }) => pair.key.range[0] <= state.lines.offsetAt(d.range.end) && pair.key.range[1] >= state.lines.offsetAt(d.range.start))) continue;
        const edits = moveHeadersEdits(state, header);
        if (edits.length) actions.push(action(state, d, `Move \`${header.name}\` to defaults.headers`, edits, false));
      }
    }
  }
  return actions;
}

function action(state: DocumentState, d: Diagnostic, title: string, edits: { range: Range; newText: string }[], preferred: boolean): CodeAction {
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [toLspDiagnostic(d)],
    isPreferred: preferred,
    edit: { changes: { [state.uri]: edits } },
  };
}
