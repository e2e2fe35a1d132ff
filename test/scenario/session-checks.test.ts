// The checks of the second edition's sessions and expectations, as the CLI prints them: `tls`
// files (relative to the scenario, PEM), `cert` without `key`, `insecure: true` against a host
// that is not loopback, `expect.json` / `check.json` paths and `matches` regexes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FIXTURES, MINIMAL, analyze, assertAt, fixed, only, printed, readFileOrUndefined, type AnalyzeOptions } from './helpers';

const FILE: AnalyzeOptions = { file: join(FIXTURES, 'sessions.scenario.yaml'), readFile: readFileOrUndefined };

/** MINIMAL with `defaults` (indented lines), a target, and `step` after its request. */
function scenario(defaults: string, step = '', target = 'http://127.0.0.1:4100'): string {
  return MINIMAL.replace('target: http://127.0.0.1:4100', `target: ${target}\ndefaults:\n${defaults}`).replace('      - request: GET /\n', `      - request: GET /a\n${step}`);
}

describe('tls files', () => {
  it('reads ca, cert and key relative to the scenario', () => {
    const text = scenario('  tls: { ca: ../tls/ca.pem, cert: ../tls/client-cert.pem, key: ../tls/client-key.pem }', '        tls: { ca: "../tls/client-ca.pem" }\n');
    assert.deepEqual(printed(text, FILE), []);
  });

  it('reports a file that does not exist, with the path it looked at', () => {
    const d = only(scenario('  tls: { ca: certs/ca.pem }'), 'tls-file-missing', FILE);
    assertAt(d, 5, 14, 'certs/ca.pem');
    assert.match(d.message, /`certs\/ca.pem` does not exist or cannot be read \(`.*test\/fixtures\/scenarios\/certs\/ca.pem`; paths are relative to the scenario file\)/);
    const own = only(scenario('  timeout: 5s', '        tls: { cert: ../tls/client-cert.pem, key: nokey.pem }\n'), 'tls-file-missing', FILE);
    assertAt(own, 13, 51, 'nokey.pem');
  });

  it('warns of a file that is not PEM of the right kind', () => {
    const d = only(scenario('  tls: { ca: users.csv }'), 'tls-file-not-pem', FILE);
    assert.equal(d.severity, 'warning');
    assert.equal(d.text, 'users.csv');
    const key = printed(scenario('  tls: { cert: ../tls/client-cert.pem, key: ../tls/client-cert.pem }'), FILE).filter((p) => p.code === 'tls-file-not-pem');
    assert.deepEqual(key.map((p) => p.text), ['../tls/client-cert.pem']);
    assert.match(key[0].message, /does not hold a PEM private key/);
  });

  it('checks nothing without the scenario\'s path', () => {
    assert.deepEqual(printed(scenario('  tls: { ca: certs/ca.pem }')), []);
  });

  it('says in plain words that cert and key go together', () => {
    const d = only(scenario('  tls: { cert: ../tls/client-cert.pem }'), 'missing-key', FILE);
    assertAt(d, 5, 10, 'cert');
    assert.equal(d.message, 'a client certificate takes `cert` and `key` together: this `tls` has `cert` but no `key`');
    assert.match(only(scenario('  tls: { key: ../tls/client-key.pem }'), 'missing-key').message, /has `key` but no `cert`/);
  });

  it('names the place of an unknown tls key, with did-you-mean', () => {
    const d = only(scenario('  tls: { insecur: true }'), 'unknown-key');
    assert.match(d.message, /^unknown key `insecur` in `tls`; did you mean `insecure`\?/);
  });
});

describe('tls.insecure against a host that is not loopback', () => {
  it('warns at the default against a remote target', () => {
    const d = only(scenario('  tls: { insecure: true }', '', 'https://shop.example.com'), 'tls-insecure-remote');
    assert.equal(d.severity, 'warning');
    assertAt(d, 5, 20, 'true');
    assert.match(d.message, /accepts any certificate from `shop.example.com`, which is not this machine/);
  });

  it('says nothing against loopback or a target known only at run time', () => {
    assert.deepEqual(printed(scenario('  tls: { insecure: true }', '', 'https://localhost:8443')), []);
    assert.deepEqual(printed(scenario('  tls: { insecure: true }', '', 'https://127.0.0.1:8443')), []);
    assert.deepEqual(printed(scenario('  tls: { insecure: true }', '', '"{{ env.TARGET }}"')), []);
  });

  it('reads each request\'s own URL and tls', () => {
    const remote = `      - request: GET https://api.example.com/x
        tls: { insecure: true }
      - ws: wss://live.example.com/feed
`;
    const found = printed(scenario('  tls: { insecure: true }', remote), { hints: false }).filter((d) => d.code === 'tls-insecure-remote');
    // The default reaches the ws step's host (the request to api.example.com has its own tls).
    assert.deepEqual(found.map((d) => [d.line, d.text]), [[5, 'true'], [14, 'true']]);
    assert.match(found[0].message, /from `live.example.com`,/);
    assert.match(found[1].message, /from `api.example.com`,/);
  });
});

describe('expect and check', () => {
  const step = (tests: string) => `        expect: ${tests}\n        check: ${tests}\n`;

  it('accepts the contract\'s paths and regexes', () => {
    const text = scenario('  timeout: 5s', step(`{ json: { user.id: 1, "items[*].id": [1, 2], "[0].name": a }, matches: '"token":\\s*"\\w+"', headers: { content-type: json } }`));
    assert.deepEqual(printed(text), []);
  });

  it('reports a json path that is not a path, in expect and in check', () => {
    const found = printed(scenario('  timeout: 5s', step('{ json: { "items[x": 1, user..id: 2 } }'))).filter((d) => d.code === 'bad-json-path');
    assert.deepEqual(found.map((d) => [d.line, d.col, d.text]), [[13, 27, '"items[x"'], [13, 41, 'user..id'], [14, 26, '"items[x"'], [14, 40, 'user..id']]);
    assert.match(found[0].message, /is not a path into a JSON body: keys joined by `.`/);
  });

  it('warns of a path written with body. and drops it as a fix', () => {
    const text = scenario('  timeout: 5s', '        expect: { json: { "body.user.id": 1 } }\n');
    const d = only(text, 'bad-json-path');
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /paths start inside the body: `body.user.id` looks for a key `body` in it; write `user.id`/);
    assert.match(fixed(text, 'bad-json-path'), /json: \{ "user.id": 1 \}/);
  });

  it('reports a regex that does not compile, saying why', () => {
    const found = printed(scenario('  timeout: 5s', step(`{ matches: '"id":\\s*(\\d+' }`))).filter((d) => d.code === 'bad-regex');
    assert.deepEqual(found.map((d) => [d.line, d.col]), [[13, 28], [14, 27]]);
    assert.equal(found[0].message, '`expect.matches` is not a regular expression: unterminated group');
    assert.match(found[1].message, /^`check.matches`/);
    assert.ok(!analyze(scenario('  timeout: 5s', step("{ matches: '(' }"))).scenario);
  });

  it('names the place of an unknown check key', () => {
    assert.match(only(scenario('  timeout: 5s', '        check: { statu: 200 }\n'), 'unknown-key').message, /^unknown key `statu` in `check`; did you mean `status`\?/);
  });
});
