// `stampede import` of OpenAPI 3.0 and 3.1 documents written by others — OAI's own examples and
// Discord's 242-operation API — through the real CLI: each scenario validates, every body it
// sends is valid against the document's schema, path parameters are captured from the answers
// that created them, what cannot be translated is listed, credentials are asked for from `env`,
// and both Petstore scenarios run against a stand-in server (test/helpers/petstore-server.ts),
// petstore-expanded's with the created pet's id reused by the GET and the DELETE.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import { runCli } from '../helpers/cli';
import { assertListed, assertNoSecrets, importFile, requestSteps, type ImportedScenario, type StepShape } from '../helpers/imported';
import { ROOT } from '../helpers/paths';
import { startPetstore } from '../helpers/petstore-server';
import { readValidReport } from '../helpers/report';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'import', 'openapi');
const fixture = (name: string): string => join(FIXTURES, name);

type Json = Record<string, unknown>;

/** Every operation of the document by the step name the importer gives it (operationId, else `METHOD path`). */
async function operationsOf(file: string): Promise<{ doc: Json; byName: Map<string, Json> }> {
  const doc = (await SwaggerParser.dereference(file, { resolve: { http: false }, dereference: { circular: 'ignore' } })) as unknown as Json;
  const byName = new Map<string, Json>();
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']) {
      const op = item[method] as Json | undefined;
      if (op) byName.set((op.operationId as string | undefined) ?? `${method.toUpperCase()} ${path}`, op);
    }
  }
  return { doc, byName };
}

/** Checks each JSON body the scenario sends against its operation's schema, with ajv. */
async function assertBodiesValid(file: string, imported: ImportedScenario): Promise<number> {
  const { doc, byName } = await operationsOf(file);
  const options = { strict: false, validateFormats: false, validateSchema: false, code: { optimize: false } } as const;
  const ajv = /^3\.1/.test(doc.openapi as string) ? new Ajv2020(options) : new Ajv(options);
  // The components once, under an id of their own; a `$ref` left in a schema is pointed there
  // (compiling them into each of Discord's schemas took most of this test's time).
  ajv.addSchema({ $id: 'doc', components: doc.components });
  let checked = 0;
  const unreadable: string[] = [];
  for (const step of imported.data.flows.flatMap((f) => requestSteps(f.steps))) {
    if (step.json === undefined) continue;
    const op = byName.get(step.name as string);
    assert.ok(op, `no operation named ${String(step.name)}`);
    const content = (op.requestBody as Json).content as Record<string, Json>;
    const schema = Object.entries(content).find(([type]) => /json/.test(type))![1].schema as Json;
    let validate: ReturnType<typeof ajv.compile>;
    try {
      const text = JSON.stringify(schema);
      validate = ajv.compile(text.includes('"$ref"') ? JSON.parse(text.replaceAll('"$ref":"#/components/', '"$ref":"doc#/components/')) : schema);
    } catch (error) {
      // A schema that is not valid JSON Schema itself (Discord has an `enum: []`) judges nothing.
      unreadable.push(`${String(step.name)}: ${(error as Error).message}`);
      continue;
    }
    // Credentials were replaced by templates: a template stands for whatever string the user sets.
    assert.ok(validate(step.json), `${String(step.name)}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(step.json)}`);
    checked++;
  }
  assert.ok(unreadable.length <= 2, `schemas ajv cannot read:\n${unreadable.join('\n')}`);
  return checked;
}

/** One user, one iteration of the scenario against the stand-in at `basePath`: passes with no error; returns what the stand-in logged. */
async function runOnPetstore(imported: ImportedScenario, basePath: string): Promise<string[]> {
  const petstore = await startPetstore();
  try {
    const out = mkdtempSync(join(tmpdir(), 'stampede-petstore-'));
    const result = await runCli(['run', imported.file, '--target', `${petstore.origin}${basePath}`, '--var', 'users=1', '--iterations', '1', '--out', out, '--quiet']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(readValidReport(out).totals.errors, 0);
    return petstore.log;
  } finally {
    await petstore.close();
  }
}

function operationCount(doc: Json): number {
  return Object.values(doc.paths as Record<string, Json>).reduce((n, item) => n + ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].filter((m) => item[m]).length, 0);
}

describe('stampede import: OpenAPI 3', () => {
  it('petstore-expanded: create, list, read and delete, the created id captured and reused', async () => {
    const imported = await importFile(fixture('petstore-expanded.yaml'));
    const [flow] = imported.data.flows;
    const steps = requestSteps(flow.steps);
    assert.deepEqual(steps.map((s) => s.request), ['POST /pets', 'GET /pets', 'GET /pets/{{ petId }}', 'DELETE /pets/{{ petId }}']);
    assert.deepEqual(steps[0].capture, { petId: 'body.id' });
    assert.deepEqual(steps.map((s) => s.expect?.status), [200, 200, 200, 204]);
    assert.equal(imported.data.target, 'https://petstore.swagger.io/v2');
    assert.equal(await assertBodiesValid(fixture('petstore-expanded.yaml'), imported), 1);

    assert.deepEqual(await runOnPetstore(imported, '/v2'), ['POST /v2/pets 200', 'GET /v2/pets 200', 'GET /v2/pets/1001 200', 'DELETE /v2/pets/1001 204']);
  });

  it('petstore: an id the create does not answer is read from the list before it (its first item)', async () => {
    const imported = await importFile(fixture('petstore.yaml'));
    assert.deepEqual(imported.data.flows.map((f) => f.name), ['pets']);
    const steps = requestSteps(imported.data.flows[0].steps);
    assert.deepEqual(steps.map((s) => s.request), ['POST /pets', 'GET /pets', 'GET /pets/{{ petId }}']);
    // POST /pets answers 201 with no body; GET /pets answers an array of Pets.
    assert.deepEqual(steps.map((s) => s.capture), [undefined, { petId: 'body[0].id' }, undefined]);
    assert.equal(imported.data.variables?.petId, undefined);
    assert.match(imported.text, /# {3}- captured petId: body\[0\]\.id of listPets \(the first listed\)/);
    assert.equal(await assertBodiesValid(fixture('petstore.yaml'), imported), 1);
  });

  it('petstore: runs against the stand-in, each request answered with its documented status', async () => {
    const imported = await importFile(fixture('petstore.yaml'));
    const steps = requestSteps(imported.data.flows[0].steps);
    assert.deepEqual(steps.map((s) => s.expect?.status), [201, 200, 200]);
    // The POST creates the one pet the list then shows; the read asks for that one.
    const created = String((steps[0].json as Json).id);
    assert.deepEqual(await runOnPetstore(imported, '/v1'), ['POST /v1/pets 201', 'GET /v1/pets 200', `GET /v1/pets/${created} 200`]);
  });

  it("OAI's other examples import and validate, with what they cannot translate listed", async () => {
    for (const name of ['api-with-examples.yaml', 'callback-example.yaml', 'link-example.yaml', 'uspto.yaml', 'non-oauth-scopes.json']) {
      const imported = await importFile(fixture(name));
      const { doc } = await operationsOf(fixture(name));
      const steps = imported.data.flows.flatMap((f) => requestSteps(f.steps));
      assert.equal(steps.length, operationCount(doc), `${name}: one step per operation`);
      await assertBodiesValid(fixture(name), imported);
      if (name === 'callback-example.yaml') assertListed(imported, /callback onData of POST \/streams/);
      if (name === 'uspto.yaml') {
        assert.equal(imported.data.target, 'https://developer.uspto.gov/ds-api', 'server variables at their defaults');
        assert.deepEqual(imported.data.flows.map((f) => f.name), ['metadata', 'search']);
      }
      if (name === 'non-oauth-scopes.json') {
        assert.match(imported.text, /authorization: Bearer \{\{ env\.BEARER_AUTH \}\}/);
        assert.match(imported.result.stderr, /set BEARER_AUTH: the bearer token of the bearerAuth security scheme/);
      }
    }
  });

  it('a document with only webhooks is refused, naming them', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'stampede-import-')), 'x.scenario.yaml');
    const result = await runCli(['import', fixture('webhook-example.yaml'), '--out', out]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /no operation a scenario can send \(webhook newPet: the API calls the client there/);
  });

  it("Discord's API (OpenAPI 3.1, 242 operations) imports, validates, and captures ids it creates", { timeout: 120_000 }, async () => {
    const imported = await importFile(fixture('discord.json'));
    const steps = imported.data.flows.flatMap((f) => requestSteps(f.steps));
    assert.equal(steps.length, 242);
    const captured = steps.filter((s) => s.capture).length;
    assert.ok(captured >= 10, `${captured} steps capture an id`);
    assert.ok(steps.some((s) => /\{\{ (channelId|guildId|webhookId) \}\}/.test(s.request ?? '')));
    assert.ok((await assertBodiesValid(fixture('discord.json'), imported)) > 50);
    assert.match(imported.result.stderr, /set BOT_TOKEN: the API key of the BotToken security scheme \(header Authorization\)/);
    // An id neither a create nor a list of its collection gives is a variable the user is asked to set.
    assertListed(imported, /variable ruleId: a path parameter no earlier answer gives \(get_auto_moderation_rule, update_auto_moderation_rule, delete_auto_moderation_rule\); set it with --var ruleId=/);
    assert.ok(imported.data.variables && 'ruleId' in imported.data.variables);
  });

  it('credentials planted in a document (examples of keys, passwords, tokens) never reach the scenario', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stampede-openapi-'));
    const file = join(dir, 'planted.yaml');
    writeFileSync(file, PLANTED);
    const imported = await importFile(file);
    const step = requestSteps(imported.data.flows[0].steps)[0] as StepShape & { json: Json; query: Json };
    assert.deepEqual(step.json, { username: 'ada', password: '{{ env.PASSWORD }}' });
    assert.equal(step.query.api_key, '{{ env.API_KEY }}');
    assertNoSecrets(imported, ['planted-password-7f3a', 'planted-key-19bd', 'planted-header-55ce']);
  });

  it('follows $refs to files beside the document, and never fetches one over http', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stampede-openapi-'));
    mkdirSync(join(dir, 'schemas'));
    writeFileSync(join(dir, 'schemas', 'pet.yaml'), 'type: object\nrequired: [name]\nproperties:\n  id: { type: integer, readOnly: true }\n  name: { type: string, minLength: 3 }\n');
    writeFileSync(join(dir, 'split.yaml'), SPLIT.replace(/REF/g, './schemas/pet.yaml'));
    const imported = await importFile(join(dir, 'split.yaml'));
    const steps = requestSteps(imported.data.flows[0].steps);
    assert.deepEqual(steps.map((s) => s.request), ['POST /pets', 'GET /pets/{{ petId }}']);
    assert.deepEqual(steps[0].json, { name: 'example' });

    writeFileSync(join(dir, 'remote.yaml'), SPLIT.replace(/REF/g, 'http://127.0.0.1:9/pet.yaml'));
    const refused = await runCli(['import', join(dir, 'remote.yaml'), '--out', join(dir, 'remote.scenario.yaml')]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /a reference to an http\(s\) URL is never fetched/);
  });
});

const SPLIT = `openapi: 3.0.3
info: { title: Split, version: '1' }
servers: [{ url: 'http://127.0.0.1:9' }]
paths:
  /pets:
    post:
      operationId: addPet
      requestBody: { content: { application/json: { schema: { $ref: 'REF' } } } }
      responses: { '201': { description: ok, content: { application/json: { schema: { $ref: 'REF' } } } } }
  /pets/{petId}:
    get:
      operationId: getPet
      parameters: [{ name: petId, in: path, required: true, schema: { type: integer } }]
      responses: { '200': { description: ok } }
`;

const PLANTED = `openapi: 3.0.3
info: { title: Planted, version: '1' }
servers: [{ url: 'http://127.0.0.1:9/api' }]
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-API-Key }
security: [{ key: [] }]
paths:
  /login:
    post:
      operationId: login
      parameters:
        - { name: api_key, in: query, required: true, schema: { type: string }, example: planted-key-19bd }
        - { name: X-Auth-Token, in: header, required: true, schema: { type: string }, example: planted-header-55ce }
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [username, password]
              properties: { username: { type: string }, password: { type: string } }
            example: { username: ada, password: planted-password-7f3a }
      responses: { '200': { description: ok } }
`;
