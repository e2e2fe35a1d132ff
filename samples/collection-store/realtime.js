'use strict';
// Server-sent events: GET /realtime/:channel subscribes, POST /realtime/:channel publishes to
// every subscriber of that channel.

const { readJson, intParam } = require('./http-util');

const KEEPALIVE_MS = 15_000; // proxies and load balancers drop streams that stay silent too long
const DEFAULT_TICK_MS = 200;
const MAX_TICK_MS = 3_600_000;
// A subscriber that stops reading would make us buffer without bound; past this, we drop it.
const MAX_BUFFERED_BYTES = 1024 * 1024;

class RealtimeHub {
  /** @param {import('./stats').Stats} stats */
  constructor(stats) {
    this.stats = stats;
    this.channels = new Map(); // channel -> Set<subscriber>
    this.keepalive = null; // one shared timer for all streams, running only while any exist
  }

  subscribe(ctx, channel, tickMs) {
    const res = ctx.openStream({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no', // tells nginx-style proxies not to hold events back
    });
    const sub = { res, channel, tick: null, ticks: 0 };
    let subs = this.channels.get(channel);
    if (!subs) this.channels.set(channel, (subs = new Set()));
    subs.add(sub);
    this.stats.sseOpened();
    this.ensureKeepalive();

    res.on('close', () => this.drop(sub));
    this.send(sub, 'connected', { channel, user: ctx.user });
    if (tickMs > 0) {
      sub.tick = setInterval(() => this.send(sub, 'tick', { n: ++sub.ticks, t: Date.now() }), tickMs);
    }
  }

  /** @returns {number} how many subscribers the message was written to */
  publish(channel, data) {
    const subs = this.channels.get(channel);
    if (!subs) return 0;
    let delivered = 0;
    for (const sub of [...subs]) if (this.send(sub, 'message', data)) delivered++;
    return delivered;
  }

  send(sub, event, data) {
    return this.write(sub, `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  write(sub, text) {
    if (sub.res.destroyed || sub.res.writableEnded) return false;
    if (sub.res.writableLength > MAX_BUFFERED_BYTES) {
      sub.res.destroy();
      return false;
    }
    sub.res.write(text);
    return true;
  }

  drop(sub) {
    const subs = this.channels.get(sub.channel);
    if (!subs || !subs.delete(sub)) return; // already dropped
    if (subs.size === 0) this.channels.delete(sub.channel);
    clearInterval(sub.tick);
    this.stats.sseClosed();
    if (this.channels.size === 0) {
      clearInterval(this.keepalive);
      this.keepalive = null;
    }
  }

  ensureKeepalive() {
    if (this.keepalive) return;
    this.keepalive = setInterval(() => {
      for (const subs of this.channels.values()) for (const sub of subs) this.write(sub, ': keepalive\n\n');
    }, KEEPALIVE_MS);
    this.keepalive.unref();
  }

  /** Channels with their subscriber counts, busiest first. */
  summary() {
    const channels = [...this.channels].map(([channel, subs]) => ({ channel, subscribers: subs.size }));
    channels.sort((a, b) => b.subscribers - a.subscribers || a.channel.localeCompare(b.channel));
    return { channels, subscribers: channels.reduce((sum, c) => sum + c.subscribers, 0) };
  }

  /** Ends every stream (on shutdown), so server.close() is not kept waiting by them. */
  closeAll() {
    for (const subs of [...this.channels.values()]) {
      for (const sub of [...subs]) {
        sub.res.end();
        this.drop(sub);
      }
    }
  }
}

function realtimeRoutes(hub) {
  return [
    { method: 'GET', path: '/realtime', handler: (ctx) => ctx.json(200, hub.summary()) },
    {
      method: 'GET',
      path: '/realtime/:channel',
      tokenInQuery: true, // EventSource cannot set headers, so `?token=` is accepted here
      handler: (ctx) => {
        const tickMs = intParam(ctx.query, 'tick', DEFAULT_TICK_MS, MAX_TICK_MS);
        hub.subscribe(ctx, ctx.params.channel, tickMs);
      },
    },
    {
      method: 'POST',
      path: '/realtime/:channel',
      handler: async (ctx) => {
        const data = await readJson(ctx.req);
        ctx.json(200, { delivered: hub.publish(ctx.params.channel, data) });
      },
    },
  ];
}

module.exports = { RealtimeHub, realtimeRoutes };
