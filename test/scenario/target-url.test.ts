// `validate` said ok to what cannot work (issue 12): a WebSocket address as `target` is an error
// that points at the `ws` step; credentials in a URL are basic auth, a hint that shows how to keep
// the password out of the file. As the editor reports them, and as the CLI prints them.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runCli, writeScenario } from '../helpers/cli';
import { MINIMAL, assertAt, printed, sole } from './helpers';

const target = (url: string) => MINIMAL.replace('target: http://127.0.0.1:4100', `target: ${url}`);

describe('target', () => {
  it('ws:// and wss:// are errors that name the http(s) target and the ws step', () => {
    const ws = sole(target('ws://127.0.0.1:4100/live'));
    assert.equal(ws.code, 'bad-target');
    assert.equal(ws.severity, 'error');
    assertAt(ws, 3, 9, 'ws://127.0.0.1:4100/live');
    assert.match(ws.message, /write `target: http:\/\/127\.0\.0\.1:4100` and open the WebSocket with a `ws` step, `- ws: \/live`/);
    assert.match(sole(target('wss://example.test')).message, /`target: https:\/\/example\.test`.*`wss:\/\/` with an https target/);
  });
  it('any other scheme, or none, is an error too; a template is left to the run', () => {
    assert.match(sole(target('localhost:4100')).message, /starting with `http:\/\/` or `https:\/\/`/);
    assert.deepEqual(printed(target('"{{ env.TARGET }}"')), []);
    assert.deepEqual(printed(target('https://{{ env.HOST }}/api')), []);
    assert.deepEqual(printed(target('ws://127.0.0.1:4100'), { target: 'http://127.0.0.1:4100' }), []);
  });
  it('credentials in a URL: a hint, not an error, at the credentials', () => {
    const text = target('http://ada:s3cret@127.0.0.1:4100').replace('GET /', 'GET https://bob:{{ env.BOB_PASSWORD }}@127.0.0.1:4100/');
    assert.deepEqual(printed(text), []);
    const hints = printed(text, { hints: true }).filter((d) => d.code === 'hint-url-credentials');
    assert.deepEqual(hints.map((d) => [d.line, d.col, d.text, d.severity]), [[3, 16, 'ada:s3cret@', 'information'], [10, 30, 'bob:{{ env.BOB_PASSWORD }}@', 'information']]);
    assert.match(hints[0].message, /^`ada:…@` is sent as HTTP basic auth; to keep the password out of the file, drop it from the URL and add `auth: \{ user: ada, password: "\{\{ env\.PASSWORD \}\}" \}` to each request$/);
    assert.doesNotMatch(hints[0].message, /s3cret/);
    assert.match(hints[1].message, /sent as HTTP basic auth/);
  });
  it('stampede validate prints them at their place, and fails only on the error', async () => {
    const ws = writeScenario('ws.scenario.yaml', target('ws://127.0.0.1:4100'));
    const creds = writeScenario('creds.scenario.yaml', target('http://ada:s3cret@127.0.0.1:4100'));
    try {
      const failed = await runCli(['validate', 'ws.scenario.yaml'], { cwd: ws.dir });
      assert.equal(failed.code, 2, failed.stderr);
      assert.match(failed.stdout, /^ws\.scenario\.yaml:3:9: error: `target` is the HTTP base URL, not a WebSocket address/m);
      const passed = await runCli(['validate', 'creds.scenario.yaml'], { cwd: creds.dir });
      assert.equal(passed.code, 0, passed.stdout);
      assert.match(passed.stdout, /^creds\.scenario\.yaml:3:16: hint: `ada:…@` is sent as HTTP basic auth/m);
    } finally {
      rmSync(ws.dir, { recursive: true, force: true });
      rmSync(creds.dir, { recursive: true, force: true });
    }
  });
});
