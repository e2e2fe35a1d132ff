#!/usr/bin/env node
'use strict';
// Collection Store: the sample service every Stampede sample scenario runs against.
//
//   node samples/collection-store/server.js [--port 4100] [--host 127.0.0.1] [--hash-cost N] [--db FILE]
//
// Prints one line, "Collection Store listening on http://HOST:PORT", once it accepts requests.
// `require()` it to get startServer() instead; it only starts by itself when run directly.

const http = require('node:http');
const net = require('node:net');
const { createApp } = require('./app');
const { Auth, authRoutes, DEFAULT_HASH_COST } = require('./auth');
const { CollectionStore } = require('./collections-store');
const { collectionRoutes } = require('./collections');
const { ComputedCache, computedRoutes } = require('./computed');
const { FileStore, fileRoutes } = require('./files');
const { functionRoutes } = require('./functions');
const { attachLive } = require('./live');
const { OrderBook, orderRoutes } = require('./orders');
const { pageRoutes } = require('./pages');
const { RealtimeHub, realtimeRoutes } = require('./realtime');
const { Stats, statsRoutes } = require('./stats');
const { utilityRoutes } = require('./utility');

const DEFAULT_PORT = 4100;
const DEFAULT_HOST = '127.0.0.1';
const CLOSE_GRACE_MS = 1000; // in-flight requests get this long to finish on shutdown

/**
 * @param {{ port?: number, host?: string, hashCost?: number, db?: string }} [options] `db` is a
 *   SQLite file for collections; default an in-memory database
 * @returns {Promise<{ url: string, port: number, close(): Promise<void>, stats: Stats, server: http.Server }>}
 */
async function startServer(options = {}) {
  const port = options.port ?? DEFAULT_PORT;
  const host = options.host ?? DEFAULT_HOST;
  const stats = new Stats();
  const auth = new Auth({ hashCost: options.hashCost });
  await auth.init();
  const hub = new RealtimeHub(stats);
  let store;
  try {
    store = new CollectionStore({ file: options.db });
  } catch (err) {
    auth.close();
    throw err;
  }
  const cache = new ComputedCache();
  stats.addSource('computedCache', () => cache.snapshot(), () => cache.resetCounters());
  const routes = [
    ...utilityRoutes(),
    ...statsRoutes(stats),
    ...authRoutes(auth),
    ...computedRoutes(store, cache),
    ...collectionRoutes(store),
    ...realtimeRoutes(hub),
    ...fileRoutes(new FileStore()),
    ...functionRoutes(store),
    ...orderRoutes(new OrderBook(), store),
    ...pageRoutes(),
  ];
  const server = http.createServer(createApp({ routes, auth, stats }));
  attachLive(server, { hub, auth, stats });
  // Node's default 5 s keep-alive is shorter than many clients' idle pools, which then see
  // resets under load; stay open longer than they do. Headers timeout must exceed it.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    auth.close();
    store.close();
    throw err;
  }

  const address = /** @type {import('net').AddressInfo} */ (server.address());
  const shownHost = net.isIPv6(address.address) ? `[${address.address}]` : address.address;
  let closing = null;
  const close = () =>
    (closing ??= new Promise((resolve) => {
      auth.close();
      hub.closeAll();
      server.close(() => {
        store.close(); // after the last request: a handler may still be using it
        resolve();
      });
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      force.unref();
    }));

  return { url: `http://${shownHost}:${address.port}`, port: address.port, close, stats, server };
}

const USAGE = `usage: node samples/collection-store/server.js [options]
  --port N         port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host H         address to bind (default ${DEFAULT_HOST}; loopback only unless --allow-remote)
  --allow-remote   allow a non-loopback --host (the demo users all have password "secret")
  --hash-cost N    PBKDF2 iterations per login (default ${DEFAULT_HASH_COST}, about 3 ms)
  --db FILE        keep collections in this SQLite file (default: an in-memory database)
  --help           show this text`;

/** @returns {{ port: number, host: string, hashCost: number, db: string | undefined, allowRemote: boolean, help: boolean }} */
function parseArgs(argv) {
  const opts = { port: DEFAULT_PORT, host: DEFAULT_HOST, hashCost: DEFAULT_HASH_COST, db: undefined, allowRemote: false, help: false };
  const intArg = (name, value, min, max) => {
    if (value === undefined || !/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new Error(`${name} needs an integer from ${min} to ${max}`);
    }
    return Number(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i], undefined];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--port': opts.port = intArg('--port', value(), 0, 65535); break;
      case '--host': opts.host = value() ?? ''; break;
      case '--hash-cost': opts.hashCost = intArg('--hash-cost', value(), 1, 10_000_000); break;
      case '--db': {
        const file = value();
        if (!file) throw new Error('--db needs a file name');
        opts.db = file;
        break;
      }
      case '--allow-remote': opts.allowRemote = true; break;
      case '--help': case '-h': opts.help = true; break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  if (!opts.host) throw new Error('--host needs an address');
  if (!opts.allowRemote && !isLoopback(opts.host)) {
    throw new Error(`refusing to listen on ${opts.host}: not a loopback address (add --allow-remote if you mean it)`);
  }
  return opts;
}

function isLoopback(host) {
  if (host === 'localhost') return true;
  if (net.isIPv4(host)) return host.startsWith('127.');
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === '::1' || /^::ffff:127\./i.test(bare);
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`Collection Store: ${err.message}\n${USAGE}`);
    process.exit(2);
  }
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  let running;
  try {
    running = await startServer({ port: opts.port, host: opts.host.replace(/^\[|\]$/g, ''), hashCost: opts.hashCost, db: opts.db });
  } catch (err) {
    console.error(`Collection Store: could not listen on ${opts.host}:${opts.port}: ${err.message}`);
    process.exit(1);
  }
  console.log(`Collection Store listening on ${running.url}`);

  let stopping = false;
  const stop = (signal) => {
    if (stopping) process.exit(130); // a second Ctrl-C means "now"
    stopping = true;
    console.error(`Collection Store: ${signal}, shutting down`);
    running.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) main();

module.exports = { startServer, parseArgs, isLoopback, DEFAULT_PORT };
