'use strict';
// Computed attributes: values derived from a record when it is read, never stored. Some are cheap
// (simple), some cost CPU or a query (complex), some are built from other computed attributes
// (dependent). Results go into a cache keyed by the versions they were derived from, so an edit
// makes the old entry unreachable instead of needing an invalidation; the hit ratio shows how
// much work the cache saved (GET /computed/stats, and `computedCache` in GET /__stats).

const crypto = require('node:crypto');
const { HttpError } = require('./http-util');

const MAX_ENTRIES = 50_000; // least recently used entries go first past this
const FINGERPRINT_ROUNDS = 2_000; // iterated SHA-256: about 1-2 ms, enough for a cache to matter
const TAX_RATE = 0.2;

const num = (value) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const round2 = (x) => (x === null ? null : Math.round(x * 100) / 100);

/**
 * The catalogue. `scope: 'record'` values depend on the record only; `scope: 'collection'` also
 * on every record of its collection (so any write to the collection changes them).
 * `compute(input, get)` gets the record and a getter for the attributes it depends on.
 */
const ATTRIBUTES = {
  total: {
    kind: 'simple',
    scope: 'record',
    description: 'price × quantity (null unless both are numbers)',
    compute: ({ record }) => {
      const price = num(record.price);
      const quantity = num(record.quantity);
      return price === null || quantity === null ? null : round2(price * quantity);
    },
  },
  fingerprint: {
    kind: 'complex',
    scope: 'record',
    description: `SHA-256 of the record, iterated ${FINGERPRINT_ROUNDS} times (CPU-bound)`,
    compute: ({ record }) => {
      let digest = crypto.createHash('sha256').update(JSON.stringify(record)).digest();
      for (let i = 1; i < FINGERPRINT_ROUNDS; i++) digest = crypto.createHash('sha256').update(digest).digest();
      return digest.toString('hex').slice(0, 16);
    },
  },
  categoryAverage: {
    kind: 'complex',
    scope: 'collection',
    description: "average price of the records of this record's category (a query over the collection)",
    compute: ({ record, collectionId, store }) => {
      const category = record.category;
      if (typeof category !== 'string' && typeof category !== 'number') return null;
      const { avg } = store.categoryAggregate(collectionId, String(category), 'price');
      return avg === null ? null : round2(avg);
    },
  },
  taxedTotal: {
    kind: 'dependent',
    scope: 'record',
    dependsOn: ['total'],
    description: `total × ${1 + TAX_RATE} (from total)`,
    compute: (_input, get) => {
      const total = get('total');
      return total === null ? null : round2(total * (1 + TAX_RATE));
    },
  },
  priceIndex: {
    kind: 'dependent',
    scope: 'collection',
    dependsOn: ['categoryAverage'],
    description: 'price as a percentage of its category average (from categoryAverage)',
    compute: ({ record }, get) => {
      const average = get('categoryAverage');
      const price = num(record.price);
      return average === null || price === null || average === 0 ? null : round2((price / average) * 100);
    },
  },
};

const NAMES = Object.keys(ATTRIBUTES);

class ComputedCache {
  constructor(maxEntries = MAX_ENTRIES) {
    this.maxEntries = maxEntries;
    this.entries = new Map(); // key -> value; Map order doubles as the LRU order
    this.resetCounters();
  }

  resetCounters() {
    this.hits = 0;
    this.misses = 0;
    this.evictions = 0;
    this.computeMs = 0;
    this.byAttribute = new Map(NAMES.map((name) => [name, { kind: ATTRIBUTES[name].kind, hits: 0, misses: 0 }]));
  }

  /** The cached value for `key`, or `compute()`'s, remembered. Returns [value, hit]. */
  lookup(name, key, compute) {
    const counters = this.byAttribute.get(name);
    if (this.entries.has(key)) {
      const value = this.entries.get(key);
      this.entries.delete(key); // re-insert: most recently used goes last
      this.entries.set(key, value);
      this.hits++;
      counters.hits++;
      return [value, true];
    }
    const started = process.hrtime.bigint();
    const value = compute();
    this.computeMs += Number(process.hrtime.bigint() - started) / 1e6;
    this.misses++;
    counters.misses++;
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value);
      this.evictions++;
    }
    return [value, false];
  }

  snapshot() {
    const lookups = this.hits + this.misses;
    return {
      hits: this.hits,
      misses: this.misses,
      hitRatio: lookups === 0 ? null : Math.round((this.hits / lookups) * 10_000) / 10_000,
      entries: this.entries.size,
      maxEntries: this.maxEntries,
      evictions: this.evictions,
      computeMs: Math.round(this.computeMs * 1000) / 1000,
      byAttribute: Object.fromEntries(this.byAttribute),
    };
  }
}

/**
 * Derives `names` for one record. With `useCache` false every value is computed afresh (and
 * nothing is counted), which is how a scenario measures what the cache saves.
 */
function derive({ store, cache, collectionId, rid, names, useCache }) {
  const found = store.getRecordVersioned(collectionId, rid);
  if (!found) return undefined;
  const input = { record: found.record, collectionId, store };
  const values = {};
  const tally = { hits: 0, misses: 0 };
  const get = (name) => {
    if (Object.hasOwn(values, name)) return values[name];
    const attribute = ATTRIBUTES[name];
    const compute = () => attribute.compute(input, get);
    let value;
    if (!useCache) value = compute();
    else {
      const version = attribute.scope === 'collection' ? `${found.version}.${store.collectionVersion(collectionId)}` : `${found.version}`;
      const [cached, hit] = cache.lookup(name, `${collectionId}/${rid}/${name}@${version}`, compute);
      value = cached;
      tally[hit ? 'hits' : 'misses']++;
    }
    values[name] = value;
    return value;
  };
  const computed = {};
  for (const name of names) computed[name] = get(name);
  return { record: found.record, computed, tally };
}

/** `?attrs=a,b` as a checked list; default every attribute. */
function attributeNames(query) {
  const raw = query.get('attrs');
  if (raw === null || raw.trim() === '') return NAMES;
  const names = [...new Set(raw.split(',').map((name) => name.trim()).filter(Boolean))];
  const unknown = names.filter((name) => !Object.hasOwn(ATTRIBUTES, name));
  if (unknown.length) throw new HttpError(400, `unknown computed attribute ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${NAMES.join(', ')}`);
  return names;
}

function cacheParam(query) {
  const raw = query.get('cache');
  if (raw === null || raw === 'on' || raw === '1') return true;
  if (raw === 'off' || raw === '0') return false;
  throw new HttpError(400, 'query parameter "cache" must be on or off');
}

function computedRoutes(store, cache) {
  const idOf = (raw, what) => {
    if (!/^[1-9]\d{0,15}$/.test(raw)) throw new HttpError(404, `${what} ${raw} not found`);
    return Number(raw);
  };
  return [
    {
      method: 'GET',
      path: '/computed',
      handler: (ctx) =>
        ctx.json(200, {
          attributes: NAMES.map((name) => {
            const { kind, scope, description, dependsOn = [] } = ATTRIBUTES[name];
            return { name, kind, scope, dependsOn, description };
          }),
        }),
    },
    { method: 'GET', path: '/computed/stats', handler: (ctx) => ctx.json(200, cache.snapshot()) },
    {
      method: 'GET',
      path: '/collections/:id/records/:rid/computed',
      handler: (ctx) => {
        const names = attributeNames(ctx.query);
        const useCache = cacheParam(ctx.query);
        const collectionId = idOf(ctx.params.id, 'collection');
        const rid = idOf(ctx.params.rid, 'record');
        const result = derive({ store, cache, collectionId, rid, names, useCache });
        if (!result) {
          const what = store.get(collectionId) ? `record ${rid} in collection ${collectionId}` : `collection ${collectionId}`;
          throw new HttpError(404, `${what} not found`);
        }
        const { hits, misses } = result.tally;
        const state = !useCache ? 'BYPASS' : misses === 0 ? 'HIT' : hits === 0 ? 'MISS' : 'PARTIAL';
        ctx.json(200, { id: rid, collectionId, computed: result.computed, cache: { hits, misses } }, { 'x-cache': state });
      },
    },
  ];
}

module.exports = { ComputedCache, computedRoutes, ATTRIBUTES };
