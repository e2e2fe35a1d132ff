// `stampede import` as a user runs it, and what every import test checks of its result: the real
// CLI writes the scenario, the scenario validates with no error, no secret of the input is in it,
// and what was left out is said both on standard error and in the file's comments.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli, type CliResult } from './cli';

export interface ImportedScenario {
  file: string;
  text: string;
  /** The scenario as data (the parsed YAML). */
  data: ScenarioShape;
  result: CliResult;
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
  const file = join(mkdtempSync(join(tmpdir(), 'stampede-import-')), 'imported.scenario.yaml');
  const result = await runCli(['import', input, '--out', file, ...args]);
  assert.equal(result.code, 0, `import failed:\n${result.stderr}`);
  const text = readFileSync(file, 'utf8');
  const validation = await runCli(['validate', file]);
  assert.doesNotMatch(validation.stdout + validation.stderr, /: error: /, `the imported scenario has errors:\n${validation.stdout}${validation.stderr}\n${text}`);
  assert.equal(validation.code, 0, validation.stdout + validation.stderr);
  return { file, text, data: parse(text) as ScenarioShape, result };
}

/** Every request step of a flow, groups, repeats and ifs opened, in order. */
export function requestSteps(steps: StepShape[]): StepShape[] {
  return steps.flatMap((step) => (step.request ? [step] : step.steps ? requestSteps(step.steps) : []));
}

export function assertNoSecrets(imported: ImportedScenario, secrets: string[]): void {
  for (const secret of secrets) {
    assert.ok(!imported.text.includes(secret), `the scenario holds the secret "${secret}"`);
    assert.ok(!imported.result.stdout.includes(secret) && !imported.result.stderr.includes(secret), `the import printed the secret "${secret}"`);
  }
}

/** `item` is listed as not translated on standard error and in the scenario's comments. */
export function assertListed(imported: ImportedScenario, item: RegExp): void {
  assert.match(imported.result.stderr, new RegExp(`not translated: .*${item.source}`), `stderr does not list ${item}:\n${imported.result.stderr}`);
  const comments = imported.text.split('\n').filter((line) => line.startsWith('#')).join('\n');
  assert.match(comments, item, `the scenario's comments do not list ${item}`);
}
