// The compare panel's entry point (dist/compare.js): the same shell and CSP as the run panel,
// another page. It draws what it saved when the panel is restored, tells the extension it
// listens, and draws the runs of every `compare` message (checked first, like the run panel's).
import { COMPARE_CHARTS, compareFrame } from './compare-charts';
import { compareState, isCompareState, type CompareState } from './compare-model';
import { compareHeader, compareRuns, compareTable } from './compare-view';
import { panelCharts } from './charts';
import { el, replace } from './dom';
import { chartsHeading } from '../report/view/sections';
import { PANEL_PROTOCOL_VERSION } from './protocol';
import { connect, listen } from './vscode-api';

function main(): void {
  const { vscode, root } = connect<CompareState>('app', 'compare');
  const header = el('div');
  const runs = el('div');
  const figures = el('div');
  const charts = panelCharts({}, COMPARE_CHARTS);
  replace(root, header, runs, figures, chartsHeading(), charts.element);
  root.removeAttribute('aria-busy');

  let state: CompareState | null = null;
  const redrawCharts = (): void => {
    const shown = state;
    if (shown) charts.update(() => compareFrame(shown));
  };
  const draw = (s: CompareState): void => {
    state = s;
    replace(header, compareHeader(s));
    replace(runs, compareRuns(s));
    replace(figures, compareTable(s));
    document.title = `Compare: ${s.baseline.label} ↔ ${s.current.label}`;
    redrawCharts();
  };
  const saved = vscode.getState();
  if (isCompareState(saved)) draw(saved);

  listen(vscode, (message) => {
    if (message.type !== 'compare') return;
    const next = compareState(message);
    vscode.setState(next);
    draw(next);
  });
  // VS Code switches themes by changing the body's class and the root's variables: the charts
  // re-read their colours.
  const observer = new MutationObserver(redrawCharts);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  vscode.postMessage({ type: 'ready', protocol: PANEL_PROTOCOL_VERSION, restored: state !== null, runId: null, lastSeq: -1 });
}

main();
