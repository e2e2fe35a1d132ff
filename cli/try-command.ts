// `stampede try FILE [--flow NAME]`: one user runs setup, one iteration of each flow (or of the
// one named) and teardown, and every exchange is printed as it happens: method, URL, status,
// time, headers both ways, a body preview, the captures and each expect/check with its outcome
// (secrets redacted by the engine). Exit 0 when every step passed, 1 otherwise. With `--json`,
// each exchange is one JSON line (engine/protocol/exchange.ts's `Exchange`) and the last line
// the outcome, for scripts (and the tests of the editor's inspector).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { EngineProcess } from '../engine/driver/engine-process';
import type { EngineToClient } from '../engine/protocol/messages';
import type { Report } from '../report/types';
import { UsageError, type ParsedArgs } from './args';
import { exchangeText } from './exchange-text';
import { trialOutcome } from '../engine/driver/trial-outcome';

export async function tryCommand(args: ParsedArgs): Promise<number> {
  if (args.files.length !== 1) throw new UsageError('try takes exactly one scenario file');
  const file = resolve(args.files[0]);
  if (!existsSync(file)) throw new UsageError(`no such file: ${args.files[0]}`);
  const color = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
  let report: Report | undefined;
  let fatal: { message: string; exitCode: number } | undefined;
  let exchanges = 0;
  let failedExchanges = 0;
  const engine = new EngineProcess((message: EngineToClient) => {
    if (message.type === 'exchange') {
      exchanges++;
      if (!message.exchange.passed) failedExchanges++;
      process.stdout.write(`${args.json ? JSON.stringify({ type: 'exchange', exchange: message.exchange }) : exchangeText(message.exchange, { color })}\n`);
    } else if (message.type === 'log' && message.level !== 'info') process.stderr.write(`${message.level}: ${message.message}\n`);
    else if (message.type === 'report') report = message.report;
    else if (message.type === 'fatal') fatal = message;
  });
  const stop = (signal: NodeJS.Signals): void => engine.stop(`interrupted (${signal})`);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  engine.start({
    file,
    vars: args.vars,
    target: args.target,
    limits: args.limits,
    env: { ...process.env } as Record<string, string>,
    trial: args.flow !== undefined ? { flow: args.flow } : {},
  });
  const exit = await engine.whenExited();
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (fatal) {
    process.stderr.write(`${fatal.message}\n`);
    return fatal.exitCode;
  }
  if (!report) {
    process.stderr.write(`error: the engine ended before the trial finished (${exit.signal ?? `exit code ${exit.code}`})\n`);
    return 3;
  }
  const { passed, summary, stageProblems, stepProblems } = trialOutcome(report, exchanges, failedExchanges);
  for (const problem of stageProblems) process.stderr.write(`${problem}\n`);
  // Failures that made no exchange go with the exchanges (on standard error with --json).
  for (const problem of stepProblems) (args.json ? process.stderr : process.stdout).write(`${problem}\n`);
  if (args.json) process.stdout.write(`${JSON.stringify({ type: 'result', passed, requests: exchanges, failed: failedExchanges, outcome: report.outcome })}\n`);
  else process.stdout.write(`${summary}\n`);
  return passed ? 0 : 1;
}
