// Imports a fixture through the real CLI (`stampede import FILE --out …`) from a copy of its folder
// in a temp directory (so files it refers to are found and files it writes land there), and
// reads back what a user gets: the exit code, what it printed, the files it wrote, the scenario's
// text and data, and its diagnostics as `validate` would give them.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parse } from 'yaml';
import { loadScenarioFile } from '../../scenario/load';
import type { Diagnostic } from '../../scenario/types';
import { runCli } from '../helpers/cli';
import { assertNothingLeaks, filesUnder } from '../helpers/imported';
import { ROOT } from '../helpers/paths';

export const FIXTURES = join(ROOT, 'test', 'fixtures', 'import');

export interface ImportedFixture {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Every file the import wrote (absolute paths): the scenario and its companions. */
  written: string[];
  /** The scenario file's path, its text and its data. */
  out: string;
  text: string;
  scenario: Scenario;
  /** Error diagnostics of the written file, as `stampede validate` reports them. */
  errors: Diagnostic[];
  /** What stderr says was not translated, one entry per line. */
  untranslated: string[];
}

/** The parts of an imported scenario the tests read. */
export interface Step {
  request?: string;
  name?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  json?: unknown;
  body?: string;
  form?: Record<string, string>;
  multipart?: Record<string, unknown>;
  auth?: { user: string; password: string };
  cookies?: Record<string, string>;
  redirects?: number;
  capture?: Record<string, unknown>;
  expect?: Record<string, unknown>;
  think?: string;
  ws?: string;
  send?: unknown[];
  repeat?: unknown;
  if?: string;
  steps?: Step[];
  else?: Step[];
}

export interface Flow {
  name: string;
  weight?: number;
  steps: Step[];
}

export interface Scenario {
  name: string;
  description?: string;
  target?: string;
  variables?: Record<string, unknown>;
  data?: Record<string, { file: string; order: string }>;
  defaults?: { headers?: Record<string, string>; timeout?: string; tls?: unknown };
  phases: Record<string, unknown>[];
  setup?: Step[];
  flows: Flow[];
  teardown?: Step[];
  criteria?: string[];
}

/** `fixture` relative to test/fixtures/import/; its folder is copied whole. */
export async function importFixture(fixture: string): Promise<ImportedFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-import-'));
  cpSync(dirname(join(FIXTURES, fixture)), dir, { recursive: true });
  const input = join(dir, basename(fixture));
  const out = join(dir, `${basename(fixture).replace(/\.[^.]+$/, '')}.scenario.yaml`);
  const copied = new Set(filesUnder(dir));
  const { code, stdout, stderr } = await runCli(['import', input, '--out', out]);
  const written = filesUnder(dir).filter((file) => !copied.has(file));
  if (code !== 0) return { code, stdout, stderr, written, out, text: '', scenario: { name: '', phases: [], flows: [] }, errors: [], untranslated: [] };
  const text = readFileSync(out, 'utf8');
  const errors = loadScenarioFile(out).diagnostics.filter((d) => d.severity === 'error');
  const untranslated = [...stderr.matchAll(/^not translated: (.*)$/gm)].map((match) => match[1]);
  return { code, stdout, stderr, written, out, text, scenario: parse(text) as Scenario, errors, untranslated };
}

/** Exit 0, no error in the written file, and every untranslated item also a comment in it. */
export function assertImported(result: ImportedFixture): void {
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(result.errors.map((d) => `${d.range.start.line + 1}: ${d.message}`), []);
  for (const item of result.untranslated) assert.ok(result.text.includes(`#   - ${item}`), `not a comment in the scenario: ${item}`);
}

/** None of `secrets` in what the import printed or in any file it wrote (the scenario, its companions). */
export function assertNoSecrets(result: ImportedFixture, secrets: readonly string[]): void {
  assert.ok(result.written.includes(result.out), `the import wrote no scenario: ${result.stderr}`);
  assertNothingLeaks(secrets, result, result.written);
}

/** Every step of a flow or list, blocks' steps included, in order. */
export function allSteps(steps: Step[] | undefined): Step[] {
  return (steps ?? []).flatMap((step) => [step, ...allSteps(step.steps), ...allSteps(step.else)]);
}

export function flow(scenario: Scenario, name: string): Flow {
  const found = scenario.flows.find((item) => item.name === name);
  assert.ok(found, `no flow ${name} in ${scenario.flows.map((item) => item.name).join(', ')}`);
  return found;
}

/** The step of `steps` (blocks included) with this name or request line. */
export function step(steps: Step[], nameOrLine: string): Step {
  const found = allSteps(steps).find((item) => item.name === nameOrLine || item.request === nameOrLine);
  assert.ok(found, `no step ${nameOrLine}`);
  return found;
}
