// Walking schemas/scenario.schema.json by a YAML path: the schema of the value at a path, its
// properties and their descriptions. The one place the server reads the schema's layout.
import { scenarioSchema as schemaJson } from '../../scenario/schema-check';
import { stepKindSchema } from '../../scenario/step-kinds';
import type { PathSegment } from '../cursor/line-path';

export interface SchemaNode {
  $ref?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  required?: string[];
  then?: SchemaNode;
}

/** One of scenario/step-kinds.ts's `STEP_KINDS` (`request`, `think`, `sse`, `ws`, `group`, …). */
export type StepKind = string;

const ROOT = schemaJson as unknown as SchemaNode & { definitions: Record<string, SchemaNode> };
const DEFINITIONS = ROOT.definitions;
const STEP = DEFINITIONS.step;

export const ROOT_SCHEMA: SchemaNode = ROOT;

/** The schema a node describes, following `$ref`; the referring node's description wins. */
export function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  if (!node?.$ref) return node;
  const target = DEFINITIONS[node.$ref.replace('#/definitions/', '')];
  if (!target) return node;
  const resolved = resolve(target) ?? target;
  return node.description ? { ...resolved, description: node.description } : resolved;
}

/** Whether `node` is the generic step (a request, a think, a block…, chosen by its keys). */
export function isStep(node: SchemaNode | undefined): boolean {
  return node === STEP || (node !== undefined && node.$ref === '#/definitions/step');
}

/** The schema of a step of `kind`; a step whose kind is not written yet reads as a request. */
export function stepVariant(kind: StepKind | undefined): SchemaNode {
  return (stepKindSchema(kind ?? 'request') ?? stepKindSchema('request')) as SchemaNode;
}

/**
 * The schema at `path`. `stepKind` answers which kind of step the item at a path prefix is (it
 * decides between the kinds of scenario/step-kinds.ts); undefined reads as a request.
 */
export function schemaAt(path: readonly PathSegment[], stepKind: (prefix: readonly PathSegment[]) => StepKind | undefined): SchemaNode | undefined {
  let node: SchemaNode | undefined = ROOT;
  for (let i = 0; i < path.length && node; i++) {
    node = child(node, path[i]);
    if (isStep(node)) node = stepVariant(stepKind(path.slice(0, i + 1)));
  }
  return resolve(node);
}

function child(parent: SchemaNode, segment: PathSegment): SchemaNode | undefined {
  const node = resolve(parent);
  if (!node) return undefined;
  if (typeof segment === 'number') return node.items;
  const property = node.properties?.[segment];
  if (property) return property;
  return typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
}

/** The property schema for `key` of the object at `path` (description kept from the property). */
export function propertyAt(path: readonly PathSegment[], key: string, stepKind: (prefix: readonly PathSegment[]) => StepKind | undefined): SchemaNode | undefined {
  return schemaAt([...path, key], stepKind);
}

export function types(node: SchemaNode | undefined): string[] {
  if (!node?.type) return [];
  return Array.isArray(node.type) ? node.type : [node.type];
}

/** The definition name a property refers to (`duration`, `think`, …), if any. */
export function refName(parent: SchemaNode | undefined, key: string): string | undefined {
  const name = resolve(parent)?.properties?.[key]?.$ref?.replace('#/definitions/', '');
  // `durationOrTemplate` is a `duration` unless the value is a whole template `"{{ name }}"`.
  const unlessTemplate = name ? DEFINITIONS[name]?.then?.$ref : undefined;
  return unlessTemplate ? unlessTemplate.replace('#/definitions/', '') : name;
}
