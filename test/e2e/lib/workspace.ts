// The folder the workbench opens: the quickstart sample pointed at a private sample server and
// made shorter, a shorter copy still for in-host runs, and a broken scenario for diagnostics.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertScenarioText } from '../../../cli/convert-command';
import { ROOT } from '../../helpers/paths';

export const QUICKSTART = 'quickstart.scenario.yaml';
export const SHORT = 'short.scenario.yaml';
export const BROKEN = 'broken.scenario.yaml';
export const STAGES = 'stages.scenario.yaml';
/** The short scenario as JSON, and a JSON scenario with a schema error and an undefined name. */
export const SHORT_JSON = 'short.scenario.json';
export const BROKEN_JSON = 'broken.scenario.json';

export function brokenJsonScenario(target: string): string {
  const scenario = {
    version: 1,
    name: 'Broken JSON',
    target,
    colour: 'blue',
    phases: [{ duration: '2s', users: 1 }],
    flows: [{ name: 'f', steps: [{ request: 'GET /collections?limit={{ pagesize }}' }] }],
  };
  return `${JSON.stringify(scenario, null, 2)}\n`;
}

/** Setup and teardown that think for 30 s each: a stop must cut the one, and a second stop the other. */
export function thinkingStagesScenario(target: string): string {
  return [
    'version: 1',
    'name: Stages',
    `target: ${target}`,
    'setup:',
    '  - request: GET /health',
    '  - think: 30s',
    'phases:',
    '  - duration: 2s',
    '    users: 1',
    'flows:',
    '  - name: ping',
    '    steps:',
    '      - request: GET /health',
    '      - think: 100ms',
    'teardown:',
    '  - request: GET /health',
    '  - think: 30s',
    '',
  ].join('\n');
}

/**
 * The broken scenario. Lines (1-based) matter to the tests:
 * 3 `target` (hover), 6 bad duration, 13 unknown key in a think step, 14 an empty step (completion
 * at column 9), 15 unknown top-level key.
 */
export function brokenScenario(target: string): string {
  return [
    'version: 1',
    'name: Broken',
    `target: ${target}`,
    'phases:',
    '  - name: steady',
    '    duration: 10 parsecs',
    '    users: 2',
    'flows:',
    '  - name: browse',
    '    steps:',
    '      - request: GET /health',
    '      - think: 1s',
    '        thinktime: 1s',
    '      - ',
    'colour: blue',
    '',
  ].join('\n');
}

export const BROKEN_LINES = { target: 3, duration: 6, completion: { line: 14, column: 9 } };
export const BROKEN_MESSAGES = {
  duration: '`10 parsecs` is not a duration',
  unknownTopLevel: 'unknown key `colour` at the top level',
};

/** samples/quickstart.scenario.yaml against `target`, with its phases set to `durations` and `users`. */
export function quickstartVariant(target: string, name: string, durations: [string, string, string], users: number): string {
  const text = readFileSync(join(ROOT, 'samples', 'quickstart.scenario.yaml'), 'utf8');
  let phase = 0;
  const out = text
    .replace(/^target: .*$/m, `target: ${target}`)
    .replace(/^name: .*$/m, `name: ${name}`)
    .replace(/^    duration: \d+s$/gm, () => `    duration: ${durations[phase++]}`)
    .replace(/users: \{ from: 0, to: 20 \}/, `users: { from: 0, to: ${users} }`)
    .replace(/^    users: 20 /m, `    users: ${users} `);
  if (phase !== 3) throw new Error(`quickstart.scenario.yaml changed: expected 3 phase durations, found ${phase}`);
  return out;
}

export interface Workspace {
  runDir: string;
  folder: string;
}

/** A fresh run folder (in TMPDIR: VS Code's socket paths must stay short) holding `workspace/`. */
export function makeWorkspace(label: string, target: string): Workspace {
  const runDir = mkdtempSync(join(tmpdir(), `stampede-e2e-${label}-`));
  const folder = join(runDir, 'workspace');
  mkdirSync(folder, { recursive: true });
  // The UI run is stopped from the panel long before it would end.
  writeFileSync(join(folder, QUICKSTART), quickstartVariant(target, 'Quickstart', ['3s', '30s', '2s'], 10));
  // In-host runs go to the end: a few seconds.
  writeFileSync(join(folder, SHORT), quickstartVariant(target, 'Short', ['1s', '2s', '1s'], 4));
  writeFileSync(join(folder, BROKEN), brokenScenario(target));
  writeFileSync(join(folder, STAGES), thinkingStagesScenario(target));
  const short = convertScenarioText(quickstartVariant(target, 'Short JSON', ['1s', '2s', '1s'], 4), 'json');
  if ('error' in short) throw new Error(short.error);
  writeFileSync(join(folder, SHORT_JSON), short.text);
  writeFileSync(join(folder, BROKEN_JSON), brokenJsonScenario(target));
  return { runDir, folder };
}

/** samples/gallery/ as it is, into `<folder>/gallery/` (a user's copy of the samples folder). */
export function copyGallery(folder: string): string {
  const to = join(folder, 'gallery');
  cpSync(join(ROOT, 'samples', 'gallery'), to, { recursive: true });
  return to;
}
