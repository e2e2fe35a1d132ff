// The one interface every semantic rule implements: read the document, report diagnostics.
import type { DataColumns } from '../data-files';
import type { AnalyzeOptions } from '../options';
import type { Outline } from '../outline';
import type { ParsedDocument } from '../parse';
import type { Diagnostic } from '../types';

export interface RuleContext {
  doc: ParsedDocument;
  outline: Outline;
  options: AnalyzeOptions;
  report(diagnostic: Diagnostic): void;
  /** The columns of data set `name`, read once per analysis; undefined when files are not readable here. */
  dataColumns(name: string): DataColumns | undefined;
}

export interface Rule {
  /** For tests and debugging; the diagnostics carry their own codes. */
  readonly name: string;
  check(context: RuleContext): void;
}
