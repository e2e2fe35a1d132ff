// `stampede merge PART.json… [--out DIR]`: the segments of one distributed run (`run --segment
// I/N --partial FILE`) into one report. Refuses parts of another scenario, a missing or doubled
// segment (each named); merges exactly, evaluates the criteria on the merged data, writes the
// usual report files and prints the usual summary; exits with the usual code.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { mergeParts, partProblems } from '../engine/driver/merge-parts';
import { PART_FORMAT, type RunPart } from '../engine/protocol/part-file';
import { defaultOutDir } from '../report/out-dir';
import { writeReportFiles } from '../report/files/write';
import { analyzeScenarioText } from '../scenario/load';
import { UsageError, type ParsedArgs } from './args';
import { renderSummary } from './summary';

function readPart(name: string): RunPart {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(resolve(name), 'utf8'));
  } catch (error) {
    throw new UsageError(`${name}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not a part: ${(error as Error).message}`}`);
  }
  const part = value as Partial<RunPart>;
  if (part.format !== PART_FORMAT || part.version !== 1 || !part.report || !part.measured || !part.segment) {
    throw new UsageError(`${name}: not a part written by \`stampede run --partial\``);
  }
  return part as RunPart;
}

export async function mergeCommand(args: ParsedArgs): Promise<number> {
  if (args.files.length === 0) throw new UsageError('merge takes the parts of a run: PART.json…');
  const parts = args.files.map((name) => ({ name, part: readPart(name) }));
  const problems = partProblems(parts);
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`stampede merge: ${problem}\n`);
    return 2;
  }
  // The criteria as the scenario states them: evaluated again on the whole run.
  const { scenario, diagnostics } = analyzeScenarioText(parts[0].part.scenarioText);
  if (!scenario) {
    const first = diagnostics.find((d) => d.severity === 'error');
    process.stderr.write(`stampede merge: the parts' scenario does not load${first ? `: ${first.message}` : ''}\n`);
    return 2;
  }
  const report = mergeParts(
    parts.map(({ part }) => part),
    scenario.criteria,
  );
  const files = writeReportFiles(report, resolve(args.out ?? defaultOutDir(report.scenario)));
  if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`merged ${parts.length} segment${parts.length === 1 ? '' : 's'} of ${report.scenario}\n${renderSummary(report, files)}`);
  return report.exitCode;
}
