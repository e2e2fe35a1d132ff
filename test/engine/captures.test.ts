// Captures, expectations and checks of the second edition end to end, through the real CLI
// against a server on 127.0.0.1 whose log shows what later requests sent: `cookies.NAME`, every
// Set-Cookie whole, a `[*]` list, a regex from the body and from a header, a variable holding a
// template that keeps one value through an iteration (a login and the check after it agree);
// `expect` headers/json/matches failing a request, `check:` counted without failing it.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { serveDuringTests } from '../helpers/local-server';
import { runScenario } from '../helpers/report';

const seen: { url: string; headers: Record<string, string | string[] | undefined> }[] = [];
const server = createServer((req, res) => {
  seen.push({ url: req.url ?? '', headers: req.headers });
  req.resume();
  req.on('end', () => {
    if (req.url?.startsWith('/login')) {
      res.writeHead(200, {
        'content-type': 'text/html',
        'set-cookie': ['sid=s-42; Path=/; HttpOnly', 'pref=compact; Path=/; Max-Age=60'],
        'x-rate': 'limit=100, remaining=99',
      });
      res.end('<form><input name="csrf" value="tok-777"></form>');
      return;
    }
    if (req.url?.startsWith('/profile')) {
      res.writeHead(200, { 'content-type': 'application/json', 'x-api': 'v2; build=17' });
      res.end(JSON.stringify({ user: { name: 'ann', id: 7 }, items: [{ id: 1 }, { id: 2 }] }));
      return;
    }
    if (req.url?.startsWith('/items')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: [{ id: 3 }, { id: 5 }, { note: 'no id' }, { id: 8 }] }));
      return;
    }
    res.writeHead(200);
    res.end('ok');
  });
});
const local = serveDuringTests(server);

test('cookies.NAME, Set-Cookie whole, [*] lists and regex captures reach later requests', async () => {
  const { report, result } = await runScenario(
    `version: 1
name: captures
target: ${local.origin}
variables:
  pin: "{{ random.int(1, 1000000000) }}"
phases:
  - duration: 1s
    users: 1
flows:
  - name: f
    steps:
      - request: GET /login?pin={{ pin }}
        capture:
          sid: cookies.sid
          cookies: headers.set-cookie
          csrf: { regex: 'name="csrf" value="([^"]+)"' }
          remaining: { regex: 'remaining=(\\d+)', from: headers.x-rate }
      - request: GET /items
        capture: { ids: "body.items[*].id" }
      - request: GET /use
        query: { sid: "{{ sid }}", csrf: "{{ csrf }}", remaining: "{{ remaining }}", ids: "{{ ids }}", pin: "{{ pin }}" }
        headers: { x-cookies: "{{ cookies }}" }
      - think: 200ms
`,
  );
  assert.equal(report.totals.errors, 0, `${JSON.stringify(report.steps.map((s) => s.sampleErrors))}\n${result.stderr}`);
  const uses = seen.filter((s) => s.url.startsWith('/use'));
  const logins = seen.filter((s) => s.url.startsWith('/login'));
  assert.ok(uses.length > 0);
  for (const [i, use] of uses.entries()) {
    const query = new URL(use.url, local.origin).searchParams;
    assert.equal(query.get('sid'), 's-42');
    assert.equal(query.get('csrf'), 'tok-777');
    assert.equal(query.get('remaining'), '99');
    assert.equal(query.get('ids'), '[3,5,8]');
    assert.equal(use.headers['x-cookies'], 'sid=s-42; Path=/; HttpOnly, pref=compact; Path=/; Max-Age=60');
    // The variable holding a template: one value per iteration, the same at login and after it.
    assert.equal(query.get('pin'), new URL(logins[i].url, local.origin).searchParams.get('pin'));
    // And the jar sent both cookies back.
    assert.match(String(use.headers.cookie), /sid=s-42/);
    assert.match(String(use.headers.cookie), /pref=compact/);
  }
  const pins = new Set(logins.map((l) => new URL(l.url, local.origin).searchParams.get('pin')));
  if (logins.length >= 3) assert.ok(pins.size > 1, 'each iteration draws the template again');
});

test('expect headers, json and matches fail a request when they do not hold; check: counts without failing', async () => {
  const { report } = await runScenario(
    `version: 1
name: expectations
target: ${local.origin}
variables: { uid: 7 }
phases:
  - duration: 1s
    users: 1
flows:
  - name: f
    steps:
      - request: GET /profile
        name: holds
        expect:
          headers: { x-api: v2 }
          json: { user.id: "{{ uid }}", "items[*].id": [1, 2], user: { name: ann, id: 7 } }
          matches: '"name":\\s*"ann"'
        check:
          status: 201
          json: { user.name: ann }
          matches: nope
      - request: GET /profile
        name: fails
        expect:
          json: { user.name: bob }
      - think: 100ms
`,
  );
  const holds = report.steps.find((s) => s.name === 'holds');
  const fails = report.steps.find((s) => s.name === 'fails');
  assert.ok(holds && fails);
  assert.equal(holds.errors, 0, JSON.stringify(holds.sampleErrors));
  // Each response: 1 of its 3 checks passed, 2 failed; none of it failed the request.
  assert.deepEqual(holds.checks, { passed: holds.requests, failed: 2 * holds.requests });
  assert.equal(fails.errors, fails.requests);
  assert.deepEqual(fails.sampleErrors.map((e) => e.message), ['json user.name is "ann" (expected "bob")']);
  assert.equal(fails.errorKinds.expectation, fails.requests);
});
