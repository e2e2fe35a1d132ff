// Request bodies of the second edition through the real CLI against a recording server on
// 127.0.0.1: a multipart file from disk (its bytes, name and content type as sent), repeated
// form keys and query names from lists; a missing file is a diagnostic at its path.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli, writeScenario } from '../helpers/cli';
import { startEchoServer, type EchoServer } from '../helpers/echo-server';
import { runScenario } from '../helpers/report';

let server: EchoServer;
before(async () => {
  server = await startEchoServer();
});
after(() => server.close());

const flow = (steps: string): string => `version: 1
name: bodies
target: ${server.url}
phases:
  - users: 1
    iterations: 1
flows:
  - name: f
    steps:
${steps}`;

test('a multipart file from disk, form lists and query lists reach the wire as written', async () => {
  const { dir } = writeScenario('unused.scenario.yaml', '');
  const logo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 255]);
  writeFileSync(join(dir, 'logo.png'), logo);
  const { report } = await runScenario(
    flow(`      - request: POST /upload
        multipart:
          title: hello
          picture: { file: { path: ${join(dir, 'logo.png')} } }
          renamed: { file: { path: ${join(dir, 'logo.png')}, name: "avatar-{{ vu.id }}.png", contentType: image/x-test } }
      - request: POST /form?x=0
        form: { tag: [red, "blue {{ vu.id }}"], single: 1 }
        query: { id: [1, 2] }
`),
  );
  assert.equal(report.totals.errors, 0, JSON.stringify(report.steps.map((s) => s.sampleErrors)));
  const upload = server.received.find((r) => r.url === '/upload');
  assert.ok(upload);
  const body = upload.body;
  const at = body.indexOf(logo);
  assert.ok(at > 0, 'the file bytes are sent as they are');
  assert.ok(body.indexOf(logo, at + 1) > at, 'both parts carry the file');
  const text = body.toString('latin1');
  assert.match(text, /name="picture"; filename="logo\.png"\r\nContent-Type: image\/png\r\n/);
  assert.match(text, /name="renamed"; filename="avatar-1\.png"\r\nContent-Type: image\/x-test\r\n/);
  const form = server.received.find((r) => r.url.startsWith('/form'));
  assert.ok(form);
  assert.equal(form.body.toString(), 'tag=red&tag=blue+1&single=1');
  assert.equal(form.url, '/form?x=0&id=1&id=2');
});

test('a multipart path that does not exist is an error at the path, and nothing is sent', async () => {
  const { dir, file } = writeScenario('missing.scenario.yaml', '');
  writeFileSync(file, flow(`      - request: POST /upload
        multipart: { picture: { file: { path: ./nope.png } } }
`));
  const before = server.received.length;
  const result = await runCli(['validate', file], { cwd: dir });
  assert.equal(result.code, 2);
  assert.match(result.stdout, /:11:47: error: `\.\/nope\.png` does not exist \(paths are relative to the scenario file\)/);
  const run = await runCli(['run', file, '--quiet'], { cwd: dir });
  assert.equal(run.code, 2);
  assert.equal(server.received.length, before);
});
