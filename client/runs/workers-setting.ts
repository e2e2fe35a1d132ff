// The `stampede.workers` setting as the engine's RunOptions take it. A plain function, without
// vscode, so unit tests can give it what a user's settings.json may hold, junk included.

/** A whole number of threads above 1, or `auto`; anything else (1, 0, "2", 2.5, null) is one. */
export function workersSetting(value: unknown): { workers?: number | 'auto' } {
  if (value === 'auto') return { workers: 'auto' };
  return typeof value === 'number' && Number.isInteger(value) && value > 1 ? { workers: value } : {};
}
