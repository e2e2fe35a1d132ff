// `stampede run FILE`: drives the engine child, shows progress, writes the report files and
// exits with the contract's code. SIGINT/SIGTERM stop gracefully; a second one stops at once.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { yieldToEngine } from '../engine/driver/engine-fork';
import { EngineProcess } from '../engine/driver/engine-process';
import type { EngineToClient } from '../engine/protocol/messages';
import { PART_FORMAT, type RunPart } from '../engine/protocol/part-file';
import type { Report } from '../report/types';
import type { ParsedArgs } from './args';
import { UsageError } from './args';
import { readRunReport } from './run-report';

/** What a run needs once the engine is forked: loaded while the engine starts up. */
function loadRest() {
  return Promise.all([import('../engine/driver/run-end'), import('../engine/driver/run-recorder'), import('../report/out-dir'), import('../report/files/write'), import('./progress'), import('./summary')]);
}

export async function runCommand(args: ParsedArgs): Promise<number> {
  if (args.files.length !== 1) throw new UsageError('run takes exactly one scenario file');
  const file = resolve(args.files[0]);
  if (!existsSync(file)) throw new UsageError(`no such file: ${args.files[0]}`);

  if (args.failOnRegression && !args.baseline) throw new UsageError('--fail-on-regression needs --baseline');
  // Read before the run: a wrong path is a usage error, not a lost run.
  const baseline = args.baseline ? readRunReport(args.baseline) : undefined;
  const events = args.events ? openSync(resolve(args.events), 'w') : undefined;
  // The engine first: its start-up is most of the time to the first request, and this process
  // loads the rest meanwhile. Messages that come before the rest is loaded wait for it.
  let onMessage: ((message: EngineToClient) => void) | undefined;
  const early: EngineToClient[] = [];
  const engine = new EngineProcess((message: EngineToClient) => (onMessage ? onMessage(message) : early.push(message)));

  let progress: { finish(): void } | undefined;
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals++;
    progress?.finish();
    process.stderr.write(signals === 1 ? `\n${signal}: stopping gracefully (teardown runs); press Ctrl+C again to stop at once\n` : `\n${signal}: stopping at once\n`);
    engine.stop(`interrupted (${signal})`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  engine.start({
    file,
    vars: args.vars,
    target: args.target,
    scale: args.scale,
    iterations: args.iterations,
    limits: args.limits,
    env: { ...process.env } as Record<string, string>,
    ...(args.segment ? { segment: { index: args.segment.index - 1, count: args.segment.count } } : {}),
    ...(args.startAt !== undefined ? { startAt: args.startAt } : {}),
    ...(args.partial ? { part: true } : {}),
    ...(args.workers !== undefined ? { workers: args.workers } : {}),
    // Killed mid-run, this process leaves the report to the engine: where it would have written it.
    ...(args.out ? { orphaned: { reportDir: resolve(args.out) } } : {}),
  });
  // Once: the CLI of a preforked engine yielded when it forked it (engine-fork.ts).
  yieldToEngine();

  const [{ runEnd }, { RunRecorder }, { defaultOutDir }, { writeReportFiles }, { Progress }, { renderSummary }] = await loadRest();
  const shown = Progress.for(process.stderr, args.quiet);
  progress = shown;
  const recorder = new RunRecorder();
  const exporter = args.prometheusRw || args.otlp ? await metricsExporter(args.prometheusRw, args.otlp) : undefined;
  let fatal: { message: string; exitCode: 2 | 3 } | undefined;
  let measured: RunPart['measured'] | undefined;
  onMessage = (message) => {
    if (message.type === 'part') {
      measured = message.measured;
      return;
    }
    recorder.onMessage(message);
    exporter?.onMessage(message);
    // Checkpoints only serve a partial report if the engine dies; they stay out of the event log.
    if (message.type === 'checkpoint') return;
    if (events !== undefined) writeSync(events, `${JSON.stringify(message)}\n`);
    shown.onMessage(message);
    if (message.type === 'fatal') fatal = { message: message.message, exitCode: message.exitCode };
  };
  for (const message of early.splice(0)) onMessage(message);

  const exit = await engine.whenExited();
  await exporter?.flush();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (events !== undefined) closeSync(events);
  shown.finish();

  // Refused before anything was planned (an invalid scenario): nothing was sent, nothing to keep.
  if (fatal && !recorder.plan) {
    process.stderr.write(`${fatal.message}\n`);
    return fatal.exitCode;
  }
  const end = runEnd(recorder.recorded(), exit, file, fatal?.message);
  if (end.failure) process.stderr.write(fatal ? `${end.failure}\n` : `error: ${end.failure}\n`);
  // Without a plan the engine died before the run began: nothing was measured.
  if (!end.report) return 3;
  const report = end.report;
  // Loaded only when asked for: the CLI's start pays for what it uses (see loadRest).
  const compare = baseline ? await Promise.all([import('../report/compare'), import('../report/compare-format')]) : undefined;
  if (baseline && compare) report.comparison = compare[0].compareReports(baseline, report, args.threshold ?? 0.1);
  const outDir = resolve(args.out ?? defaultOutDir(report.scenario));
  const files = writeReportFiles(report, outDir);
  if (args.partial) {
    // A dead engine sent no part: its last checkpoint stands in (a few seconds older).
    const part = partOf(file, args, report, measured ?? recorder.recorded().measured);
    if (part) writeFileSync(resolve(args.partial), `${JSON.stringify(part)}\n`);
    else process.stderr.write(`error: nothing was measured; no part written to ${args.partial}\n`);
  }
  if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(renderSummary(report, files) + (report.comparison && compare ? `\n${compare[1].comparisonText(report.comparison)}` : ''));
  await writeCiOutputs(args, report);
  const regressed = args.failOnRegression && report.comparison?.verdict === 'regression';
  return regressed && report.exitCode === 0 ? 1 : report.exitCode;
}

/** The segment's part for `stampede merge` (engine/protocol/part-file.ts). */
function partOf(file: string, args: ParsedArgs, report: Report, measured: RunPart['measured'] | undefined): RunPart | undefined {
  if (!measured) return undefined;
  const scenarioText = readFileSync(file, 'utf8');
  return {
    format: PART_FORMAT,
    version: 1,
    scenario: report.scenario,
    digest: createHash('sha256').update(scenarioText).digest('hex'),
    scenarioText,
    segment: args.segment ?? { index: 1, count: 1 },
    startAt: args.startAt ?? null,
    host: hostname(),
    report,
    measured,
  };
}

/** `--prometheus-rw URL`, `--otlp URL`: each checkpoint of the engine (every few seconds) sent as it comes. */
async function metricsExporter(prometheusRw: string | undefined, otlp: string | undefined): Promise<{ onMessage(message: EngineToClient): void; flush(): Promise<void> }> {
  const [{ runSeries }, prometheus, otel] = await Promise.all([
    import('../engine/driver/metric-series'),
    prometheusRw ? import('./prometheus-rw') : undefined,
    otlp ? import('./otlp') : undefined,
  ]);
  const sinks: { push(series: ReturnType<typeof runSeries>): void; flush(): Promise<void> }[] = [];
  const warn = (text: string): void => void process.stderr.write(`${text}\n`);
  let users = 0;
  return {
    onMessage(message) {
      if (message.type === 'plan') {
        if (prometheus && prometheusRw) sinks.push(new prometheus.PrometheusRemoteWrite(prometheusRw, message.scenario, warn));
        if (otel && otlp) sinks.push(new otel.OtlpMetrics(otlp, message.scenario, warn));
      }
      if (message.type === 'snapshot') users = message.row.users;
      if (message.type === 'checkpoint' && sinks.length > 0) {
        const series = runSeries(message.measured, users);
        for (const sink of sinks) sink.push(series);
      }
    },
    flush: async () => {
      await Promise.all(sinks.map((sink) => sink.flush()));
    },
  };
}

/** `--junit FILE` and, under GitHub Actions, the step summary and annotations. */
async function writeCiOutputs(args: ParsedArgs, report: Report): Promise<void> {
  if (!args.junit && !process.env.GITHUB_STEP_SUMMARY) return;
  const [{ criterionLines }, { renderJUnit }, { reportToGitHub }, { writeAtomic }] = await Promise.all([
    import('./criterion-lines'),
    import('./junit'),
    import('./github'),
    import('../report/files/write'),
  ]);
  const lines = criterionLines(report.file);
  if (args.junit) writeAtomic(resolve(args.junit), renderJUnit(report, lines));
  reportToGitHub(report, lines);
}
