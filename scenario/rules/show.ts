// Numbers as the hints' messages show them.

/** `850 ms`, `1.3 s`, `2 min 10 s`. */
export function showMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trim(ms / 1000)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** `users` or `iterations/s` for a level of the given model. */
export function levelUnit(model: 'closed' | 'open' | undefined, count: number): string {
  if (model === 'open') return 'iterations/s';
  return count === 1 ? 'user' : 'users';
}

function trim(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** The key that sets a level in the given model. */
export function levelKey(model: 'closed' | 'open' | undefined): 'users' | 'rate' {
  return model === 'open' ? 'rate' : 'users';
}
