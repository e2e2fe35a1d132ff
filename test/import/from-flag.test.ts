// `stampede import --from FORMAT` through the real CLI: it reads a file that detection does not
// recognise (a .http file named .txt); an OpenAPI document minified with its keys sorted is
// detected all the same, with or without `--from`; a value
// that is no format is a usage error naming the ones there are, and a file that is not the format
// named is refused with the reason (and the format it looks like), with nothing written.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli';
import { importFile, requestSteps } from '../helpers/imported';
import { FIXTURES } from './import-fixture';

/** A fresh folder holding `fixture` (relative to test/fixtures/import/) under the name `as`. */
function copied(fixture: string, as: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-from-'));
  copyFileSync(join(FIXTURES, fixture), join(dir, as));
  return { dir, file: join(dir, as) };
}

/** Sorted keys at every level, as Go's encoding/json writes a map. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]));
}

/** Imports `file` with `--from` and asserts exit 2 with `reason`, and that nothing was written beside it. */
async function assertRefused(dir: string, file: string, from: string, reason: RegExp): Promise<string> {
  const before = readdirSync(dir);
  const out = join(dir, 'forced.scenario.yaml');
  const result = await runCli(['import', file, '--from', from, '--out', out]);
  assert.equal(result.code, 2, `--from ${from}: ${result.stderr}`);
  assert.match(result.stderr, reason);
  assert.ok(!existsSync(out), `--from ${from} wrote the scenario`);
  assert.deepEqual(readdirSync(dir), before, `--from ${from} wrote a file`);
  return result.stderr;
}

const NOT_DETECTED = /not a format stampede imports \(.*\); name one with --from har\|openapi\|postman\|http\|artillery/;

describe('stampede import --from', { timeout: 60_000 }, () => {
  it('reads a .http file named .txt, which detection does not recognise, as --from http says', async () => {
    // httpyac's cookies example has only relative request lines: nothing in it says `.http` but its name.
    const { dir, file } = copied('http/httpyac-cookies.http', 'cookies.txt');
    const detected = await runCli(['import', file, '--out', join(dir, 'detected.scenario.yaml')]);
    assert.equal(detected.code, 2, detected.stderr);
    assert.match(detected.stderr, NOT_DETECTED);

    const imported = await importFile(file, ['--from', 'http']);
    assert.deepEqual(
      requestSteps(imported.data.flows[0].steps).map((step) => step.request),
      ['GET /cookies/set?foo=bar', 'GET /cookies', 'GET /cookies', 'GET /cookies/delete?foo=bar', 'GET /cookies/delete?bar=foo'],
    );
    assert.match(imported.result.stderr, /set TARGET: the base URL the relative requests go to/);
  });

  it('reads a minified OpenAPI JSON whose `openapi` field comes late, detected or named by --from', async () => {
    // Keys sorted put `components` and `info` first; with a long description, `"openapi"` lies
    // far from the start of a one-line JSON document: detection reads JSON whole.
    const doc = parse(readFileSync(join(FIXTURES, 'openapi/petstore.yaml'), 'utf8')) as { info: Record<string, unknown> };
    doc.info.description = 'A sample API that uses a petstore as an example to demonstrate features of the OpenAPI 3.0 specification. '.repeat(20);
    const dir = mkdtempSync(join(tmpdir(), 'stampede-from-'));
    const file = join(dir, 'petstore.json');
    const text = JSON.stringify(sortedKeys(doc));
    assert.ok(text.indexOf('"openapi"') > 2000);
    writeFileSync(file, text);
    for (const args of [[], ['--from', 'openapi']]) {
      const imported = await importFile(file, args);
      assert.deepEqual(requestSteps(imported.data.flows[0].steps).map((step) => step.request), ['POST /pets', 'GET /pets', 'GET /pets/{{ petId }}']);
      assert.equal(imported.data.target, 'http://petstore.swagger.io/v1');
    }
  });

  it('refuses a value that is no format, naming the ones there are, and writes nothing', async () => {
    const { dir, file } = copied('openapi/petstore.yaml', 'petstore.yaml');
    const stderr = await assertRefused(dir, file, 'curl', /--from takes har\|openapi\|postman\|http\|artillery, got "curl"/);
    assert.doesNotMatch(stderr, /wrote /);
  });

  it('refuses a file that is not the format named, with the reason and the format it looks like, and writes nothing', async () => {
    const openapi = copied('openapi/petstore.yaml', 'petstore.yaml');
    const json = copied('openapi/non-oauth-scopes.json', 'api.json');
    const http = copied('http/rest-client-requests.http', 'requests.http');
    const postman = copied('postman/Conduit.postman_collection.json', 'conduit.json');
    const looksLike = (title: string, format: string): RegExp => new RegExp(`; it reads as ${title}: pass --from ${format}, or leave --from out to detect the format\\n`);

    assert.match(await assertRefused(openapi.dir, openapi.file, 'har', /petstore\.yaml: not a HAR file \(a JSON object with log\.entries\)/), looksLike('OpenAPI 3', 'openapi'));
    assert.match(await assertRefused(openapi.dir, openapi.file, 'http', /petstore\.yaml: no request line in this file/), looksLike('OpenAPI 3', 'openapi'));
    // A JSON document read as a .http file: its lines are no request lines (it was read as `GET /{`).
    assert.match(await assertRefused(json.dir, json.file, 'http', /api\.json: no request line in this file \(`METHOD URL`/), looksLike('OpenAPI 3', 'openapi'));
    assert.match(await assertRefused(json.dir, json.file, 'postman', /api\.json: not a Postman collection/), looksLike('OpenAPI 3', 'openapi'));
    assert.match(await assertRefused(postman.dir, postman.file, 'artillery', /conduit\.json: not an Artillery script \(no `scenarios` list\)/), looksLike('Postman collection v2\\.1', 'postman'));
    // The YAML parser's complaint in one line, not the text it quotes.
    const yaml = await assertRefused(http.dir, http.file, 'openapi', /requests\.http: not YAML or JSON: .* at line \d+, column \d+; it reads as/);
    assert.match(yaml, looksLike('HTTP file \\(REST Client / httpyac\\)', 'http'));
  });
});
