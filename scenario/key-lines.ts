// Where the keys of a step's `expect`, `check` and `capture` are written, and the line a test or
// capture of a trial belongs to: a failed `expect.json.id` points at the `id:` line, not at the
// step's. Pure and free of YAML, for the extension's bundle and the CLI alike.

/** A key under a step (`['expect', 'json', 'id']`) and its 0-based line. */
export interface KeyLine {
  path: string[];
  line: number;
}

/**
 * The line of the deepest key written along `path` (`['expect', 'json', 'id']` falls back to
 * `expect.json`, then `expect`); undefined when not even the first is written (the default status
 * test of a step without `expect`).
 */
export function lineOfKey(keys: readonly KeyLine[], path: readonly string[]): number | undefined {
  let best: KeyLine | undefined;
  for (const key of keys) {
    if (key.path.length > path.length || (best && key.path.length <= best.path.length)) continue;
    if (key.path.every((segment, i) => segment === path[i])) best = key;
  }
  return best?.line;
}
