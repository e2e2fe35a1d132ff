// `stampede import` as a user runs it, and what every import test checks of its result: the real
// CLI writes the scenario, the scenario validates with no error, no secret of the input is in
// anything it printed or wrote, and what was left out is said both on standard error and in the
// file's comments.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { runCli, type CliResult } from './cli';

export interface ImportedScenario {
  file: string;
  text: string;
  /** The scenario as data (the parsed YAML). */
  data: ScenarioShape;
  result: CliResult;
  /** Every file the import wrote (absolute paths): the scenario and its companions. */
  written: string[];
}

export interface ScenarioShape {
  name: string;
  target: string;
  variables?: Record<string, unknown>;
  flows: { name: string; steps: StepShape[] }[];
}

export type StepShape = Record<string, unknown> & {
  request?: string;
  group?: string;
  steps?: StepShape[];
  capture?: Record<string, unknown>;
  expect?: { status?: number | number[] };
};

export async function importFile(input: string, args: string[] = []): Promise<ImportedScenario> {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-import-'));
  const file = join(dir, 'imported.scenario.yaml');
  const result = await runCli(['import', input, '--out', file, ...args]);
  // The folder was empty: all in it now is the import's (companions go beside the scenario).
  const written = filesUnder(dir);
  assert.equal(result.code, 0, `import failed:\n${result.stderr}`);
  const text = readFileSync(file, 'utf8');
  const validation = await runCli(['validate', file]);
  assert.doesNotMatch(validation.stdout + validation.stderr, /: error: /, `the imported scenario has errors:\n${validation.stdout}${validation.stderr}\n${text}`);
  assert.equal(validation.code, 0, validation.stdout + validation.stderr);
  return { file, text, data: parse(text) as ScenarioShape, result, written };
}

/** Every request step of a flow, groups, repeats and ifs opened, in order. */
export function requestSteps(steps: StepShape[]): StepShape[] {
  return steps.flatMap((step) => (step.request ? [step] : step.steps ? requestSteps(step.steps) : []));
}

export function assertNoSecrets(imported: ImportedScenario, secrets: readonly string[]): void {
  assertNothingLeaks(secrets, imported.result, imported.written);
}

/** None of `secrets` in what an import printed (standard output and error) or in any file it wrote. */
export function assertNothingLeaks(secrets: readonly string[], printed: Pick<CliResult, 'stdout' | 'stderr'>, written: readonly string[]): void {
  for (const secret of secrets) {
    assert.ok(!printed.stdout.includes(secret) && !printed.stderr.includes(secret), `the import printed the secret "${secret}"`);
    for (const file of written) assert.ok(!readFileSync(file, 'utf8').includes(secret), `${basename(file)} holds the secret "${secret}"`);
  }
}

/** Every file in `dir` and its subfolders, as absolute paths. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** `item` is listed as not translated on standard error and in the scenario's comments. */
export function assertListed(imported: ImportedScenario, item: RegExp): void {
  assert.match(imported.result.stderr, new RegExp(`not translated: .*${item.source}`), `stderr does not list ${item}:\n${imported.result.stderr}`);
  const comments = imported.text.split('\n').filter((line) => line.startsWith('#')).join('\n');
  assert.match(comments, item, `the scenario's comments do not list ${item}`);
}
