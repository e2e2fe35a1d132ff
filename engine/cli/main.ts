// The CLI entry (dist/cli.js, started by bin/stampede.js).
import { STAMPEDE_VERSION } from '../report/build';
import { parseArgs, USAGE, UsageError } from './args';
import { convertCommand } from './convert-command';
import { lspCommand } from './lsp-command';
import { newCommand } from './new-command';
import { runCommand } from './run-command';
import { validateCommand } from './validate-command';

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.version) {
    process.stdout.write(`${STAMPEDE_VERSION}\n`);
    return 0;
  }
  if (args.help || !args.command) {
    (args.help ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return args.help ? 0 : 2;
  }
  switch (args.command) {
    case 'run':
      return runCommand(args);
    case 'validate':
      return validateCommand(args);
    case 'lsp':
      return lspCommand(args);
    case 'new':
      return newCommand(args);
    case 'convert':
      return convertCommand(args);
    default:
      throw new UsageError(`unknown command "${args.command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`stampede: ${err.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`stampede: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 3;
  },
);
