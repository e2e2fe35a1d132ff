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
//     ✗ check json total = 3: json total is 2 (expected 3)
import type { BodyPreview, Exchange } from '../engine/protocol/exchange';

/** Lines of a body shown in the terminal; the rest is summarised. */
const MAX_BODY_LINES = 20;

export function exchangeText(exchange: Exchange, { color }: { color: boolean }): string {
  const paint = (code: string, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const ok = paint('32', '✓');
  const bad = paint('31', '✗');
  const where = exchange.stage === 'flow' ? exchange.flow : exchange.stage;
  const lines = [paint('2', `── ${where} › ${exchange.step} ──`)];
  const status = exchange.status === null ? paint('31', 'no response') : exchange.status >= 400 ? paint('31', String(exchange.status)) : paint('32', String(exchange.status));
  const hops = exchange.redirects > 0 ? ` after ${exchange.redirects} redirect${exchange.redirects === 1 ? '' : 's'}` : '';
  lines.push(`${exchange.method} ${exchange.url} → ${status}${hops}  ${exchange.timeMs.toFixed(1)} ms`);
  for (const [name, value] of Object.entries(exchange.request.headers)) lines.push(`  > ${name}: ${value}`);
  if (exchange.request.body) lines.push(...bodyLines('  > ', exchange.request.body));
  if (exchange.response) {
    for (const [name, value] of exchange.response.headers) lines.push(`  < ${name}: ${value}`);
    lines.push(...bodyLines('  < ', exchange.response.body));
  }
  // What went into the request, beside what came out of it (the captures).
  for (const { expression, value } of exchange.templates) lines.push(`  template {{ ${expression} }} = ${value}`);
  for (const capture of exchange.captures) {
    lines.push(capture.value !== undefined ? `  captured ${capture.name} = ${capture.value}` : `  ${bad} capture ${capture.name}: ${capture.error}`);
  }
  for (const outcome of exchange.expects) lines.push(`  ${outcome.passed ? ok : bad} expect ${outcome.test}${outcome.failure ? `: ${outcome.failure}` : ''}`);
  for (const outcome of exchange.checks) lines.push(`  ${outcome.passed ? ok : bad} check ${outcome.test}${outcome.failure ? `: ${outcome.failure}` : ''}`);
  if (exchange.error && exchange.status === null) lines.push(`  ${bad} ${exchange.error}`);
  return lines.join('\n');
}

function bodyLines(prefix: string, body: BodyPreview): string[] {
  if (body.size === 0) return [`${prefix}(empty body)`];
  const all = body.text.split('\n');
  const shown = all.slice(0, MAX_BODY_LINES).map((line) => `${prefix}${line}`);
  const more = all.length > MAX_BODY_LINES ? `, ${all.length - MAX_BODY_LINES} more lines` : '';
  shown.push(`${prefix}(${body.size} B${body.truncated ? ', preview truncated' : ''}${more})`);
  return shown;
}
