// The server's connection over stdin/stdout. vscode-languageserver builds this itself for
// `--stdio`, but with vscode-jsonrpc's reader, which a frame with a wrong Content-Length leaves
// deaf (see resync-reader.ts). Passing our own reader means doing the two other things the
// library does for stdio: exit when stdin ends, and keep console output off stdout, where it
// would corrupt the protocol.
import { createConnection, ProposedFeatures, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';
import type { Lifecycle } from '../lifecycle';
import { ResyncingMessageReader } from './resync-reader';

export function stdioConnection(): Connection {
  for (const level of ['log', 'info', 'debug', 'warn'] as const) console[level] = console.error;
  const reader = new ResyncingMessageReader(process.stdin);
  // Dropped frames are told on stderr, which editors show in their language-server log.
  reader.onError((error) => process.stderr.write(`stampede lsp: ${error.message}\n`));
  return createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
}

/** The same exit codes as the library's own stdio transport: 0 after `shutdown`, 1 otherwise. */
export function exitWhenInputEnds(lifecycle: Lifecycle): void {
  const exit = () => process.exit(lifecycle.shutDownReceived ? 0 : 1);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
}
