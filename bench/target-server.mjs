// The benchmark's target: a minimal node:http server answering every request with the same
// 100-byte body, so that the load generators, not the target, decide the cost per request.
//
//   node bench/target-server.mjs    prints "listening on http://127.0.0.1:PORT" (port 0: any free one)
//
// Forked with an IPC channel, it answers { type: 'cpu' } with its own CPU seconds so far, which
// lets the benchmark show how busy the target was without adding work to the request path.
import { createServer } from 'node:http';

const BODY = Buffer.from('x'.repeat(99) + '\n');
const HEADERS = { 'content-type': 'text/plain', 'content-length': String(BODY.length) };

const server = createServer((req, res) => {
  res.writeHead(200, HEADERS);
  res.end(BODY);
});
// Longer than any generator's idle pool, so no connection is reset mid-run.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
});

process.on('message', (message) => {
  if (message?.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send({ type: 'cpu', cpuSeconds: (user + system) / 1e6 });
  }
});
// Leave with the benchmark: when the parent goes, the IPC channel closes.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
