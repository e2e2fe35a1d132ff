// A load worker thread of `--workers N` (dist/load-worker.js): one share of the schedule, run by
// the same Run as a whole engine, without setup and teardown (the main thread runs them once).
// It warms up, says `ready`, starts its clock when the main thread says `go` — the same moment
// for every worker — and ends with its mergeable measurements (`part`) and its report.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { loadScenarioFile } from '../../scenario/load';
import { encodeStore, type PartialResult } from '../metrics/partial';
import type { FromLoadWorker, LoadWorkerData, ToLoadWorker } from './load-worker-messages';
import { applyIterations } from './iterations';
import { Run } from './run';
import { applyScale } from './scale';
import { detachOneBufferEarly } from '../metrics/detach-protector';

// Protectors are per isolate: this thread's too, before its request path is compiled.
detachOneBufferEarly();

const port = parentPort;
if (!port) throw new Error('load-worker.js runs as a worker thread of the engine');
const { options, segment, shared } = workerData as LoadWorkerData;
const post = (message: FromLoadWorker): void => port.postMessage(message);

let go: ((startAt: number) => void) | undefined;
let run: Run | undefined;
let stopped = false;
port.on('message', (message: ToLoadWorker) => {
  if (message.type === 'go') go?.(message.startAt);
  else {
    stopped = true;
    // A stop before `go`: the wait ends, and the run stops at once.
    go?.(Date.now());
    if (message.type === 'stop') run?.stop(message.reason);
    else run?.kill(message.reason);
  }
});

/**
 * A test hook, never set by users: STAMPEDE_TEST_WORKER_EXIT="I/MS" ends the worker of segment
 * index I (0-based) MS after its load starts, as a crash would, so tests can show the run ends as
 * an error that names it, with its partial report and teardown.
 */
function testExit(startAt: number): void {
  const match = /^(\d+)\/(\d+)$/.exec(options.env?.STAMPEDE_TEST_WORKER_EXIT ?? '');
  if (!match || Number(match[1]) !== segment.index) return;
  setTimeout(() => process.exit(7), Math.max(0, startAt - Date.now()) + Number(match[2])).unref();
}

/**
 * A test hook, never set by users: STAMPEDE_TEST_WORKER_PARTS=DIR also writes the part this
 * worker sends the main thread (its final counts and encoded histograms) to DIR/worker-I.json,
 * I its 0-based segment index, so tests can add the workers' histograms themselves and hold the
 * report, which the main thread merged, to them (the `--partial` file is that merge's own store).
 */
function testPart(measured: PartialResult): void {
  const dir = options.env?.STAMPEDE_TEST_WORKER_PARTS;
  if (dir) writeFileSync(join(dir, `worker-${segment.index}.json`), JSON.stringify(measured));
}

async function main(): Promise<void> {
  // The main thread loaded this scenario without error a moment ago.
  const loaded = loadScenarioFile(options.file, { vars: options.vars, target: options.target, root: options.root, limits: options.limits });
  if (!loaded.scenario) throw new Error(`the scenario no longer loads: ${loaded.diagnostics[0]?.message ?? 'unknown error'}`);
  const scenario = applyIterations(applyScale(loaded.scenario, options.scale ?? 1), options.iterations);
  if (options.defaultMonitorIntervalMs && !scenario.monitor.intervalWritten) scenario.monitor.intervalMs = options.defaultMonitorIntervalMs;
  run = new Run(scenario, { ...options, workers: 1, part: true }, post, segment, {
    shared,
    untilGo: () =>
      new Promise<number>((resolve) => {
        if (stopped) return resolve(Date.now());
        go = (startAt) => {
          testExit(startAt);
          resolve(startAt);
        };
        post({ type: 'ready' });
      }),
  });
  const report = await run.execute();
  const measured = encodeStore(run.metrics);
  testPart(measured);
  post({ type: 'part', measured });
  post({ type: 'report', report });
}

main().catch((err: Error) => {
  post({ type: 'fatal', message: `load worker error: ${err.stack ?? err.message}`, exitCode: 3 });
  process.exitCode = 1;
});
