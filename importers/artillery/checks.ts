// A request's `capture`, `expect` (the expect plugin) and `match` as the step's `capture:` and
// `expect:`. JSONPath and header captures translate, so do regular expressions; XPath, CSS
// selectors and transforms do not. Checks translate where the scenario has the same check.
import { jsonPathToCapture } from '../shared/json-path';
import { stampedeName } from '../shared/names';
import type { ArtilleryTemplates } from './templates';

type Spec = Record<string, unknown>;

export interface Checks {
  capture?: Record<string, unknown>;
  expect?: Record<string, unknown>;
}

export function checks(spec: Spec, where: string, templates: ArtilleryTemplates, untranslated: string[]): Checks {
  const out: Checks = {};
  const capture: Record<string, unknown> = {};
  for (const item of list(spec.capture)) {
    const name = typeof item.as === 'string' ? stampedeName(item.as) : undefined;
    const source = name ? captureSource(item) : undefined;
    if (name && source !== undefined) capture[name] = source;
    else untranslated.push(`${where}: capture ${JSON.stringify(item)} is not translated (JSONPath, header and regexp captures are)`);
    if (item.transform !== undefined) untranslated.push(`${where}: the transform of capture ${String(item.as)} is not translated`);
  }
  if (Object.keys(capture).length > 0) out.capture = capture;

  const expect: Record<string, unknown> = {};
  for (const item of list(spec.expect)) {
    for (const [key, value] of Object.entries(item)) {
      if (!expectation(key, value, expect, templates)) untranslated.push(`${where}: expect ${key}: ${JSON.stringify(value)} is not translated`);
    }
  }
  for (const item of list(spec.match)) {
    const path = typeof item.json === 'string' ? jsonPathToCapture(item.json) : undefined;
    if (!path?.startsWith('body.')) {
      untranslated.push(`${where}: match ${JSON.stringify(item)} is not translated`);
      continue;
    }
    const json = (expect.json as Record<string, unknown> | undefined) ?? {};
    json[path.slice('body.'.length)] = templates.deep(item.value);
    expect.json = json;
  }
  if (Object.keys(expect).length > 0) out.expect = expect;
  return out;
}

function captureSource(item: Spec): unknown {
  if (typeof item.json === 'string' && !item.json.includes('{{')) return jsonPathToCapture(item.json);
  if (typeof item.header === 'string') return `headers.${item.header.toLowerCase()}`;
  if (typeof item.regexp === 'string') {
    const group = typeof item.group === 'number' ? item.group : undefined;
    return group === undefined ? { regex: item.regexp, from: 'body' } : { regex: item.regexp, from: 'body', group };
  }
  return undefined;
}

/** Adds one expect-plugin check to `expect`; false when it has no equivalent. */
function expectation(key: string, value: unknown, expect: Record<string, unknown>, templates: ArtilleryTemplates): boolean {
  const headers = (): Record<string, unknown> => (expect.headers = (expect.headers as Record<string, unknown> | undefined) ?? {}) as Record<string, unknown>;
  switch (key) {
    case 'statusCode': {
      const codes = (Array.isArray(value) ? value : [value]).map((code) => (typeof code === 'string' && /^\d{3}$/.test(code) ? Number(code) : code));
      if (!codes.every((code) => typeof code === 'number')) return false;
      expect.status = codes.length === 1 ? codes[0] : codes;
      return true;
    }
    case 'contentType':
      if (typeof value !== 'string') return false;
      headers()['content-type'] = value;
      return true;
    case 'hasHeader':
      if (typeof value !== 'string') return false;
      headers()[value.toLowerCase()] = '';
      return true;
    case 'headerEquals':
      if (!Array.isArray(value) || value.length !== 2) return false;
      headers()[String(value[0]).toLowerCase()] = templates.text(String(value[1]));
      return true;
    case 'hasProperty':
      if (typeof value !== 'string' || expect.contains !== undefined) return false;
      // The property's name as a JSON key: the body holds `"username"`.
      expect.contains = `"${value.split('.').pop()}"`;
      return true;
    case 'matchesRegexp':
      if (typeof value !== 'string') return false;
      expect.matches = value;
      return true;
    default:
      return false;
  }
}

function list(value: unknown): Spec[] {
  if (Array.isArray(value)) return value.filter((item): item is Spec => item !== null && typeof item === 'object');
  return value !== null && typeof value === 'object' ? [value as Spec] : [];
}
