// `npm run demo`: starts the sample Collection Store on 127.0.0.1 (a free port), runs
// samples/quickstart.scenario.yaml against it with live progress, prints the summary and the
// report's path, then stops the server. Exits with the run's exit code.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const root = new URL('..', import.meta.url).pathname;

const server = spawn(process.execPath, ['samples/collection-store/server.js', '--port', '0'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve, reject) => {
  let seen = '';
  server.stdout.on('data', (chunk) => {
    seen += chunk;
    const match = /listening on (http:\/\/\S+)/.exec(seen);
    if (match) resolve(match[1]);
  });
  server.on('exit', (code) => reject(new Error(`the sample server exited (${code}) before it listened`)));
});
console.log(`Sample server: ${url}`);

const run = spawn(
  process.execPath,
  ['bin/stampede.js', 'run', 'samples/quickstart.scenario.yaml', '--target', url, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
// Ctrl+C reaches both children through the terminal; the CLI stops gracefully on its own.
process.on('SIGINT', () => {});
const [code] = await once(run, 'exit');
server.kill('SIGTERM');
await once(server, 'exit');
process.exit(code ?? 3);
