'use strict';
// WebSockets on /live (the `ws` package): one connection that listens and talks, beside the
// event streams of realtime.js and on the same channels. `GET /live?channel=NAME` upgrades and
// subscribes to NAME; it takes the same credentials as any request — a bearer token, `?token=`,
// or the session cookie (a browser's WebSocket cannot set headers, but sends the site's cookies).
// Messages are JSON text both ways:
//   client: { "subscribe": "CH" }  { "unsubscribe": "CH" }  { "publish": DATA, "channel": "CH" }  { "ping": X }
//   server: { type: "connected", channel, user }  { type: "tick", n, t }  { type: "message", channel, data }
//           { type: "subscribed", channel, subscribers }  { type: "unsubscribed", channel }
//           { type: "published", channel, delivered }  { type: "pong", ping, t }  { type: "error", error }
// Each handshake counts once in the stats, as `GET /live` with 101 (or the status it was refused
// with); `websockets` in GET /__stats counts connections and the messages of each direction.

const http = require('node:http');
const { WebSocket, WebSocketServer } = require('ws');
const { credentialOf } = require('./auth');
const { unauthorized } = require('./app');
const { HttpError, intParam } = require('./http-util');
const { DEFAULT_TICK_MS, MAX_TICK_MS, MAX_BUFFERED_BYTES } = require('./realtime');

const PATH = '/live';
const ROUTE = 'GET /live';
const MAX_MESSAGE_BYTES = 64 * 1024;
const MAX_CHANNEL_LENGTH = 200;
const MAX_CHANNELS = 100; // per connection
const CLOSE_GRACE_MS = 1000; // a peer that does not answer our close frame is cut after this
const HANDSHAKE = Symbol('handshake'); // on a request being upgraded: counts it once

/**
 * Serves WebSockets on `server`'s /live.
 * @param {http.Server} server
 * @param {{ hub: import('./realtime').RealtimeHub, auth: import('./auth').Auth, stats: import('./stats').Stats }} deps
 */
function attachLive(server, { hub, auth, stats }) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  // A malformed handshake (no key, a wrong version) is answered here, so that it is counted too.
  wss.on('wsClientError', (err, socket, req) => {
    refuse(socket, new HttpError(400, `not a WebSocket handshake: ${err.message}`), req[HANDSHAKE].count);
  });

  server.on('upgrade', (req, socket, head) => {
    const started = process.hrtime.bigint();
    const raw = req.url || '/';
    const q = raw.indexOf('?');
    const pathname = q === -1 ? raw : raw.slice(0, q);
    const query = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
    const route = pathname === PATH ? ROUTE : `${req.method} (unmatched)`;
    const handshake = {
      count: (status) => stats.record(route, status, Number(process.hrtime.bigint() - started) / 1e6),
    };
    req[HANDSHAKE] = handshake;
    let opening;
    try {
      if (pathname !== PATH) throw new HttpError(404, `no WebSocket endpoint at ${pathname} (it is ${PATH})`);
      if (req.method !== 'GET') throw new HttpError(405, `${req.method} is not allowed on ${PATH}`, { allow: 'GET' });
      opening = open(req, query, auth);
    } catch (err) {
      refuse(socket, err, handshake.count);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Called right after the 101 is written, in the same turn: a client that is connected
      // always finds its handshake in /__stats.
      handshake.count(101);
      stats.authenticated(opening.credential.kind);
      new LiveSocket(ws, { hub, stats, ...opening });
    });
  });
}

/** Who connects and to what: throws an HttpError to refuse. */
function open(req, query, auth) {
  const credential = credentialOf(req, query, true);
  const user = auth.identify(credential);
  if (!user) throw unauthorized(credential);
  const channel = query.get('channel');
  if (channel !== null) checkChannel(channel);
  const tickMs = intParam(query, 'tick', DEFAULT_TICK_MS, MAX_TICK_MS);
  return { credential, user, channel, tickMs };
}

function checkChannel(channel) {
  if (typeof channel !== 'string' || channel === '' || channel.length > MAX_CHANNEL_LENGTH) {
    throw new HttpError(400, `a channel is a name of 1 to ${MAX_CHANNEL_LENGTH} characters`);
  }
  return channel;
}

/** Answers a handshake that will not become a WebSocket with a JSON error, then closes. */
function refuse(socket, err, count) {
  const expected = err instanceof HttpError;
  if (!expected) console.error('Collection Store: error in a WebSocket handshake:', err);
  const status = expected ? err.status : 500;
  const body = JSON.stringify({ error: expected ? err.message : `internal error: ${err && err.message}` });
  const headers = {
    ...(expected ? err.headers : {}),
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  };
  count(status);
  const head = Object.entries(headers).map(([key, value]) => `${key}: ${value}\r\n`).join('');
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n${head}\r\n${body}`);
}

/** One open WebSocket: a member of the hub in each channel it subscribed to. */
class LiveSocket {
  constructor(ws, { hub, stats, user, channel, tickMs }) {
    this.ws = ws;
    this.hub = hub;
    this.stats = stats;
    this.user = user;
    this.defaultChannel = channel;
    this.channels = new Set();
    this.tick = null;
    stats.wsOpened();
    hub.enter(this);
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('close', () => this.gone());
    ws.on('error', () => {}); // a broken connection ends in 'close' too

    if (channel !== null) this.join(channel);
    this.send({ type: 'connected', channel, user });
    if (tickMs > 0) {
      let ticks = 0;
      this.tick = setInterval(() => this.send({ type: 'tick', n: ++ticks, t: Date.now() }), tickMs);
    }
  }

  /** The hub's delivery of a channel's event. */
  deliver(channel, event, data) {
    return this.send({ type: event, channel, data });
  }

  send(message) {
    const { ws } = this;
    if (ws.readyState !== WebSocket.OPEN) return false;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.terminate(); // it stopped reading: dropped rather than buffered forever
      return false;
    }
    ws.send(JSON.stringify(message));
    this.stats.wsMessage('out');
    return true;
  }

  receive(data, isBinary) {
    this.stats.wsMessage('in');
    try {
      this.act(parseMessage(data, isBinary));
    } catch (err) {
      this.send({ type: 'error', error: err.message });
    }
  }

  act(message) {
    if (Object.hasOwn(message, 'subscribe')) {
      const channel = checkChannel(message.subscribe);
      const subscribers = this.join(channel);
      this.send({ type: 'subscribed', channel, subscribers });
    } else if (Object.hasOwn(message, 'unsubscribe')) {
      const channel = checkChannel(message.unsubscribe);
      this.channels.delete(channel);
      this.hub.leave(channel, this);
      this.send({ type: 'unsubscribed', channel });
    } else if (Object.hasOwn(message, 'publish')) {
      const channel = message.channel === undefined ? this.defaultChannel : message.channel;
      if (channel === null) throw new Error('publish needs a "channel" (this connection opened without ?channel=)');
      checkChannel(channel);
      // Every subscriber of the channel, this connection included when it listens there.
      const delivered = this.hub.publish(channel, message.publish);
      this.send({ type: 'published', channel, delivered });
    } else if (Object.hasOwn(message, 'ping')) {
      this.send({ type: 'pong', ping: message.ping, t: Date.now() });
    } else {
      throw new Error('unknown message: send {"subscribe": CH}, {"unsubscribe": CH}, {"publish": DATA, "channel": CH} or {"ping": X}');
    }
  }

  join(channel) {
    if (!this.channels.has(channel) && this.channels.size >= MAX_CHANNELS) {
      throw new Error(`a connection subscribes to at most ${MAX_CHANNELS} channels`);
    }
    this.channels.add(channel);
    return this.hub.join(channel, this);
  }

  /** Shutdown: a close frame, and the connection cut if the peer does not answer it. */
  close() {
    this.ws.close(1001, 'server shutting down');
    setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  gone() {
    clearInterval(this.tick);
    this.hub.forget(this, this.channels);
    this.stats.wsClosed();
  }
}

/** A client message: a JSON object, or an Error saying what is wrong with it. */
function parseMessage(data, isBinary) {
  if (isBinary) throw new Error('messages are JSON text, not binary');
  let message;
  try {
    message = JSON.parse(data.toString('utf8'));
  } catch (err) {
    throw new Error(`invalid JSON: ${err.message}`);
  }
  if (message === null || typeof message !== 'object' || Array.isArray(message)) throw new Error('a message is a JSON object');
  return message;
}

module.exports = { attachLive };
