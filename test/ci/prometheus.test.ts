// `run --prometheus-rw` into Debian's Prometheus with its remote-write receiver on 127.0.0.1,
// then asked through its HTTP API: the requests counter equals the report's total, and a
// histogram_quantile over the pushed histogram lands in the bucket of the report's p95.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { LATENCY_BUCKETS_S } from '../../engine/driver/metric-series';
import { serveDuringTests } from '../helpers/local-server';
import { startPrometheus, type Prometheus } from '../helpers/prometheus';
import { runScenario } from '../helpers/report';

const server = createServer((req, res) => {
  setTimeout(() => {
    res.writeHead(req.url === '/missing' ? 404 : 200);
    res.end('ok');
  }, 15);
});
const local = serveDuringTests(server);
let prometheus: Prometheus;
before(async () => {
  prometheus = await startPrometheus();
});
after(() => prometheus.close());

test('the pushed counters and histogram agree with the report', async () => {
  const { report, result } = await runScenario(
    `version: 1
name: pushed
target: ${local.origin}
monitor: { interval: 500ms, system: false }
phases:
  - duration: 3s
    rate: 30
flows:
  - name: f
    steps:
      - request: GET /items
      - request: GET /missing
        expect: { status: 200 }
`,
    ['--prometheus-rw', prometheus.writeUrl],
  );
  assert.doesNotMatch(result.stderr, /could not push/);
  const total = await prometheus.query('sum(stampede_requests_total{scenario="pushed"})');
  assert.equal(total[0]?.value, report.totals.requests);
  const errors = await prometheus.query('sum by (step) (stampede_errors_total{scenario="pushed"})');
  assert.deepEqual(Object.fromEntries(errors.map((e) => [e.metric.step, e.value])), { 'GET /items': 0, 'GET /missing': report.steps.find((s) => s.name === 'GET /missing')?.errors });
  const users = await prometheus.query('max(stampede_vus{scenario="pushed"})');
  assert.ok(users.length === 1 && users[0].value >= 0);
  // Within the bucket that holds the report's own p95: the histogram keeps no finer detail.
  const [estimate] = await prometheus.query('histogram_quantile(0.95, sum by (le) (stampede_request_duration_seconds_bucket{scenario="pushed"}))');
  const p95 = report.latency.p95 / 1000;
  const upper = LATENCY_BUCKETS_S.find((b) => b >= p95) ?? Infinity;
  const lower = [...LATENCY_BUCKETS_S].reverse().find((b) => b < p95) ?? 0;
  assert.ok(estimate && estimate.value >= lower && estimate.value <= upper, `estimate ${estimate?.value}s, report p95 ${p95}s, bucket ${lower}..${upper}`);
});
