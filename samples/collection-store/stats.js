'use strict';
// Request counters for GET /__stats. The engine's tests compare their own request count with
// `requests`, so app.js records each request exactly once, at the moment its status is sent.

// Percentiles come from the most recent timings only, so memory stays flat on long runs.
const WINDOW = 100_000;

class Stats {
  constructor() {
    this.timings = new Float64Array(WINDOW);
    this.sseCurrent = 0; // live streams are a fact, not a counter: reset leaves it alone
    this.wsCurrent = 0; // open WebSockets, likewise
    this.sources = []; // other modules' counters shown beside these, e.g. the computed cache
    this.reset();
  }

  /**
   * Adds `name: snapshot()` to every snapshot; a reset calls `reset()` too.
   * @param {string} name @param {() => unknown} snapshot @param {() => void} reset
   */
  addSource(name, snapshot, reset) {
    this.sources.push({ name, snapshot, reset });
  }

  reset() {
    for (const source of this.sources) source.reset();
    this.requests = 0;
    this.byRoute = new Map();
    this.byStatus = new Map();
    this.sseTotal = 0;
    this.wsTotal = 0;
    this.wsMessagesIn = 0;
    this.wsMessagesOut = 0;
    this.byCredential = { bearer: 0, query: 0, cookie: 0, basic: 0 };
    this.timingCount = 0; // all timings since reset; the window holds the last WINDOW of them
    this.since = new Date().toISOString();
  }

  /** @param {string} route e.g. "GET /collections/:id" @param {number} status @param {number} ms */
  record(route, status, ms) {
    this.requests++;
    this.byRoute.set(route, (this.byRoute.get(route) || 0) + 1);
    const code = String(status);
    this.byStatus.set(code, (this.byStatus.get(code) || 0) + 1);
    this.timings[this.timingCount % WINDOW] = ms;
    this.timingCount++;
  }

  sseOpened() {
    this.sseCurrent++;
    this.sseTotal++;
  }

  sseClosed() {
    this.sseCurrent--;
  }

  wsOpened() {
    this.wsCurrent++;
    this.wsTotal++;
  }

  wsClosed() {
    this.wsCurrent--;
  }

  /** A WebSocket message, received (`in`) or sent (`out`). */
  wsMessage(direction) {
    if (direction === 'in') this.wsMessagesIn++;
    else this.wsMessagesOut++;
  }

  /** @param {'bearer' | 'query' | 'cookie' | 'basic'} kind how a request proved who it is */
  authenticated(kind) {
    this.byCredential[kind]++;
  }

  snapshot() {
    const n = Math.min(this.timingCount, WINDOW);
    const sorted = this.timings.slice(0, n).sort();
    // Nearest-rank percentile: the smallest recorded value with at least p% of values <= it.
    const pct = (p) => (n === 0 ? 0 : round3(sorted[Math.max(0, Math.ceil((p / 100) * n) - 1)]));
    return {
      requests: this.requests,
      byRoute: Object.fromEntries(this.byRoute),
      byStatus: Object.fromEntries(this.byStatus),
      sseConnections: { current: this.sseCurrent, total: this.sseTotal },
      websockets: { current: this.wsCurrent, total: this.wsTotal, messagesIn: this.wsMessagesIn, messagesOut: this.wsMessagesOut },
      byCredential: { ...this.byCredential },
      serverTimeMs: { count: this.timingCount, p50: pct(50), p99: pct(99) },
      since: this.since,
      ...Object.fromEntries(this.sources.map((source) => [source.name, source.snapshot()])),
    };
  }
}

const round3 = (x) => Math.round(x * 1000) / 1000;

/** Routes for /__stats; marked `uncounted` so reading the counters does not change them. */
function statsRoutes(stats) {
  return [
    { method: 'GET', path: '/__stats', public: true, uncounted: true, handler: (ctx) => ctx.json(200, stats.snapshot()) },
    {
      method: 'POST',
      path: '/__stats/reset',
      public: true,
      uncounted: true,
      handler: (ctx) => {
        stats.reset();
        ctx.json(200, stats.snapshot());
      },
    },
  ];
}

module.exports = { Stats, statsRoutes, round3 };
