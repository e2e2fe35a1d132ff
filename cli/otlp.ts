// `run --otlp URL`: the same metrics as `--prometheus-rw` (requests and errors as cumulative
// sums, users as a gauge, latency as a histogram with explicit bounds, per step), sent while the
// run goes to an OTLP/HTTP receiver (e.g. an OpenTelemetry Collector's /v1/metrics) by
// OpenTelemetry's own exporter. The data points are built here from the engine's exact
// checkpoints rather than recorded through a Meter, so nothing is sampled twice.
import { ValueType, type HrTime } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { LATENCY_BUCKETS_S, type RunSeries } from '../engine/driver/metric-series';
import { STAMPEDE_VERSION } from '../report/version';
import { MetricsSink } from './metrics-sink';

const hrTime = (ms: number): HrTime => [Math.floor(ms / 1000), Math.round((ms % 1000) * 1e6)];

export class OtlpMetrics extends MetricsSink {
  private readonly exporter: OTLPMetricExporter;
  private readonly startedAt = Date.now();

  constructor(url: string, scenario: string, warn: (message: string) => void) {
    super(url, scenario, warn);
    this.exporter = new OTLPMetricExporter({ url, temporalityPreference: AggregationTemporality.CUMULATIVE });
  }

  protected prepare(series: RunSeries, now: number): () => Promise<void> {
    const metrics = this.resourceMetrics(series, now);
    return () =>
      new Promise<void>((resolve) => {
        this.exporter.export(metrics, (result) => {
          if (result.code !== 0) this.failed('--otlp', result.error?.message ?? 'export failed');
          resolve();
        });
      });
  }

  protected override close(): Promise<void> {
    return this.exporter.shutdown();
  }

  private resourceMetrics(run: RunSeries, now: number): ResourceMetrics {
    const start = hrTime(this.startedAt);
    const end = hrTime(now);
    const base = { scenario: this.scenario, run_id: this.runId };
    const descriptor = (name: string, description: string, unit: string, valueType = ValueType.INT) => ({ name, description, unit, valueType });
    const sum = (name: string, description: string, pick: (s: RunSeries['steps'][number]) => number): MetricData => ({
      descriptor: descriptor(name, description, '1'),
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.SUM,
      isMonotonic: true,
      dataPoints: run.steps.map((step) => ({ attributes: { ...base, step: step.step }, startTime: start, endTime: end, value: pick(step) })),
    });
    const metrics: MetricData[] = [
      sum('stampede_requests_total', 'requests sent, redirect hops included', (s) => s.requests),
      sum('stampede_errors_total', 'requests that failed', (s) => s.errors),
      {
        descriptor: descriptor('stampede_vus', 'virtual users running', '1'),
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.GAUGE,
        dataPoints: [{ attributes: base, startTime: end, endTime: end, value: run.users }],
      },
      {
        descriptor: descriptor('stampede_request_duration_seconds', 'latency, from when a request was due to its last byte', 's', ValueType.DOUBLE),
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.HISTOGRAM,
        dataPoints: run.steps.map((step) => ({
          attributes: { ...base, step: step.step },
          startTime: start,
          endTime: end,
          // OTLP counts per bucket, not cumulative: each bucket's own share.
          value: { buckets: { boundaries: LATENCY_BUCKETS_S, counts: step.buckets.map((n, i) => n - (i > 0 ? step.buckets[i - 1] : 0)) }, sum: step.sumSeconds, count: step.count },
        })),
      },
    ];
    return {
      resource: resourceFromAttributes({ 'service.name': 'stampede', 'service.version': STAMPEDE_VERSION }),
      scopeMetrics: [{ scope: { name: 'stampede', version: STAMPEDE_VERSION }, metrics }],
    };
  }
}
