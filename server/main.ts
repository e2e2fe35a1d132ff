// The language server's entry (dist/server.js). The transport comes from the command line, as
// vscode-languageserver reads it: `--node-ipc` when the extension starts it, `--stdio` for
// `stampede lsp --stdio` and other editors.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './handlers';

startServer(createConnection(ProposedFeatures.all));
