// What both e2e files share: the run's set-up and tear-down around one code-server and one
// browser, failure screenshots, timings, and the check that no engine process outlives the run.
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../helpers/paths';
import { CodeServer, codeServerEntry, EXTENSION_DIR } from './code-server';
import { processesWithMarker, killAll, alive, sleep } from './processes';
import { SHOTS, launchBrowser, shot } from './workbench';
import { makeWorkspace, type Workspace } from './workspace';

export const ENGINE_SCRIPT = join(EXTENSION_DIR, 'dist', 'engine.js');

export class E2eRun {
  readonly t0 = Date.now();
  readonly timings: Record<string, number> = {};
  readonly nonLocal = new Set<string>();
  readonly workspace: Workspace;
  readonly marker: string;
  readonly server: CodeServer;
  browser: Browser | undefined;
  failed = false;
  /** The engine bundle the extension under test forks (the installed copy's, in vsix.test.ts). */
  engineScript = ENGINE_SCRIPT;

  constructor(
    readonly label: string,
    target: string,
    workspaceTrust = false,
  ) {
    this.workspace = makeWorkspace(label, target);
    this.marker = `STAMPEDE_E2E_RUN=${this.workspace.runDir}`;
    this.server = new CodeServer({ entry: codeServerEntry(), runDir: this.workspace.runDir, marker: this.marker, workspaceTrust });
  }

  /** The workbench on this run's workspace, with the repository as the extension under development. */
  devWorkbenchUrl(): string {
    return this.server.workbenchUrl(this.workspace.folder, [['extensionDevelopmentPath', this.server.remoteUri(EXTENSION_DIR)]]);
  }

  log(...args: unknown[]): void {
    console.log(`[e2e ${this.label} ${((Date.now() - this.t0) / 1000).toFixed(1)}s]`, ...args);
  }

  /** Measures `fn` into timings[name]. */
  async time<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const t = Date.now();
    try {
      return await fn();
    } finally {
      this.timings[name] = Date.now() - t;
    }
  }

  async start(): Promise<void> {
    mkdirSync(SHOTS, { recursive: true });
    // This process's temporary files (Chromium's throw-away profile) go to the run folder too.
    const tmp = join(this.workspace.runDir, 'test-tmp');
    mkdirSync(tmp, { recursive: true });
    process.env.TMPDIR = tmp;
    this.log('run folder', this.workspace.runDir);
    const [browser] = await Promise.all([
      this.time('browserLaunchMs', () => launchBrowser()),
      this.time('codeServerListeningMs', () => this.server.start()),
    ]);
    this.browser = browser;
    this.log(`code-server pid ${this.server.pid} on ${this.server.url}`);
  }

  /** A test body that, when it fails, screenshots every open page first. */
  step(name: string, fn: () => Promise<void>): () => Promise<void> {
    return async () => {
      const t = Date.now();
      try {
        await fn();
      } catch (err) {
        this.failed = true;
        const pages: Page[] = this.browser?.contexts().flatMap((c) => c.pages()) ?? [];
        for (const [i, page] of pages.entries()) await shot(page, `FAILED-${this.label}-${name}-${i}`).catch(() => {});
        throw err;
      } finally {
        this.timings[`${name}Ms`] = Date.now() - t;
        this.log(`${name}: ${Date.now() - t} ms`);
      }
    };
  }

  /** The engines this run's extension hosts started that are still alive. */
  engines(): { pid: number; cmd: string }[] {
    return processesWithMarker(this.engineScript, this.marker);
  }

  async waitForNoEngine(ms = 10_000): Promise<{ pid: number; cmd: string }[]> {
    const end = Date.now() + ms;
    let left = this.engines();
    while (left.length > 0 && Date.now() < end) {
      await sleep(200);
      left = this.engines();
    }
    return left;
  }

  /**
   * Closes the browser, stops code-server by PID (its whole tree), SIGKILLs any engine still
   * alive, and returns what had to be forced, so `after` can fail on leftovers.
   */
  async stop(): Promise<string[]> {
    const problems: string[] = [];
    await this.browser?.close().catch(() => {});
    const engines = this.engines();
    if (engines.length) problems.push(`engine process(es) alive when code-server was stopped: ${engines.map((e) => e.pid).join(', ')}`);
    const { stopped, forced } = await this.server.stop();
    this.log(`stopped code-server ${stopped[0] ?? '-'} and [${stopped.slice(1).join(' ')}]; forced: [${forced.join(' ')}]`);
    if (forced.length) problems.push(`code-server processes that needed SIGKILL: ${forced.join(', ')}`);
    const killed = await killAll([...engines.map((e) => e.pid), ...this.engines().map((e) => e.pid)]);
    if (killed.length) problems.push(`killed leftover engine process(es) ${killed.join(', ')}`);
    const still = [...stopped.filter(alive), ...this.engines().map((e) => e.pid)];
    if (still.length) problems.push(`still alive after the stop: ${still.join(', ')}`);
    this.timings.totalMs = Date.now() - this.t0;
    const summary = { label: this.label, failed: this.failed || problems.length > 0, timings: this.timings, nonLocalRequests: [...this.nonLocal], problems };
    writeFileSync(join(SHOTS, `timings-${this.label}.json`), JSON.stringify(summary, null, 2));
    this.log('summary', JSON.stringify(summary));
    this.keepOrClean(summary.failed);
    return problems;
  }

  private keepOrClean(failed: boolean): void {
    const { runDir } = this.workspace;
    if (failed) {
      // Logs next to the screenshots, where CI collects test-output/.
      const logs = join(SHOTS, `logs-${this.label}`);
      rmSync(logs, { recursive: true, force: true });
      mkdirSync(logs, { recursive: true });
      for (const f of ['code-server.log', 'inhost-console.log']) if (existsSync(join(runDir, f))) copyFileSync(join(runDir, f), join(logs, f));
      const userLogs = join(runDir, 'user-data', 'logs');
      if (existsSync(userLogs)) cpSync(userLogs, join(logs, 'vscode-logs'), { recursive: true });
      this.log(`logs copied to ${logs}; run folder kept: ${runDir}`);
    } else if (process.env.STAMPEDE_E2E_KEEP !== '1') {
      rmSync(runDir, { recursive: true, force: true });
    } else {
      this.log(`run folder kept: ${runDir}`);
    }
  }
}

/**
 * For a file's `after`: stops the run (`run.stop()`), then whatever else the file started (`also`,
 * e.g. its sample server), and fails on anything that had to be forced or on a request that left
 * 127.0.0.1.
 */
export async function finishRun(run: E2eRun | undefined, also?: () => Promise<unknown>): Promise<void> {
  const problems = run ? await run.stop() : [];
  await also?.();
  assert.deepEqual(problems, [], 'clean shutdown');
  assert.deepEqual(run ? [...run.nonLocal] : [], [], 'requests that left 127.0.0.1');
}

/** With STAMPEDE_E2E_UPDATE_DOCS=1: copies the named screenshots to docs/screenshots/ for the README. */
export function updateDocScreenshots(names: Record<string, string>): void {
  if (process.env.STAMPEDE_E2E_UPDATE_DOCS !== '1') return;
  const docs = join(ROOT, 'docs', 'screenshots');
  mkdirSync(docs, { recursive: true });
  const have = new Set(readdirSync(SHOTS));
  for (const [from, to] of Object.entries(names)) if (have.has(`${from}.png`)) copyFileSync(join(SHOTS, `${from}.png`), join(docs, to));
}
