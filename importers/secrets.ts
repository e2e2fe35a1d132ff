// Credentials found in an imported file never reach the scenario: each becomes `{{ env.NAME }}`
// with a note of what NAME stands for. Shared by every importer, so that the same header or
// field is called the same in every format.

/** Headers whose value is a credential (the whole value, or a token after a scheme). */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key', 'x-auth-token', 'x-access-token', 'x-csrf-token', 'x-xsrf-token']);
/** Field names (query, form, JSON) whose value is a credential. */
const CREDENTIAL_FIELD = /(^|[_-])(pass(word)?|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|client[_-]?secret|session(id)?|auth|credentials?)$/i;

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADERS.has(name.toLowerCase());
}

export function isCredentialField(name: string): boolean {
  return CREDENTIAL_FIELD.test(name);
}

/** `Authorization` → `AUTHORIZATION`, `x-api-key` → `X_API_KEY`, `petstore_auth` → `PETSTORE_AUTH`. */
export function envName(...words: string[]): string {
  const name = words
    .join('_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return /^[A-Z_]/.test(name) ? name : `_${name}`;
}

/** Collects the env variables an import uses, each once, with what it stands for. */
export class EnvNotes {
  readonly notes: Record<string, string> = {};

  /** `{{ env.NAME }}`, noting NAME's meaning the first time. */
  use(name: string, meaning: string): string {
    if (!(name in this.notes)) this.notes[name] = meaning;
    return `{{ env.${name} }}`;
  }

  /**
   * A credential header's value as a template: `Bearer abc` → `Bearer {{ env.NAME }}` (the scheme
   * stays, so the user sets the token alone), anything else → `{{ env.NAME }}`.
   */
  header(header: string, value: string, name = envName(header)): string {
    const scheme = /^(Bearer|Basic|Token|Digest|ApiKey)\s+\S/i.exec(value);
    if (scheme && header.toLowerCase().endsWith('authorization')) return `${scheme[1]} ${this.use(name, `the ${scheme[1]} credential of the ${header} header`)}`;
    return this.use(name, `the ${header} header`);
  }
}
