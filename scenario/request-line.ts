// `METHOD path` or `METHOD absolute-URL`, the value of a `request` or `sse` step.
import { closest } from './suggest';

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export interface RequestLine {
  method: string;
  /** The path or URL as written; may hold templates. */
  url: string;
  /**
   * `relative` (joined to `target`), `absolute` (`http(s)://…`), or `templated` when it starts
   * with `{{ … }}` and only the run can tell.
   */
  form: 'relative' | 'absolute' | 'templated';
}

export type RequestLineResult =
  | { ok: true; value: RequestLine }
  /** `offset`/`length` locate the problem within the line. */
  | { ok: false; message: string; offset: number; length: number };

export function parseRequestLine(text: string): RequestLineResult {
  const leading = text.length - text.trimStart().length;
  const line = text.trim();
  const match = /^(\S+)(\s+)(.+)$/.exec(line);
  if (!match) {
    if (/^(\/|https?:\/\/|\{\{)/.test(line)) {
      return { ok: false, message: `a request line starts with its method: write \`GET ${line}\``, offset: leading, length: Math.max(1, line.length) };
    }
    return { ok: false, message: `a request line is \`METHOD path\`, e.g. \`GET /users\` or \`POST https://api.example.com/login\``, offset: leading, length: Math.max(1, line.length) };
  }
  const [, method, space, url] = match;
  if (!(HTTP_METHODS as readonly string[]).includes(method)) {
    const upper = method.toUpperCase();
    const message = (HTTP_METHODS as readonly string[]).includes(upper)
      ? `write the method in capitals: \`${upper}\``
      : `unknown method \`${method}\`; expected one of ${HTTP_METHODS.join(', ')}${suggestion(upper)}`;
    return { ok: false, message, offset: leading, length: method.length };
  }
  const urlOffset = leading + method.length + space.length;
  let form: RequestLine['form'];
  if (url.startsWith('/')) form = 'relative';
  else if (/^https?:\/\//i.test(url)) form = 'absolute';
  else if (url.startsWith('{{')) form = 'templated';
  else {
    return { ok: false, message: `the path must start with \`/\` (joined to \`target\`) or be an absolute URL such as \`https://host/path\`, not \`${url}\``, offset: urlOffset, length: url.length };
  }
  return { ok: true, value: { method, url, form } };
}

/** The metrics key of a step without a `name`: the line as written, with single spacing. */
export function defaultStepName(line: RequestLine): string {
  return `${line.method} ${line.url}`;
}

function suggestion(word: string): string {
  const match = closest(word, HTTP_METHODS);
  return match ? `; did you mean \`${match}\`?` : '';
}
