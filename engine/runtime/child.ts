// The engine's process entry (dist/engine.js), forked by the CLI and by the extension. It speaks
// only the typed messages of protocol/messages.ts over the IPC channel.
import { loadScenarioFile } from '../../scenario/load';
import type { ClientToEngine, EngineToClient, RunOptions } from '../protocol/messages';
import { prestartMonitorThread } from '../metrics/monitor-thread';
import { Run } from './run';
import { applyIterations } from './iterations';
import { applyScale } from './scale';
import { WHOLE } from './schedule';
import { workerCount } from './worker-count';
import { encodeStore } from '../metrics/partial';
import { detachOneBufferEarly } from '../metrics/detach-protector';
import { writeOrphanReport } from './orphan-report';

/** Sends a message; resolves once it has been handed to the channel. */
function send(message: EngineToClient): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) {
      resolve();
      return;
    }
    process.send(message, undefined, {}, () => resolve());
  });
}

// First, before any of the request path is compiled (detach-protector.ts says why).
detachOneBufferEarly();
prestartMonitorThread();

let run: Run | undefined;
let stops = 0;

/** First stop: graceful; any further one: at once. */
function requestStop(reason: string): void {
  stops++;
  if (!run) {
    process.exit(3);
  }
  if (stops === 1) run.stop(reason);
  else run.kill(reason);
}

async function start(options: RunOptions): Promise<void> {
  const loaded = loadScenarioFile(options.file, { vars: options.vars, target: options.target, root: options.root, limits: options.limits });
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (!loaded.scenario || errors.length > 0) {
    const lines = errors.map(
      (d) => `${options.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: error: ${d.message}`,
    );
    await send({ type: 'fatal', message: lines.join('\n') || 'invalid scenario', exitCode: 2 });
    return;
  }
  const named = options.trial?.flow;
  if (named !== undefined && !loaded.scenario.flows.some((flow) => flow.name === named)) {
    await send({ type: 'fatal', message: `${options.file}: no flow named "${named}" (the flows: ${loaded.scenario.flows.map((flow) => flow.name).join(', ')})`, exitCode: 2 });
    return;
  }
  const scenario = applyIterations(applyScale(loaded.scenario, options.scale ?? 1), options.iterations);
  if (options.defaultMonitorIntervalMs && !scenario.monitor.intervalWritten) scenario.monitor.intervalMs = options.defaultMonitorIntervalMs;
  const workers = options.trial ? 1 : workerCount(options.workers);
  run = new Run(scenario, options, (message) => void send(message), options.segment ?? WHOLE);
  void send({
    type: 'plan',
    scenario: scenario.name,
    file: options.file,
    phases: scenario.phases.map((p) => ({
      name: p.name,
      model: p.model,
      from: p.from,
      to: p.to,
      durationMs: p.durationMs,
      ...(p.maxUsers !== undefined ? { maxUsers: p.maxUsers } : {}),
      ...(p.iterations !== undefined ? { iterations: p.iterations } : {}),
    })),
    totalMs: scenario.phases.reduce((sum, p) => sum + p.durationMs, 0),
    intervalMs: scenario.monitor.intervalMs,
    criteria: scenario.criteria.map((c) => c.expr),
    ...(workers > 1 ? { workers } : {}),
  });
  const report = await run.execute();
  if (!process.connected && !options.trial) {
    // The client went away while the run went on: nobody will write the report but us.
    const written = writeOrphanReport(report, options.orphaned);
    process.stderr.write('dir' in written ? `stampede engine: the client went away; the partial report is in ${written.dir}\n` : `stampede engine: ${written.error}\n`);
    return;
  }
  if (options.part) await send({ type: 'part', measured: encodeStore(run.metrics) });
  await send({ type: 'report', report });
}

process.on('message', (message: ClientToEngine) => {
  if (message.type === 'start') {
    start(message.options).catch((err: Error) => {
      // Stacks are formatted lazily: with maps on now, this one points into the TypeScript.
      process.setSourceMapsEnabled(true);
      return send({ type: 'fatal', message: `engine error: ${err.stack ?? err.message}`, exitCode: 3 });
    }).finally(() => {
      // Let the last message flush, then leave: pools and timers may still hold the loop.
      if (process.connected) process.disconnect();
      setTimeout(() => process.exit(0), 50).unref();
    });
  } else if (message.type === 'stop') {
    requestStop(message.reason);
  }
});

// A terminal's Ctrl+C reaches the whole process group: treat it like the client's stop.
process.on('SIGINT', () => requestStop('interrupted (SIGINT)'));
process.on('SIGTERM', () => requestStop('terminated (SIGTERM)'));
// Without a client the target still deserves its teardown and the measurements their report:
// stop gracefully (start() then writes the report itself, orphan-report.ts), and leave for good
// after a bounded wait so no engine outlives its client for long.
const CLIENT_GONE_EXIT_MS = 10_000;
process.on('disconnect', () => {
  if (run) run.stop('the client went away');
  setTimeout(() => process.exit(3), run ? CLIENT_GONE_EXIT_MS : 0).unref();
});
