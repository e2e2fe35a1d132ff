'use strict';
// Small helpers every route module shares: the error type handlers throw, reading a bounded
// request body, and parsing it as JSON. Handlers throw HttpError for "expected" failures so that
// one place (app.js) turns every failure into a JSON answer and the server keeps serving.

const MAX_BODY_BYTES = 10 * 1024 * 1024;

class HttpError extends Error {
  /** @param {number} status @param {string} message @param {Record<string,string>} [headers] */
  constructor(status, message, headers) {
    super(message);
    this.status = status;
    this.headers = headers || {};
  }
}

/**
 * Reads the whole request body as a Buffer, refusing more than `limit` bytes. A declared
 * Content-Length over the limit is refused before reading a byte, so a client cannot make us
 * buffer 10 GB just to say no.
 */
function readBody(req, limit = MAX_BODY_BYTES) {
  const tooLarge = () =>
    // `connection: close` so Node drops the socket instead of draining the rest of a huge upload.
    new HttpError(413, `request body larger than ${limit} bytes`, { connection: 'close' });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let done = false;
    const finish = (err, value) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk) => {
      size += chunk.length;
      if (size > limit) {
        finish(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => finish(null, Buffer.concat(chunks, size)));
    req.on('error', (err) => finish(new HttpError(400, `could not read request body: ${err.message}`)));
    req.on('close', () => finish(new HttpError(400, 'request aborted before its body was complete')));
  });
}

/** Reads and parses a JSON body; an empty or malformed body is a 400 that says why. */
async function readJson(req) {
  const raw = await readBody(req);
  const text = raw.toString('utf8');
  if (text.trim() === '') throw new HttpError(400, 'request body must be JSON, got an empty body');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `invalid JSON: ${err.message}`);
  }
}

/** Reads a body that must be a JSON object (not a list, a number or null). */
async function readObject(req) {
  const body = await readJson(req);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'request body must be a JSON object');
  }
  return body;
}

/** Reads a JSON object body and checks that each named field is a non-empty string. */
async function readFields(req, names) {
  return checkFields(await readObject(req), names);
}

/** Checks that each named field of `body` is a non-empty string; returns `body`. */
function checkFields(body, names) {
  for (const name of names) {
    if (typeof body[name] !== 'string' || body[name] === '') {
      throw new HttpError(400, `missing field "${name}" (a non-empty string)`);
    }
  }
  return body;
}

/** Whether the request body is an HTML form (`application/x-www-form-urlencoded`). */
function isForm(req) {
  return /^application\/x-www-form-urlencoded\s*(;|$)/i.test(String(req.headers['content-type'] || ''));
}

/** Reads an HTML form body into an object of its fields (the last value of a repeated name wins). */
async function readForm(req) {
  return Object.fromEntries(new URLSearchParams((await readBody(req)).toString('utf8')));
}

/** Parses an optional non-negative integer query parameter within [0, max]. */
function intParam(query, name, fallback, max) {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > max) {
    throw new HttpError(400, `query parameter "${name}" must be an integer from 0 to ${max}`);
  }
  return Number(raw);
}

/**
 * A number from a parsed JSON object, also accepted as text ("25"), since scenario templates
 * render to strings. Missing: `fallback`, or a 400 when there is none; out of range: a 400.
 * @param {Record<string, unknown>} body
 * @param {{ integer?: boolean, min?: number, max?: number, fallback?: number, label?: string }} [rules]
 */
function numberField(body, name, rules = {}) {
  const label = rules.label ?? `field "${name}"`;
  const raw = Object.hasOwn(body, name) ? body[name] : undefined;
  if (raw === undefined || raw === null || raw === '') {
    if (rules.fallback !== undefined) return rules.fallback;
    throw new HttpError(400, `missing ${label} (a number)`);
  }
  const value = typeof raw === 'string' && /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(raw) ? Number(raw) : raw;
  const kind = rules.integer ? 'an integer' : 'a number';
  if (typeof value !== 'number' || !Number.isFinite(value) || (rules.integer && !Number.isInteger(value))) {
    throw new HttpError(400, `${label} must be ${kind}, got ${JSON.stringify(raw)}`);
  }
  if ((rules.min !== undefined && value < rules.min) || (rules.max !== undefined && value > rules.max)) {
    throw new HttpError(400, `${label} must be ${kind} from ${rules.min ?? '-∞'} to ${rules.max ?? '∞'}, got ${value}`);
  }
  return value;
}

module.exports = { HttpError, MAX_BODY_BYTES, readBody, readJson, readObject, readFields, checkFields, isForm, readForm, intParam, numberField };
