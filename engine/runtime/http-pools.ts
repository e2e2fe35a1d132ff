// Connections: each virtual user keeps its own keep-alive connection per origin (an undici
// Client), as a real user's browser would, and as k6 does. That also spares the hot path the
// scan a shared Pool makes over its clients on every request. A stop destroys them all, cutting
// in-flight requests; later stages (teardown) get fresh ones.
import { Client } from 'undici';
import type { VuState } from './vu-state';

const CLIENT_OPTIONS: Client.Options = {
  pipelining: 1,
  keepAliveTimeout: 30_000,
  keepAliveMaxTimeout: 600_000,
  connect: { timeout: 10_000 },
};

export class HttpPools {
  private readonly clients = new Set<Client>();
  private readonly byVu = new WeakMap<VuState, Map<string, Client>>();

  /** The VU's connection to `origin`, opened on first use. */
  get(vu: VuState, origin: string): Client {
    let mine = this.byVu.get(vu);
    if (!mine) {
      mine = new Map();
      this.byVu.set(vu, mine);
    }
    let client = mine.get(origin);
    if (!client || client.destroyed || client.closed) {
      client = new Client(origin, CLIENT_OPTIONS);
      mine.set(origin, client);
      this.clients.add(client);
    }
    return client;
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

  /** Destroys every connection; in-flight requests fail with an abort error. */
  async destroyAll(): Promise<void> {
    const clients = [...this.clients];
    this.clients.clear();
    await Promise.allSettled(clients.map((client) => client.destroy()));
  }

  async closeAll(): Promise<void> {
    const clients = [...this.clients];
    this.clients.clear();
    await Promise.allSettled(clients.map((client) => client.close()));
  }
}
