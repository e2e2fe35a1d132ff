// `stampede import` of a HAR recorded by Chromium itself (playwright-core's recordHar) while the
// Collection Store's notes app signs in with its form and keeps notes through the API: the
// committed recording, and a fresh one made live, import into a scenario that validates, holds
// none of the recording's secrets, lists what it left out, and runs against a fresh Collection
// Store with every request answered as in the recording, its own ids and session reused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { assertListed, assertNoSecrets, importFile, requestSteps, type ImportedScenario } from '../helpers/imported';
import { ROOT } from '../helpers/paths';
import { PLANTED_COOKIE, RECORDED_PASSWORD, recordNotesHar } from '../helpers/record-har';
import { readValidReport } from '../helpers/report';
import { startSampleServer, type SampleServer } from '../helpers/sample-server';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'import', 'har', 'notes-chromium.har');
const SECRETS_ENV = { PASSWORD: RECORDED_PASSWORD, COOKIE_REMEMBER_ME: PLANTED_COOKIE.value };

/** The values a recording must not pass on: the password, the planted cookie, every session id it was given. */
function recordedSecrets(harFile: string): string[] {
  const har = readFileSync(harFile, 'utf8');
  const sessions = [...har.matchAll(/sid=([0-9a-f]{16,})/g)].map((m) => m[1]);
  assert.ok(sessions.length > 0, 'the recording holds the session cookie');
  return [RECORDED_PASSWORD, PLANTED_COOKIE.value, ...new Set(sessions)];
}

function checkImported(imported: ImportedScenario, harFile: string): void {
  const { data } = imported;
  assert.equal(data.flows.length, 1, 'one page in the recording: one flow');
  const steps = requestSteps(data.flows[0].steps);
  const lines = steps.map((s) => s.request);
  // The sign-in form: its redirect is followed by the engine, so the 303's GET is not a step.
  const signIn = steps.find((s) => s.request === 'POST /auth/session')!;
  assert.deepEqual(signIn.form, { username: 'user7', password: '{{ env.PASSWORD }}' });
  assert.deepEqual(signIn.expect, { status: 200 });
  assert.ok(!lines.includes('GET /app/notes'), 'the followed redirect is not a step of its own');
  // No static asset, no third party.
  assert.ok(!lines.some((l) => /\.(css|js|svg)$|analytics/.test(l ?? '')), lines.join('\n'));
  // Correlation: the collection's id from its creation, each note's URL from its Location.
  const createCollection = steps.find((s) => s.request === 'POST /collections')!;
  assert.deepEqual(createCollection.capture, { collectionId: 'body.id' });
  assert.ok(lines.includes('GET /collections/{{ collectionId }}/records'));
  const creates = steps.filter((s) => s.request === 'POST /collections/{{ collectionId }}/records');
  assert.deepEqual(creates.map((s) => s.capture), [{ recordUrl: 'headers.location' }, { recordUrl2: 'headers.location' }]);
  for (const line of ['GET {{ recordUrl }}', 'GET {{ recordUrl2 }}', 'PUT {{ recordUrl }}', 'DELETE {{ recordUrl2 }}']) assert.ok(lines.includes(line), `${line} in\n${lines.join('\n')}`);
  // The planted cookie (set by no recorded answer) is asked for; the session cookie is the jar's.
  assert.deepEqual(steps[0].cookies, { remember_me: '{{ env.COOKIE_REMEMBER_ME }}' });
  assert.ok(steps.every((s) => !(s.cookies && 'sid' in (s.cookies as object))));
  assert.match(imported.text, /cookie sid: set by POST \/auth\/session; each virtual user's cookie jar keeps and sends it/);
  // The reading pause became a think step; small gaps did not.
  const thinks = data.flows[0].steps.flatMap((s) => (s.think ? [s] : (s.steps ?? []).filter((t) => t.think)));
  assert.ok(thinks.length >= 1 && thinks.length <= 3, JSON.stringify(thinks));
  assert.ok(steps.every((s) => s.expect?.status !== undefined));
  // Left out, and said so.
  assertListed(imported, /static asset left out: GET \/app\/app\.css \(stylesheet/);
  assertListed(imported, /static asset left out: GET \/app\/app\.js \(script\)/);
  assertListed(imported, /third-party host analytics\.test:\d+ left out: 1 request/);
  assert.match(imported.result.stderr, /set PASSWORD: /);
  assertNoSecrets(imported, recordedSecrets(harFile));
}

interface Logged {
  method: string;
  url: string;
  status: number;
  location?: string;
}

/** A fresh Collection Store whose ids are not the recording's (other users' data came first), logging every request. */
async function freshStore(): Promise<{ store: SampleServer; log: Logged[] }> {
  const store = await startSampleServer({ hashCost: 1000 });
  const log: Logged[] = [];
  const { server } = store as SampleServer & { server: Server };
  server.on('request', (req, res) => {
    // The store passes its headers to writeHead, where getHeader cannot see them: note Location there.
    let location: string | undefined;
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => typeof res;
    res.writeHead = ((status: number, headers?: Record<string, unknown>) => {
      if (typeof headers?.location === 'string') location = headers.location;
      return writeHead(status, headers);
    }) as typeof res.writeHead;
    res.on('finish', () => log.push({ method: req.method!, url: req.url!, status: res.statusCode, location }));
  });
  const { token } = (await (await fetch(`${store.url}/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'user1', password: 'secret' }) })).json()) as { token: string };
  const auth = { authorization: `Bearer ${token}` };
  for (let c = 0; c < 3; c++) {
    const { id } = (await (await fetch(`${store.url}/collections`, { method: 'POST', headers: auth, body: JSON.stringify({ name: `other ${c}` }) })).json()) as { id: number };
    for (let r = 0; r < 3; r++) await fetch(`${store.url}/collections/${id}/records`, { method: 'POST', headers: auth, body: '{"title":"other"}' });
  }
  log.length = 0;
  return { store, log };
}

async function runAgainstFreshStore(scenario: string): Promise<void> {
  const { store, log } = await freshStore();
  try {
    const out = mkdtempSync(join(tmpdir(), 'stampede-har-run-'));
    const result = await runCli(['run', scenario, '--target', store.url, '--var', 'users=1', '--iterations', '1', '--out', out, '--quiet'], { env: SECRETS_ENV });
    const report = readValidReport(out);
    assert.equal(result.code, 0, `${result.stdout}${result.stderr}`);
    assert.equal(report.totals.errors, 0, JSON.stringify(report.errors));
    for (const step of report.steps) {
      for (const code of Object.keys(step.statusCodes ?? {})) assert.ok(!['401', '403'].includes(code), `${step.name} was answered ${code}`);
    }

    // The server saw the recording's journey in order, with this run's own ids.
    const seen = log.map((l) => `${l.method} ${l.url}`);
    const created = log.find((l) => l.method === 'POST' && l.url === '/collections')!;
    assert.equal(created.status, 201);
    const collection = created.location!; // `/collections/4`: not the recording's 1
    assert.notEqual(collection, '/collections/1');
    const notes = log.filter((l) => l.method === 'POST' && l.url === `${collection}/records`).map((l) => l.location!);
    assert.equal(notes.length, 2, seen.join('\n'));
    assert.deepEqual(seen, [
      'GET /app',
      'POST /auth/session?next=%2Fapp%2Fnotes',
      'GET /app/notes',
      'GET /auth/session',
      'GET /collections',
      'POST /collections',
      `GET ${collection}/records?limit=20`,
      `POST ${collection}/records`,
      `GET ${notes[0]}`,
      `GET ${collection}/records?limit=20`,
      `POST ${collection}/records`,
      `GET ${notes[1]}`,
      `GET ${collection}/records?limit=20`,
      `PUT ${notes[0]}`,
      `GET ${collection}/records?limit=20`,
      `DELETE ${notes[1]}`,
      `GET ${collection}/records?limit=20`,
      'DELETE /auth/session',
      'GET /app',
    ]);
    assert.ok(log.every((l) => l.status < 400), JSON.stringify(log.filter((l) => l.status >= 400)));
  } finally {
    await store.close();
  }
}

describe('stampede import: a HAR recorded by Chromium', () => {
  it('imports the committed recording, correlated and without its secrets, and it runs against a fresh Collection Store', { timeout: 60_000 }, async () => {
    const imported = await importFile(FIXTURE);
    checkImported(imported, FIXTURE);
    await runAgainstFreshStore(imported.file);
  });

  it('records the notes app live with Chromium, and the import of that recording runs too', { timeout: 90_000 }, async () => {
    const store = await startSampleServer({ hashCost: 1000 });
    const har = join(mkdtempSync(join(tmpdir(), 'stampede-har-')), 'notes.har');
    try {
      await recordNotesHar(store.url, har);
    } finally {
      await store.close();
    }
    assert.ok(existsSync(har));
    // STAMPEDE_UPDATE_FIXTURES=1 makes this recording the committed one.
    if (process.env.STAMPEDE_UPDATE_FIXTURES === '1') copyFileSync(har, FIXTURE);
    const imported = await importFile(har);
    checkImported(imported, har);
    await runAgainstFreshStore(imported.file);
  });
});
