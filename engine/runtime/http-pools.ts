// One keep-alive undici Pool per origin, created on first use. A stop destroys them all,
// cutting in-flight requests; later stages (teardown) get fresh pools.
import { Pool } from 'undici';

export class HttpPools {
  private pools = new Map<string, Pool>();

  get(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        // Concurrency is bounded by the virtual users, not by the pool.
        connections: null,
        pipelining: 1,
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 600_000,
        connect: { timeout: 10_000 },
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  /** Destroys every pool; in-flight requests fail with an abort error. */
  async destroyAll(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.allSettled(pools.map((pool) => pool.destroy()));
  }

  async closeAll(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.allSettled(pools.map((pool) => pool.close()));
  }
}
