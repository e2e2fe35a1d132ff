// One version of one scenario document, analysed once: the parse, every diagnostic (hints
// included), and lazily the views the features read (outline, load profile, line index).
import { fileURLToPath } from 'node:url';
import { readDataColumns, resolveDataPath, type DataColumns } from '../scenario/data-files';
import { diagnostic } from '../scenario/diagnostic';
import { analyzeScenarioText, type AnalyzeResult, type ParsedDocument } from '../scenario/load';
import { parseScenarioText } from '../scenario/parse';
import { buildOutline, type Outline } from '../scenario/outline';
import { readLoadProfile, type LoadProfile } from '../scenario/rules/load-profile';
import { LinePaths } from './cursor/line-path';
import { LineIndex } from './line-index';

export type ReadFile = (absPath: string) => string | undefined;

export class DocumentState {
  /** Absolute path for `file:` URIs; data files resolve against it. */
  readonly file: string | undefined;
  private analysisCache: AnalyzeResult | undefined;
  private outlineCache: Outline | undefined;
  private linesCache: LineIndex | undefined;
  private pathsCache: LinePaths | undefined;
  private readonly columns = new Map<string, DataColumns | undefined>();

  /**
   * With `treeOf`, this state reads the current text line by line but borrows the syntax tree,
   * outline and diagnostics of an earlier version: what completion needs while typing, without
   * waiting for a parse of a large file. Such a state is never published or cached.
   */
  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    private readonly readFile: ReadFile | undefined,
    private readonly treeOf?: DocumentState,
  ) {
    this.file = filePath(uri);
  }

  /** The scenario model's analysis of this text, hints included; computed on first use. */
  get analysis(): AnalyzeResult {
    if (this.treeOf) return this.treeOf.analysis;
    this.analysisCache ??= safeAnalysis(this.text, { file: this.file, readFile: this.readFile, hints: true });
    return this.analysisCache;
  }

  get doc(): ParsedDocument {
    return this.analysis.document;
  }

  /** Whether the tree is this text's own (not borrowed from an earlier version). */
  get current(): boolean {
    return this.treeOf === undefined;
  }

  get outline(): Outline {
    if (this.treeOf) return this.treeOf.outline;
    this.outlineCache ??= buildOutline(this.doc);
    return this.outlineCache;
  }

  get profile(): LoadProfile {
    return readLoadProfile(this.doc);
  }

  get lines(): LineIndex {
    this.linesCache ??= new LineIndex(this.text);
    return this.linesCache;
  }

  /** Line shapes and indentation paths, for reading half-typed YAML around the cursor. */
  get linePaths(): LinePaths {
    this.pathsCache ??= new LinePaths(this.lines);
    return this.pathsCache;
  }

  /** The columns of data set `name`, when its file can be read from here. */
  dataColumns(name: string): DataColumns | undefined {
    if (this.treeOf) return this.treeOf.dataColumns(name);
    if (!this.columns.has(name)) {
      const file = this.outline.dataSets.get(name)?.file;
      const readable = file !== undefined && this.file !== undefined && this.readFile !== undefined;
      this.columns.set(name, readable && this.readFile ? readDataColumns(resolveDataPath(file, this.file), this.readFile) : undefined);
    }
    return this.columns.get(name);
  }

  /** The absolute path of data set `name`'s file, when it is known. */
  dataPath(name: string): string | undefined {
    const file = this.outline.dataSets.get(name)?.file;
    return file === undefined || this.file === undefined ? undefined : resolveDataPath(file, this.file);
  }
}

/**
 * The scenario model on half-typed text: a bug in a check must cost the diagnostics of one
 * version, never the server (an exception in a timer would end the process).
 */
function safeAnalysis(text: string, options: Parameters<typeof analyzeScenarioText>[1]): AnalyzeResult {
  try {
    return analyzeScenarioText(text, options);
  } catch (error) {
    const document = parseScenarioText(text);
    const start = { line: 0, character: 0 };
    const message = `stampede: the checks failed on this text (a bug; please report it): ${(error as Error).message}`;
    return { document, diagnostics: [...document.diagnostics, diagnostic({ start, end: start }, 'internal-error', message, 'warning')] };
  }
}

/** The local path of a `file:` URI; undefined for any other scheme. */
export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
