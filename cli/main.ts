// The CLI entry (dist/cli.js, started by bin/stampede.js). Each command's code is loaded when
// that command runs: a start pays only for what it uses (`run` forks the engine before it loads
// the rest, see run-command.ts).
import { parseArgs, USAGE, UsageError } from './args';

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.version) {
    const { STAMPEDE_VERSION } = await import('../report/version');
    process.stdout.write(`${STAMPEDE_VERSION}\n`);
    return 0;
  }
  if (args.help || !args.command) {
    (args.help ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return args.help ? 0 : 2;
  }
  switch (args.command) {
    case 'run':
      return (await import('./run-command')).runCommand(args);
    case 'validate':
      return (await import('./validate-command')).validateCommand(args);
    case 'lsp':
      return (await import('./lsp-command')).lspCommand(args);
    case 'new':
      return (await import('./new-command')).newCommand(args);
    case 'merge':
      return (await import('./merge-command')).mergeCommand(args);
    case 'try':
      return (await import('./try-command')).tryCommand(args);
    case 'import':
      return (await import('./import-command')).importCommand(args);
    case 'convert':
      return (await import('./convert-command')).convertCommand(args);
    case 'compare':
      return (await import('./compare-command')).compareCommand(args);
    case 'k8s':
      return (await import('./k8s-command')).k8sCommand(args);
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
