// Blocks and custom metrics (contract, second edition: "Blocks", "Captures, expectations and
// checks"), through the real CLI against a recording server on 127.0.0.1: `repeat` a number of
// times and over a captured list (`loop.index`, `loop.value`), `if`/`else` on a captured value,
// `group` durations in the report and in a criterion, `record` values in a custom-metric
// criterion, and `checks` criteria. The server's log agrees with the report.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { serveDuringTests } from '../helpers/local-server';
import { runScenario } from '../helpers/report';

const seen: string[] = [];
const server = createServer((req, res) => {
  seen.push(req.url ?? '');
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url === '/cart') res.end(JSON.stringify({ role: 'admin', total: 42.5, items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] }));
    else res.end('{}');
  });
});
const local = serveDuringTests(server);

test('repeat, if/else, group and record run as written, and criteria read groups, custom metrics and checks', async () => {
  const { report, result } = await runScenario(
    `version: 1
name: blocks
target: ${local.origin}
variables: { pages: 2 }
phases:
  - users: 2
    iterations: 3
flows:
  - name: shop
    steps:
      - group: checkout
        steps:
          - request: GET /cart
            capture: { ids: "body.items[*].id", role: body.role, total: body.total }
            check: { status: 200, json: { role: admin } }
          - repeat: { over: "{{ ids }}" }
            steps:
              - request: GET /items/{{ loop.value }}?at={{ loop.index }}
          - repeat: "{{ pages }}"
            steps:
              - request: GET /page/{{ loop.index }}
          - if: "role == 'admin' and defined(total) and total > 40"
            steps:
              - request: GET /admin
            else:
              - request: GET /not-admin
          - if: "not defined(missing)"
            steps:
              - record: { cart_total: "{{ total }}", one: 1 }
criteria:
  - p95(duration, group=checkout) < 10s
  - count(cart_total) >= 6
  - max(cart_total) <= 42.6
  - checks >= 99%
  - checks(step=GET /cart) >= 99%
  - requests(step=GET /admin) >= 6
  - errors(flow=shop) < 1
`,
  );
  assert.equal(report.totals.errors, 0, `${JSON.stringify(report.steps.map((s) => [s.name, s.sampleErrors]))}\n${result.stderr}`);
  const iterations = 2 * 3;
  const count = (prefix: string): number => seen.filter((url) => url.startsWith(prefix)).length;
  assert.equal(count('/cart'), iterations);
  // Each element of the captured list once per iteration, with its index.
  assert.deepEqual(new Set(seen.filter((u) => u.startsWith('/items/'))), new Set(['/items/a?at=0', '/items/b?at=1', '/items/c?at=2']));
  for (const item of ['a', 'b', 'c']) assert.equal(count(`/items/${item}?`), iterations);
  assert.equal(count('/page/'), 2 * iterations);
  assert.equal(count('/admin'), iterations);
  assert.equal(count('/not-admin'), 0);
  assert.equal(report.totals.requests, seen.length);
  assert.equal(report.groups?.[0]?.name, 'checkout');
  assert.equal(report.groups?.[0]?.count, iterations);
  assert.ok((report.groups?.[0]?.duration.max ?? 0) > 0);
  assert.deepEqual(report.metrics?.map((m) => [m.name, m.count]), [['cart_total', iterations], ['one', iterations]]);
  // Kept in an HDR histogram like latency: three significant digits.
  assert.ok(Math.abs((report.metrics?.[0]?.values.max ?? 0) - 42.5) <= 0.05, JSON.stringify(report.metrics?.[0]));
  assert.deepEqual(report.checks, { passed: 2 * iterations, failed: 0 });
  assert.deepEqual(report.criteria.map((c) => [c.expr, c.passed]), [
    ['p95(duration, group=checkout) < 10s', true],
    ['count(cart_total) >= 6', true],
    ['max(cart_total) <= 42.6', true],
    ['checks >= 99%', true],
    ['checks(step=GET /cart) >= 99%', true],
    ['requests(step=GET /admin) >= 6', true],
    ['errors(flow=shop) < 1', true],
  ]);
  assert.equal(result.code, 0, result.stderr);
  // The CLI summary says the same.
  assert.match(result.stdout, /^group checkout {2}×6 {2}p50 /m);
  assert.match(result.stdout, /^metric cart_total {2}×6 {2}min /m);
  assert.match(result.stdout, /^checks 12 of 12 passed \(100(\.0)?%\)/m);
  assert.match(result.stdout, /GET \/cart .* checks 12\/12/);
});
