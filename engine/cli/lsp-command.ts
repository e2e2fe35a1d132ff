// `stampede lsp --stdio`: the language server over standard input and output.
import { UsageError, type ParsedArgs } from './args';

export function lspCommand(_args: ParsedArgs): Promise<number> {
  throw new UsageError('the language server is not part of this build yet');
}
