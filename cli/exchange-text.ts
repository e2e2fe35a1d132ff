// One exchange of a trial run as the terminal shows it (`stampede try`):
//
//   ── checkout › add to cart ──
//   POST http://127.0.0.1:3000/api/cart → 201  12.3 ms
//     > content-type: application/json
//     > {"sku": "A-1"}
//     < content-type: application/json; charset=utf-8
//     < {"id": 17}   (11 B)
//     template {{ sku }} = A-1
//     captured cartId = 17
//     ✓ expect status 201
//     ✗ check json total = 3: json total is 2 (expected 3)  (shop.scenario.yaml:21)
//
// A failure ends with the line it is written at (a test's or capture's own key, else its step's).
import type { BodyPreview, Exchange } from '../engine/protocol/exchange';
import { previewText } from '../report/preview-text';
import type { ExchangeLines } from '../scenario/trial-lines';

/** Lines of a body shown in the terminal; the rest is summarised. */
const MAX_BODY_LINES = 20;
/** Characters of one body line shown (a minified page is one line of 16 KB). */
const MAX_LINE_CHARS = 300;

export interface ExchangeTextOptions {
  color: boolean;
  /** The scenario as the user named it, and where the exchange's parts are written in it. */
  file?: string;
  lines?: ExchangeLines;
}

export function exchangeText(exchange: Exchange, { color, file, lines: at }: ExchangeTextOptions): string {
  const paint = (code: string, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const ok = paint('32', '✓');
  const bad = paint('31', '✗');
  const where = exchange.stage === 'flow' ? exchange.flow : exchange.stage;
  const lines = [paint('2', `── ${where} › ${exchange.step} ──`)];
  const status = exchange.status === null ? paint('31', 'no response') : exchange.status >= 400 ? paint('31', String(exchange.status)) : paint('32', String(exchange.status));
  const hops = exchange.redirects > 0 ? ` after ${exchange.redirects} redirect${exchange.redirects === 1 ? '' : 's'}` : '';
  lines.push(`${exchange.method} ${exchange.url} → ${status}${hops}  ${exchange.timeMs.toFixed(1)} ms`);
  for (const [name, value] of Object.entries(exchange.request.headers)) lines.push(`  > ${name}: ${value}`);
  const jsonType = (headers: [string, string][]): boolean => headers.some(([name, value]) => name.toLowerCase() === 'content-type' && /json/i.test(value));
  if (exchange.request.body) lines.push(...bodyLines('  > ', exchange.request.body, jsonType(Object.entries(exchange.request.headers))));
  if (exchange.response) {
    for (const [name, value] of exchange.response.headers) lines.push(`  < ${name}: ${value}`);
    lines.push(...bodyLines('  < ', exchange.response.body, jsonType(exchange.response.headers)));
  }
  // What went into the request, beside what came out of it (the captures).
  for (const { expression, value } of exchange.templates) lines.push(`  template {{ ${expression} }} = ${value}`);
  const place = (line: number | null | undefined): string => {
    const found = line === undefined ? at?.step : line;
    return file === undefined || found === null || found === undefined ? '' : paint('2', `  (${file}:${found + 1})`);
  };
  exchange.captures.forEach((capture, i) => {
    lines.push(capture.value !== undefined ? `  captured ${capture.name} = ${capture.value}` : `  ${bad} capture ${capture.name}: ${capture.error}${place(at?.captures[i])}`);
  });
  const outcomeLine = (kind: string, outcome: Exchange['expects'][number], line: number | null | undefined): string =>
    `  ${outcome.passed ? ok : bad} ${kind} ${outcome.test}${outcome.failure ? `: ${outcome.failure}${place(line)}` : ''}`;
  exchange.expects.forEach((outcome, i) => lines.push(outcomeLine('expect', outcome, at?.expects[i])));
  exchange.checks.forEach((outcome, i) => lines.push(outcomeLine('check', outcome, at?.checks[i])));
  if (exchange.error && exchange.status === null) lines.push(`  ${bad} ${exchange.error}${place(undefined)}`);
  return lines.join('\n');
}

function bodyLines(prefix: string, body: BodyPreview, jsonType: boolean): string[] {
  if (body.size === 0) return [`${prefix}(empty body)`];
  const all = previewText(body, jsonType).split('\n');
  const shown = all.slice(0, MAX_BODY_LINES).map((line) => `${prefix}${cut(line)}`);
  const more = all.length > MAX_BODY_LINES ? `, ${all.length - MAX_BODY_LINES} more lines` : '';
  shown.push(`${prefix}(${body.size} B${body.truncated ? ', preview truncated' : ''}${more})`);
  return shown;
}

function cut(line: string): string {
  return line.length <= MAX_LINE_CHARS ? line : `${line.slice(0, MAX_LINE_CHARS)} … (${line.length - MAX_LINE_CHARS} more characters)`;
}
