'use strict';
// Channels: GET /realtime/:channel subscribes over server-sent events, a WebSocket on /live
// (live.js) subscribes and publishes over one connection, POST /realtime/:channel publishes.
// Whatever the way in, a message published to a channel reaches every subscriber of it.

const { readJson, intParam } = require('./http-util');

const KEEPALIVE_MS = 15_000; // proxies and load balancers drop streams that stay silent too long
const DEFAULT_TICK_MS = 200;
const MAX_TICK_MS = 3_600_000;
// A subscriber that stops reading would make us buffer without bound; past this, we drop it.
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * A subscriber, of any kind: `deliver` writes one event of a channel to it (false when it is
 * gone), `close` ends it on shutdown.
 * @typedef {{ deliver(channel: string, event: string, data: unknown): boolean, close(): void }} Member
 */

class RealtimeHub {
  /** @param {import('./stats').Stats} stats */
  constructor(stats) {
    this.stats = stats;
    this.channels = new Map(); // channel -> Set<Member>
    this.members = new Set(); // every open subscriber, for shutdown
    this.streams = new Set(); // the event streams among them, for the keepalive
    this.keepalive = null; // one shared timer for all streams, running only while any exist
  }

  /** A new subscriber, in no channel yet. @param {Member} member */
  enter(member) {
    this.members.add(member);
  }

  /** @param {Member} member @returns {number} the channel's subscribers, this one included */
  join(channel, member) {
    let subs = this.channels.get(channel);
    if (!subs) this.channels.set(channel, (subs = new Set()));
    subs.add(member);
    return subs.size;
  }

  /** @returns {boolean} whether the member was subscribed to the channel */
  leave(channel, member) {
    const subs = this.channels.get(channel);
    if (!subs || !subs.delete(member)) return false;
    if (subs.size === 0) this.channels.delete(channel);
    return true;
  }

  /** The member is gone: out of every channel it was in. */
  forget(member, channels) {
    for (const channel of channels) this.leave(channel, member);
    this.members.delete(member);
  }

  /** Opens an event stream on `ctx` subscribed to `channel`, ticking every `tickMs` (0: never). */
  subscribe(ctx, channel, tickMs) {
    const res = ctx.openStream({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no', // tells nginx-style proxies not to hold events back
    });
    const stream = new EventStream(res, channel, () => this.dropStream(stream));
    this.enter(stream);
    this.join(channel, stream);
    this.streams.add(stream);
    this.stats.sseOpened();
    this.ensureKeepalive();

    res.on('close', () => this.dropStream(stream));
    stream.deliver(channel, 'connected', { channel, user: ctx.user });
    if (tickMs > 0) {
      let ticks = 0;
      stream.tick = setInterval(() => stream.deliver(channel, 'tick', { n: ++ticks, t: Date.now() }), tickMs);
    }
  }

  /** @returns {number} how many subscribers the message was written to */
  publish(channel, data) {
    const subs = this.channels.get(channel);
    if (!subs) return 0;
    let delivered = 0;
    for (const member of [...subs]) if (member.deliver(channel, 'message', data)) delivered++;
    return delivered;
  }

  dropStream(stream) {
    if (!this.streams.delete(stream)) return; // already dropped
    this.forget(stream, [stream.channel]);
    clearInterval(stream.tick);
    this.stats.sseClosed();
    if (this.streams.size === 0) {
      clearInterval(this.keepalive);
      this.keepalive = null;
    }
  }

  ensureKeepalive() {
    if (this.keepalive) return;
    this.keepalive = setInterval(() => {
      for (const stream of this.streams) stream.write(': keepalive\n\n');
    }, KEEPALIVE_MS);
    this.keepalive.unref();
  }

  /** Channels with their subscriber counts, busiest first. */
  summary() {
    const channels = [...this.channels].map(([channel, subs]) => ({ channel, subscribers: subs.size }));
    channels.sort((a, b) => b.subscribers - a.subscribers || a.channel.localeCompare(b.channel));
    return { channels, subscribers: channels.reduce((sum, c) => sum + c.subscribers, 0) };
  }

  /** Ends every subscriber (on shutdown), so server.close() is not kept waiting by them. */
  closeAll() {
    for (const member of [...this.members]) member.close();
  }
}

/** One `text/event-stream` response. */
class EventStream {
  constructor(res, channel, dropped) {
    this.res = res;
    this.channel = channel;
    this.dropped = dropped;
    this.tick = null;
  }

  deliver(_channel, event, data) {
    return this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  write(text) {
    const { res } = this;
    if (res.destroyed || res.writableEnded) return false;
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      res.destroy();
      return false;
    }
    res.write(text);
    return true;
  }

  close() {
    this.res.end();
    this.dropped();
  }
}

function realtimeRoutes(hub) {
  return [
    { method: 'GET', path: '/realtime', handler: (ctx) => ctx.json(200, hub.summary()) },
    {
      method: 'GET',
      path: '/realtime/:channel',
      tokenInQuery: true, // EventSource cannot set headers: `?token=` (or the session cookie) instead
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

module.exports = { RealtimeHub, realtimeRoutes, DEFAULT_TICK_MS, MAX_TICK_MS, MAX_BUFFERED_BYTES };
