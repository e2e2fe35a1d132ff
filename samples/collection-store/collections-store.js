'use strict';
// The data behind /collections, in memory. Routes (collections.js) only call these methods, so
// that a persistent store (SQLite is planned) can replace this class without touching them.
// Methods return `undefined` for a missing collection or record; routes turn that into a 404.

const DEFAULT_PAGE = 50;

class CollectionStore {
  constructor() {
    this.collections = new Map(); // id -> { id, name, owner, createdAt, records: Map, nextRecordId }
    this.nextId = 1;
  }

  list() {
    return [...this.collections.values()].map(summary);
  }

  create(name, owner) {
    const collection = { id: this.nextId++, name, owner, createdAt: new Date().toISOString(), records: new Map(), nextRecordId: 1 };
    this.collections.set(collection.id, collection);
    return summary(collection);
  }

  get(id) {
    const c = this.collections.get(id);
    return c && summary(c);
  }

  rename(id, name) {
    const c = this.collections.get(id);
    if (!c) return undefined;
    c.name = name;
    return summary(c);
  }

  remove(id) {
    return this.collections.delete(id);
  }

  /**
   * Records in insertion order. `filter` is a list of [field, wanted value]; a record matches
   * when each own field, turned into a string, equals the wanted value (query strings carry only
   * strings, so `?price=20` finds the number 20).
   */
  listRecords(id, { limit = DEFAULT_PAGE, offset = 0, filter = [] } = {}) {
    const c = this.collections.get(id);
    if (!c) return undefined;
    const matches = (r) => filter.every(([field, value]) => Object.hasOwn(r, field) && String(r[field]) === value);
    const items = [];
    let total = 0;
    for (const record of c.records.values()) {
      if (!matches(record)) continue;
      if (total >= offset && items.length < limit) items.push(record);
      total++;
    }
    return { items, total, limit, offset };
  }

  addRecord(id, data) {
    const c = this.collections.get(id);
    if (!c) return undefined;
    const record = toRecord(c.nextRecordId++, data);
    c.records.set(record.id, record);
    return record;
  }

  getRecord(id, rid) {
    return this.collections.get(id)?.records.get(rid);
  }

  replaceRecord(id, rid, data) {
    const c = this.collections.get(id);
    if (!c || !c.records.has(rid)) return undefined;
    const record = toRecord(rid, data);
    c.records.set(rid, record);
    return record;
  }

  removeRecord(id, rid) {
    return this.collections.get(id)?.records.delete(rid) ?? false;
  }

  /** count/sum/avg/min/max over the records whose `field` is a finite number. */
  aggregate(id, field) {
    const c = this.collections.get(id);
    if (!c) return undefined;
    let count = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const record of c.records.values()) {
      const v = Object.hasOwn(record, field) ? record[field] : undefined;
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      count++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return count === 0
      ? { field, count, sum: 0, avg: null, min: null, max: null }
      : { field, count, sum, avg: sum / count, min, max };
  }
}

const summary = (c) => ({ id: c.id, name: c.name, owner: c.owner, createdAt: c.createdAt, records: c.records.size });

// The server owns `id`: a client-sent id is overwritten. Non-object JSON (a number, a list) is
// still accepted, kept under `value`, so any JSON body can be stored.
function toRecord(id, data) {
  const fields = data !== null && typeof data === 'object' && !Array.isArray(data) ? data : { value: data };
  return { ...fields, id };
}

module.exports = { CollectionStore, DEFAULT_PAGE };
