// Reads the report.json a run wrote and checks it against schemas/report.schema.json, so every
// test that looks at a real run's report also holds it to the published machine form.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { runCli, writeScenario, type CliResult } from './cli';
import { ROOT } from './paths';
import type { Report } from '../../report/types';

const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'report.schema.json'), 'utf8')));

export function readValidReport(outDir: string): Report {
  const report = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')) as Report;
  assert.ok(validate(report), JSON.stringify(validate.errors, null, 2));
  return report;
}

/** Runs `yaml` through the real CLI (`stampede run --quiet`, more `args` after) and reads its valid report. */
export async function runScenario(yaml: string, args: string[] = []): Promise<{ report: Report; result: CliResult; dir: string }> {
  const { dir, file } = writeScenario('run.scenario.yaml', yaml);
  const result = await runCli(['run', file, '--out', join(dir, 'out'), '--quiet', ...args]);
  assert.ok(existsSync(join(dir, 'out', 'report.json')), `no report was written (exit ${result.code}):\n${result.stdout}${result.stderr}`);
  return { report: readValidReport(join(dir, 'out')), result, dir };
}
