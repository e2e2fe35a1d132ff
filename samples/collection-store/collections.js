'use strict';
// HTTP routes for collections and their records, on top of a CollectionStore.

const { HttpError, readJson, readObject, readFields, intParam, numberField } = require('./http-util');
const { fieldProblem } = require('./collections-store');

const MAX_PAGE = 1000;
const RESERVED_QUERY = new Set(['limit', 'offset']);
const MAX_SEED_COUNT = 100_000;
const MAX_SEED_BYTES = 64 * 1024;

/** A field name from a query string, or a 400 that says why it cannot be used. */
function queryField(name) {
  const problem = fieldProblem(name);
  if (problem) throw new HttpError(400, problem);
  return name;
}

function collectionRoutes(store) {
  const id = (ctx) => idParam(ctx.params.id, 'collection');
  const rid = (ctx) => idParam(ctx.params.rid, 'record');
  const found = (value, what) => {
    if (value === undefined || value === false) throw new HttpError(404, `${what} not found`);
    return value;
  };
  const collectionMissing = (ctx) => `collection ${ctx.params.id}`;
  const recordMissing = (ctx) => `record ${ctx.params.rid} in collection ${ctx.params.id}`;
  // A missing record and a missing collection are both 404s, but the message says which.
  const recordOr404 = (ctx, value) =>
    found(value, store.get(id(ctx)) ? recordMissing(ctx) : collectionMissing(ctx));

  return [
    { method: 'GET', path: '/collections', handler: (ctx) => ctx.json(200, { items: store.list() }) },
    {
      method: 'POST',
      path: '/collections',
      handler: async (ctx) => {
        const { name } = await readFields(ctx.req, ['name']);
        const created = store.create(name, ctx.user);
        ctx.json(201, created, { location: `/collections/${created.id}` });
      },
    },
    { method: 'GET', path: '/collections/:id', handler: (ctx) => ctx.json(200, found(store.get(id(ctx)), collectionMissing(ctx))) },
    {
      method: 'PUT',
      path: '/collections/:id',
      handler: async (ctx) => {
        const { name } = await readFields(ctx.req, ['name']);
        ctx.json(200, found(store.rename(id(ctx), name), collectionMissing(ctx)));
      },
    },
    {
      method: 'DELETE',
      path: '/collections/:id',
      handler: (ctx) => {
        found(store.remove(id(ctx)), collectionMissing(ctx));
        ctx.empty(204);
      },
    },
    {
      method: 'GET',
      path: '/collections/:id/records',
      handler: (ctx) => {
        const limit = intParam(ctx.query, 'limit', 50, MAX_PAGE);
        const offset = intParam(ctx.query, 'offset', 0, Number.MAX_SAFE_INTEGER);
        // Pairs, not an object: a field named "__proto__" must filter like any other.
        const filter = [...ctx.query].filter(([field]) => !RESERVED_QUERY.has(field)).map(([field, value]) => [queryField(field), value]);
        const { plan, scan, ...page } = found(store.listRecords(id(ctx), { limit, offset, filter }), collectionMissing(ctx));
        // `x-query: scan` means every record of the collection was read to filter on a field
        // without an index; `x-query-plan` is SQLite's own account of it.
        ctx.json(200, page, { 'x-query': scan ? 'scan' : 'index', 'x-query-plan': plan });
      },
    },
    {
      method: 'POST',
      path: '/collections/:id/records',
      handler: async (ctx) => {
        const cid = id(ctx);
        found(store.get(cid), collectionMissing(ctx)); // 404 before reading a body we would discard
        const record = found(store.addRecord(cid, await readJson(ctx.req)), collectionMissing(ctx));
        ctx.json(201, record, { location: `/collections/${cid}/records/${record.id}` });
      },
    },
    {
      method: 'POST',
      path: '/collections/:id/seed',
      handler: async (ctx) => {
        const cid = id(ctx);
        found(store.get(cid), collectionMissing(ctx));
        const body = await readObject(ctx.req);
        // Numbers may come as text: scenario templates render to strings.
        const count = numberField(body, 'count', { integer: true, min: 1, max: MAX_SEED_COUNT });
        const bytes = numberField(body, 'bytes', { integer: true, min: 0, max: MAX_SEED_BYTES, fallback: 100 });
        const categories = numberField(body, 'categories', { integer: true, min: 1, max: 10_000, fallback: 10 });
        const prefix = body.prefix ?? 'c';
        if (typeof prefix !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(prefix)) {
          throw new HttpError(400, 'field "prefix" must be 1 to 32 letters, digits, "_" or "-"');
        }
        ctx.json(201, found(store.seed(cid, { count, bytes, categories, prefix }), collectionMissing(ctx)));
      },
    },
    {
      method: 'GET',
      path: '/collections/:id/records/:rid',
      handler: (ctx) => ctx.json(200, recordOr404(ctx, store.getRecord(id(ctx), rid(ctx)))),
    },
    {
      method: 'PUT',
      path: '/collections/:id/records/:rid',
      handler: async (ctx) => {
        const data = await readJson(ctx.req);
        ctx.json(200, recordOr404(ctx, store.replaceRecord(id(ctx), rid(ctx), data)));
      },
    },
    {
      method: 'DELETE',
      path: '/collections/:id/records/:rid',
      handler: (ctx) => {
        recordOr404(ctx, store.removeRecord(id(ctx), rid(ctx)));
        ctx.empty(204);
      },
    },
    {
      method: 'GET',
      path: '/collections/:id/aggregate',
      handler: (ctx) => {
        const field = ctx.query.get('field');
        if (!field) throw new HttpError(400, 'missing query parameter "field"');
        const groupBy = ctx.query.get('groupBy');
        if (groupBy === '') throw new HttpError(400, 'query parameter "groupBy" needs a field name');
        const result = store.aggregate(id(ctx), queryField(field), groupBy === null ? undefined : queryField(groupBy));
        ctx.json(200, found(result, collectionMissing(ctx)));
      },
    },
  ];
}

/** Ids are positive integers; anything else cannot name an existing item, hence 404, not 400. */
function idParam(raw, what) {
  if (!/^[1-9]\d{0,15}$/.test(raw)) throw new HttpError(404, `${what} ${raw} not found`);
  return Number(raw);
}

module.exports = { collectionRoutes, idParam };
