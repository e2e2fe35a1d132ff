// `stampede lsp --stdio`: the language server over standard input and output. The server is its
// own bundle (dist/server.js), loaded at run time from next to this one: a computed path keeps
// esbuild from copying it into cli.js. Standard output then carries LSP messages only.
import { join } from 'node:path';
import type { ParsedArgs } from './args';

export function lspCommand(args: ParsedArgs): Promise<number> {
  // vscode-languageserver picks its transport from process.argv; stdio is the CLI's only one.
  if (!process.argv.includes('--stdio')) process.argv.push('--stdio');
  void args;
  // Anything printed by accident would corrupt the LSP stream: send console output to stderr.
  console.log = console.error;
  console.info = console.error;
  require(join(__dirname, 'server.js'));
  // The server runs until the client sends `exit` (or closes stdin); never resolve.
  return new Promise<number>(() => undefined);
}
