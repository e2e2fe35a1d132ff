// The model to and from its two written forms. `toYaml` writes what a person would: keys in the
// model's order, short mappings of plain values on one line (`json: { user: u1 }`), templates
// quoted where YAML needs it, no anchors.
import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import { parseScenarioText } from '../scenario/parse';
import type { ScenarioModel } from './model';

/** A mapping or list of at most this many plain values is written on one line. */
const FLOW_ITEMS = 4;
const FLOW_WIDTH = 60;
/** The scenario's first lines, written together; every other top-level key starts a section. */
const HEADER_KEYS = new Set(['version', 'name', 'description', 'target']);

export function toYaml(model: ScenarioModel): string {
  const document = new Document(model, { aliasDuplicateObjects: false });
  visit(document, {
    // Not a section (variables, monitor) nor a list's items (steps, phases): those read best as
    // blocks, one key a line. The path runs document, top-level map, pair, …
    Map(_, node, path) {
      if (path.length <= 3 || isSeq(path[path.length - 1])) return;
      if (node.items.length > 0 && node.items.length <= FLOW_ITEMS && node.items.every((pair) => isScalar(pair.value))) node.flow = true;
    },
    Seq(_, node) {
      if (node.items.length > 0 && node.items.length <= FLOW_ITEMS && node.items.every((item) => isScalar(item) && typeof item.value !== 'string')) node.flow = true;
    },
  });
  // A one-line mapping that would run long goes back to block form.
  visit(document, {
    Map(_, node) {
      if (node.flow && String(node).length > FLOW_WIDTH) node.flow = false;
    },
  });
  // A blank line before each section after the first lines (defaults, variables, phases, flows…).
  if (isMap(document.contents)) {
    for (const pair of document.contents.items) {
      if (isScalar(pair.key) && !HEADER_KEYS.has(String(pair.key.value))) pair.key.spaceBefore = true;
    }
  }
  return document.toString({ lineWidth: 0, flowCollectionPadding: true });
}

export function toJson(model: ScenarioModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

/**
 * The model a YAML (or JSON) text describes, read as the engine reads it (an unquoted
 * `{{ template }}` is the string it was meant as). Throws on a syntax error; everything else is
 * `validate()`'s to say.
 */
export function fromYaml(text: string): ScenarioModel {
  const parsed = parseScenarioText(text);
  const errors = parsed.document?.errors ?? [];
  if (errors.length > 0) {
    const where = errors.map((e) => {
      const at = parsed.lineCounter.linePos(e.pos[0]);
      return `${at.line}:${at.col}: ${e.message.split('\n')[0]}`;
    });
    throw new SyntaxError(`the scenario is not valid YAML:\n${where.join('\n')}`);
  }
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new SyntaxError('the scenario is not a mapping of keys (version, name, phases, flows…)');
  return value as ScenarioModel;
}
