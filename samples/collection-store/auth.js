'use strict';
// Users, password hashing, bearer tokens and browser sessions (a cookie), all in memory.
//
// Logging in deliberately costs a password hash (PBKDF2 on libuv's thread pool, ~2-5 ms) like a
// real service would, so a scenario that logs in on every iteration shows that cost in its
// `login` step and in the server's CPU. An API client logs in for tokens (`POST /auth/login`,
// credentials as JSON, a form or HTTP basic auth); a browser signs in to a session
// (`POST /auth/session`), which answers 303 See Other with the session in the `sid` cookie.

const crypto = require('node:crypto');
const { promisify } = require('node:util');
const { HttpError, checkFields, isForm, readFields, readForm, readObject } = require('./http-util');

const pbkdf2 = promisify(crypto.pbkdf2);

const DEFAULT_HASH_COST = 12_000; // PBKDF2-SHA256 iterations: about 3 ms on a modern core
const TOKEN_TTL_S = 3600;
const REFRESH_TTL_S = 24 * 3600;
const SESSION_IDLE_S = 3600; // a session ends after an hour without a request; each use extends it
const SESSION_COOKIE = 'sid';
const DEFAULT_AFTER_SIGN_IN = '/auth/session';
const SEED_PASSWORD = 'secret';
const SWEEP_EVERY_MS = 60_000;

/** Demo accounts that always exist: user1..user1000 and admin, all with password "secret". */
function isSeeded(username) {
  if (username === 'admin') return true;
  const m = /^user([1-9]\d{0,3})$/.exec(username);
  return m !== null && Number(m[1]) <= 1000;
}

class Auth {
  /** @param {{ hashCost?: number }} [options] */
  constructor(options = {}) {
    this.hashCost = options.hashCost ?? DEFAULT_HASH_COST;
    this.users = new Map(); // username -> { salt, hash } for registered (non-seeded) users
    this.tokens = new Map(); // access token -> { user, expires }
    this.refreshTokens = new Map(); // refresh token -> { user, expires }
    this.sessions = new Map(); // session id (the `sid` cookie) -> { user, expires }
    this.seedRecord = null; // one hash of "secret" shared by every seeded user, made in init()
    // Load tests log in thousands of times; expired tokens would otherwise pile up forever.
    this.sweeper = setInterval(() => this.sweep(), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  async init() {
    this.seedRecord = await this.hashNew(SEED_PASSWORD);
  }

  close() {
    clearInterval(this.sweeper);
  }

  async hashNew(password) {
    const salt = crypto.randomBytes(16);
    return { salt, hash: await pbkdf2(password, salt, this.hashCost, 32, 'sha256') };
  }

  exists(username) {
    return isSeeded(username) || this.users.has(username);
  }

  async register(username, password) {
    if (username.length > 64) throw new HttpError(400, 'username must be at most 64 characters');
    if (this.exists(username)) throw new HttpError(409, `user "${username}" already exists`);
    const record = await this.hashNew(password);
    // Checked again: another registration of the same name may have finished while we hashed.
    if (this.exists(username)) throw new HttpError(409, `user "${username}" already exists`);
    this.users.set(username, record);
  }

  /** Returns fresh tokens, or throws 401. */
  async login(username, password) {
    await this.checkPassword(username, password);
    return this.issue(username);
  }

  /** Returns a new session id for the `sid` cookie, or throws 401. */
  async startSession(username, password) {
    await this.checkPassword(username, password);
    const sid = crypto.randomBytes(24).toString('hex');
    this.sessions.set(sid, { user: username, expires: Date.now() + SESSION_IDLE_S * 1000 });
    return sid;
  }

  /** Throws 401 unless the password is right. Unknown users still pay the hash, like a real login. */
  async checkPassword(username, password) {
    const record = isSeeded(username) ? this.seedRecord : this.users.get(username) || this.seedRecord;
    const hash = await pbkdf2(password, record.salt, this.hashCost, 32, 'sha256');
    if (!this.exists(username) || !crypto.timingSafeEqual(hash, record.hash)) {
      throw new HttpError(401, 'invalid username or password');
    }
  }

  issue(user) {
    const now = Date.now();
    const token = crypto.randomBytes(24).toString('hex');
    const refreshToken = crypto.randomBytes(24).toString('hex');
    this.tokens.set(token, { user, expires: now + TOKEN_TTL_S * 1000 });
    this.refreshTokens.set(refreshToken, { user, expires: now + REFRESH_TTL_S * 1000 });
    return { token, refreshToken, expiresIn: TOKEN_TTL_S };
  }

  /** @returns {string | null} the user a valid access token belongs to */
  verify(token) {
    return liveUser(this.tokens, token);
  }

  /**
   * @param {{ kind: 'bearer' | 'query' | 'cookie', value: string } | null} credential from credentialOf()
   * @returns {string | null} the user it belongs to, while it is valid
   */
  identify(credential) {
    if (!credential) return null;
    if (credential.kind !== 'cookie') return this.verify(credential.value);
    const user = liveUser(this.sessions, credential.value);
    if (user) this.sessions.get(credential.value).expires = Date.now() + SESSION_IDLE_S * 1000;
    return user;
  }

  /** Trades a refresh token for a new pair; the old refresh token stops working (rotation). */
  refresh(refreshToken) {
    const entry = this.refreshTokens.get(refreshToken);
    this.refreshTokens.delete(refreshToken);
    if (!entry || entry.expires <= Date.now()) throw new HttpError(401, 'invalid or expired refresh token');
    return this.issue(entry.user);
  }

  /** Ends what the credential opened: a session for a cookie, else the access token. */
  revoke(credential) {
    if (credential.kind === 'cookie') this.sessions.delete(credential.value);
    else this.tokens.delete(credential.value);
  }

  sweep() {
    const now = Date.now();
    for (const map of [this.tokens, this.refreshTokens, this.sessions]) {
      for (const [key, entry] of map) if (entry.expires <= now) map.delete(key);
    }
  }
}

/** The user of a live entry of `map` (tokens or sessions); an expired one is dropped. */
function liveUser(map, key) {
  const entry = key ? map.get(key) : undefined;
  if (!entry) return null;
  if (entry.expires <= Date.now()) {
    map.delete(key);
    return null;
  }
  return entry.user;
}

/**
 * How a request says who it is: `Authorization: Bearer <token>`, else `?token=` where the route
 * allows it, else the session cookie. A bearer header wins over a cookie: a client that sends a
 * token means that token, whatever cookies its jar holds.
 * @returns {{ kind: 'bearer' | 'query' | 'cookie', value: string } | null}
 */
function credentialOf(req, query, allowQuery) {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m) return { kind: 'bearer', value: m[1] };
  }
  const token = allowQuery ? query.get('token') : null;
  if (token) return { kind: 'query', value: token };
  const sid = cookieValue(req.headers.cookie, SESSION_COOKIE);
  return sid ? { kind: 'cookie', value: sid } : null;
}

/** One cookie's value from a Cookie header (`a=1; sid=abc`), or null. */
function cookieValue(header, name) {
  if (typeof header !== 'string') return null;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq !== -1 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim() || null;
  }
  return null;
}

/**
 * The Set-Cookie value that keeps a session: a browser session cookie (no Max-Age), since the
 * server ends an idle session itself. With no id, the value that removes it from the browser.
 */
function sessionCookie(sid) {
  return sid ? `${SESSION_COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Lax` : `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}

/**
 * A login's username and password: HTTP basic auth, else an HTML form, else a JSON object.
 * @returns {Promise<{ username: string, password: string, basic: boolean }>}
 */
async function readCredentials(req) {
  const header = req.headers.authorization;
  const basic = typeof header === 'string' ? /^Basic\s+(\S+)\s*$/i.exec(header) : null;
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) throw new HttpError(400, 'basic credentials must be base64 of "username:password"');
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), basic: true };
  }
  const body = checkFields(isForm(req) ? await readForm(req) : await readObject(req), ['username', 'password']);
  return { username: body.username, password: body.password, basic: false };
}

/** Where to send a browser after it signs in: a path on this server (never another site). */
function afterSignIn(next) {
  if (next === null || next === '') return DEFAULT_AFTER_SIGN_IN;
  if (!/^\/(?![/\\])/.test(next)) throw new HttpError(400, 'query parameter "next" must be a path on this server, like /collections');
  return next;
}

function authRoutes(auth) {
  return [
    {
      method: 'POST',
      path: '/auth/register',
      public: true,
      handler: async (ctx) => {
        const { username, password } = await readFields(ctx.req, ['username', 'password']);
        await auth.register(username, password);
        ctx.json(201, { username }, { location: '/auth/validate' });
      },
    },
    {
      method: 'POST',
      path: '/auth/login',
      public: true,
      handler: async (ctx) => {
        const { username, password, basic } = await readCredentials(ctx.req);
        const tokens = await auth.login(username, password);
        if (basic) ctx.stats.authenticated('basic');
        ctx.json(200, tokens);
      },
    },
    {
      // A browser's sign-in: Post/Redirect/Get, so a reload never posts the password again.
      method: 'POST',
      path: '/auth/session',
      public: true,
      handler: async (ctx) => {
        const next = afterSignIn(ctx.query.get('next'));
        const { username, password, basic } = await readCredentials(ctx.req);
        const sid = await auth.startSession(username, password);
        if (basic) ctx.stats.authenticated('basic');
        ctx.json(303, { user: username, location: next }, { location: next, 'set-cookie': sessionCookie(sid) });
      },
    },
    {
      method: 'GET',
      path: '/auth/session',
      handler: (ctx) => ctx.json(200, { user: ctx.user, via: ctx.credential.kind }),
    },
    {
      method: 'DELETE',
      path: '/auth/session',
      handler: (ctx) => {
        auth.revoke(ctx.credential);
        ctx.empty(204, signedOut(ctx));
      },
    },
    {
      method: 'POST',
      path: '/auth/refresh',
      public: true,
      handler: async (ctx) => {
        const { refreshToken } = await readFields(ctx.req, ['refreshToken']);
        ctx.json(200, auth.refresh(refreshToken));
      },
    },
    { method: 'GET', path: '/auth/validate', handler: (ctx) => ctx.json(200, { valid: true, user: ctx.user }) },
    {
      method: 'POST',
      path: '/auth/logout',
      handler: (ctx) => {
        auth.revoke(ctx.credential);
        ctx.json(200, { loggedOut: true }, signedOut(ctx));
      },
    },
  ];
}

/** A browser that signed out with its cookie also drops the cookie. */
function signedOut(ctx) {
  return ctx.credential.kind === 'cookie' ? { 'set-cookie': sessionCookie(null) } : {};
}

module.exports = { Auth, authRoutes, credentialOf, cookieValue, isSeeded, DEFAULT_HASH_COST, SESSION_COOKIE };
