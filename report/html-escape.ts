// Everything that puts report text into the HTML report goes through here (the static DOM of
// view/static-dom.ts escapes with it): scenario names, URLs and error messages are user- or
// server-controlled and may hold markup.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/**
 * JSON for a `<script type="application/json">` block. Escaping `<` means no string in the data
 * can close the element (`</script>`) or open a comment; JSON.parse reads `\u003c` back as `<`.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Third-party JavaScript for an inline `<script>`: a `</script` or `<!--` inside one of its strings
 * would end or confuse the element, and `<\/` means the same thing in any string or regex literal.
 */
export function scriptForInline(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
