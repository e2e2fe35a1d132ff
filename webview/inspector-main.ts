// The inspector's entry point (dist/inspector.js): the run panel's shell and CSP, another page.
// It redraws what it saved when the panel is restored, tells the extension it listens, and
// follows a trial as its exchanges arrive (each message checked first, like the other pages').
import { exchangeItem, exchangeList, inspectorHeader, type InspectorActions } from './inspector-view';
import { isInspectorState, nextInspectorState } from './inspector-model';
import { el, replace } from './dom';
import { PANEL_PROTOCOL_VERSION, type InspectorState } from './protocol';
import { connect, listen } from './vscode-api';

function main(): void {
  const { vscode, root } = connect<InspectorState>('app', 'inspector');
  const header = el('div');
  const list = el('div');
  replace(root, header, list);
  root.removeAttribute('aria-busy');

  const saved = vscode.getState();
  let state: InspectorState | null = isInspectorState(saved) ? saved : null;

  const actions: InspectorActions = {
    toggle(index) {
      if (!state) return;
      const open = state.open.includes(index) ? state.open.filter((i) => i !== index) : [...state.open, index];
      state = { ...state, open };
      vscode.setState(state);
      // Only this exchange is rebuilt, so the focus stays on its row for the keyboard.
      const old = list.querySelector(`li.exchange[data-index="${index}"]`);
      const item = exchangeItem(state.exchanges[index], index, open.includes(index), actions);
      old?.replaceWith(item);
      item.querySelector<HTMLButtonElement>('.exchange-row')?.focus();
    },
    revealLine(line) {
      vscode.postMessage({ type: 'revealLine', line });
    },
  };
  const draw = (): void => {
    replace(header, inspectorHeader(state));
    replace(list, exchangeList(state, actions));
    document.title = state ? `Try: ${state.trial.scenario}` : 'Try';
  };
  draw();

  listen(vscode, (message) => {
    const next = nextInspectorState(state, message);
    if (next === state || !next) return;
    state = next;
    vscode.setState(state);
    draw();
  });
  vscode.postMessage({ type: 'ready', protocol: PANEL_PROTOCOL_VERSION, restored: state !== null, runId: state?.trial.trialId ?? null, lastSeq: (state?.exchanges.length ?? 0) - 1 });
}

main();
