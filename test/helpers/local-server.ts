// Starts a node:http server (or one built on it) on 127.0.0.1, port 0, for tests that need
// routes of their own; gives its origin and a close that also drops open connections.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';

export interface LocalServer {
  origin: string;
  close(): Promise<void>;
}

export async function listenLocal(server: Server, scheme: 'http' | 'https' = 'http'): Promise<LocalServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${scheme}://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** `server` for the tests of the calling file: listening before they run, closed after them. */
export function serveDuringTests(server: Server, scheme: 'http' | 'https' = 'http'): { readonly origin: string } {
  let local: LocalServer | undefined;
  before(async () => {
    local = await listenLocal(server, scheme);
  });
  after(() => local?.close());
  return {
    get origin(): string {
      if (!local) throw new Error('the server is not listening yet: read `origin` inside a test');
      return local.origin;
    },
  };
}
