// Starts the bundled Collection Store on 127.0.0.1 and a free port, for a test's duration.
import { createRequire } from 'node:module';
import { SAMPLE_SERVER } from './paths';

export interface SampleServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ServerStats {
  requests: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  /** Requests that proved who they were, by how. */
  byCredential: { bearer: number; query: number; cookie: number; basic: number };
  sseConnections: { current: number; total: number };
  websockets: { current: number; total: number; messagesIn: number; messagesOut: number };
  computedCache: { hits: number; misses: number; hitRatio: number | null };
}

export async function startSampleServer(options: { hashCost?: number } = {}): Promise<SampleServer> {
  // Loaded at run time, not bundled: the test drives the real sample as users run it.
  const load = createRequire(__filename);
  const { startServer } = load(SAMPLE_SERVER) as {
    startServer(options: { port: number; host: string; hashCost?: number }): Promise<SampleServer>;
  };
  return startServer({ port: 0, host: '127.0.0.1', ...options });
}

export async function serverStats(url: string): Promise<ServerStats> {
  const response = await fetch(`${url}/__stats`);
  return (await response.json()) as ServerStats;
}

export async function resetStats(url: string): Promise<void> {
  await fetch(`${url}/__stats/reset`, { method: 'POST' });
}
