// The language server's entry (dist/server.js). The transport comes from the command line:
// `--node-ipc` when the extension starts it (vscode-languageserver reads that itself), `--stdio`
// for `stampede lsp --stdio` and other editors, read by our own resynchronising reader.
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import { startServer } from './handlers';
import { exitWhenInputEnds, stdioConnection } from './transport/stdio-connection';

const stdio = process.argv.includes('--stdio');
const connection: Connection = stdio ? stdioConnection() : createConnection(ProposedFeatures.all);
const lifecycle = startServer(connection);
if (stdio) exitWhenInputEnds(lifecycle);
