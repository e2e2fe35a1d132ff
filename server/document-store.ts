// Open documents and their analysis, cached by URI and version: every feature of one version
// shares one parse. Files next to a scenario (data sets) are read from the editor's unsaved
// buffer when open, else from disk.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentState } from './document-state';

export class DocumentStore {
  private readonly states = new Map<string, DocumentState>();

  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  /** The analysis of the document's current version; undefined when it is not open. */
  get(uri: string): DocumentState | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const cached = this.states.get(uri);
    if (cached && cached.version === document.version) return cached;
    const state = new DocumentState(uri, document.version, document.getText(), this.readFile);
    this.states.set(uri, state);
    return state;
  }

  /**
   * For completion while typing: the current text, with the last analysed version's tree when
   * this version has not been analysed yet (a large file's parse would delay every keystroke).
   */
  forCompletion(uri: string): DocumentState | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const cached = this.states.get(uri);
    if (!cached || cached.version === document.version) return this.get(uri);
    return new DocumentState(uri, document.version, document.getText(), this.readFile, cached);
  }

  /**
   * The analysis of the open document, or of the file on disk when it is not open (a fresh one,
   * never cached: the file may change without the server hearing of it). Undefined when it is
   * neither open nor readable.
   */
  getOrRead(uri: string): { state: DocumentState; open: boolean } | undefined {
    const open = this.get(uri);
    if (open) return { state: open, open: true };
    const text = this.readDisk(uri);
    return text === undefined ? undefined : { state: new DocumentState(uri, 0, text, this.readFile), open: false };
  }

  /** The text of `uri`: the editor's when open, else the file's; undefined when neither. */
  textOf(uri: string): { text: string; version: number | null } | undefined {
    const document = this.documents.get(uri);
    if (document) return { text: document.getText(), version: document.version };
    const text = this.readDisk(uri);
    return text === undefined ? undefined : { text, version: null };
  }

  /** Files next to a scenario (data sets): the editor's buffer when open, else the disk's. */
  readonly readRelated = (absPath: string): string | undefined => this.readFile(absPath);

  private readDisk(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return readFileSync(fileURLToPath(uri), 'utf8');
    } catch {
      return undefined;
    }
  }

  forget(uri: string): void {
    this.states.delete(uri);
  }

  /** A file on disk changed (a data set): every analysis may have read it. */
  forgetAll(): void {
    this.states.clear();
  }

  private readonly readFile = (absPath: string): string | undefined => {
    const open = this.documents.get(pathToFileURL(absPath).href);
    if (open) return open.getText();
    try {
      return readFileSync(absPath, 'utf8');
    } catch {
      return undefined;
    }
  };
}
