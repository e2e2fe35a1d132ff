// What the caller knows beyond the text: where the file is, the command line's overrides, and
// how to read files next to it (the language server passes one that sees unsaved editors).
export interface AnalyzeOptions {
  /** Absolute path of the scenario file; data files resolve against its directory. */
  file?: string;
  /** `--var NAME=VALUE` overrides; they also count as defined template names. */
  vars?: Record<string, string>;
  /** `--target URL` override. */
  target?: string;
  /**
   * The folder data files must stay inside (the editor's workspace folder). Without it: the
   * working directory when it holds the scenario, else no limit (see `dataRoot`).
   */
  root?: string;
  /** The safety ceiling on users and rate; unset parts come from the environment or defaults. */
  limits?: { maxUsers?: number; maxRate?: number };
  /** Returns a file's text, or undefined when it cannot be read. Without it, files are not checked. */
  readFile?: (absPath: string) => string | undefined;
}
