// The target of "open model on a 20 ms endpoint": a node:http server (pinned to core 1 by the
// bench) that answers every request after 20 ms and counts request ARRIVALS per 100 ms window,
// the windows counted from its first request (process.hrtime.bigint()). An open-model generator
// at 1,000/s should put 100 arrivals in every window, whatever the answers' timing.
//
//   forked or spawned with an IPC channel; prints "listening on http://127.0.0.1:PORT"
//   { type: 'reset' } → { type: 'reset' }
//   { type: 'counts' } → { type: 'counts', windowMs, counts: [n, …], spanMs, total }
//     spanMs: first to last arrival; only windows ending before the last arrival are full.
import { createServer } from 'node:http';

const DELAY_MS = 20;
const WINDOW_NS = 100_000_000n;
const BODY = Buffer.from('slow\n');
const HEADERS = { 'content-type': 'text/plain', 'content-length': String(BODY.length) };

let first = null;
let last = null;
let counts = [];

const server = createServer((req, res) => {
  const now = process.hrtime.bigint();
  if (first === null) first = now;
  last = now;
  const index = Number((now - first) / WINDOW_NS);
  while (counts.length <= index) counts.push(0);
  counts[index]++;
  req.resume();
  setTimeout(() => {
    res.writeHead(200, HEADERS);
    res.end(BODY);
  }, DELAY_MS);
});
server.keepAliveTimeout = 65_000;

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});

process.on('message', (message) => {
  if (message?.type === 'reset') {
    first = null;
    last = null;
    counts = [];
    process.send({ type: 'reset' });
  } else if (message?.type === 'counts') {
    const spanMs = first === null ? 0 : Number(last - first) / 1e6;
    process.send({ type: 'counts', windowMs: Number(WINDOW_NS / 1_000_000n), counts, spanMs, total: counts.reduce((a, b) => a + b, 0) });
  }
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
