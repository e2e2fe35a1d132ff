// `run --otlp URL`: the metrics sent over OTLP/HTTP by OpenTelemetry's exporter to a receiver on
// 127.0.0.1 that decodes each export as a collector would (the OTLP JSON encoding): the last
// export's requests sum equals the report's total, per step, and its histogram counts add up.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { serveDuringTests } from '../helpers/local-server';
import { runScenario } from '../helpers/report';

interface OtlpPoint {
  attributes: { key: string; value: { stringValue?: string } }[];
  asInt?: string | number;
  asDouble?: number;
  count?: string | number;
  bucketCounts?: (string | number)[];
  explicitBounds?: number[];
}
interface OtlpMetric {
  name: string;
  sum?: { dataPoints: OtlpPoint[]; isMonotonic: boolean; aggregationTemporality: number };
  gauge?: { dataPoints: OtlpPoint[] };
  histogram?: { dataPoints: OtlpPoint[] };
}

const exports: OtlpMetric[][] = [];
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.url === '/v1/metrics' && String(req.headers['content-type']).startsWith('application/json')) {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { resourceMetrics: { scopeMetrics: { metrics: OtlpMetric[] }[] }[] };
      exports.push(body.resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics)));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
      return;
    }
    res.writeHead(415);
    res.end();
  });
});
const otlp = serveDuringTests(receiver);
const target = serveDuringTests(createServer((_req, res) => setTimeout(() => res.end('ok'), 5)));

const stepOf = (point: OtlpPoint): string | undefined => point.attributes.find((a) => a.key === 'step')?.value.stringValue;

test('the last export over OTLP/HTTP carries the report\'s counts, per step, with a histogram', async () => {
  const { report, result } = await runScenario(
    `version: 1
name: otlp
target: ${target.origin}
monitor: { interval: 500ms, system: false }
phases:
  - duration: 2s
    rate: 20
flows:
  - name: f
    steps:
      - request: GET /a
      - request: GET /b
`,
    ['--otlp', `${otlp.origin}/v1/metrics`],
  );
  assert.doesNotMatch(result.stderr, /could not send/);
  assert.ok(exports.length >= 2, `${exports.length} exports`);
  const last = exports[exports.length - 1];
  const requests = last.find((m) => m.name === 'stampede_requests_total');
  assert.ok(requests?.sum?.isMonotonic);
  const byStep = Object.fromEntries(requests.sum.dataPoints.map((p) => [stepOf(p), Number(p.asInt)]));
  assert.deepEqual(byStep, Object.fromEntries(report.steps.map((s) => [s.name, s.requests])));
  assert.equal(Object.values(byStep).reduce((a, b) => a + b, 0), report.totals.requests);
  const histogram = last.find((m) => m.name === 'stampede_request_duration_seconds')?.histogram;
  assert.ok(histogram);
  for (const point of histogram.dataPoints) {
    const buckets = (point.bucketCounts ?? []).map(Number);
    assert.equal(buckets.reduce((a, b) => a + b, 0), Number(point.count));
    assert.equal(buckets.length, (point.explicitBounds ?? []).length + 1);
  }
  assert.ok(last.some((m) => m.name === 'stampede_vus' && m.gauge));
});
