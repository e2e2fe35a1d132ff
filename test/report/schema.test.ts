// report.schema.json must accept what the engine writes (the sample fixture) and agree with
// report/types.ts field for field: the Shape literals below fail to compile when a field
// is added to or removed from a type, and the assertions fail when the schema has not followed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Ajv from 'ajv';
import schema from '../../schemas/report.schema.json';
import type {
  AlertReport,
  CriterionReport,
  ErrorCounts,
  FlowReport,
  GeneratorReport,
  LatencySummary,
  PhaseReport,
  Report,
  StepInterval,
  StepReport,
  SystemFacts,
  TimeseriesRow,
  Totals,
} from '../../report/types';
import { buildIntervalReport } from '../fixtures/reports/interval-report';
import { buildCleanReport, buildSampleReport, buildSaturatedReport } from '../fixtures/reports/sample-report';

type Shape<T> = { [K in keyof T]-?: object extends Pick<T, K> ? 'optional' : 'required' };

const R = 'required' as const;
const O = 'optional' as const;
const latency: Shape<LatencySummary> = { min: R, mean: R, p50: R, p75: R, p90: R, p95: R, p99: R, p999: R, max: R };
const errorCounts: Shape<ErrorCounts> = { connect: R, timeout: R, status: R, expectation: R, capture: R, template: R, other: R };
const totals: Shape<Totals> = { requests: R, errors: R, dropped: R, rps: R, errorRate: R, iterations: R };
const step: Shape<StepReport> = {
  name: R, kind: R, flows: R, requests: R, errors: R, redirects: O, checks: O, errorKinds: R, latency: R, statusCodes: R,
  events: O, sent: O, timeToFirstEvent: O, sampleErrors: R,
};
const flow: Shape<FlowReport> = { name: R, weight: R, iterations: R, failures: R, latency: R, iterationDuration: R, requests: O, errors: O, checks: O };
const phase: Shape<PhaseReport> = { name: R, start: R, end: R, model: R, from: R, to: R, target: R, maxUsers: O };
const criterion: Shape<CriterionReport> = { expr: R, passed: R, actual: R, actualText: R, reason: O, abort: R, aborted: R };
const alert: Shape<AlertReport> = { when: R, severity: R, firedAt: R, resolvedAt: R, value: R, abort: R };
const row: Shape<TimeseriesRow> = {
  time: R, elapsed: R, phase: R, users: R, rps: R, requests: R, errors: R, dropped: R, p50: R, p95: R, p99: R,
  cpu: R, memory: R, eventLoopDelay: R, lagP99: R, engineCpu: O, heapUsed: R, processCpu: O, processMemory: O, networkRxBytes: O, networkTxBytes: O, diskReadBytes: O, diskWriteBytes: O, steps: O,
  iterations: O, statusCodes: O, errorKinds: O, histogram: O,
};
const stepInterval: Shape<StepInterval> = { requests: R, errors: R, p50: R, p95: R, p99: R, statusCodes: O, errorKinds: O, histogram: O };
const system: Shape<SystemFacts> = {
  hostname: R, platform: R, arch: R, cpus: R, cpuModel: R, totalMemoryMB: R, node: R, stampede: R,
  peakCpu: R, peakEventLoopDelay: R, peakHeapUsed: R, engineCpuSeconds: O, peakRssMB: O,
};
const stage: Shape<Report['setup']> = { ran: R, passed: R, error: O };
const report: Shape<Report> = {
  scenario: R, file: R, startedAt: R, endedAt: R, durationMs: R, passed: R, exitCode: R, outcome: R, reason: O,
  target: O, totals: R, latency: R, errors: R, statusCodes: R, steps: R, flows: R, groups: O, metrics: O, checks: O, workers: O, lateStart: O, segments: O, comparison: O, phases: R, criteria: R, alerts: R,
  timeseries: R, generator: R, system: R, recommendations: R, setup: R, teardown: R,
};
const generator: Shape<GeneratorReport> = {
  lag: R, eventLoopDelay: R, cpu: R, saturated: R, reason: R, limits: R, hotIntervals: R, intervals: R,
};

interface ObjectSchema {
  properties: Record<string, unknown>;
  required: string[];
}
const definitions = schema.definitions as unknown as Record<string, ObjectSchema>;

const shapes: [string, ObjectSchema, Record<string, string>][] = [
  ['Report', schema as unknown as ObjectSchema, report],
  ['LatencySummary', definitions.latencySummary, latency],
  ['ErrorCounts', definitions.errorCounts, errorCounts],
  ['Totals', definitions.totals, totals],
  ['StepReport', definitions.step, step],
  ['FlowReport', definitions.flow, flow],
  ['PhaseReport', definitions.phase, phase],
  ['CriterionReport', definitions.criterion, criterion],
  ['AlertReport', definitions.alert, alert],
  ['TimeseriesRow', definitions.timeseriesRow, row],
  ['StepInterval', (definitions.timeseriesRow.properties.steps as { additionalProperties: ObjectSchema }).additionalProperties, stepInterval],
  ['GeneratorReport', definitions.generator, generator],
  ['SystemFacts', definitions.system, system],
  ['setup/teardown', definitions.stage, stage],
];

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(schema);

test('every type in types.ts has the same fields, required and optional, in the schema', () => {
  for (const [name, def, shape] of shapes) {
    assert.deepEqual(Object.keys(def.properties).sort(), Object.keys(shape).sort(), `${name}: properties`);
    const required = Object.keys(shape).filter((k) => shape[k] === 'required');
    assert.deepEqual([...def.required].sort(), required.sort(), `${name}: required`);
  }
});

test('every property in the schema has a description or a described $ref', () => {
  for (const [name, def] of shapes) {
    for (const [key, prop] of Object.entries(def.properties)) {
      const p = prop as { description?: string; $ref?: string };
      const ref = p.$ref ? definitions[p.$ref.replace('#/definitions/', '')] : undefined;
      const described = p.description ?? (ref as { description?: string } | undefined)?.description;
      const plain = ['name', 'hostname', 'platform', 'arch', 'cpuModel', 'totalMemoryMB', 'severity', 'passed', 'ran', 'requests', 'errors', 'p50', 'p75', 'p90', 'p95', 'p99', 'p999', 'min', 'max', 'mean', 'message', 'count'];
      assert.ok(described || plain.includes(key) || ref, `${name}.${key} lacks a description`);
    }
  }
});

test('the sample report, a clean one, a saturated one and one with per-interval histograms validate', () => {
  for (const r of [buildSampleReport(), buildCleanReport(), buildSaturatedReport(), buildIntervalReport()]) {
    const ok = validate(JSON.parse(JSON.stringify(r)));
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  }
});

test('invalid reports are rejected with the offending path', () => {
  const cases: [string, (r: Record<string, unknown>) => void, string][] = [
    ['missing totals', (r) => delete r.totals, 'totals'],
    ['exit code 7', (r) => (r.exitCode = 7), '/exitCode'],
    ['string latency', (r) => ((r.latency as Record<string, unknown>).p95 = '104ms'), '/latency/p95'],
    ['unknown outcome', (r) => (r.outcome = 'crashed'), '/outcome'],
    ['unknown field', (r) => (r.extra = 1), 'extra'],
    ['null p50 allowed but not a string', (r) => (((r.timeseries as Record<string, unknown>[])[0]).p50 = 'n/a'), '/timeseries/0/p50'],
    ['step kind think', (r) => (((r.steps as Record<string, unknown>[])[0]).kind = 'think'), '/steps/0/kind'],
  ];
  for (const [label, mutate, where] of cases) {
    const r = JSON.parse(JSON.stringify(buildSampleReport())) as Record<string, unknown>;
    mutate(r);
    assert.equal(validate(r), false, `${label} should be rejected`);
    const text = JSON.stringify(validate.errors);
    assert.ok(text.includes(where), `${label}: errors should mention ${where}: ${text}`);
  }
});
