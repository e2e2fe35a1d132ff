// What a client may configure (`initializationOptions` or the `stampede` settings section).
export interface ServerSettings {
  /** Report the optimization hints (information and hint severity). */
  hints: boolean;
  /** Milliseconds of quiet after an edit before diagnostics are recomputed. */
  debounceMs: number;
}

export const DEFAULT_SETTINGS: ServerSettings = { hints: true, debounceMs: 150 };

/** Reads settings from whatever the client sent, keeping defaults for anything missing or odd. */
export function readSettings(value: unknown, base: ServerSettings = DEFAULT_SETTINGS): ServerSettings {
  const source = isRecord(value) && isRecord(value.stampede) ? value.stampede : value;
  if (!isRecord(source)) return base;
  const hints = isRecord(source.hints) ? source.hints.enabled : source.hints;
  return {
    hints: typeof hints === 'boolean' ? hints : base.hints,
    debounceMs: typeof source.debounceMs === 'number' && source.debounceMs >= 0 ? source.debounceMs : base.debounceMs,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
