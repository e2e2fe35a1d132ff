// The few shapes of the Postman collection SDK (`postman-collection`) the importer reads, typed
// here once: the SDK's own declarations leave its lists untyped.
import type { Collection } from 'postman-collection';

export interface KeyValue {
  key: string | null;
  value: unknown;
  disabled?: boolean;
  type?: string;
  src?: unknown;
}

export interface List<T> {
  all(): T[];
}

export interface PmScript {
  exec?: string[] | string;
}

export interface PmEvent {
  listen: string;
  script?: PmScript;
}

export interface PmAuth {
  type: string;
  parameters(): { toObject(): Record<string, unknown> };
}

export interface PmBody {
  mode?: string;
  raw?: string;
  urlencoded?: List<KeyValue>;
  formdata?: List<KeyValue>;
  graphql?: { query?: string; variables?: unknown };
  options?: { raw?: { language?: string } };
}

export interface PmRequest {
  method: string;
  url: { toString(): string };
  headers: List<KeyValue>;
  body?: PmBody;
  auth?: PmAuth;
}

/** A folder (has `items`) or a request (has `request`). */
export interface PmNode {
  name: string;
  items?: List<PmNode>;
  request?: PmRequest;
  events?: List<PmEvent>;
  auth?: PmAuth;
}

export interface PmCollection extends PmNode {
  variables: List<KeyValue>;
}

/**
 * The SDK is required here, on the first Postman import, not when the CLI loads: it takes about
 * 90 ms to load, which every other import (and every command) would otherwise pay.
 */
export function loadCollection(definition: unknown): PmCollection {
  const sdk = require('postman-collection') as { Collection: typeof Collection };
  return new sdk.Collection(definition) as unknown as PmCollection;
}

export function scriptText(event: PmEvent): string {
  const exec = event.script?.exec ?? [];
  return Array.isArray(exec) ? exec.join('\n') : exec;
}

export function enabled<T extends KeyValue>(list: List<T> | undefined): T[] {
  return (list?.all() ?? []).filter((item) => !item.disabled && item.key);
}
