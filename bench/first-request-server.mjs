// The target of "start to first request": a tiny node:http server (pinned to core 1 by the
// bench) that notes process.hrtime.bigint() when the first request after an `arm` arrives and
// reports it over IPC. hrtime is CLOCK_MONOTONIC, shared by every process on the machine, so the
// bench subtracts the hrtime it took just before spawning the generator.
//
//   forked or spawned with an IPC channel; prints "listening on http://127.0.0.1:PORT"
//   { type: 'arm' }  → { type: 'armed' }; the next request → { type: 'first', ns: '<bigint>' }
import { createServer } from 'node:http';

const BODY = Buffer.from('first\n');
const HEADERS = { 'content-type': 'text/plain', 'content-length': String(BODY.length) };
let armed = false;

const server = createServer((req, res) => {
  if (armed) {
    const ns = process.hrtime.bigint();
    armed = false;
    process.send?.({ type: 'first', ns: ns.toString(), method: req.method, url: req.url });
  }
  res.writeHead(200, HEADERS);
  res.end(BODY);
});
server.keepAliveTimeout = 65_000;

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});

process.on('message', (message) => {
  if (message?.type === 'arm') {
    armed = true;
    process.send({ type: 'armed' });
  }
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
