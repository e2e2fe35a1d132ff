'use strict';
// The request pipeline: match a route, check who is calling (a bearer token or the session
// cookie), run the handler, and make sure every request ends in exactly one answer that is
// counted exactly once, whatever goes wrong.

const { HttpError } = require('./http-util');
const { credentialOf } = require('./auth');

/**
 * @param {{ routes: object[], auth: import('./auth').Auth, stats: import('./stats').Stats }} deps
 * @returns {(req: import('http').IncomingMessage, res: import('http').ServerResponse) => void}
 */
function createApp({ routes, auth, stats }) {
  const table = routes.map(compile);

  return function handle(req, res) {
    const ctx = new Context(req, res, stats);
    // Split by hand rather than with `new URL`, which would read "//x/y" as host "x".
    const raw = req.url || '/';
    const q = raw.indexOf('?');
    const pathname = q === -1 ? raw : raw.slice(0, q);
    ctx.query = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
    ctx.counted = !pathname.startsWith('/__stats');
    run(ctx, pathname).catch((err) => {
      try {
        fail(ctx, err);
      } catch (again) {
        console.error('Collection Store: could not answer after an error:', again);
        res.destroy();
      }
    });
  };

  async function run(ctx, pathname) {
    const { req } = ctx;
    const match = find(table, req.method, pathname);
    if (match.kind === 'none') {
      ctx.route = `${req.method} (unmatched)`;
      throw new HttpError(404, `no route for ${req.method} ${pathname}`);
    }
    if (match.kind === 'method') {
      ctx.route = `${req.method} (unmatched)`;
      throw new HttpError(405, `${req.method} is not allowed on ${pathname}`, { allow: match.allow.join(', ') });
    }
    const { route, params } = match;
    ctx.route = `${route.method} ${route.path}`;
    ctx.params = params;
    if (route.uncounted) ctx.counted = false;
    if (!route.public) {
      ctx.credential = credentialOf(req, ctx.query, route.tokenInQuery);
      ctx.user = auth.identify(ctx.credential);
      if (!ctx.user) throw unauthorized(ctx.credential);
      stats.authenticated(ctx.credential.kind);
    }
    await route.handler(ctx);
    if (ctx.answered) return;
    if (ctx.res.destroyed) ctx.clientGone();
    else throw new Error(`handler for ${ctx.route} returned without answering`);
  }
}

/** The 401 for a request without a valid credential, saying which was missing or stale. */
function unauthorized(credential) {
  const message = !credential
    ? 'missing bearer token (Authorization: Bearer <token>) or session cookie (sign in with POST /auth/session)'
    : credential.kind === 'cookie'
      ? 'invalid or expired session'
      : 'invalid or expired token';
  return new HttpError(401, message, { 'www-authenticate': 'Bearer' });
}

function fail(ctx, err) {
  const expected = err instanceof HttpError;
  if (!expected) console.error(`Collection Store: error in ${ctx.route || ctx.req.url}:`, err);
  if (!ctx.answered && ctx.res.destroyed) {
    ctx.clientGone(); // e.g. the body never fully arrived: nobody is left to read an error
    return;
  }
  if (ctx.answered) {
    // Too late for a status (an event stream was open): cut the connection so the client knows.
    ctx.res.destroy();
    return;
  }
  const status = expected ? err.status : 500;
  const message = expected ? err.message : `internal error: ${err && err.message}`;
  ctx.json(status, { error: message }, expected ? err.headers : {});
}

/** What a handler gets: the request, its parsed parts, and the only ways to answer it. */
class Context {
  constructor(req, res, stats) {
    this.req = req;
    this.res = res;
    this.stats = stats;
    this.started = process.hrtime.bigint();
    this.query = new URLSearchParams();
    this.params = {};
    this.route = '';
    this.user = null;
    /** How the caller proved who it is: `{ kind: 'bearer' | 'query' | 'cookie', value }`. */
    this.credential = null;
    this.counted = true;
    this.answered = false;
  }

  json(status, value, headers) {
    this.send(status, JSON.stringify(value), 'application/json; charset=utf-8', headers);
  }

  text(status, body, headers) {
    this.send(status, body, 'text/plain; charset=utf-8', headers);
  }

  empty(status, headers) {
    this.send(status, null, null, headers);
  }

  send(status, body, type, headers) {
    const all = this.begin(status, headers);
    if (body !== null) {
      all['content-type'] = type;
      all['content-length'] = Buffer.byteLength(body);
    }
    this.res.writeHead(status, all);
    this.res.end(body === null ? undefined : body);
  }

  /**
   * The client left before we answered (a timeout on its side, say). Counted with nginx's
   * 499 "client closed request", so the server's count still matches the client's.
   */
  clientGone() {
    this.begin(499, {});
  }

  /** Sends a 200 with the given headers and leaves the response open for streaming. */
  openStream(headers) {
    this.res.writeHead(200, this.begin(200, headers));
    this.res.flushHeaders();
    return this.res;
  }

  // The single place that counts a request and stamps its server time, before any byte leaves,
  // so a client that has its answer always finds it in /__stats.
  begin(status, headers) {
    if (this.answered) throw new Error(`${this.route} answered twice`);
    this.answered = true;
    const ms = Number(process.hrtime.bigint() - this.started) / 1e6;
    if (this.counted) this.stats.record(this.route, status, ms);
    return { ...headers, 'x-server-time-ms': ms.toFixed(3) };
  }
}

/** Turns "/collections/:id" into a matcher once, at start-up. */
function compile(route) {
  const segments = route.path.split('/').slice(1);
  return { ...route, segments };
}

function find(table, method, pathname) {
  const parts = pathname.split('/').slice(1);
  const allow = [];
  for (const route of table) {
    const params = matchPath(route.segments, parts);
    if (!params) continue;
    if (route.method === method) return { kind: 'route', route, params };
    allow.push(route.method);
  }
  return allow.length ? { kind: 'method', allow } : { kind: 'none' };
}

function matchPath(segments, parts) {
  if (segments.length !== parts.length) return null;
  const params = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (seg.startsWith(':')) {
      if (parts[i] === '') return null;
      try {
        params[seg.slice(1)] = decodeURIComponent(parts[i]);
      } catch {
        return null; // a malformed %-escape cannot name anything we hold
      }
    } else if (seg !== parts[i]) return null;
  }
  return params;
}

module.exports = { createApp, unauthorized };
