// dist/import.js: `stampede import` alone, for the extension's "Import…" (client/import/), which
// forks it through dist/boot.js as `import.js FILE --out OUT [--from F] [--force]`. The .vsix
// ships no dist/cli.js, and the extension host must not carry the importers: this bundle holds
// only the import command, and answers on standard error exactly as the CLI does.
import { parseArgs, UsageError } from './args';
import { importCommand } from './import-command';

importCommand(parseArgs(['import', ...process.argv.slice(2)])).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`stampede: ${err instanceof UsageError ? err.message : ((err as Error).stack ?? String(err))}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 3;
  },
);
