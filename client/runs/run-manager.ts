// Starts, tracks and stops the runs of this window: one per scenario file, several at once.
// Every check a run needs happens here first: trust, saved file, a valid scenario, allowed hosts.
import * as vscode from 'vscode';
import { join } from 'node:path';
import { parseDuration } from '../../scenario/units';
import { pruneRunFolders, runFolderName } from '../../report/out-dir';
import type { ServerRequests } from '../server-requests';
import { preflight, trusted } from './preflight';
import { RunSession, type RunResult } from './run-session';
import { workersSetting } from './workers-setting';

const LAST_REPORT_KEY = 'stampede.lastReport';

export interface StartOptions {
  /** Skip the confirmation for hosts that are not loopback (already asked elsewhere). */
  hostsConfirmed?: boolean;
}

export class RunManager implements vscode.Disposable {
  private readonly sessions = new Map<string, RunSession>();
  private readonly startedEmitter = new vscode.EventEmitter<RunSession>();
  private readonly finishedEmitter = new vscode.EventEmitter<{ session: RunSession; result: RunResult }>();
  readonly onDidStart = this.startedEmitter.event;
  readonly onDidFinish = this.finishedEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.OutputChannel,
    /** The language server, which checks the scenario before a run (this host has no analyser). */
    private readonly server: ServerRequests,
  ) {}

  get active(): RunSession[] {
    return [...this.sessions.values()];
  }

  sessionFor(uri: vscode.Uri): RunSession | undefined {
    return this.sessions.get(uri.toString());
  }

  get lastReport(): string | undefined {
    return this.context.workspaceState.get<string>(LAST_REPORT_KEY);
  }

  /** Starts a run of `uri`; resolves undefined (after telling the user why) when it cannot. */
  async start(uri: vscode.Uri, options: StartOptions = {}): Promise<RunSession | undefined> {
    if (!trusted()) return undefined;
    const existing = this.sessions.get(uri.toString());
    if (existing) {
      void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(uri)} is already running.`);
      return existing;
    }
    const cleared = await preflight(this.context, this.server, uri, options);
    if (!cleared) return undefined;
    const { root, limits, scenario } = cleared;
    const env = { ...process.env };
    const config = vscode.workspace.getConfiguration('stampede', uri);
    const folder = root ?? join(uri.fsPath, '..');
    const base = join(folder, config.get<string>('reportFolder', '.stampede/runs'));
    const outDir = join(base, runFolderName(scenario.name));
    const monitorInterval = parseDuration(config.get<string>('monitorInterval', '') || '0') || undefined;
    const session = new RunSession(
      uri,
      scenario.name,
      outDir,
      this.context.asAbsolutePath('dist/engine.js'),
      {
        file: uri.fsPath,
        vars: {},
        env: env as Record<string, string>,
        limits,
        ...(root ? { root } : {}),
        ...(monitorInterval ? { defaultMonitorIntervalMs: monitorInterval } : {}),
        ...workersSetting(config.get<unknown>('workers', 1)),
        // Should the extension host go down mid-run, the engine writes the report here itself.
        orphaned: { reportDir: outDir },
      },
      this.log,
    );
    this.log.appendLine(`run ${vscode.workspace.asRelativePath(uri)} (engine pid ${session.pid})`);
    this.sessions.set(uri.toString(), session);
    void this.updateContext();
    this.startedEmitter.fire(session);
    void session.whenFinished().then(async (result) => {
      this.sessions.delete(uri.toString());
      void this.updateContext();
      if (result.files) {
        await this.context.workspaceState.update(LAST_REPORT_KEY, result.files.json);
        pruneRunFolders(base, config.get<number>('historyRetention', 20));
      }
      this.finishedEmitter.fire({ session, result });
    });
    return session;
  }

  stop(uri?: vscode.Uri): boolean {
    const session = uri ? this.sessions.get(uri.toString()) : this.active[0];
    if (!session) return false;
    session.stop();
    return true;
  }

  private updateContext(): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', 'stampede.running', this.sessions.size > 0);
  }

  /** VS Code is closing: stop every run gracefully, and at once if it takes too long. */
  async stopAll(timeoutMs = 3000): Promise<void> {
    const sessions = this.active;
    for (const session of sessions) session.stop('VS Code is closing');
    const all = Promise.all(sessions.map((session) => session.whenFinished()));
    const timedOut = await Promise.race([all.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), timeoutMs))]);
    if (timedOut) for (const session of sessions) session.kill();
  }

  dispose(): void {
    for (const session of this.active) session.dispose();
    this.startedEmitter.dispose();
    this.finishedEmitter.dispose();
  }
}
