// A value made from a JSON Schema (OpenAPI 3.0 or 3.1) that the schema accepts: required
// properties (all of them at the top when none is required), the first non-null choice of a
// oneOf/anyOf, allOf merged, strings shaped by their format, pattern and lengths, numbers inside
// their bounds, lists as long as their minimum with distinct items. A `$ref` left where a schema
// refers to itself is followed into the document, a few levels deep at most.
import type { OpenApiDocument, Schema } from './model';

const MAX_DEPTH = 8;

const FORMATS: Record<string, string> = {
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  time: '00:00:00Z',
  email: 'user@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  'uri-reference': '/example',
  hostname: 'example.com',
  ipv4: '127.0.0.1',
  ipv6: '::1',
  uuid: '00000000-0000-4000-8000-000000000000',
  byte: 'AA==',
  binary: 'x',
  password: 'x',
};

/** Strings that often satisfy a pattern: digits, words, both, and common shapes. */
export const PATTERN_TRIES = ['1', '123456789', 'a', 'abc', 'A', 'ABC', 'a1', 'abc123', 'abc-123', 'example', '2024-01-01', '2024-01-01T00:00:00Z', 'user@example.com', '#000000', '#000', 'en-US', '00000000-0000-4000-8000-000000000000', 'https://example.com/'];

export function generate(schema: Schema | undefined, doc: OpenApiDocument, depth = 0, salt = 0): unknown {
  if (!schema || depth > MAX_DEPTH) return undefined;
  if (schema.$ref) return generate(resolveRef(schema.$ref, doc), doc, depth + 1, salt);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum.find((v) => v !== null) ?? schema.enum[0];
  if (schema.allOf?.length) return generate(mergeAll(schema, doc), doc, depth + 1, salt);
  const choices = schema.oneOf ?? schema.anyOf;
  if (choices?.length) {
    const choice = choices.find((c) => !isNull(c, doc)) ?? choices[0];
    return generate({ ...withoutChoices(schema), ...choice }, doc, depth + 1, salt);
  }
  switch (typeOf(schema)) {
    case 'object':
      return object(schema, doc, depth, salt);
    case 'array': {
      const length = Math.max(1, Number(schema.minItems ?? 0));
      return Array.from({ length }, (_, i) => generate(schema.items, doc, depth + 1, salt + i));
    }
    case 'string':
      return string(schema, salt);
    case 'integer':
    case 'number':
      return number(schema, salt);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return undefined;
  }
}

function object(schema: Schema, doc: OpenApiDocument, depth: number, salt: number): Record<string, unknown> {
  const properties = schema.properties ?? {};
  const required = schema.required ?? [];
  let names = required.length > 0 || depth > 0 ? required : Object.keys(properties);
  const least = Number(schema.minProperties ?? 0);
  if (names.length < least) names = [...names, ...Object.keys(properties).filter((n) => !names.includes(n))].slice(0, Math.max(least, names.length));
  const value: Record<string, unknown> = {};
  for (const name of names) {
    const property = properties[name];
    if (property?.readOnly && !required.includes(name)) continue;
    const generated = generate(property ?? {}, doc, depth + 1, salt);
    value[name] = generated === undefined ? 'x' : generated;
  }
  // A map (additionalProperties) that must hold entries: keys its propertyNames allow.
  const extra = schema.additionalProperties;
  const keys = ((schema.propertyNames as Schema | undefined)?.enum ?? []).map(String);
  for (let i = 0; Object.keys(value).length < least && extra && typeof extra === 'object'; i++) {
    value[keys[i] ?? `key${i + 1}`] = generate(extra as Schema, doc, depth + 1, salt + i) ?? 'x';
  }
  return value;
}

function string(schema: Schema, salt: number): string {
  const min = Number(schema.minLength ?? 0);
  const max = schema.maxLength === undefined ? Infinity : Number(schema.maxLength);
  let value = (schema.format && FORMATS[schema.format]) ?? 'example';
  if (typeof schema.pattern === 'string') {
    try {
      const pattern = new RegExp(schema.pattern, 'u');
      const fits = PATTERN_TRIES.filter((candidate) => pattern.test(candidate));
      value = fits.find((f) => f.length >= min && f.length <= max) ?? fits[0] ?? value;
    } catch {
      // a pattern JavaScript cannot read: keep the plain value
    }
  }
  // Items of one list differ (uniqueItems), as long as the pattern still accepts them.
  if (salt > 0 && !(schema.format && FORMATS[schema.format]) && (typeof schema.pattern !== 'string' || safeTest(schema.pattern, `${value}${salt}`))) value = `${value}${salt}`;
  if (value.length < min) value = value.padEnd(min, 'x');
  return value.length > max ? value.slice(0, max) : value;
}

function number(schema: Schema, salt: number): number {
  const integer = typeOf(schema) === 'integer';
  const step = integer ? 1 : 0.5;
  const exclusiveMin = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined;
  const exclusiveMax = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : undefined;
  let low = schema.minimum !== undefined ? Number(schema.minimum) + (schema.exclusiveMinimum === true ? step : 0) : exclusiveMin !== undefined ? exclusiveMin + step : undefined;
  const high = schema.maximum !== undefined ? Number(schema.maximum) - (schema.exclusiveMaximum === true ? step : 0) : exclusiveMax !== undefined ? exclusiveMax - step : undefined;
  low ??= high !== undefined && high < 1 ? high : 1;
  let value = low + salt;
  if (high !== undefined && value > high) value = low;
  const multiple = Number(schema.multipleOf ?? 0);
  if (multiple > 0) value = Math.ceil(value / multiple) * multiple;
  return integer ? Math.ceil(value) : value;
}

function safeTest(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(text);
  } catch {
    return false;
  }
}

function typeOf(schema: Schema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') ?? schema.type[0] : schema.type;
  if (type) return type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function isNull(schema: Schema, doc: OpenApiDocument): boolean {
  const resolved = schema.$ref ? resolveRef(schema.$ref, doc) : schema;
  return resolved?.type === 'null' || (Array.isArray(resolved?.type) && resolved.type.length === 1 && resolved.type[0] === 'null');
}

function withoutChoices(schema: Schema): Schema {
  const { oneOf: _one, anyOf: _any, ...rest } = schema;
  return rest;
}

/** allOf's parts in one schema: properties and required lists joined, other keywords from the last part that has them. */
function mergeAll(schema: Schema, doc: OpenApiDocument): Schema {
  const { allOf, ...rest } = schema;
  const merged: Schema = { ...rest, properties: { ...(rest.properties ?? {}) }, required: [...(rest.required ?? [])] };
  for (const part of allOf ?? []) {
    const resolved = part.$ref ? resolveRef(part.$ref, doc) ?? {} : part;
    const flat = resolved.allOf ? mergeAll(resolved, doc) : resolved;
    Object.assign(merged, { ...flat, properties: { ...merged.properties, ...(flat.properties ?? {}) }, required: [...(merged.required ?? []), ...(flat.required ?? [])] });
  }
  if (!merged.type && Object.keys(merged.properties ?? {}).length > 0) merged.type = 'object';
  return merged;
}

function resolveRef(ref: string, doc: OpenApiDocument): Schema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) {
    node = (node as Record<string, unknown> | undefined)?.[decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~'))];
  }
  return node as Schema | undefined;
}
