// What each metric and aggregate measures, exactly, in the words of the scenario contract: shown
// on hover and beside completions in criteria and alerts.
import { metricSpec } from '../scenario/expressions';

const DETAIL: Record<string, string> = {
  latency:
    'Time from the moment the request was **due** — its scheduled start in the open model, so a late start counts ' +
    '(no coordinated omission) — to the **last byte** of the response, a new connection\'s set-up (DNS, TCP, TLS) included. ' +
    'Recorded in HDR histograms with sub-millisecond precision; compared with a duration (`250ms`).',
  errorRate:
    'Failed requests ÷ all requests, as a percentage (`1%`). A request fails on a network error, a timeout, or a failed ' +
    '`expect` (status, contains, maxLatency).',
  rps: 'Requests completed per second: the mean over the whole run in `criteria`, over the last monitor interval in `alerts`.',
  requests: 'Requests completed (successful or not).',
  errors: 'Requests that failed: network errors, timeouts and failed expectations.',
  dropped: 'Open-model iterations that were due but could not start because `maxUsers` iterations were already running.',
  cpu: 'CPU use of this machine (the load generator\'s host), in %, over the last monitor interval.',
  memory: 'Memory use of this machine, in %.',
  eventLoopDelay:
    'p99 of the engine\'s event-loop delay **beyond** its sampling interval over the last monitor interval, in ms: an idle engine reads about 0. ' +
    'Past about 10 ms the generator itself is late (its own stalls count as latency); the report\'s `generator` section says whether that limited the run.',
  heapUsed: 'The engine\'s used JavaScript heap, in MB.',
  checks:
    'Tests of `check:` that passed ÷ all tests of `check:`, as a percentage (`checks >= 99%`); each test of a `check:` counts once. ' +
    'A check never fails its request nor ends the iteration; `checks(step=login)` reads one step\'s.',
  duration:
    'The time a `group:` block took, from when its first step was due to the end of its last (think times included): ' +
    '`p95(duration, group=checkout) < 2s`.',
  timeToFirstEvent: 'For `sse` and `ws` steps: from when the subscription was due to its first event or message; `p95(timeToFirstEvent, step=NAME)`.',
  'process.cpu': 'CPU use of the process named in `monitor.process` (the system under test), in %.',
  'process.memory': 'Resident memory of the process named in `monitor.process`, in MB.',
};

const AGGREGATE_DETAIL: Record<string, string> = {
  p50: 'the median: half the requests were faster',
  p75: '75 % of the requests were faster',
  p90: '90 % of the requests were faster',
  p95: '95 % of the requests were faster',
  p99: '99 % of the requests were faster; the slowest 1 % lie above',
  p999: '99.9 % of the requests were faster',
  min: 'the fastest request',
  max: 'the slowest request',
  mean: 'the arithmetic mean (sensitive to outliers; prefer a percentile)',
  count: 'how many values `record:` steps added to a custom metric (`count(signups) >= 10`)',
};

export function metricDoc(name: string): string | undefined {
  const spec = metricSpec(name);
  if (!spec) return undefined;
  const where = spec.alertOnly ? ' Usable in `alerts` only.' : '';
  return `**${name}** — ${DETAIL[name] ?? spec.description}${where}`;
}

export function aggregateDoc(name: string): string | undefined {
  const detail = Object.hasOwn(AGGREGATE_DETAIL, name) ? AGGREGATE_DETAIL[name] : undefined;
  return detail ? `**${name}** — ${detail}.` : undefined;
}

/** A custom metric of the scenario's `record:` steps. */
export function customMetricDoc(name: string, customMetrics: ReadonlySet<string>): string | undefined {
  if (metricSpec(name) || !customMetrics.has(name)) return undefined;
  return `**${name}** — a custom metric: the numbers the \`record:\` steps add to it, kept like latency (three significant digits); ` +
    `criteria read it with the latency aggregates and \`count\`, e.g. \`p95(${name}) < 100\`, \`count(${name}) >= 10\`.`;
}
