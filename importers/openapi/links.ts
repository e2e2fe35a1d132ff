// Path parameters filled from earlier answers where the names match, so that a flow works on what
// it created: `POST /pets` answers `{ id }`, captured as `petId`, then `GET /pets/{petId}` (or
// `/pets/{id}`) sends it. A producer is an earlier create or update (POST, PUT, PATCH) of the same
// flow whose documented 2xx JSON answer has the field; the parameter matches by its own name, or
// as the `id` of the resource whose collection comes right before it in the path. Failing that, an
// earlier list of that collection (`GET /pets` answering an array of pets) gives its first item's:
// a flow that creates nothing (the create answers no body) still reads what exists.
import { camelName, singular } from '../names';
import type { ApiOperation, MediaType, Schema } from './model';

interface Producer {
  op: ApiOperation;
  /** The last literal segment of its path: `pets` for POST /pets. */
  resource?: string;
  fields: Set<string>;
  /** Where its fields are in the answer: `body` (a created or updated one), `body[0]` (the first listed). */
  at: 'body' | 'body[0]';
  captures: Record<string, string>;
}

export class Links {
  private readonly producers: Producer[] = [];

  /** Notes what `op`'s answer holds, once `op` has its place in the flow; returns its captures to fill in. */
  add(op: ApiOperation): Record<string, string> {
    const captures: Record<string, string> = {};
    const resource = lastLiteral(op.path);
    if (['POST', 'PUT', 'PATCH'].includes(op.method)) {
      const fields = successFields(op, 'object');
      if (fields.size > 0) this.producers.push({ op, resource, fields, at: 'body', captures });
    } else if (op.method === 'GET' && resource !== undefined && op.path.endsWith(`/${resource}`)) {
      const fields = successFields(op, 'array');
      if (fields.size > 0) this.producers.push({ op, resource, fields, at: 'body[0]', captures });
    }
    return captures;
  }

  /** The template for path parameter `name` of `path`, capturing it from an earlier answer; undefined when none gives it. */
  template(name: string, path: string): string | undefined {
    const before = segmentBefore(path, name);
    // The newest create first (the flow works on what it made), then the newest list.
    const newest = [...this.producers].reverse();
    for (const producer of [...newest.filter((p) => p.at === 'body'), ...newest.filter((p) => p.at === 'body[0]')]) {
      let field: string | undefined;
      if (producer.fields.has(name)) field = name;
      else if (producer.fields.has('id') && before !== undefined && producer.resource === before && (name === 'id' || /id$/i.test(name))) field = 'id';
      if (!field) continue;
      const source = `${producer.at}.${field}`;
      let capture = Object.keys(producer.captures).find((key) => producer.captures[key] === source);
      if (!capture) {
        capture = name === 'id' && before ? `${camelName(singular(before))}Id` : camelName(name);
        producer.captures[capture] = source;
      }
      return `{{ ${capture} }}`;
    }
    return undefined;
  }
}

/**
 * Top-level fields of the first documented 2xx JSON answer (allOf merged): of the answer itself
 * (`object`), or of the items of an answer that is an array (`array`).
 */
function successFields(op: ApiOperation, shape: 'object' | 'array'): Set<string> {
  const fields = new Set<string>();
  for (const [status, response] of Object.entries(op.operation.responses ?? {})) {
    if (!/^2/.test(status) || !response?.content) continue;
    const media = Object.entries(response.content).find(([type]) => /json/i.test(type))?.[1] as MediaType | undefined;
    const schema = shape === 'array' ? (media?.schema?.type === 'array' ? media.schema.items : undefined) : media?.schema;
    if (!schema) continue;
    collect(schema, fields, 0);
    if (fields.size > 0) break;
  }
  return fields;
}

function collect(schema: Schema, fields: Set<string>, depth: number): void {
  if (depth > 5) return;
  for (const name of Object.keys(schema.properties ?? {})) fields.add(name);
  for (const part of schema.allOf ?? []) collect(part, fields, depth + 1);
}

function lastLiteral(path: string): string | undefined {
  return path.split('/').filter((s) => s !== '' && !s.includes('{')).pop();
}

function segmentBefore(path: string, parameter: string): string | undefined {
  const segments = path.split('/');
  const at = segments.indexOf(`{${parameter}}`);
  const before = at > 0 ? segments[at - 1] : undefined;
  return before && !before.includes('{') ? before : undefined;
}
