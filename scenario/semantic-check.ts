// The checks beyond the schema: cross-references, templates, request lines, files. Each rule is
// one file under rules/; this runs them over one shared outline of the document.
import { readDataColumns, resolveDataPath, type DataColumns } from './data-files';
import type { AnalyzeOptions } from './options';
import { buildOutline } from './outline';
import type { ParsedDocument } from './parse';
import { captureSourcesRule } from './rules/capture-sources';
import { dataFilesRule } from './rules/data-files';
import { expectationsRule } from './rules/expectations';
import { expressionsRule } from './rules/expressions';
import { flowNamesRule } from './rules/flow-names';
import { foreignKeysRule } from './rules/foreign-keys';
import { HINT_RULES } from './rules/hints';
import { ifConditionsRule } from './rules/if-conditions';
import { multipartFilesRule } from './rules/multipart-files';
import { namesRule } from './rules/names';
import { recordValuesRule } from './rules/record-values';
import { repeatValuesRule } from './rules/repeat-values';
import { requestLinesRule } from './rules/request-lines';
import type { Rule, RuleContext } from './rules/rule';
import { sseUntilRule } from './rules/sse-until';
import { targetUrlRule } from './rules/target-url';
import { templatesRule } from './rules/templates';
import { tlsFilesRule } from './rules/tls-files';
import { tlsInsecureRule } from './rules/tls-insecure';
import { unitRangesRule } from './rules/unit-ranges';
import { ceilingRule } from './rules/ceiling';
import { unquotedColonRule } from './rules/unquoted-colon';
import { unquotedTemplateRule } from './rules/unquoted-template';
import type { Diagnostic } from './types';

export const RULES: readonly Rule[] = [
  unquotedTemplateRule,
  unquotedColonRule,
  foreignKeysRule,
  flowNamesRule,
  requestLinesRule,
  targetUrlRule,
  sseUntilRule,
  unitRangesRule,
  namesRule,
  captureSourcesRule,
  dataFilesRule,
  multipartFilesRule,
  templatesRule,
  ifConditionsRule,
  repeatValuesRule,
  recordValuesRule,
  expectationsRule,
  tlsFilesRule,
  tlsInsecureRule,
  expressionsRule,
  ceilingRule,
];

/** The checks plus the optimization hints (information and hint severity), for editors and `validate`. */
export const RULES_WITH_HINTS: readonly Rule[] = [...RULES, ...HINT_RULES];

export function checkSemantics(doc: ParsedDocument, options: AnalyzeOptions, rules: readonly Rule[] = RULES): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const outline = buildOutline(doc);
  const columns = new Map<string, DataColumns | undefined>();
  const context: RuleContext = {
    doc,
    outline,
    options,
    report: (d) => diagnostics.push(d),
    dataColumns(name) {
      if (!columns.has(name)) {
        // Without the scenario's own path or a reader, a data file cannot be found: not checked.
        const file = outline.dataSets.get(name)?.file;
        const { file: scenarioFile, readFile } = options;
        const readable = file !== undefined && scenarioFile !== undefined && readFile !== undefined;
        columns.set(name, readable ? readDataColumns(resolveDataPath(file, scenarioFile), readFile) : undefined);
      }
      return columns.get(name);
    },
  };
  for (const rule of rules) rule.check(context);
  return diagnostics;
}
