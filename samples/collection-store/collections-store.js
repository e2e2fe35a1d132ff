'use strict';
// The data behind /collections, in SQLite (better-sqlite3): an in-memory database by default, a
// file with `--db FILE`. Routes (collections.js) only call these methods; they return
// `undefined` for a missing collection or record, and the routes turn that into a 404.
//
// Records are JSON documents in one table. One field, `category`, has an index (through a
// generated column); filtering on any other field reads every record of the collection and
// extracts the field from its JSON. The stress scenario shows the difference, and every listing
// says which plan SQLite chose.

const Database = require('better-sqlite3');

const DEFAULT_PAGE = 50;
/** Fields whose filters use an index. */
const INDEXED_FIELDS = new Set(['category']);
const MAX_CACHED_STATEMENTS = 500;

// A JSON field as the text a query string would carry: 20 -> '20', true -> 'true', null -> 'null'.
// Objects and arrays never equal a query value. The same rule for indexed and scanned fields,
// so the two queries differ only in speed.
const fieldText = (path) =>
  `CASE json_type(data, ${path}) WHEN 'object' THEN NULL WHEN 'array' THEN NULL ` +
  `WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'null' THEN 'null' ` +
  `ELSE CAST(json_extract(data, ${path}) AS TEXT) END`;

const SCHEMA = `
  PRAGMA foreign_keys = ON;
  CREATE TABLE IF NOT EXISTS collections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    owner TEXT,
    created_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    version INTEGER NOT NULL DEFAULT 1,
    data TEXT NOT NULL,
    category TEXT GENERATED ALWAYS AS (${fieldText("'$.category'")}) VIRTUAL
  );
  CREATE INDEX IF NOT EXISTS records_by_collection ON records (collection_id, id);
  CREATE INDEX IF NOT EXISTS records_by_category ON records (collection_id, category, id);
`;

class CollectionStore {
  /** @param {{ file?: string }} [options] `file` is a database file; default in memory */
  constructor(options = {}) {
    this.db = new Database(options.file ?? ':memory:');
    if (options.file) this.db.pragma('journal_mode = WAL'); // readers do not wait for the writer
    this.db.exec(SCHEMA);
    this.statements = new Map(); // SQL text -> prepared statement, so each shape is compiled once
    this.plans = new Map(); // SQL text -> what EXPLAIN QUERY PLAN says about the records table
    // Bumped on every write to a collection's records: computed attributes that depend on the
    // whole collection (computed.js) key their cache entries by it.
    this.versions = new Map();
  }

  close() {
    if (this.db.open) this.db.close();
  }

  sql(text) {
    let statement = this.statements.get(text);
    if (!statement) {
      // Filters name arbitrary fields: bound the cache rather than keep every shape ever seen.
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      this.statements.set(text, (statement = this.db.prepare(text)));
    }
    return statement;
  }

  /** Version of a collection's records as a whole; changes whenever any record changes. */
  collectionVersion(id) {
    return this.versions.get(id) ?? 0;
  }

  touch(id) {
    this.versions.set(id, this.collectionVersion(id) + 1);
  }

  list() {
    return this.sql(`SELECT c.*, (SELECT count(*) FROM records r WHERE r.collection_id = c.id) AS records FROM collections c ORDER BY c.id`)
      .all()
      .map(summary);
  }

  create(name, owner) {
    const { lastInsertRowid } = this.sql('INSERT INTO collections (name, owner, created_at) VALUES (?, ?, ?)').run(name, owner, new Date().toISOString());
    return this.get(Number(lastInsertRowid));
  }

  get(id) {
    const row = this.sql(`SELECT c.*, (SELECT count(*) FROM records r WHERE r.collection_id = c.id) AS records FROM collections c WHERE c.id = ?`).get(id);
    return row && summary(row);
  }

  rename(id, name) {
    const { changes } = this.sql('UPDATE collections SET name = ? WHERE id = ?').run(name, id);
    return changes ? this.get(id) : undefined;
  }

  remove(id) {
    this.versions.delete(id);
    return this.sql('DELETE FROM collections WHERE id = ?').run(id).changes > 0;
  }

  /**
   * Records in insertion order. `filter` is a list of [field, wanted value]; a record matches
   * when each field, as text, equals the wanted value (query strings carry only strings, so
   * `?price=20` finds the number 20). Returns the page, the total of matches and the plan.
   */
  listRecords(id, { limit = DEFAULT_PAGE, offset = 0, filter = [] } = {}) {
    if (!this.exists(id)) return undefined;
    const where = ['collection_id = ?'];
    const args = [id];
    for (const [field, value] of filter) {
      if (field === 'id') where.push('CAST(id AS TEXT) = ?');
      else if (INDEXED_FIELDS.has(field)) where.push(`${field} = ?`);
      else where.push(`${fieldText(jsonPath(field))} = ?`);
      args.push(value);
    }
    const condition = where.join(' AND ');
    const pageSql = `SELECT id, data FROM records WHERE ${condition} ORDER BY id LIMIT ? OFFSET ?`;
    const items = this.sql(pageSql).all(...args, limit, offset).map(toRecord);
    const { total } = this.sql(`SELECT count(*) AS total FROM records WHERE ${condition}`).get(...args);
    const scan = filter.some(([field]) => field !== 'id' && !INDEXED_FIELDS.has(field));
    return { items, total, limit, offset, scan, plan: this.plan(pageSql, [...args, limit, offset]) };
  }

  /** How SQLite reads `records` for this statement, e.g. "SEARCH records USING INDEX …". */
  plan(text, args) {
    let plan = this.plans.get(text);
    if (plan === undefined) {
      if (this.plans.size >= MAX_CACHED_STATEMENTS) this.plans.clear();
      const rows = this.db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...args);
      plan = rows.map((row) => row.detail).find((detail) => /\brecords\b/.test(detail)) ?? '';
      this.plans.set(text, plan);
    }
    return plan;
  }

  exists(id) {
    return this.sql('SELECT 1 FROM collections WHERE id = ?').get(id) !== undefined;
  }

  addRecord(id, data) {
    if (!this.exists(id)) return undefined;
    const fields = toFields(data);
    const { lastInsertRowid } = this.sql('INSERT INTO records (collection_id, data) VALUES (?, ?)').run(id, JSON.stringify(fields));
    this.touch(id);
    return { ...fields, id: Number(lastInsertRowid) };
  }

  /**
   * Inserts `count` generated records in one transaction: how a test prepares a large data set
   * without thousands of requests. Each has `seq`, `category` (`prefix` + 0 … categories-1), `price`,
   * `quantity`, `tags` and a `payload` of `bytes` characters.
   */
  seed(id, { count, bytes, categories, prefix = 'c' }) {
    if (!this.exists(id)) return undefined;
    const insert = this.sql('INSERT INTO records (collection_id, data) VALUES (?, ?)');
    const payload = 'x'.repeat(bytes);
    const run = this.db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const record = {
          seq: i + 1,
          category: `${prefix}${i % categories}`,
          price: Math.round(((i * 7919) % 10_000) + 1) / 100,
          quantity: (i % 9) + 1,
          tags: [`t${i % 5}`, `t${i % 7}`],
          payload,
        };
        insert.run(id, JSON.stringify(record));
      }
    });
    run();
    this.touch(id);
    return { inserted: count, total: this.get(id).records };
  }

  getRecord(id, rid) {
    const row = this.sql('SELECT id, data FROM records WHERE id = ? AND collection_id = ?').get(rid, id);
    return row && toRecord(row);
  }

  /** The record with its version, which a replace increments (computed.js keys its cache by it). */
  getRecordVersioned(id, rid) {
    const row = this.sql('SELECT id, data, version FROM records WHERE id = ? AND collection_id = ?').get(rid, id);
    return row && { record: toRecord(row), version: row.version };
  }

  replaceRecord(id, rid, data) {
    const fields = toFields(data);
    const { changes } = this.sql('UPDATE records SET data = ?, version = version + 1 WHERE id = ? AND collection_id = ?').run(JSON.stringify(fields), rid, id);
    if (!changes) return undefined;
    this.touch(id);
    return { ...fields, id: rid };
  }

  removeRecord(id, rid) {
    const removed = this.sql('DELETE FROM records WHERE id = ? AND collection_id = ?').run(rid, id).changes > 0;
    if (removed) this.touch(id);
    return removed;
  }

  /**
   * count/sum/avg/min/max over the records whose `field` is a number; with `groupBy`, the same
   * per value of that field (as text), in `groups`.
   */
  aggregate(id, field, groupBy) {
    if (!this.exists(id)) return undefined;
    const path = jsonPath(field);
    const key = groupBy === undefined ? 'NULL' : INDEXED_FIELDS.has(groupBy) ? groupBy : fieldText(jsonPath(groupBy));
    // The inner query reads each record's JSON once; the outer one keeps the numbers.
    const values = `SELECT ${key} AS grp, json_type(data, ${path}) AS type, data ->> ${path} AS v FROM records WHERE collection_id = ?`;
    const columns = `count(*) AS count, total(v) AS sum, min(v) AS min, max(v) AS max`;
    const numeric = `type IN ('integer', 'real')`;
    if (groupBy === undefined) return stats(field, this.sql(`SELECT ${columns} FROM (${values}) WHERE ${numeric}`).get(id));
    const rows = this.sql(`SELECT grp, ${columns} FROM (${values}) WHERE ${numeric} GROUP BY grp ORDER BY grp`).all(id);
    const all = rows.reduce(
      (acc, row) => ({ count: acc.count + row.count, sum: acc.sum + row.sum, min: Math.min(acc.min, row.min), max: Math.max(acc.max, row.max) }),
      { count: 0, sum: 0, min: Infinity, max: -Infinity },
    );
    return { ...stats(field, all), groupBy, groups: rows.map((row) => ({ value: row.grp, ...stats(field, row) })) };
  }

  /** The same numbers for one category only; the index finds its records. */
  categoryAggregate(id, category, field) {
    const path = jsonPath(field);
    const row = this.sql(
      `SELECT count(*) AS count, total(json_extract(data, ${path})) AS sum, min(json_extract(data, ${path})) AS min, max(json_extract(data, ${path})) AS max ` +
        `FROM records WHERE collection_id = ? AND category = ? AND json_type(data, ${path}) IN ('integer', 'real')`,
    ).get(id, category);
    return stats(field, row);
  }
}

function stats(field, row) {
  const { count } = row;
  return count === 0
    ? { field, count, sum: 0, avg: null, min: null, max: null }
    : { field, count, sum: row.sum, avg: row.sum / count, min: row.min, max: row.max };
}

/** Why a field name cannot be used in a filter or an aggregate, or null when it can. */
function fieldProblem(field) {
  // A JSON path has no escape for a double quote, so such a key cannot be addressed.
  if (/["\\]/.test(field)) return `field name "${field}" cannot be queried: it holds " or \\`;
  if (field.length > 128) return 'field names are at most 128 characters';
  return null;
}

/** A JSON path literal for one top-level key, quoted so that dots and spaces stay in the key. */
function jsonPath(field) {
  const problem = fieldProblem(field);
  if (problem) throw new RangeError(problem);
  return `'$."${field.replace(/'/g, "''")}"'`;
}

const summary = (row) => ({ id: row.id, name: row.name, owner: row.owner, createdAt: row.created_at, records: row.records });

const toRecord = (row) => ({ ...JSON.parse(row.data), id: row.id });

// The server owns `id`: a client-sent id is dropped. Non-object JSON (a number, a list) is still
// accepted, kept under `value`, so any JSON body can be stored.
function toFields(data) {
  const fields = data !== null && typeof data === 'object' && !Array.isArray(data) ? { ...data } : { value: data };
  delete fields.id;
  return fields;
}

module.exports = { CollectionStore, DEFAULT_PAGE, INDEXED_FIELDS, fieldProblem };
