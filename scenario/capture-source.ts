// The capture sources a request may read its values from, parsed once for the language server's
// check (scenario/rules/capture-sources.ts) and the engine (engine/runtime/capture.ts):
//   status · body · body.PATH (`body.items[0].id`; `[*]` takes every element: a list) ·
//   headers.NAME (several values joined by ", ") · cookies.NAME (from the user's jar) ·
//   { regex: PATTERN, from: body | headers.NAME, group: N }.

/** A step of a body path: a key, an index, or `*` (every element of an array). */
export type PathStep = string | number | { every: true };

export type CaptureSource =
  | { from: 'status' }
  | { from: 'body'; path: PathStep[]; list: boolean }
  | { from: 'header'; name: string }
  | { from: 'cookie'; name: string }
  | { from: 'regex'; pattern: string; in: 'body' | { header: string }; group: number };

/** A capture as written: a source string, or the regex form. */
export type CaptureSpec = string | { regex: string; from?: string; group?: number };

export type Parsed = { ok: true; value: CaptureSource } | { ok: false; message: string };

const SOURCES = 'write `status`, `body`, a path into a JSON body such as `body.items[0].id` (`body.items[*].id` for every one), `headers.NAME`, `cookies.NAME`, or `{ regex: PATTERN, from: body }`';

export function parseCaptureSource(spec: CaptureSpec): Parsed {
  if (typeof spec !== 'string') return parseRegexCapture(spec);
  const text = spec.trim();
  if (text === 'status') return { ok: true, value: { from: 'status' } };
  const named = /^(headers|cookies)\.([^\s.]+)$/.exec(text);
  if (named) {
    return { ok: true, value: named[1] === 'headers' ? { from: 'header', name: named[2].toLowerCase() } : { from: 'cookie', name: named[2] } };
  }
  const path = parseBodyPath(text);
  if (path) return { ok: true, value: { from: 'body', path, list: path.some((step) => typeof step === 'object') } };
  return { ok: false, message: `\`${spec}\` is not a capture source: ${SOURCES}` };
}

/** `body`, `body.a.b`, `body.items[0]`, `body.items[*].id`; undefined when malformed. */
function parseBodyPath(text: string): PathStep[] | undefined {
  if (text !== 'body' && !text.startsWith('body.') && !text.startsWith('body[')) return undefined;
  const path: PathStep[] = [];
  const pattern = /\.([^.[\]\s]+)|\[(\d+|\*)\]/g;
  const rest = text.slice('body'.length);
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(rest)) !== null) {
    if (match.index !== consumed) return undefined;
    if (match[1] !== undefined) path.push(match[1]);
    else path.push(match[2] === '*' ? { every: true } : Number(match[2]));
    consumed = pattern.lastIndex;
  }
  return consumed === rest.length ? path : undefined;
}

function parseRegexCapture(spec: { regex: string; from?: string; group?: number }): Parsed {
  let groups: number;
  try {
    // The number of groups the pattern has: a capture of group N needs N of them.
    groups = new RegExp(`${spec.regex}|`, 'u').exec('')!.length - 1;
  } catch (err) {
    return { ok: false, message: `\`${spec.regex}\` is not a regular expression: ${(err as Error).message}` };
  }
  const from = (spec.from ?? 'body').trim();
  let where: 'body' | { header: string };
  if (from === 'body') where = 'body';
  else {
    const header = /^headers\.([^\s.]+)$/.exec(from);
    if (!header) return { ok: false, message: `a regex capture reads \`from: body\` or \`from: headers.NAME\`, not \`${from}\`` };
    where = { header: header[1].toLowerCase() };
  }
  // Without `group`: the first group when there is one, else the whole match.
  const group = spec.group ?? (groups > 0 ? 1 : 0);
  if (group > groups) return { ok: false, message: `\`${spec.regex}\` has ${groups} group${groups === 1 ? '' : 's'}: there is no group ${group}` };
  return { ok: true, value: { from: 'regex', pattern: spec.regex, in: where, group } };
}
