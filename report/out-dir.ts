// Where runs write their reports: `<base>/<UTC timestamp>-<name>/`, newest last by name, and how
// many of them to keep. Shared by the CLI and the extension.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const RUN_FOLDER = /^\d{8}T\d{6}Z-/;

/** `20261127T101500Z-checkout-flow` */
export function runFolderName(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'run';
  return `${stamp}-${slug}`;
}

/** `.stampede/runs/20261127T101500Z-checkout-flow/` relative to the current directory. */
export function defaultOutDir(name: string, now = new Date()): string {
  return join('.stampede', 'runs', runFolderName(name, now));
}

/** Run folders under `base`, oldest first (their names start with a sortable UTC timestamp). */
export function listRunFolders(base: string): string[] {
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return [];
  }
  return names
    .filter((name) => RUN_FOLDER.test(name) && statSync(join(base, name)).isDirectory())
    .sort()
    .map((name) => join(base, name));
}

/** Deletes the oldest run folders so that at most `keep` remain; returns what it deleted. */
export function pruneRunFolders(base: string, keep: number): string[] {
  const folders = listRunFolders(base);
  const doomed = folders.slice(0, Math.max(0, folders.length - keep));
  for (const folder of doomed) rmSync(folder, { recursive: true, force: true });
  return doomed;
}
