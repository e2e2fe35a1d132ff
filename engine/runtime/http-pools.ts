// Connections: each virtual user keeps its own keep-alive connection per origin (an undici
// Client), as a real user's browser would, and as k6 does. That also spares the hot path the
// scan a shared Pool makes over its clients on every request. A stop destroys them all, cutting
// in-flight requests; later stages (teardown) get fresh ones.
//
// Before a phase's clock starts, `preconnect` opens the connections its first users will need
// (the warm start): a new Client takes an open one instead of connecting while a request waits.
import type { Socket } from 'node:net';
import { buildConnector, Client } from 'undici';
import { CONNECT_TIMEOUT_MS, ConnectionProfiles, profileClientOptions, type ConnectionProfile } from './connection-profile';
import { extraCa } from './extra-ca';
import type { VuState } from './vu-state';

interface WarmSocket {
  socket: Socket;
  /** Keeps an idle socket's error (a server closing it) from being unhandled. */
  onError: (err: Error) => void;
}

const alive = (socket: Socket): boolean => !socket.destroyed && socket.readyState === 'open';

export class HttpPools {
  /** Requests' own `tls` and `http2` settings, compiled once per stage. */
  readonly profiles = new ConnectionProfiles();
  private readonly clients = new Set<Client>();
  private readonly byVu = new WeakMap<VuState, Map<string, Client>>();
  /** Connections opened ahead of the load, by origin (`protocol//host[:port]`). */
  private readonly warm = new Map<string, WarmSocket[]>();
  private readonly plainConnector = buildConnector({ timeout: CONNECT_TIMEOUT_MS });
  private tlsConnector: buildConnector.connector | undefined;
  /** TLS connections trust the extra CA file too; it is read on the first of them. */
  private readonly connector: buildConnector.connector = (options, callback) => {
    if (options.protocol !== 'https:') return this.plainConnector(options, callback);
    this.tlsConnector ??= buildConnector({ timeout: CONNECT_TIMEOUT_MS, ca: extraCa() });
    return this.tlsConnector(options, callback);
  };
  private readonly options: Client.Options = {
    pipelining: 1,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    connect: (options, callback) => {
      const socket = this.takeWarm(`${options.protocol}//${options.host ?? options.hostname}`);
      // Answered on a later tick, as a real connect is: undici resumes its queue from the callback.
      if (socket) queueMicrotask(() => callback(null, socket));
      else this.connector(options, callback);
    },
  };

  /**
   * The VU's connection to `origin`, opened on first use; with a `profile` (a request's own
   * `tls` or `http2`), one made with its settings, apart from the default ones.
   */
  get(vu: VuState, origin: string, profile?: ConnectionProfile): Client {
    let mine = this.byVu.get(vu);
    if (!mine) {
      mine = new Map();
      this.byVu.set(vu, mine);
    }
    const key = profile ? `${profile.key} ${origin}` : origin;
    let client = mine.get(key);
    if (!client || client.destroyed || client.closed) {
      client = new Client(origin, profile ? profileClientOptions(this.options, profile) : this.options);
      mine.set(key, client);
      this.clients.add(client);
    }
    return client;
  }

  /**
   * Opens `count` connections to `origin` ahead of need. Resolves when they are open, failed,
   * or `withinMs` has passed (an unreachable target is the first requests' error to report,
   * not a reason to hold the load).
   */
  preconnect(origin: string, count: number, withinMs: number): Promise<void> {
    if (count <= 0) return Promise.resolve();
    const url = new URL(origin);
    const key = `${url.protocol}//${url.host}`;
    const list = this.warm.get(key) ?? [];
    this.warm.set(key, list);
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    return new Promise((resolve) => {
      let pending = count;
      const timer = setTimeout(resolve, withinMs);
      const settled = (): void => {
        if (--pending > 0) return;
        clearTimeout(timer);
        resolve();
      };
      for (let i = 0; i < count; i++) {
        this.connector({ hostname, host: url.host, protocol: url.protocol, port }, (err, socket) => {
          if (!err && socket) {
            const onError = (): void => {
              socket.destroy();
            };
            socket.on('error', onError);
            list.push({ socket, onError });
          }
          settled();
        });
      }
    });
  }

  private takeWarm(key: string): Socket | undefined {
    const list = this.warm.get(key);
    while (list && list.length > 0) {
      const { socket, onError } = list.pop() as WarmSocket;
      socket.off('error', onError);
      if (alive(socket)) return socket;
      socket.destroy();
    }
    return undefined;
  }

  /** A VU left (ramp down): close its connections once their requests are done. */
  release(vu: VuState): void {
    const mine = this.byVu.get(vu);
    if (!mine) return;
    this.byVu.delete(vu);
    for (const client of mine.values()) {
      this.clients.delete(client);
      void client.close().catch(() => undefined);
    }
  }

  private dropWarm(): void {
    for (const list of this.warm.values()) for (const { socket } of list) socket.destroy();
    this.warm.clear();
  }

  /** Destroys every connection; in-flight requests fail with an abort error. */
  async destroyAll(): Promise<void> {
    this.dropWarm();
    const clients = [...this.clients];
    this.clients.clear();
    await Promise.allSettled(clients.map((client) => client.destroy()));
  }

  async closeAll(): Promise<void> {
    this.dropWarm();
    const clients = [...this.clients];
    this.clients.clear();
    await Promise.allSettled(clients.map((client) => client.close()));
  }
}
