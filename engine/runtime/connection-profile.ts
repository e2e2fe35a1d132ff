// A request's connection settings other than the defaults (`tls:`, `http2:`), compiled once per
// distinct combination: its own TLS connector and undici Client options. Requests with neither
// use HttpPools' default connections (and their warm start) unchanged.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { Client } from 'undici';
import { buildConnector } from 'undici';
import type { Connection, TlsOptions } from '../../scenario/types';
import { extraCa } from './extra-ca';

export interface ConnectionProfile {
  /** Distinguishes the profile's connections from others to the same origin. */
  readonly key: string;
  readonly allowH2: boolean;
  readonly connect: buildConnector.connector;
}

/** How long a connection (TCP and TLS) may take to open. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** Profiles by key: steps with the same settings share connections. */
export class ConnectionProfiles {
  private readonly byKey = new Map<string, ConnectionProfile>();

  /** The profile for `connection`, or undefined when it is the default (no tls, no http2). */
  for(connection: Connection): ConnectionProfile | undefined {
    if (!connection.tls && !connection.http2) return undefined;
    const key = JSON.stringify([connection.tls ?? null, connection.http2]);
    let profile = this.byKey.get(key);
    if (!profile) {
      profile = { key, allowH2: connection.http2, connect: buildConnector({ timeout: CONNECT_TIMEOUT_MS, allowH2: connection.http2, ...tlsOptions(connection.tls) }) };
      this.byKey.set(key, profile);
    }
    return profile;
  }
}

/** Node's TLS options for `tls:`: files read now, at compile time, never per connection. */
export function tlsOptions(tls: TlsOptions | undefined): { rejectUnauthorized?: boolean; ca?: string[]; cert?: string; key?: string } {
  const out: { rejectUnauthorized?: boolean; ca?: string[]; cert?: string; key?: string } = {};
  if (!tls) {
    const ca = extraCa();
    if (ca) out.ca = ca;
    return out;
  }
  if (tls.insecure) out.rejectUnauthorized = false;
  // `ca` adds to the trusted roots, as NODE_EXTRA_CA_CERTS does; Node's `ca` alone would replace them.
  if (tls.ca) out.ca = [...(extraCa() ?? rootCertificates), read(tls.ca, 'ca')];
  else if (extraCa()) out.ca = extraCa();
  if (tls.cert) out.cert = read(tls.cert, 'cert');
  if (tls.key) out.key = read(tls.key, 'key');
  return out;
}

function read(file: string, key: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`tls.${key}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** undici Client options for a profile's connections, over the pools' common ones. */
export function profileClientOptions(base: Client.Options, profile: ConnectionProfile): Client.Options {
  return { ...base, allowH2: profile.allowH2, connect: profile.connect };
}
