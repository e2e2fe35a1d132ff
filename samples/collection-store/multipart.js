'use strict';
// A multipart/form-data parser (RFC 7578) over a fully read body, with Node built-ins only.
// Each problem throws an HttpError 400 that says what is wrong, never a crash.

const { HttpError } = require('./http-util');

const MAX_PARTS = 100;
const MAX_HEADER_BYTES = 16 * 1024;

/** The boundary from a Content-Type header, or a 400. */
function boundaryOf(contentType) {
  if (typeof contentType !== 'string' || !/^multipart\/form-data\s*(;|$)/i.test(contentType)) {
    throw new HttpError(400, 'expected a multipart/form-data body (Content-Type: multipart/form-data; boundary=…)');
  }
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  if (!m) throw new HttpError(400, 'multipart/form-data needs a boundary parameter of 1 to 70 characters');
  return m[1] ?? m[2];
}

/**
 * @param {Buffer} body
 * @param {string} boundary
 * @returns {{ name: string, filename?: string, contentType: string, data: Buffer }[]}
 */
function parseMultipart(body, boundary) {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts = [];
  let pos = body.indexOf(delimiter);
  if (pos === -1) throw new HttpError(400, 'multipart body does not contain its boundary');
  for (;;) {
    pos += delimiter.length;
    // "--" right after a delimiter closes the body.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break;
    if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a) throw new HttpError(400, 'multipart boundary is not followed by a line break');
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd === -1 || headerEnd - pos > MAX_HEADER_BYTES) throw new HttpError(400, 'multipart part has no complete header block');
    const headers = parseHeaders(body.toString('utf8', pos, headerEnd));
    const dataStart = headerEnd + 4;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), dataStart);
    if (next === -1) throw new HttpError(400, 'multipart body ends before its closing boundary');
    parts.push({ ...headers, data: body.subarray(dataStart, next) });
    if (parts.length > MAX_PARTS) throw new HttpError(400, `multipart body has more than ${MAX_PARTS} parts`);
    pos = next + 2;
  }
  return parts;
}

function parseHeaders(block) {
  let disposition = '';
  let contentType = 'application/octet-stream';
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new HttpError(400, `malformed multipart header line "${line.slice(0, 80)}"`);
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-disposition') disposition = value;
    else if (key === 'content-type') contentType = value;
  }
  if (!/^form-data\b/i.test(disposition)) throw new HttpError(400, 'multipart part lacks "Content-Disposition: form-data"');
  const name = dispositionParam(disposition, 'name');
  if (name === undefined) throw new HttpError(400, 'multipart part lacks a name in its Content-Disposition');
  const filename = dispositionParam(disposition, 'filename');
  return filename === undefined ? { name, contentType } : { name, filename, contentType };
}

function dispositionParam(disposition, key) {
  const re = new RegExp(`;\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i');
  const m = re.exec(disposition);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

module.exports = { boundaryOf, parseMultipart };
