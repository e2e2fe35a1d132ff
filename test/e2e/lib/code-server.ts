// A private code-server (VS Code 1.100's server + web workbench) on 127.0.0.1 for one e2e test
// file: its own user-data, extensions and TMPDIR folders, no gallery, no telemetry, stopped by PID.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync, closeSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../../helpers/paths';
import { alive, descendants, killAll, sleep } from './processes';

/**
 * The extension under test: this repository, or another folder holding the same layout
 * (package.json, dist/, client/, schemas/, node_modules/), e.g. an unpacked .vsix.
 */
export const EXTENSION_DIR = process.env.STAMPEDE_E2E_EXTENSION_DIR ?? ROOT;

/** code-server's entry.js: from `npm test`'s hook, or installed (idempotently) now. */
export function codeServerEntry(): string {
  const given = process.env.STAMPEDE_CODE_SERVER_ENTRY;
  if (given) return given;
  const out = execFileSync('bash', [join(ROOT, 'scripts', 'ensure-code-server.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 10 * 60_000,
  });
  return out.trim().split('\n').pop()!;
}

/** Quiet, offline, deterministic: written to <user-data>/User/settings.json before start. */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(0);
    });
    req.end();
  });
}

export interface CodeServerOptions {
  entry: string;
  /** Holds config.yaml, user-data/, extensions/, tmp/ and code-server.log. */
  runDir: string;
  /** false (default): --disable-workspace-trust. true: the trust dialog shows as for a user. */
  workspaceTrust?: boolean;
  /** NAME=value put in code-server's environment: the extension host and the engines inherit it. */
  marker: string;
}

export class CodeServer {
  private child: ChildProcess | undefined;
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  url = '';
  startedAt = 0;
  listeningMs = 0;
  /** code-server's remoteAuthority (the host part of vscode-remote:// URIs). */
  authority = 'remote';

  constructor(readonly options: CodeServerOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get log(): string {
    return join(this.options.runDir, 'code-server.log');
  }

  /** The run's --extensions-dir. */
  get extensionsDir(): string {
    return join(this.options.runDir, 'extensions');
  }

  /** The run's folders and config.yaml (an empty one), before `--install-extension` or `start`. */
  private prepare(): { userData: string; tmp: string } {
    const { runDir } = this.options;
    const userData = join(runDir, 'user-data');
    const tmp = join(runDir, 'tmp'); // VS Code's vscode-ipc-*.sock and friends, not /tmp
    mkdirSync(join(userData, 'User'), { recursive: true });
    mkdirSync(this.extensionsDir, { recursive: true });
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(runDir, 'config.yaml'), ''); // never ~/.config/code-server/config.yaml (it has a password)
    return { userData, tmp };
  }

  /**
   * `code-server --install-extension <vsix>` into this run's extensions dir (same config,
   * user-data and TMPDIR as `start`), as a user installs a downloaded .vsix. Returns its output.
   */
  installExtension(vsix: string): string {
    const { userData, tmp } = this.prepare();
    return execFileSync(
      process.execPath,
      [this.options.entry, '--config', join(this.options.runDir, 'config.yaml'), '--user-data-dir', userData, '--extensions-dir', this.extensionsDir, '--install-extension', vsix],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, env: { ...process.env, EXTENSIONS_GALLERY: '{}', TMPDIR: tmp } },
    );
  }

  async start(): Promise<void> {
    const { runDir, entry } = this.options;
    const { userData, tmp } = this.prepare();
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
    const port = await freePort();
    const [name, ...rest] = this.options.marker.split('=');
    const log = openSync(this.log, 'a');
    this.startedAt = Date.now();
    this.child = spawn(
      process.execPath,
      [
        entry,
        '--config', join(runDir, 'config.yaml'),
        '--bind-addr', `127.0.0.1:${port}`,
        '--auth', 'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-getting-started-override',
        '--user-data-dir', userData,
        '--extensions-dir', this.extensionsDir,
        ...(this.options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      ],
      {
        stdio: ['ignore', log, log],
        // EXTENSIONS_GALLERY={}: no Open VSX, so nothing leaves 127.0.0.1.
        env: { ...process.env, EXTENSIONS_GALLERY: '{}', TMPDIR: tmp, [name]: rest.join('=') },
      },
    );
    closeSync(log);
    writeFileSync(join(runDir, 'code-server.pid'), String(this.child.pid));
    this.child.on('exit', (code, signal) => {
      this.exited = { code, signal };
    });
    this.url = `http://127.0.0.1:${port}`;
    for (;;) {
      if (this.exited) throw new Error(`code-server exited early (${JSON.stringify(this.exited)}); see ${this.log}`);
      if ((await status(`${this.url}/healthz`)) === 200) break;
      if (Date.now() - this.startedAt > 60_000) throw new Error(`code-server did not answer /healthz within 60 s; see ${this.log}`);
      await sleep(100);
    }
    this.listeningMs = Date.now() - this.startedAt;
    // The VS Code server module loads lazily on the first request to "/"; its page names the authority.
    const html = await (await fetch(`${this.url}/?folder=${encodeURIComponent(runDir)}`)).text();
    this.authority = /&quot;remoteAuthority&quot;:&quot;([^&]*)&quot;/.exec(html)?.[1] ?? 'remote';
  }

  /** A file path on the server as the workbench names it. */
  remoteUri(path: string): string {
    return `vscode-remote://${this.authority}${path}`;
  }

  /** The workbench URL for `folder`, with a `payload` (extensionDevelopmentPath, extensionTestsPath, …). */
  workbenchUrl(folder: string, payload: [string, string][] = []): string {
    let url = `${this.url}/?folder=${encodeURIComponent(folder)}`;
    if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return url;
  }

  /** All processes under code-server now (extension hosts, language servers, engines, …). */
  tree(): number[] {
    return this.child?.pid ? descendants(this.child.pid) : [];
  }

  /** SIGTERM to code-server, wait for its tree to go, then SIGKILL by PID whatever of it is left. */
  async stop(): Promise<{ stopped: number[]; forced: number[] }> {
    const pid = this.child?.pid;
    if (!pid || !alive(pid)) return { stopped: [], forced: [] };
    const tree = [pid, ...descendants(pid)];
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    const deadline = Date.now() + 8000;
    while (Date.now() < deadline && tree.some(alive)) await sleep(100);
    const forced = await killAll(tree.filter(alive));
    return { stopped: tree, forced };
  }
}
