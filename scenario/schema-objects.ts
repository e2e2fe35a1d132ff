// Reading schemas/scenario.schema.json by what it means rather than by its layout: `$ref`s
// followed, the object schema of each place a key can sit. Callers that ask here keep working
// when the schema is reorganised or gains keys.
import schemaJson from '../schemas/scenario.schema.json';

export interface SchemaObject {
  $ref?: string;
  title?: string;
  required?: string[];
  properties?: Record<string, unknown>;
  additionalProperties?: unknown;
  items?: unknown;
  if?: SchemaObject;
  then?: SchemaObject;
  else?: SchemaObject;
  oneOf?: SchemaObject[];
}

export const SCHEMA_ROOT = schemaJson as unknown as SchemaObject & { definitions: Record<string, SchemaObject> };

/** Follows `$ref` to the definition it names. */
export function resolveRef(node: unknown): SchemaObject | undefined {
  let at = node as SchemaObject | undefined;
  for (let hops = 0; at?.$ref && hops < 10; hops++) at = SCHEMA_ROOT.definitions[at.$ref.replace('#/definitions/', '')];
  return at;
}

/** The schema of a property of `schema`, `$ref` followed. */
export function propertySchema(schema: SchemaObject | undefined, key: string): SchemaObject | undefined {
  const properties = resolveRef(schema)?.properties;
  return properties && Object.hasOwn(properties, key) ? resolveRef(properties[key]) : undefined;
}

/** The schema of the items of a list, or of the values of a free mapping. */
export function memberSchema(schema: SchemaObject | undefined): SchemaObject | undefined {
  const resolved = resolveRef(schema);
  return resolveRef(resolved?.items ?? resolved?.additionalProperties);
}

/** The keys an object schema names. */
export function propertyNames(schema: SchemaObject | undefined): Set<string> {
  return new Set(Object.keys(resolveRef(schema)?.properties ?? {}));
}
