// Names an importer gives to what it creates: captures and variables that read like the
// resource they hold (`collectionId`, `recordUrl`), unique within a scenario. Shared by the HAR
// and OpenAPI importers, so that the same value is called the same in both.
import { RESERVED_ROOTS } from '../scenario/templates';

/** `access_token` → `accessToken`, `X-Request-Id` → `xRequestId`; always a template name. */
export function camelName(text: string): string {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const name = words.map((word, i) => (i === 0 ? word.toLowerCase() : word[0].toUpperCase() + word.slice(1).toLowerCase())).join('');
  return /^[A-Za-z_]/.test(name) ? name : `v${name}`;
}

/** `collections` → `collection`, `categories` → `category`, `boxes` → `box`; others as they are. */
export function singular(word: string): string {
  if (/ies$/i.test(word)) return word.slice(0, -3) + 'y';
  if (/(s|x|ch|sh)es$/i.test(word)) return word.slice(0, -2);
  if (/[^s]s$/i.test(word)) return word.slice(0, -1);
  return word;
}

/** Hands out names once each: `id`, `id2`, `id3`…; never a template's reserved root (`env`, `vu`…). */
export class NameSet {
  private readonly taken = new Set<string>(RESERVED_ROOTS);

  constructor(initial: Iterable<string> = []) {
    for (const name of initial) this.taken.add(name);
  }

  claim(wanted: string): string {
    const base = wanted || 'value';
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}${n}`;
    this.taken.add(name);
    return name;
  }
}
