// Extra CA certificates for TLS targets, read on first use. Node reads NODE_EXTRA_CA_CERTS at
// every process start (60 ms on a small machine, before the first line of ours runs), so the
// engine is forked without it (engine/driver/engine-process.ts passes it on as STAMPEDE_EXTRA_CA_CERTS)
// and pays for the file only when a run opens its first TLS connection — in the warm start,
// before the load's clock. The trust is the same: Node's bundled roots plus the file's.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { EXTRA_CA_VARIABLE } from '../protocol/environment';

let cached: string[] | undefined | null = null;

/**
 * The `ca` list for TLS connections: undefined (Node's defaults) when no extra file was given;
 * otherwise the bundled roots plus the file's certificates. A file that cannot be read leaves
 * the defaults, as Node does (it warns and goes on).
 */
export function extraCa(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  if (cached !== null) return cached;
  const file = env[EXTRA_CA_VARIABLE];
  cached = undefined;
  if (file) {
    try {
      cached = [...rootCertificates, readFileSync(file, 'utf8')];
    } catch (err) {
      process.emitWarning(`Ignoring extra certs from \`${file}\`, load failed: ${(err as Error).message}`);
    }
  }
  return cached;
}
