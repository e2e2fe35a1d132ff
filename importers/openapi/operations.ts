// The document's operations, grouped into flows (one per tag, the untagged ones in one more) and
// ordered the way a client uses a resource: create it, read it, change it, delete it — nested
// resources after their parent on the way in and before it on the way out.
import { HTTP_METHODS } from '../../scenario/request-line';
import type { ApiOperation, OpenApiDocument, Operation, Parameter } from './model';

const DOCUMENT_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const RANK: Record<string, number> = { POST: 0, GET: 1, HEAD: 1, OPTIONS: 1, PUT: 2, PATCH: 2, DELETE: 3 };

export interface OperationList {
  operations: ApiOperation[];
  untranslated: string[];
}

export function listOperations(doc: OpenApiDocument): OperationList {
  const operations: ApiOperation[] = [];
  const untranslated: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (!item) continue;
    for (const method of DOCUMENT_METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const upper = method.toUpperCase();
      const name = operation.operationId ?? `${upper} ${path}`;
      if (!(HTTP_METHODS as readonly string[]).includes(upper)) {
        untranslated.push(`${name} (${upper} ${path}): the method ${upper} is not sent by the engine`);
        continue;
      }
      for (const callback of Object.keys(operation.callbacks ?? {})) {
        untranslated.push(`callback ${callback} of ${name}: the API calls the client there; a scenario only sends requests`);
      }
      operations.push({ method: upper, path, operation, parameters: mergeParameters(item.parameters, operation.parameters), index: operations.length, name });
    }
  }
  for (const name of Object.keys(doc.webhooks ?? {})) untranslated.push(`webhook ${name}: the API calls the client there; a scenario only sends requests`);
  return { operations, untranslated };
}

function mergeParameters(shared: Parameter[] | undefined, own: Parameter[] | undefined): Parameter[] {
  const merged = new Map<string, Parameter>();
  for (const parameter of [...(shared ?? []), ...(own ?? [])]) {
    if (parameter && typeof parameter.name === 'string') merged.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  return [...merged.values()];
}

/** Flows by first tag, in the order the document's `tags` list (then first use) gives; untagged last. */
export function flowsByTag(doc: OpenApiDocument, operations: ApiOperation[]): { name: string; operations: ApiOperation[] }[] {
  const order = (doc.tags ?? []).map((t) => t.name);
  const byTag = new Map<string, ApiOperation[]>();
  for (const name of order) byTag.set(name, []);
  const untagged: ApiOperation[] = [];
  for (const op of operations) {
    const tag = op.operation.tags?.[0];
    if (tag === undefined) untagged.push(op);
    else byTag.set(tag, [...(byTag.get(tag) ?? []), op]);
  }
  const flows = [...byTag].filter(([, ops]) => ops.length > 0).map(([name, ops]) => ({ name, operations: ordered(ops) }));
  if (untagged.length > 0) flows.push({ name: flows.length > 0 ? 'untagged' : (doc.info?.title ?? 'API'), operations: ordered(untagged) });
  return flows;
}

/** Create, read, change, delete; deeper paths later on the way in and earlier on the way out. */
export function ordered(operations: ApiOperation[]): ApiOperation[] {
  const depth = (op: ApiOperation): number => op.path.split('/').filter(Boolean).length;
  return [...operations].sort((a, b) => {
    const rank = (RANK[a.method] ?? 1) - (RANK[b.method] ?? 1);
    if (rank !== 0) return rank;
    const deeper = depth(a) - depth(b);
    if (deeper !== 0) return a.method === 'DELETE' ? -deeper : deeper;
    return a.index - b.index;
  });
}
