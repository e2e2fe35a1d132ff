// `stampede try FILE [--flow NAME]`: one user runs setup, one iteration of each flow (or of the
// one named) and teardown, and every exchange is printed as it happens: method, URL, status,
// time, headers both ways, a body preview, the captures and each expect/check with its outcome
// (secrets redacted by the engine). Exit 0 when every step passed, 1 otherwise. With `--json`,
// each exchange is one JSON line (engine/protocol/exchange.ts's `Exchange`) and the last line
// the outcome, for scripts (and the tests of the editor's inspector).
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { EngineProcess } from '../engine/driver/engine-process';
import type { EngineToClient } from '../engine/protocol/messages';
import type { Report } from '../report/types';
import { UsageError, type ParsedArgs } from './args';
import { whenOutputCloses } from './closed-output';
import { exchangeText } from './exchange-text';
import { trialOutcome } from '../engine/driver/trial-outcome';
import { buildOutline } from '../scenario/outline';
import { parseScenarioText } from '../scenario/parse';
import { scenarioAnchors } from '../scenario/result-anchors';
import { trialLines, type TrialLines } from '../scenario/trial-lines';

export async function tryCommand(args: ParsedArgs): Promise<number> {
  if (args.files.length !== 1) throw new UsageError('try takes exactly one scenario file');
  const file = resolve(args.files[0]);
  if (!existsSync(file)) throw new UsageError(`no such file: ${args.files[0]}`);
  const color = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
  const linesOf = scenarioLines(file);
  // As the user would open it from here; a file outside the working folder by its whole path.
  const inHere = relative(process.cwd(), file);
  const shownFile = inHere === '' || inHere.startsWith('..') || isAbsolute(inHere) ? file : inHere;
  let report: Report | undefined;
  let fatal: { message: string; exitCode: number } | undefined;
  let exchanges = 0;
  let failedExchanges = 0;
  const engine = new EngineProcess((message: EngineToClient) => {
    if (message.type === 'exchange') {
      exchanges++;
      if (!message.exchange.passed) failedExchanges++;
      const text = args.json ? JSON.stringify({ type: 'exchange', exchange: message.exchange }) : exchangeText(message.exchange, { color, file: shownFile, lines: linesOf(message.exchange) });
      process.stdout.write(`${text}\n`);
    } else if (message.type === 'log' && message.level !== 'info') process.stderr.write(`${message.level}: ${message.message}\n`);
    else if (message.type === 'report') report = message.report;
    else if (message.type === 'fatal') fatal = message;
  });
  // A reader that has had enough (`| head`) ends the trial as Ctrl+C would: teardown still runs.
  whenOutputCloses(() => engine.stop('interrupted (the output was closed)'));
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

/**
 * Where each step, test and capture is written in the file the engine is about to read, so a
 * failure names its line (`try.scenario.yaml:16`). Read before the trial starts: an edit made
 * while it runs does not move them.
 */
function scenarioLines(file: string): TrialLines {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return trialLines(undefined);
  }
  const doc = parseScenarioText(text);
  return trialLines(scenarioAnchors(doc, buildOutline(doc), (offset) => doc.lineCounter.linePos(offset).line - 1));
}
