'use strict';
// Users, password hashing and bearer tokens, all in memory.
//
// Logging in deliberately costs a password hash (PBKDF2 on libuv's thread pool, ~2-5 ms) like a
// real service would, so a scenario that logs in on every iteration shows that cost in its
// `login` step and in the server's CPU.

const crypto = require('node:crypto');
const { promisify } = require('node:util');
const { HttpError, readFields } = require('./http-util');

const pbkdf2 = promisify(crypto.pbkdf2);

const DEFAULT_HASH_COST = 12_000; // PBKDF2-SHA256 iterations: about 3 ms on a modern core
const TOKEN_TTL_S = 3600;
const REFRESH_TTL_S = 24 * 3600;
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

  /** Returns fresh tokens, or throws 401. Unknown users still pay the hash, like a real login. */
  async login(username, password) {
    const record = isSeeded(username) ? this.seedRecord : this.users.get(username) || this.seedRecord;
    const hash = await pbkdf2(password, record.salt, this.hashCost, 32, 'sha256');
    if (!this.exists(username) || !crypto.timingSafeEqual(hash, record.hash)) {
      throw new HttpError(401, 'invalid username or password');
    }
    return this.issue(username);
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
    const entry = token ? this.tokens.get(token) : undefined;
    if (!entry) return null;
    if (entry.expires <= Date.now()) {
      this.tokens.delete(token);
      return null;
    }
    return entry.user;
  }

  /** Trades a refresh token for a new pair; the old refresh token stops working (rotation). */
  refresh(refreshToken) {
    const entry = this.refreshTokens.get(refreshToken);
    this.refreshTokens.delete(refreshToken);
    if (!entry || entry.expires <= Date.now()) throw new HttpError(401, 'invalid or expired refresh token');
    return this.issue(entry.user);
  }

  revoke(token) {
    this.tokens.delete(token);
  }

  sweep() {
    const now = Date.now();
    for (const map of [this.tokens, this.refreshTokens]) {
      for (const [key, entry] of map) if (entry.expires <= now) map.delete(key);
    }
  }
}

/** The bearer token of a request: the Authorization header, or `?token=` where allowed. */
function bearerToken(req, query, allowQuery) {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m) return m[1];
  }
  return allowQuery ? query.get('token') : null;
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
        const { username, password } = await readFields(ctx.req, ['username', 'password']);
        ctx.json(200, await auth.login(username, password));
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
        auth.revoke(ctx.token);
        ctx.json(200, { loggedOut: true });
      },
    },
  ];
}

module.exports = { Auth, authRoutes, bearerToken, isSeeded, DEFAULT_HASH_COST };
