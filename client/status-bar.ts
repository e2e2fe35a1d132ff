// A status bar item while runs are active: users, rps, p95 and errors of the latest snapshot.
// Clicking it reveals that run's panel.
import * as vscode from 'vscode';
import { formatMs, formatPercent, formatRate } from '../report/format';
import type { RunManager } from './runs/run-manager';
import type { RunSession } from './runs/run-session';

export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('stampede.run', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[] = [];
  private shown: RunSession | undefined;

  constructor(runs: RunManager) {
    this.item.name = 'Stampede run';
    this.item.command = 'stampede.showPanel';
    this.subscriptions.push(
      runs.onDidStart((session) => this.follow(session)),
      runs.onDidFinish(({ session }) => {
        if (session !== this.shown) return;
        const next = runs.active[runs.active.length - 1];
        if (next) this.follow(next);
        else {
          this.shown = undefined;
          this.item.hide();
        }
      }),
    );
  }

  private follow(session: RunSession): void {
    this.shown = session;
    this.item.text = '$(pulse) Stampede: starting…';
    this.item.tooltip = vscode.workspace.asRelativePath(session.uri);
    this.item.show();
    this.subscriptions.push(
      session.onMessage((message) => {
        if (session !== this.shown) return;
        if (message.type === 'stage' && message.stage !== 'load') this.item.text = `$(pulse) Stampede: ${message.stage}…`;
        if (message.type !== 'snapshot') return;
        const { row, totals } = message;
        const errorRate = totals.requests > 0 ? totals.errors / totals.requests : 0;
        this.item.text =
          `$(pulse) ${row.users} users · ${formatRate(row.rps)} rps · p95 ${formatMs(row.p95)} · ` +
          `${formatPercent(errorRate)} errors`;
        this.item.backgroundColor = errorRate > 0.01 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      }),
    );
  }

  dispose(): void {
    this.item.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
