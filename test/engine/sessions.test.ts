// Sessions end to end (contract, second edition: "Sessions"): cookies, redirects, basic auth,
// TLS options and HTTP/2, each run through the real CLI against servers on 127.0.0.1 whose own
// log is compared with the report: cookies sent back, redirect hops counted as requests,
// credentials received, the client certificate seen, HTTP/2 negotiated.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import type { Server } from 'node:net';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import type { Report } from '../../report/types';
import { listenLocal, type LocalServer } from '../helpers/local-server';
import { ROOT } from '../helpers/paths';
import { runScenario } from '../helpers/report';

const TLS = join(ROOT, 'test', 'fixtures', 'tls');
const pem = (name: string): string => readFileSync(join(TLS, name), 'utf8');

interface Seen {
  method: string;
  url: string;
  cookie?: string;
  authorization?: string;
  httpVersion: string;
  clientCert?: string;
}

/** Answers a session's routes and logs every request it receives. */
function routes(seen: Seen[]) {
  return (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse): void => {
    const socket = req.socket as TLSSocket;
    const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      cookie: req.headers.cookie === undefined ? undefined : String(req.headers.cookie),
      authorization: req.headers.authorization,
      httpVersion: req.httpVersion,
      clientCert: peer && 'subject' in peer && peer.subject ? String(peer.subject.CN) : undefined,
    });
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, headers: Record<string, string | string[]>, body = ''): void => {
      res.writeHead(status, headers);
      res.end(body);
    };
    req.resume();
    req.on('end', () => {
      if (url.pathname === '/login') return send(302, { location: '/home', 'set-cookie': ['sid=abc123; Path=/; HttpOnly', 'theme=dark; Path=/home'] });
      if (url.pathname === '/home') return send(String(req.headers.cookie ?? '').includes('sid=abc123') ? 200 : 401, {}, 'home');
      if (url.pathname === '/events') return send(200, { 'content-type': 'text/event-stream' }, 'data: one\n\n');
      if (url.pathname === '/events-setting') return send(200, { 'content-type': 'text/event-stream', 'set-cookie': 'stream=s1; Path=/' }, 'data: one\n\n');
      const chain = /^\/chain\/(\d+)$/.exec(url.pathname);
      if (chain) {
        const left = Number(chain[1]);
        const status = [200, 307, 302, 301][left] ?? 308;
        return left === 0 ? send(200, {}, 'end of chain') : send(status, { location: `/chain/${left - 1}` });
      }
      if (url.pathname === '/basic') {
        const expected = `Basic ${Buffer.from('ann:s3cret:with colon').toString('base64')}`;
        return send(req.headers.authorization === expected ? 200 : 401, {});
      }
      return send(200, {}, 'ok');
    });
  };
}

interface Recording extends LocalServer {
  seen: Seen[];
}

async function listen(server: Server, scheme: 'http' | 'https', seen: Seen[]): Promise<Recording> {
  return { ...(await listenLocal(server as unknown as HttpServer, scheme)), seen };
}

async function run(yaml: string): Promise<{ report: Report; stderr: string; code: number | null }> {
  const { report, result } = await runScenario(yaml);
  return { report, stderr: result.stderr, code: result.code };
}

/** One user, a fixed number of iterations by a short phase and a think: small, bounded traffic. */
const phases = `phases:
  - duration: 1s
    users: 1
`;

describe('sessions through the real CLI', () => {
  const plainSeen: Seen[] = [];
  let plain: Recording;
  before(async () => {
    plain = await listen(createHttpServer(routes(plainSeen)), 'http', plainSeen);
  });
  after(async () => plain.close());

  it('keeps cookies per user and follows redirects, each hop one request as the server counted', async () => {
    plainSeen.length = 0;
    const { report } = await run(`version: 1
name: cookies and redirects
target: ${plain.origin}
${phases}flows:
  - name: login
    steps:
      - request: POST /login
        json: { user: ann }
      - request: GET /chain/3
      - think: 100ms
`);
    const login = report.steps.find((s) => s.name === 'POST /login');
    const chain = report.steps.find((s) => s.name === 'GET /chain/3');
    assert.ok(login && chain, JSON.stringify(report.steps.map((s) => s.name)));
    // Every request the server logged is one in the report, hops included.
    assert.equal(report.totals.requests, plainSeen.length);
    assert.equal(login.requests, plainSeen.filter((s) => s.url === '/login' || s.url === '/home').length);
    assert.equal(login.redirects, plainSeen.filter((s) => s.url === '/login').length, 'one hop per login');
    assert.equal(chain.redirects, 3 * plainSeen.filter((s) => s.url === '/chain/0').length, 'three hops per chain');
    assert.equal(login.errors, 0, JSON.stringify(login.sampleErrors));
    assert.equal(login.statusCodes['302'], login.redirects);
    assert.equal(chain.statusCodes['200'], plainSeen.filter((s) => s.url === '/chain/0').length);
    // 302 turned the POST into a GET; the cookie the login set went back on the hop and later.
    const homes = plainSeen.filter((s) => s.url === '/home');
    assert.ok(homes.length > 0);
    for (const home of homes) {
      assert.equal(home.method, 'GET');
      assert.match(home.cookie ?? '', /sid=abc123/);
      assert.match(home.cookie ?? '', /theme=dark/, 'a Path=/home cookie is sent to /home');
    }
    for (const hop of plainSeen.filter((s) => s.url.startsWith('/chain/'))) {
      assert.match(hop.cookie ?? '', /sid=abc123/);
      assert.doesNotMatch(hop.cookie ?? '', /theme=dark/, 'a Path=/home cookie stays off /chain');
    }
  });

  it('sends the jar\'s cookies with an sse subscription, as a browser\'s EventSource does', async () => {
    plainSeen.length = 0;
    const { report } = await run(`version: 1
name: cookies on a stream
target: ${plain.origin}
${phases}flows:
  - name: live
    steps:
      - request: POST /login
      - sse: GET /events
        until: { events: 1, timeout: 1s }
      - think: 100ms
`);
    assert.equal(report.totals.errors, 0, JSON.stringify(report.steps.map((s) => s.sampleErrors)));
    const streams = plainSeen.filter((s) => s.url === '/events');
    assert.equal(streams.length, report.steps.find((s) => s.kind === 'sse')?.requests);
    for (const stream of streams) assert.equal(stream.cookie, 'sid=abc123');
  });

  it('keeps what an sse response sets in the jar, for the requests after it', async () => {
    plainSeen.length = 0;
    const { report } = await run(`version: 1
name: cookies from a stream
target: ${plain.origin}
${phases}flows:
  - name: live
    steps:
      - sse: GET /events-setting
        until: { events: 1, timeout: 1s }
      - request: GET /after
      - think: 100ms
`);
    assert.equal(report.totals.errors, 0, JSON.stringify(report.steps.map((s) => s.sampleErrors)));
    const after = plainSeen.filter((s) => s.url === '/after');
    assert.ok(after.length > 0);
    for (const request of after) assert.equal(request.cookie, 'stream=s1');
  });

  it('with redirects: 0 and cookies: false, sends the redirect back as the answer and keeps no cookie', async () => {
    plainSeen.length = 0;
    const { report } = await run(`version: 1
name: no session
target: ${plain.origin}
defaults: { cookies: false, redirects: 0 }
${phases}flows:
  - name: login
    steps:
      - request: POST /login
        expect: { status: 302 }
      - request: GET /home
        expect: { status: 401 }
        cookies: { flavour: "{{ vu.id }}-plain" }
      - think: 100ms
`);
    assert.equal(report.totals.requests, plainSeen.length);
    assert.equal(report.totals.errors, 0, JSON.stringify(report.steps.map((s) => s.sampleErrors)));
    assert.equal(report.steps.find((s) => s.name === 'POST /login')?.redirects, 0);
    for (const home of plainSeen.filter((s) => s.url === '/home')) assert.equal(home.cookie, 'flavour=1-plain');
  });

  it('sends basic auth from `auth:` and from credentials in the URL', async () => {
    plainSeen.length = 0;
    const origin = new URL(plain.origin);
    const { report } = await run(`version: 1
name: basic auth
target: http://ann:s3cret%3Awith%20colon@${origin.host}
variables: { password: "s3cret:with colon" }
${phases}flows:
  - name: auth
    steps:
      - request: GET /basic
        name: from the URL
      - request: GET /basic
        name: from auth
        auth: { user: ann, password: "{{ password }}" }
      - think: 100ms
`);
    assert.equal(report.totals.errors, 0, JSON.stringify(report.steps.map((s) => s.sampleErrors)));
    assert.ok(report.totals.requests >= 2);
    assert.equal(plainSeen.filter((s) => s.url === '/basic' && s.authorization?.startsWith('Basic ')).length, report.totals.requests);
  });

  it('trusts a CA file, presents a client certificate, and accepts any certificate with insecure', async () => {
    const seen: Seen[] = [];
    const server = await listen(
      createHttpsServer({ key: pem('server-key.pem'), cert: pem('server-cert.pem'), ca: pem('client-ca.pem'), requestCert: true, rejectUnauthorized: true }, routes(seen)),
      'https',
      seen,
    );
    try {
      const { report } = await run(
        `version: 1
name: client certificate
target: ${server.origin}
defaults:
  tls: { ca: ${join(TLS, 'ca.pem')}, cert: ${join(TLS, 'client-cert.pem')}, key: ${join(TLS, 'client-key.pem')} }
${phases}flows:
  - name: tls
    steps:
      - request: GET /hello
      - think: 100ms
`,
      );
      assert.equal(report.totals.errors, 0, JSON.stringify(report.steps.map((s) => s.sampleErrors)));
      assert.equal(report.totals.requests, seen.length);
      assert.ok(seen.length > 0 && seen.every((s) => s.clientCert === 'stampede-test-user'), JSON.stringify(seen.slice(0, 2)));

      // Without the client certificate the server refuses the handshake; that is the report's error.
      seen.length = 0;
      const refused = await run(
        `version: 1
name: no client certificate
target: ${server.origin}
defaults: { tls: { insecure: true } }
${phases}flows:
  - name: tls
    steps:
      - request: GET /hello
      - think: 100ms
`,
      );
      assert.equal(seen.length, 0);
      assert.ok(refused.report.totals.errors > 0);
      assert.equal(refused.report.totals.errors, refused.report.totals.requests);
    } finally {
      await server.close();
    }
  });

  it('negotiates HTTP/2 with http2: true, and stays on HTTP/1.1 without it', async () => {
    const seen: Seen[] = [];
    const server = await listen(createSecureServer({ key: pem('server-key.pem'), cert: pem('server-cert.pem'), allowHTTP1: true }, routes(seen)) as unknown as Server, 'https', seen);
    try {
      const yaml = (http2: boolean): string => `version: 1
name: http2
target: ${server.origin}
defaults: { tls: { insecure: true }, http2: ${http2} }
${phases}flows:
  - name: h2
    steps:
      - request: GET /hello
      - think: 100ms
`;
      const h2 = await run(yaml(true));
      assert.equal(h2.report.totals.errors, 0, JSON.stringify(h2.report.steps.map((s) => s.sampleErrors)));
      assert.equal(h2.report.totals.requests, seen.length);
      assert.ok(seen.length > 0 && seen.every((s) => s.httpVersion === '2.0'), JSON.stringify(seen.map((s) => s.httpVersion)));
      seen.length = 0;
      const h1 = await run(yaml(false));
      assert.equal(h1.report.totals.errors, 0);
      assert.ok(seen.length > 0 && seen.every((s) => s.httpVersion === '1.1'), JSON.stringify(seen.map((s) => s.httpVersion)));
    } finally {
      await server.close();
    }
  });
});
