// A run split into segments i/N takes disjoint shares of the one schedule, and the segments'
// encoded results merge into exactly what one process would have measured.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeScenarioText } from '../../scenario/load';
import { Run } from '../../engine/runtime/run';
import { encodeStore, mergePartials, type PartialResult } from '../../engine/metrics/partial';
import { mergeHistograms, summarizeLatency } from '../../engine/metrics/histogram';
import { startEchoServer, type EchoServer } from '../helpers/echo-server';

let echo: EchoServer;
before(async () => {
  echo = await startEchoServer();
});
after(async () => {
  await echo.close();
});

async function runSegment(phases: string, index: number, count: number): Promise<Run> {
  const text = `version: 1
name: segments
target: ${echo.url}
phases:
${phases}
flows:
  - name: a
    steps:
      - request: GET /a?vu={{ vu.id }}
        name: a
monitor: { interval: 500ms, system: false }
`;
  const { scenario, diagnostics } = analyzeScenarioText(text);
  assert.ok(scenario, JSON.stringify(diagnostics));
  const run = new Run(scenario, { file: 'segments.scenario.yaml', vars: {}, env: {} }, () => {}, { index, count });
  await run.execute();
  return run;
}

const OPEN = '  - duration: 1s\n    rate: { from: 100, to: 300 }';

test('open-model arrivals split into disjoint shares that add up to the whole schedule', async () => {
  const whole = await runSegment(OPEN, 0, 1);
  const parts = await Promise.all([runSegment(OPEN, 0, 2), runSegment(OPEN, 1, 2)]);
  // (100 + 300) / 2 per second for 1 s: 200 arrivals, every other one to each segment.
  assert.equal(whole.metrics.requests, 200);
  assert.deepEqual(parts.map((run) => run.metrics.requests), [100, 100]);

  // Across a process boundary: encode, serialise, parse, merge.
  const wire = parts.map((run) => JSON.parse(JSON.stringify(encodeStore(run.metrics))) as PartialResult);
  const merged = mergePartials(wire);
  assert.equal(merged.requests, 200);
  assert.equal(merged.iterations, 200);
  assert.equal(merged.errors, 0);
  assert.equal(merged.statusCodes.get(200), 200);
  assert.equal(merged.steps.get('a')?.requests, 200);
  assert.equal(merged.flows.get('a')?.iterations, 200);
  // The merged histogram is exactly the sum of the parts'.
  const direct = mergeHistograms(parts.map((run) => run.metrics.latency));
  assert.equal(merged.latency.totalCount, 200);
  assert.deepEqual(summarizeLatency(merged.latency), summarizeLatency(direct));
  assert.deepEqual(summarizeLatency(merged.steps.get('a')!.latency), summarizeLatency(direct));
});

test('closed-model users are numbered across segments: each segment runs its own numbers', async () => {
  const seen: string[][] = [];
  for (const index of [0, 1]) {
    echo.received.length = 0;
    await runSegment('  - duration: 500ms\n    users: 4', index, 2);
    seen.push([...new Set(echo.received.map((r) => new URL(r.url, 'http://x').searchParams.get('vu') ?? ''))].sort());
  }
  assert.deepEqual(seen, [['1', '3'], ['2', '4']]);
});
