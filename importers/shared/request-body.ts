// A request body written as text (Postman's raw mode, a REST Client request) as the scenario's body
// key: `json:` when it is JSON (templates in its strings are fine), `form:` when it is URL-encoded,
// else `body:` as written.

export type BodyKeys = { json: unknown } | { form: Record<string, string> } | { body: string };

export function bodyFromText(text: string, contentType: string | undefined): BodyKeys {
  const type = (contentType ?? '').toLowerCase();
  const trimmed = text.trim();
  if (type.includes('json') || (!type && /^[[{]/.test(trimmed))) {
    try {
      return { json: JSON.parse(trimmed) };
    } catch {
      // Not JSON as written (an unquoted `{{ n }}`, a comment): sent as text, as the tool sent it.
    }
  }
  if (type.includes('x-www-form-urlencoded')) return { form: formFields(trimmed) };
  return { body: text };
}

/** `a=1&b=2`, also spread over lines each starting with `&` (REST Client), as a field map. */
export function formFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const pair of text.replace(/\r?\n\s*&?/g, '&').split('&')) {
    if (!pair.trim()) continue;
    const at = pair.indexOf('=');
    const key = at < 0 ? pair : pair.slice(0, at);
    fields[decode(key.trim())] = at < 0 ? '' : decode(pair.slice(at + 1).trim());
  }
  return fields;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
