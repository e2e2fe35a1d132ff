// Maps a failure of the HTTP layer to the report's error kinds, with a short message.
import type { ErrorKind } from '../metrics/store';

const CONNECT_CODES = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

export function classifyError(err: unknown): { kind: ErrorKind; message: string } {
  const error = err as { code?: string; message?: string; cause?: { code?: string } };
  const code = error?.code ?? error?.cause?.code ?? '';
  const text = error?.message ?? String(err);
  if (TIMEOUT_CODES.has(code)) return { kind: 'timeout', message: `timeout: ${text}` };
  if (CONNECT_CODES.has(code)) return { kind: 'connect', message: `${code}: ${text}` };
  return { kind: 'other', message: code ? `${code}: ${text}` : text };
}
