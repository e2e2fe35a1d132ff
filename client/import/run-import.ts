// Runs `stampede import` in its own process (dist/import.js through dist/boot.js, as the engine is
// forked): the importers, the Postman SDK and the scenario analyser stay out of the extension
// host. What it says on standard error is the CLI's documented output, read back line by line.
import { fork } from 'node:child_process';
import { join } from 'node:path';

export interface ImportOutcome {
  /** The scenario was written (it may still have errors: `errors`). */
  written: boolean;
  /** The format was not recognised: ask the user which it is and run again with `from`. */
  unknownFormat: boolean;
  /** Why nothing was written. */
  failure?: string;
  untranslated: string[];
  /** `NAME: what it holds`: the environment variables the scenario asks for. */
  env: string[];
  /** Companion files written beside the scenario (`data.csv: …`). */
  companions: string[];
  /** `file:line:col: error: …`: what does not validate (a bug of the importer). */
  errors: string[];
}

export function readImportOutput(code: number | null, stderr: string): ImportOutcome {
  const outcome: ImportOutcome = { written: code === 0 || code === 3, unknownFormat: false, untranslated: [], env: [], companions: [], errors: [] };
  const problems: string[] = [];
  for (const line of stderr.split('\n')) {
    let m: RegExpMatchArray | null;
    if ((m = /^not translated: (.*)$/.exec(line))) outcome.untranslated.push(m[1]);
    else if ((m = /^set (\S+): (.*)$/.exec(line))) outcome.env.push(`${m[1]}: ${m[2]}`);
    else if ((m = /^wrote (.+?: .*)$/.exec(line))) outcome.companions.push(m[1]);
    else if (/:\d+:\d+: error: /.test(line)) outcome.errors.push(line);
    else if ((m = /^stampede(?: import)?: (.*)$/.exec(line))) problems.push(m[1]);
  }
  outcome.unknownFormat = code === 2 && problems.some((p) => p.includes('not a format stampede imports'));
  if (!outcome.written) outcome.failure = problems.join('; ') || stderr.trim().split('\n').pop() || `the importer stopped (exit code ${code})`;
  return outcome;
}

/**
 * `dist`: the extension's dist/ folder; `cwd`: the workspace folder, which the import, as the
 * editor, keeps the scenario's data files inside (an Artillery payload is read where it is only
 * there). Resolves with what the import did; never rejects.
 */
export function runImport(dist: string, file: string, out: string, options: { from?: string; force?: boolean; cwd?: string } = {}): Promise<ImportOutcome> {
  const args = [join(dist, 'import.js'), file, '--out', out, ...(options.from ? ['--from', options.from] : []), ...(options.force ? ['--force'] : [])];
  return new Promise((resolve) => {
    const child = fork(join(dist, 'boot.js'), args, { cwd: options.cwd, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (err) => resolve({ ...readImportOutput(3, ''), written: false, failure: err.message }));
    child.on('exit', (code) => resolve(readImportOutput(code, stderr)));
  });
}
