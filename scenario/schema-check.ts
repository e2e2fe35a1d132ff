// Checks the plain value against schemas/scenario.schema.json. ajv runs with allErrors; each error
// is then located in the syntax tree and rewritten in plain words by schema-messages.ts.
// The validator is compiled at build time (scripts/build-schema-validator.mjs, with the options
// ajv had here: allErrors, verbose, strict, strictRequired off, union types, the
// markdownDescription keyword): compiling it costs far more than validating, at every start.
import schemaJson from '../schemas/scenario.schema.json';
import validate from './generated/scenario-validator.js';
import type { ParsedDocument } from './parse';
import { explainedByForeignKey, findForeignKeys } from './rules/foreign-keys';
import { explainSchemaError } from './schema-messages';
import type { ErrorSite } from './schema-site';
import type { Diagnostic } from './types';
import { asMap, nodeAtPath, nodeRange, offsetRange, pointerSegments, type YamlNode } from './yaml-nav';

export const scenarioSchema = schemaJson;

export function checkSchema(doc: ParsedDocument): Diagnostic[] {
  if (validate(doc.value)) return [];
  // ajv reports some problems once per schema branch; one diagnostic per (place, problem) is enough.
  const found = new Map<string, Diagnostic>();
  // An Artillery or k6 key is explained by its own rule, in better words than "unknown key".
  const foreign = findForeignKeys(doc);
  for (const error of validate.errors ?? []) {
    const segments = pointerSegments(error.instancePath);
    if (explainedByForeignKey(foreign, error, segments)) continue;
    const at = nodeAtPath(doc.root, segments, doc.document);
    const site: ErrorSite = {
      error,
      segments,
      node: at.node,
      parent: error.parentSchema as Record<string, unknown> | undefined,
      valueRange: () => (at.node ? nodeRange(doc, at.node) : ownerRange()),
      ownerRange,
      keyRange: (key) => {
        const keyNode = keyNodeOf(at.node, key);
        return keyNode ? nodeRange(doc, keyNode) : undefined;
      },
      laterKeyRange: (keys) => {
        const nodes = keys.map((key) => keyNodeOf(at.node, key)).filter((k): k is YamlNode => k !== undefined);
        nodes.sort((a, b) => a.range[0] - b.range[0]);
        return nodes.length ? nodeRange(doc, nodes[nodes.length - 1]) : ownerRange();
      },
    };
    function ownerRange() {
      // A whole object is at fault: point at its key, else its first key, else at it.
      if (at.keyNode) return nodeRange(doc, at.keyNode);
      const firstKey = asMap(at.node)?.items[0]?.key as YamlNode | undefined;
      if (firstKey) return nodeRange(doc, firstKey);
      return at.node ? nodeRange(doc, at.node) : offsetRange(doc, 0, 0);
    }
    const explained = explainSchemaError(site);
    if (explained && !found.has(explained.key)) found.set(explained.key, explained.diagnostic);
  }
  return [...found.values()];
}

function keyNodeOf(node: YamlNode | undefined, key: string): YamlNode | undefined {
  const items = asMap(node)?.items ?? [];
  for (let i = items.length - 1; i >= 0; i--) {
    const k = items[i].key as YamlNode | null;
    if (k && 'value' in k && String((k as { value: unknown }).value) === key) return k;
  }
  return undefined;
}
