// WebSocket sessions (contract, second edition: "WebSocket") through the real CLI against a
// `ws` server on 127.0.0.1: the URL joined to an http target as ws://, headers and cookies on
// the handshake, `send` in order (text with templates, a mapping as JSON), messages counted
// both ways as the server counted them, `until.messages`, `expect.contains`, and a refused
// upgrade reported with its status.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { after, before, test } from 'node:test';
import { WebSocketServer } from 'ws';
import { listenLocal, type LocalServer } from '../helpers/local-server';
import { runScenario } from '../helpers/report';

const received: string[] = [];
const handshakes: IncomingMessage[] = [];
let sentByServer = 0;
const http = createServer((req, res) => {
  res.writeHead(200, { 'set-cookie': 'sid=ws-1; Path=/' });
  res.end('ok');
});
const wss = new WebSocketServer({ noServer: true });
http.on('upgrade', (req, socket, head) => {
  if (req.url?.startsWith('/forbidden')) {
    socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  handshakes.push(req);
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('message', (data) => {
      received.push(data.toString());
      // Three messages back for each one received.
      for (let i = 0; i < 3; i++) {
        sentByServer++;
        ws.send(`order ${i} for ${data.toString()}`);
      }
    });
  });
});
let local: LocalServer;
let origin = '';
before(async () => {
  local = await listenLocal(http);
  origin = local.origin;
});
after(async () => {
  for (const client of wss.clients) client.terminate();
  await local.close();
});

test('a ws step sends in order, counts messages both ways as the server did, and ends on until', async () => {
  const { report, result } = await runScenario(
    `version: 1
name: websocket
target: ${origin}
phases:
  - users: 2
    iterations: 2
flows:
  - name: live
    steps:
      - request: GET /login
      - ws: /live?channel=orders
        headers: { x-user: "u{{ vu.id }}" }
        send: [ "hello {{ vu.id }}", { subscribe: orders, user: "{{ vu.id }}" } ]
        until: { messages: 6, timeout: 5s }
        expect: { contains: "order 2" }
`,
  );
  const step = report.steps.find((s) => s.kind === 'ws');
  assert.ok(step, JSON.stringify(report.steps.map((s) => s.name)));
  assert.equal(step.name, 'WS /live?channel=orders');
  assert.equal(step.errors, 0, `${JSON.stringify(step.sampleErrors)}\n${result.stderr}`);
  assert.equal(step.requests, 4);
  assert.equal(step.sent, received.length);
  assert.equal(step.sent, 8);
  // Each session ended at its sixth message; the server may have sent a few more meanwhile.
  assert.equal(step.events, 4 * 6);
  assert.ok(sentByServer >= step.events);
  assert.ok(received.includes('hello 1') && received.includes('{"subscribe":"orders","user":"2"}'), received.join(' | '));
  assert.equal(handshakes.length, 4);
  for (const req of handshakes) {
    assert.match(String(req.headers['x-user']), /^u[12]$/);
    assert.equal(req.headers.cookie, 'sid=ws-1', 'the jar goes with the handshake');
  }
  assert.ok(step.timeToFirstEvent && step.timeToFirstEvent.p50 > 0);
  assert.equal(result.code, 0, result.stderr);
});

test('a refused upgrade is an error with its status; an unmet expect.contains fails the session', async () => {
  const session = (name: string, step: string): string => `version: 1
name: ${name}
target: ${origin}
phases:
  - users: 1
    iterations: 1
flows:
  - name: live
    steps:
${step}`;
  const { report } = await runScenario(session('websocket failures', `      - ws: /live
        name: quiet
        send: [ ping ]
        until: { messages: 3, timeout: 2s }
        expect: { contains: "never sent" }
`));
  const quiet = report.steps.find((s) => s.name === 'quiet');
  assert.ok(quiet);
  assert.deepEqual(quiet.sampleErrors.map((e) => e.message), ['no message contained "never sent"']);
  const forbidden = await runScenario(session('forbidden', `      - ws: ${origin.replace('http', 'ws')}/forbidden
        name: refused
`));
  const refused = forbidden.report.steps.find((s) => s.name === 'refused');
  assert.ok(refused);
  assert.equal(refused.errors, 1);
  assert.deepEqual(refused.statusCodes, { 403: 1 });
  assert.match(refused.sampleErrors[0]?.message ?? '', /status 403/);
});
