// Publishes diagnostics: at once when a document opens, after a quiet spell (debounce, per URI)
// while it is edited, and an empty list when it closes.
import type { Connection } from 'vscode-languageserver';
import type { DocumentStore } from './document-store';
import { validate } from './features/validate';
import type { ServerSettings } from './settings';

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly published = new Map<string, number>();

  constructor(
    private readonly connection: Connection,
    private readonly store: DocumentStore,
    private readonly settings: () => ServerSettings,
  ) {}

  now(uri: string): void {
    this.cancel(uri);
    const state = this.store.get(uri);
    if (!state || this.published.get(uri) === state.version) return;
    this.published.set(uri, state.version);
    void this.connection.sendDiagnostics({ uri, version: state.version, diagnostics: validate(state, this.settings()) });
  }

  later(uri: string): void {
    this.cancel(uri);
    this.timers.set(uri, setTimeout(() => this.now(uri), this.settings().debounceMs));
  }

  /** Settings changed: publish every open document again. */
  refresh(uris: string[]): void {
    this.published.clear();
    for (const uri of uris) this.now(uri);
  }

  clear(uri: string): void {
    this.cancel(uri);
    this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }
}
