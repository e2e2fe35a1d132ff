// `stampede new` (the template catalogue: gallery and .stampede/templates/) and
// `stampede convert` (YAML <-> JSON with the same data), through the real CLI.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioFile } from '../../scenario/load';
import { runCli } from '../helpers/cli';
import { ROOT } from '../helpers/paths';

const GALLERY = join(ROOT, 'samples', 'gallery');
const galleryNames = readdirSync(GALLERY)
  .filter((name) => name.endsWith('.scenario.yaml'))
  .map((name) => name.replace(/\.scenario\.yaml$/, ''));

const USER_TEMPLATE = `# my team's smoke test
version: 1
name: Team smoke
description: Health check of the team's service, one user.
target: http://127.0.0.1:4100
phases:
  - duration: 5s
    users: 1
flows:
  - name: ping
    steps:
      - request: GET /health
`;

/** The scenario a file loads as, without the fields that name the file itself. */
function model(file: string): unknown {
  const { scenario, diagnostics } = loadScenarioFile(file);
  assert.ok(scenario, `${file}: ${JSON.stringify(diagnostics)}`);
  const { file: _file, ...rest } = scenario;
  const data = Object.fromEntries(Object.entries(rest.data).map(([name, set]) => [name, { ...set, file: set.file.replace(/^.*[\\/]/, '') }]));
  return { ...rest, data };
}

describe('stampede new', { timeout: 60_000 }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'stampede-new-'));
    mkdirSync(join(dir, '.stampede', 'templates'), { recursive: true });
    writeFileSync(join(dir, '.stampede', 'templates', 'team-smoke.scenario.yaml'), USER_TEMPLATE);
    writeFileSync(join(dir, '.stampede', 'templates', 'notes.txt'), 'not a template');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the built-in gallery and the folder\'s own templates, each with one line', async () => {
    const { code, stdout } = await runCli(['new'], { cwd: dir });
    assert.equal(code, 0);
    const [builtIn, user] = stdout.split(/\n\s*\n/);
    assert.match(builtIn, /^Built-in scenarios/);
    for (const name of galleryNames) assert.match(builtIn, new RegExp(`^  ${name} +\\S.+$`, 'm'), name);
    assert.equal(builtIn.split('\n').length - 1, galleryNames.length);
    assert.match(builtIn, /^ {2}realtime +Users subscribe to a shared channel/m);
    assert.match(user, /\.stampede\/templates/);
    assert.match(user, /^ {2}team-smoke +Health check of the team's service, one user\.$/m);
    assert.doesNotMatch(stdout, /notes/);
  });

  it('writes a template to NAME.scenario.yaml or a chosen file, and never over a file without --force', async () => {
    const first = await runCli(['new', 'database-crud'], { cwd: dir });
    assert.equal(first.code, 0, first.stderr);
    const written = join(dir, 'database-crud.scenario.yaml');
    assert.equal(readFileSync(written, 'utf8'), readFileSync(join(GALLERY, 'database-crud.scenario.yaml'), 'utf8'));

    writeFileSync(written, 'mine');
    const refused = await runCli(['new', 'database-crud'], { cwd: dir });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /already exists; add --force/);
    assert.equal(readFileSync(written, 'utf8'), 'mine', 'left alone');
    assert.equal((await runCli(['new', 'database-crud', '--force'], { cwd: dir })).code, 0);
    assert.notEqual(readFileSync(written, 'utf8'), 'mine');

    const user = await runCli(['new', 'team-smoke', 'smoke.scenario.yaml'], { cwd: dir });
    assert.equal(user.code, 0, user.stderr);
    assert.equal(readFileSync(join(dir, 'smoke.scenario.yaml'), 'utf8'), USER_TEMPLATE);
    const valid = await runCli(['validate', 'smoke.scenario.yaml', 'database-crud.scenario.yaml'], { cwd: dir });
    assert.equal(valid.code, 0, valid.stdout);

    const unknown = await runCli(['new', 'no-such-template'], { cwd: dir });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no template named "no-such-template"/);
  });
});

describe('stampede convert', { timeout: 60_000 }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'stampede-convert-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const sources = [...galleryNames.map((name) => join(GALLERY, `${name}.scenario.yaml`)), join(ROOT, 'samples', 'quickstart.scenario.yaml')];
  for (const source of sources) {
    const base = source.replace(/^.*[\\/]/, '').replace(/\.scenario\.yaml$/, '');
    it(`round-trips ${base} YAML -> JSON -> YAML with the same scenario`, async () => {
      const json = join(dir, `${base}.scenario.json`);
      const yaml = join(dir, `${base}.scenario.yaml`);
      const toJson = await runCli(['convert', source, '--to', 'json', '--out', json]);
      assert.equal(toJson.code, 0, toJson.stderr);
      assert.match(toJson.stderr, /comments are not data/);
      JSON.parse(readFileSync(json, 'utf8'));
      const toYaml = await runCli(['convert', json, '--out', yaml]); // --to from the extension
      assert.equal(toYaml.code, 0, toYaml.stderr);
      const original = model(source);
      assert.deepEqual(model(json), original, 'the JSON file loads as the same scenario');
      assert.deepEqual(model(yaml), original, 'and so does the YAML written back');
    });
  }

  it('prints to standard output without --out, and refuses what it cannot do', async () => {
    const printed = await runCli(['convert', join(ROOT, 'samples', 'quickstart.scenario.yaml'), '--to', 'json']);
    assert.equal(printed.code, 0);
    assert.equal(JSON.parse(printed.stdout).name, 'Quickstart');

    const noTo = await runCli(['convert', join(ROOT, 'samples', 'quickstart.scenario.yaml')]);
    assert.equal(noTo.code, 2);
    assert.match(noTo.stderr, /--to json or --to yaml/);
    assert.equal((await runCli(['convert', 'x.yaml', '--to', 'xml'])).code, 2);

    const broken = join(dir, 'broken.scenario.yaml');
    writeFileSync(broken, 'version: 1\nname: [unclosed\n');
    const bad = await runCli(['convert', broken, '--to', 'json']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not valid YAML or JSON/);

    const infinite = join(dir, 'inf.scenario.yaml');
    writeFileSync(infinite, 'version: 1\nvariables: { big: .inf }\n');
    const inf = await runCli(['convert', infinite, '--to', 'json']);
    assert.equal(inf.code, 2);
    assert.match(inf.stderr, /Infinity at variables\.big cannot be written as JSON/);

    const target = join(dir, 'exists.scenario.json');
    writeFileSync(target, '{}');
    const refused = await runCli(['convert', join(ROOT, 'samples', 'quickstart.scenario.yaml'), '--out', target]);
    assert.equal(refused.code, 2);
    assert.equal(readFileSync(target, 'utf8'), '{}');
    assert.equal((await runCli(['convert', join(ROOT, 'samples', 'quickstart.scenario.yaml'), '--out', target, '--force'])).code, 0);
  });
});
