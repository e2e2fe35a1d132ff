// Runs the real CLI (bin/stampede.js) as a child process and collects what it printed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from './paths';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  done: Promise<CliResult>;
  /** Resolves once stderr or stdout has printed text matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

export function startCli(args: string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers: { pattern: RegExp; resolve: () => void }[] = [];
  const check = (): void => {
    for (const watcher of [...watchers]) {
      if (watcher.pattern.test(stdout) || watcher.pattern.test(stderr)) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve();
      }
    }
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    check();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    check();
  });
  // A hung CLI must not hang the suite.
  const limit = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const done = new Promise<CliResult>((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(limit);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    done,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}\nstdout: ${stdout}\nstderr: ${stderr}`)), timeoutMs);
        watchers.push({ pattern, resolve: () => { clearTimeout(timer); resolve(); } });
        check();
      });
    },
  };
}

export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

/** A fresh temp folder holding `name` with `content`; returns both paths. */
export function writeScenario(name: string, content: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-test-'));
  const file = join(dir, name);
  writeFileSync(file, content);
  return { dir, file };
}
