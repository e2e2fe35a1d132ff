// What the inspector shows (a trial run's exchanges) and how the extension's messages change it.
// Pure (no DOM): it is also the state the page persists for a reload.
import { checkExtensionToPanel, PANEL_PROTOCOL_VERSION, type InspectorState, type ExtensionToPanel } from './protocol';

/** The state after `message`; the same object when the message is not for this trial (or not in order). */
export function nextInspectorState(state: InspectorState | null, message: ExtensionToPanel): InspectorState | null {
  switch (message.type) {
    case 'inspector': {
      const same = state?.trial.trialId === message.trial.trialId;
      return { version: PANEL_PROTOCOL_VERSION, trial: message.trial, exchanges: message.exchanges, ended: message.ended, open: same && state ? state.open : [] };
    }
    case 'trialExchange':
      // One at a time, in order: a gap means a replay is due (the `inspector` message), not a guess.
      if (!state || message.trialId !== state.trial.trialId || message.seq !== state.exchanges.length) return state;
      return { ...state, exchanges: [...state.exchanges, message.item] };
    case 'trialEnded':
      if (!state || message.trialId !== state.trial.trialId) return state;
      return { ...state, ended: message.end };
    default:
      return state;
  }
}

/** A saved state this page can redraw: checked like a message, since an older page may have saved it. */
export function isInspectorState(value: unknown): value is InspectorState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<InspectorState>;
  if (v.version !== PANEL_PROTOCOL_VERSION || !Array.isArray(v.open) || !v.open.every((i) => Number.isInteger(i))) return false;
  return checkExtensionToPanel({ type: 'inspector', trial: v.trial, exchanges: v.exchanges, ended: v.ended }) === null;
}
