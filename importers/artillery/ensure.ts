// `ensure` (in `config` or `config.plugins`) as criteria: thresholds and the legacy `p95: 200`
// keys are latency limits, `maxErrorRate` an error-rate limit, and a condition of comparisons
// joined by `and` one criterion each. Metrics with no equivalent are listed.

const AGGREGATES: Record<string, string> = { min: 'min', max: 'max', mean: 'mean', median: 'p50', p50: 'p50', p75: 'p75', p90: 'p90', p95: 'p95', p99: 'p99', p999: 'p999' };

export function criteria(config: Record<string, unknown>, untranslated: string[]): string[] {
  const plugins = (config.plugins as Record<string, unknown> | undefined) ?? {};
  const ensure = { ...(plugins.ensure as Record<string, unknown> | undefined), ...(config.ensure as Record<string, unknown> | undefined) };
  const out: string[] = [];
  for (const [key, value] of Object.entries(ensure)) {
    if (key === 'thresholds' && Array.isArray(value)) {
      for (const item of value as Record<string, unknown>[]) {
        for (const [metric, limit] of Object.entries(item)) out.push(criterion(metric, '<', limit) ?? unknown(`threshold ${metric}: ${String(limit)}`, untranslated));
      }
    } else if (key === 'conditions' && Array.isArray(value)) {
      for (const item of value as { expression?: unknown }[]) out.push(...conditionCriteria(String(item.expression ?? ''), untranslated));
    } else if (key === 'maxErrorRate' && typeof value === 'number') out.push(`errorRate <= ${value}%`);
    else if (key in AGGREGATES && typeof value === 'number') out.push(`${AGGREGATES[key]}(latency) < ${value}ms`);
    else unknown(`${key}: ${JSON.stringify(value)}`, untranslated);
  }
  return out.filter((item) => item !== '');
}

/** `http.response_time.p99 < 100 and http.request_rate > 10`: one criterion per comparison. */
function conditionCriteria(expression: string, untranslated: string[]): string[] {
  const parts = expression.split(/\s+and\s+/);
  const translated = parts.map((part) => {
    const match = /^\s*([\w.]+)\s*(<=|>=|<|>)\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    return match ? criterion(match[1], match[2], Number(match[3])) : undefined;
  });
  if (translated.some((item) => item === undefined) || /\bor\b|\(/.test(expression)) return [unknown(`condition \`${expression}\``, untranslated)];
  return translated as string[];
}

function criterion(metric: string, op: string, limit: unknown): string | undefined {
  if (typeof limit !== 'number') return undefined;
  const latency = /^http\.response_time\.(\w+)$/.exec(metric);
  if (latency && latency[1] in AGGREGATES) return `${AGGREGATES[latency[1]]}(latency) ${op} ${limit}ms`;
  if (metric === 'http.request_rate') return `rps ${op} ${limit}`;
  if (metric === 'http.requests') return `requests ${op} ${limit}`;
  return undefined;
}

function unknown(what: string, untranslated: string[]): string {
  untranslated.push(`ensure ${what} has no criterion equivalent`);
  return '';
}
