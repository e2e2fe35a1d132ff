'use strict';
// HTTP routes for collections and their records, on top of a CollectionStore.

const { HttpError, readJson, readFields, intParam } = require('./http-util');

const MAX_PAGE = 1000;
const RESERVED_QUERY = new Set(['limit', 'offset']);

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
        const filter = [...ctx.query].filter(([field]) => !RESERVED_QUERY.has(field));
        ctx.json(200, found(store.listRecords(id(ctx), { limit, offset, filter }), collectionMissing(ctx)));
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
        ctx.json(200, found(store.aggregate(id(ctx), field), collectionMissing(ctx)));
      },
    },
  ];
}

/** Ids are positive integers; anything else cannot name an existing item, hence 404, not 400. */
function idParam(raw, what) {
  if (!/^[1-9]\d{0,15}$/.test(raw)) throw new HttpError(404, `${what} ${raw} not found`);
  return Number(raw);
}

module.exports = { collectionRoutes };
