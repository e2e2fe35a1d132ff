// A step's headers: `base` (what the step kind sends by itself), then `defaults.headers`, then
// the step's own, names lowercased so that a step's `Accept` replaces the defaults' `accept`.
export function mergeHeaders(defaults: Record<string, string>, own: Record<string, string>, base: Record<string, string> = {}): Record<string, string> {
  const merged: Record<string, string> = { ...base };
  for (const [key, value] of Object.entries(defaults)) merged[key.toLowerCase()] = value;
  for (const [key, value] of Object.entries(own)) merged[key.toLowerCase()] = value;
  return merged;
}
