// `run --prometheus-rw URL`: the run's metrics pushed while it runs by Prometheus remote write
// (a snappy-compressed protobuf WriteRequest, protocol 1.0): stampede_requests_total,
// stampede_errors_total, stampede_vus and the histogram stampede_request_duration_seconds, each
// labelled with scenario, step and run_id. Encoded with protobufjs over the message definitions
// of Prometheus' prompb, compressed with snappyjs. A push that fails is said once, never fails
// the run.
import protobuf from 'protobufjs';
import { LATENCY_BUCKETS_S, type RunSeries } from '../engine/driver/metric-series';
import { MetricsSink } from './metrics-sink';

// prompb/types.proto and remote.proto, the fields remote write 1.0 uses.
const PROMPB = protobuf.Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        WriteRequest: { fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } } },
        TimeSeries: { fields: { labels: { rule: 'repeated', type: 'Label', id: 1 }, samples: { rule: 'repeated', type: 'Sample', id: 2 } } },
        Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        Sample: { fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
      },
    },
  },
});
const WriteRequest = PROMPB.lookupType('prometheus.WriteRequest');
const snappy = require('snappyjs') as { compress(input: Uint8Array): Uint8Array };

interface Series {
  labels: { name: string; value: string }[];
  samples: { value: number; timestamp: number }[];
}

export class PrometheusRemoteWrite extends MetricsSink {
  protected prepare(series: RunSeries, now: number): () => Promise<void> {
    const body = this.encode(series, now);
    return () => this.send(body);
  }

  private encode(run: RunSeries, timestamp: number): Uint8Array {
    const base = [
      { name: 'run_id', value: this.runId },
      { name: 'scenario', value: this.scenario },
    ];
    const one = (name: string, extra: { name: string; value: string }[], value: number): Series => ({
      // Labels sorted by name, as remote write asks.
      labels: [{ name: '__name__', value: name }, ...base, ...extra].sort((a, b) => a.name.localeCompare(b.name)),
      samples: [{ value, timestamp }],
    });
    const timeseries: Series[] = [one('stampede_vus', [], run.users)];
    for (const step of run.steps) {
      const label = [{ name: 'step', value: step.step }];
      timeseries.push(one('stampede_requests_total', label, step.requests), one('stampede_errors_total', label, step.errors));
      const bounds = [...LATENCY_BUCKETS_S.map(String), '+Inf'];
      bounds.forEach((le, i) => timeseries.push(one('stampede_request_duration_seconds_bucket', [...label, { name: 'le', value: le }], step.buckets[i])));
      timeseries.push(one('stampede_request_duration_seconds_sum', label, step.sumSeconds), one('stampede_request_duration_seconds_count', label, step.count));
    }
    return snappy.compress(WriteRequest.encode(WriteRequest.fromObject({ timeseries })).finish());
  }

  private async send(body: Uint8Array): Promise<void> {
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0', 'user-agent': 'stampede' },
        body,
      });
      if (!response.ok) throw new Error(`HTTP ${response.status} ${(await response.text()).slice(0, 200).trim()}`);
      await response.arrayBuffer().catch(() => undefined);
    } catch (err) {
      this.failed('--prometheus-rw', (err as Error).message);
    }
  }
}
