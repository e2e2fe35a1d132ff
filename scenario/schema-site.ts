// One ajv error with what a message needs to know about where it is, and the shape of the
// explanation every schema message returns (schema-messages.ts and the files it delegates to).
import type { ErrorObject } from 'ajv';
import { diagnostic } from './diagnostic';
import type { Diagnostic, SourceRange, TextFix } from './types';
import type { YamlNode } from './yaml-nav';

export interface ErrorSite {
  error: ErrorObject;
  segments: string[];
  node: YamlNode | undefined;
  parent: Record<string, unknown> | undefined;
  /** The offending value. */
  valueRange(): SourceRange;
  /** The key of the offending object (or its first key). */
  ownerRange(): SourceRange;
  /** A key of the offending object, if present. */
  keyRange(key: string): SourceRange | undefined;
  /** Of `keys`, the one written last: the one that broke the rule. */
  laterKeyRange(keys: string[]): SourceRange;
}

export interface Explained {
  /** Diagnostics with the same key are one problem reported by several schema branches. */
  key: string;
  diagnostic: Diagnostic;
}

export function result(site: ErrorSite, code: string, range: SourceRange, message: string, detail = '', fix?: TextFix): Explained {
  return { key: `${site.error.instancePath}|${code}|${detail}`, diagnostic: diagnostic(range, code, message, 'error', fix) };
}
