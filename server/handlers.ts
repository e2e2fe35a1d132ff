// Binds the feature functions to the connection. Each handler only finds the document's analysis
// and hands it to a plain function of (state, position, settings) in features/.
import { CodeActionKind, DidChangeWatchedFilesNotification, TextDocuments, TextDocumentSyncKind, type Connection, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticsPublisher } from './diagnostics-publisher';
import type { DocumentState } from './document-state';
import { DocumentStore } from './document-store';
import { codeActions } from './features/code-actions';
import { codeLens } from './features/code-lens';
import { complete, TRIGGER_CHARACTERS } from './features/complete';
import { definition } from './features/definition';
import { documentSymbols } from './features/document-symbols';
import { factsOf, templatesOf, validationOf } from './features/extension-requests';
import { hover } from './features/hover';
import { resultAnchorsOf } from './features/result-anchors';
import { isJsonScenario } from './json-scenarios';
import { Lifecycle } from './lifecycle';
import { ResultAnchorsRequest, ScenarioFactsRequest, TemplatesRequest, ValidationRequest } from './protocol';
import { DEFAULT_SETTINGS, readSettings, type ServerSettings } from './settings';
import { warmUp } from './warm-up';

/** Files a scenario may read: CSV and JSON data sets, PEM files of `tls`. */
const DATA_FILES = '**/*.{csv,json,pem,crt,cer,key}';

/** Binds every handler and starts listening; the lifecycle tells whether `shutdown` came. */
export function startServer(connection: Connection): Lifecycle {
  const documents = new TextDocuments(TextDocument);
  const store = new DocumentStore(documents);
  let settings: ServerSettings = DEFAULT_SETTINGS;
  const publisher = new DiagnosticsPublisher(connection, store, () => settings);
  const lifecycle = new Lifecycle();

  let watchFiles = false;
  connection.onInitialized(() => {
    warmUp();
    // Data sets and certificates live in files the editor may not have open: ask to hear when they change.
    if (watchFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: DATA_FILES }] });
  });
  // A save, a checkout or an install can change many files at once: check again once, shortly after.
  let recheck: NodeJS.Timeout | undefined;
  connection.onDidChangeWatchedFiles((params) => {
    if (params.changes.every((change) => change.uri.includes('/node_modules/'))) return;
    clearTimeout(recheck);
    recheck = setTimeout(() => {
      store.forgetAll();
      publisher.refresh(documents.keys());
    }, 200);
  });
  connection.onInitialize((params): InitializeResult => {
    settings = readSettings(params.initializationOptions);
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    lifecycle.initialized();
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: TRIGGER_CHARACTERS, resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        documentSymbolProvider: true,
        definitionProvider: true,
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'stampede' },
    };
  });
  connection.onShutdown(() => lifecycle.shutDown());
  connection.onDidChangeConfiguration((change) => {
    settings = readSettings(change.settings, settings);
    publisher.refresh(documents.keys());
  });

  documents.onDidOpen((event) => publisher.now(event.document.uri));
  documents.onDidChangeContent((event) => publisher.later(event.document.uri));
  documents.onDidClose((event) => {
    store.forget(event.document.uri);
    publisher.clear(event.document.uri);
  });

  const withState = <T, R>(uri: string, empty: R, run: (state: DocumentState) => T): T | R => {
    const state = store.get(uri);
    return state ? run(state) : empty;
  };
  /** Features written for YAML text: JSON scenarios get them from VS Code's JSON service. */
  const yamlOnly = <T, R>(uri: string, empty: R, run: (state: DocumentState) => T): T | R => (isJsonScenario(uri) ? empty : withState(uri, empty, run));
  const guard = lifecycle.guard.bind(lifecycle);
  connection.onCompletion(
    guard((params) => {
      if (isJsonScenario(params.textDocument.uri)) return [];
      const state = store.forCompletion(params.textDocument.uri);
      return state ? complete(state, state.lines.clamp(params.position)) : [];
    }),
  );
  connection.onHover(guard((params) => yamlOnly(params.textDocument.uri, null, (state) => hover(state, state.lines.clamp(params.position), settings))));
  connection.onCodeAction(guard((params) => yamlOnly(params.textDocument.uri, [], (state) => codeActions(state, params.range, settings))));
  connection.onDocumentSymbol(guard((params) => yamlOnly(params.textDocument.uri, [], (state) => documentSymbols(state))));
  connection.onDefinition(guard((params) => withState(params.textDocument.uri, null, (state) => definition(state, state.lines.clamp(params.position)))));
  connection.onCodeLens(guard((params) => withState(params.textDocument.uri, [], (state) => codeLens(state))));
  // The extension's own requests (server/protocol.ts).
  connection.onRequest(ScenarioFactsRequest, guard((params) => factsOf(store, params)));
  connection.onRequest(ValidationRequest, guard((params) => validationOf(store, params, settings)));
  connection.onRequest(TemplatesRequest, guard((params) => templatesOf(params)));
  connection.onRequest(ResultAnchorsRequest, guard((params) => resultAnchorsOf(store, params)));

  documents.listen(connection);
  connection.listen();
  return lifecycle;
}
