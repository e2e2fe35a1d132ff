// Correlation: a value an earlier answer produced (a JSON field, a Location, a cookie, a CSRF
// token) that a later request sends again becomes a `capture:` on the producing request and a
// `{{ name }}` template where it is sent, so that each virtual user sends its own values instead
// of the recording's.
//
// A value the client sent before any answer produced it is the client's own (a name it typed, a
// page size) and is never correlated. Long opaque values (tokens, session ids, UUIDs) are matched
// wherever they appear, also inside a longer text (`Bearer <token>`). Short values and numbers
// (`1`, `42`) are matched only as a whole and only with evidence that they are the same thing:
// the same field name (`refreshToken` ↔ `refreshToken`), or a path segment after the resource
// that created it (`/collections/1` ↔ the `id` answered by `POST /collections`).
import { NameSet, camelName, singular } from '../names';
import { producersOf, type Producer } from './producers';
import type { JsonValue, RecordedRequest } from './recorded';

interface Slot {
  value: string;
  /** The field, header or query parameter name, when it has one. */
  key?: string;
  /** For a path segment: the segment before it (`collections` for the `1` of `/collections/1`). */
  after?: string;
  set(value: string): void;
}

const OPAQUE = /^[A-Za-z0-9._~+/=:-]{8,}$/;
/** Field names whose short values are the server's to give (ids, tokens, cursors), not the client's. */
const ID_LIKE = /(^id$|id$|_id$|token|key$|code$|ref$|uuid|guid|session|nonce|cursor|etag|handle)/i;

/** A value that can only be one thing: long, no spaces, and not a plain word. */
function isOpaque(value: string): boolean {
  return OPAQUE.test(value) && ((/\d/.test(value) && /[A-Za-z]/.test(value)) || value.length >= 20);
}

export interface Correlation {
  /** What was captured, for the notes: `recordId from POST /collections/1/records`. */
  captured: string[];
}

/** Rewrites `requests` in place: templates where values were reused, `captures` where they came from. */
export function correlate(requests: RecordedRequest[], names: NameSet): Correlation {
  const byValue = new Map<string, Producer[]>();
  const opaque: Producer[] = [];
  // What the client has sent so far, whole values and all of it as one text.
  const sent = new Set<string>();
  let sentText = '';
  const captured: string[] = [];

  const use = (producer: Producer): string => {
    if (!producer.name) {
      producer.name = names.claim(captureName(producer));
      requests[producer.step].captures[producer.name] = producer.source;
      const from = requests[producer.step];
      captured.push(`${producer.name}: ${describe(producer.source)} of ${from.method} ${from.target}`);
    }
    return `{{ ${producer.name} }}`;
  };

  requests.forEach((request, step) => {
    const location = latest(byValue.get(request.target)?.filter((p) => p.kind === 'location'));
    if (location) request.wholeTarget = use(location);
    for (const slot of slotsOf(request, !location)) {
      const whole = best(byValue.get(slot.value)?.filter((p) => eligible(p, slot)), slot);
      if (whole) {
        slot.set(use(whole));
        continue;
      }
      let text = slot.value;
      // Longest first, so a token never matches inside a longer one.
      for (const producer of opaque) {
        if (text.includes(producer.value)) text = text.split(producer.value).join(use(producer));
      }
      if (text !== slot.value) slot.set(text);
    }
    for (const value of [...slotsOf(request, true).map((slot) => slot.value), ...request.cookies.map(([, value]) => value)]) {
      sent.add(value);
      sentText += `\n${value}`;
    }

    for (const producer of producersOf(request, step)) {
      // The client knew it first (it typed it, or chose it): not the server's to give.
      if (sentText.includes(producer.value) && (producer.value.length >= 4 || sent.has(producer.value))) continue;
      byValue.set(producer.value, [...(byValue.get(producer.value) ?? []), producer]);
      if (isOpaque(producer.value) && producer.kind !== 'location') {
        opaque.push(producer);
        opaque.sort((a, b) => b.value.length - a.value.length);
      }
    }
  });
  return { captured };
}

function eligible(producer: Producer, slot: Slot): boolean {
  if (producer.kind === 'location') return false; // a Location is reused as a whole target only
  if (isOpaque(producer.value)) return true;
  return affinity(producer, slot) > 0;
}

/** How sure we are that `slot` holds what `producer` produced: 0 not at all, higher is surer. */
function affinity(producer: Producer, slot: Slot): number {
  const key = producer.key?.toLowerCase();
  if (key !== undefined && slot.key !== undefined && key === slot.key.toLowerCase() && ID_LIKE.test(key)) return 3;
  if (slot.after !== undefined) {
    const resource = singular(slot.after).toLowerCase();
    if (key === 'id' && producer.resource !== undefined && singular(producer.resource).toLowerCase() === resource) return producer.depth === 0 ? 3 : 2;
    if (key === `${resource}id` || key === `${resource}_id`) return 2;
  }
  return 0;
}

function best(candidates: Producer[] | undefined, slot: Slot): Producer | undefined {
  if (!candidates?.length) return undefined;
  const score = (p: Producer): number => affinity(p, slot) * 100 + (p.depth === 0 ? 20 : 0) + (p.creates ? 10 : 0);
  return candidates.reduce((a, b) => (score(b) >= score(a) ? b : a));
}

function latest(candidates: Producer[] | undefined): Producer | undefined {
  return candidates?.[candidates.length - 1];
}

function captureName(producer: Producer): string {
  if (producer.kind === 'location') {
    const segments = producer.value.split('?')[0].split('/').filter(Boolean);
    const resource = [...segments].reverse().find((s) => !/\d/.test(s));
    return resource ? `${camelName(singular(resource))}Url` : 'location';
  }
  if (producer.kind === 'csrf') return 'csrfToken';
  if (producer.key === 'id' && producer.resource) return `${camelName(singular(producer.resource))}Id`;
  return camelName(producer.key ?? 'value');
}

function describe(source: Producer['source']): string {
  return typeof source === 'string' ? source : `regex ${source.regex}`;
}

/** Every value of `request` a template could replace; the path's segments only when `withPath`. */
function slotsOf(request: RecordedRequest, withPath: boolean): Slot[] {
  const slots: Slot[] = [];
  if (withPath) {
    request.segments.forEach((segment, i) => {
      if (segment === '') return;
      const after = i > 0 ? request.segments[i - 1] : undefined;
      slots.push({ value: decode(segment), after: after && !/\d/.test(after) ? after : undefined, set: (v) => (request.segments[i] = v) });
    });
    request.query.forEach((pair) => slots.push({ value: pair[1], key: pair[0], set: (v) => (pair[1] = v) }));
  }
  request.headers.forEach((pair) => slots.push({ value: pair[1], key: pair[0], set: (v) => (pair[1] = v) }));
  const body = request.body;
  if (body?.kind === 'form') body.fields.forEach((pair) => slots.push({ value: pair[1], key: pair[0], set: (v) => (pair[1] = v) }));
  if (body?.kind === 'text') slots.push({ value: body.text, set: (v) => (body.text = v) });
  if (body?.kind === 'json') jsonSlots(body.value, undefined, slots, (v) => (body.value = v));
  return slots;
}

function jsonSlots(value: JsonValue, key: string | undefined, slots: Slot[], set: (v: JsonValue) => void): void {
  if (Array.isArray(value)) value.forEach((item, i) => jsonSlots(item, key, slots, (v) => (value[i] = v)));
  else if (value !== null && typeof value === 'object') {
    for (const child of Object.keys(value)) jsonSlots(value[child], child, slots, (v) => (value[child] = v));
  } else if (typeof value === 'string' || typeof value === 'number') slots.push({ value: String(value), key, set });
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
