// Runs autocannon once, in its own process, and prints one JSON line:
//   { requests, cpuSeconds, durationSeconds, rps, errors, non2xx }
// where cpuSeconds is this process's CPU (user + system) measured around the run only.
//
//   node bench/autocannon-runner.mjs URL [--connections 50] [--pipelining 1] [--duration 5]
import autocannon from 'autocannon';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const url = process.argv[2];
if (!url || !/^http:\/\/127\.0\.0\.1[:/]/.test(url)) {
  process.stderr.write('usage: node bench/autocannon-runner.mjs http://127.0.0.1:PORT/PATH [--connections N] [--pipelining N] [--duration S]\n');
  process.exit(2);
}

const before = process.cpuUsage();
const result = await autocannon({
  url,
  connections: option('connections', 50),
  pipelining: option('pipelining', 1),
  duration: option('duration', 5),
});
const cpu = process.cpuUsage(before);

const requests = result.requests.total;
process.stdout.write(
  `${JSON.stringify({
    requests,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    durationSeconds: result.duration,
    rps: requests / result.duration,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  })}\n`,
);
