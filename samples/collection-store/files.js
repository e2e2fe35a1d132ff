'use strict';
// File storage: multipart upload, list, download (gzip on request), delete. Files live in memory,
// up to a total size, like a small blob store; a full store answers 507.

const crypto = require('node:crypto');
const zlib = require('node:zlib');
const { promisify } = require('node:util');
const { HttpError, readBody, intParam } = require('./http-util');
const { boundaryOf, parseMultipart } = require('./multipart');

const gzip = promisify(zlib.gzip);

const MAX_FILE_BYTES = 50 * 1024 * 1024;
const MULTIPART_OVERHEAD = 64 * 1024; // headers and other fields around the file
const MAX_TOTAL_BYTES = 512 * 1024 * 1024;
const MAX_PAGE = 1000;

class FileStore {
  constructor(maxTotalBytes = MAX_TOTAL_BYTES) {
    this.maxTotalBytes = maxTotalBytes;
    this.files = new Map(); // id -> { meta, data, gzipped: Promise<Buffer> | null }
    this.nextId = 1;
    this.totalBytes = 0;
  }

  add({ name, contentType, data, owner }) {
    if (this.totalBytes + data.length > this.maxTotalBytes) {
      throw new HttpError(507, `file storage is full (${this.maxTotalBytes} bytes); delete files first`);
    }
    const meta = {
      id: this.nextId++,
      name,
      size: data.length,
      contentType,
      sha256: crypto.createHash('sha256').update(data).digest('hex'),
      owner,
      uploadedAt: new Date().toISOString(),
    };
    this.files.set(meta.id, { meta, data, gzipped: null });
    this.totalBytes += data.length;
    return meta;
  }

  get(id) {
    return this.files.get(id);
  }

  list({ limit, offset, owner }) {
    const all = [...this.files.values()].map((f) => f.meta).filter((m) => owner === undefined || m.owner === owner);
    return { items: all.slice(offset, offset + limit), total: all.length, totalBytes: this.totalBytes, limit, offset };
  }

  remove(id) {
    const file = this.files.get(id);
    if (!file) return false;
    this.files.delete(id);
    this.totalBytes -= file.data.length;
    return true;
  }

  /** The gzipped bytes, compressed once (on the thread pool) and kept with the file. */
  gzipped(file) {
    file.gzipped ??= gzip(file.data);
    return file.gzipped;
  }
}

/** Whether the client asked for gzip: `?compress=1` forces it, `0` refuses it, else Accept-Encoding. */
function wantsGzip(ctx) {
  const forced = ctx.query.get('compress');
  if (forced === '1' || forced === 'true') return true;
  if (forced === '0' || forced === 'false') return false;
  if (forced !== null) throw new HttpError(400, 'query parameter "compress" must be 1 or 0');
  const accept = String(ctx.req.headers['accept-encoding'] ?? '');
  return accept.split(',').some((item) => {
    const [coding, ...params] = item.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    return (coding === 'gzip' || coding === '*') && (!q || Number(q[1]) > 0);
  });
}

// A name goes back out in Content-Disposition: keep it to one safe line.
const safeName = (name) => name.replace(/[\r\n"\\]/g, '_').slice(0, 255) || 'file';

function fileRoutes(store) {
  const fileId = (ctx) => {
    const raw = ctx.params.id;
    if (!/^[1-9]\d{0,15}$/.test(raw)) throw new HttpError(404, `file ${raw} not found`);
    return Number(raw);
  };
  const fileOr404 = (ctx) => {
    const file = store.get(fileId(ctx));
    if (!file) throw new HttpError(404, `file ${ctx.params.id} not found`);
    return file;
  };
  return [
    {
      method: 'POST',
      path: '/files',
      handler: async (ctx) => {
        const boundary = boundaryOf(ctx.req.headers['content-type']);
        const body = await readBody(ctx.req, MAX_FILE_BYTES + MULTIPART_OVERHEAD);
        const parts = parseMultipart(body, boundary);
        const part = parts.find((p) => p.filename !== undefined && p.name === 'file') ?? parts.find((p) => p.filename !== undefined);
        if (!part) throw new HttpError(400, 'no file in the multipart body: send a part with a filename (field "file")');
        if (part.data.length > MAX_FILE_BYTES) throw new HttpError(413, `file larger than ${MAX_FILE_BYTES} bytes`);
        const nameField = parts.find((p) => p.filename === undefined && p.name === 'name');
        const name = safeName((nameField ? nameField.data.toString('utf8') : part.filename).trim());
        // Copy: the part is a view into the whole request body, which we do not want to keep.
        const meta = store.add({ name, contentType: part.contentType, data: Buffer.from(part.data), owner: ctx.user });
        ctx.json(201, meta, { location: `/files/${meta.id}` });
      },
    },
    {
      method: 'GET',
      path: '/files',
      handler: (ctx) => {
        const limit = intParam(ctx.query, 'limit', 50, MAX_PAGE);
        const offset = intParam(ctx.query, 'offset', 0, Number.MAX_SAFE_INTEGER);
        const mine = ctx.query.get('mine');
        if (mine !== null && mine !== '1' && mine !== '0') throw new HttpError(400, 'query parameter "mine" must be 1 or 0');
        ctx.json(200, store.list({ limit, offset, owner: mine === '1' ? ctx.user : undefined }));
      },
    },
    { method: 'GET', path: '/files/:id/meta', handler: (ctx) => ctx.json(200, fileOr404(ctx).meta) },
    {
      method: 'GET',
      path: '/files/:id',
      handler: async (ctx) => {
        const file = fileOr404(ctx);
        const { meta } = file;
        const headers = {
          'content-disposition': `attachment; filename="${safeName(meta.name)}"`,
          etag: `"${meta.sha256}"`,
          vary: 'accept-encoding',
          'x-original-size': String(meta.size),
        };
        if (wantsGzip(ctx)) {
          const packed = await store.gzipped(file);
          if (ctx.res.destroyed) return; // the client left while we compressed
          ctx.send(200, packed, meta.contentType, { ...headers, 'content-encoding': 'gzip' });
        } else {
          ctx.send(200, file.data, meta.contentType, headers);
        }
      },
    },
    {
      method: 'DELETE',
      path: '/files/:id',
      handler: (ctx) => {
        if (!store.remove(fileId(ctx))) throw new HttpError(404, `file ${ctx.params.id} not found`);
        ctx.empty(204);
      },
    },
  ];
}

module.exports = { FileStore, fileRoutes, MAX_FILE_BYTES };
