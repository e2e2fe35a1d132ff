// Stock nginx as the truth section's target: one worker, no master, in the foreground, from a
// config written into a temp dir (pid, error log and temp paths there too), on 127.0.0.1 at a
// free port, answering every request with a fixed 40-byte text body from `return 200`. Pinned to
// core 1 (see children.mjs `pinned`), so the generators on core 0 never share its core.
//
//   const nginx = await startNginx();  …  await nginx.stop();
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pinned, root, track } from './children.mjs';

/** 40 bytes with the newline. */
export const NGINX_BODY = 'stampede truth bench: stock nginx body.\n';

/** Where Debian puts nginx; PATH otherwise. */
export function nginxBinary() {
  for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']) {
    if (existsSync(candidate)) return candidate;
  }
  const found = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

/** A port that was free a moment ago: listen on 0 with node:net, read it, close. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function config(dir, port) {
  return `# Written by bench/lib/nginx.mjs for one bench run.
worker_processes 1;
master_process off;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events {
  worker_connections 4096;
}
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 100000000;
  keepalive_timeout 120s;
  default_type text/plain;
  server {
    listen 127.0.0.1:${port};
    location / {
      return 200 "${NGINX_BODY.replace('\n', '\\n')}";
    }
  }
}
`;
}

/** One GET; resolves the status code, or null when nothing answered within 500 ms. */
function probe(url) {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: 500 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts nginx and waits until it answers 200 (at most 10 s). A port taken between the probe
 * and nginx's bind (EADDRINUSE in its error log) is retried on another one, up to 5 times.
 * Returns { url, pid, stop() }.
 */
export async function startNginx({ core = 1 } = {}) {
  const binary = nginxBinary();
  if (!binary) throw new Error('nginx is not installed (scripts/ensure-bench-tools.sh installs it)');
  const dir = mkdtempSync(join(tmpdir(), 'stampede-nginx-'));
  let lastError = '';
  for (let attempt = 1; attempt <= 5; attempt++) {
    const port = await freePort();
    const conf = join(dir, 'nginx.conf');
    writeFileSync(conf, config(dir, port));
    // -e: the error log nginx opens before it has read the config (Debian's default is stderr).
    const [cmd, args] = pinned(core, binary, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')]);
    const child = track(spawn(cmd, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] }));
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    let exited = false;
    child.once('exit', () => (exited = true));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 10_000;
    while (!exited && Date.now() < deadline) {
      if ((await probe(`${url}/`)) === 200) {
        const stop = () => stopNginx(child, dir);
        return { url, pid: child.pid, stop };
      }
      await sleep(50);
    }
    const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
    lastError = `${stderr}${log}`.trim();
    if (!exited) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    if (!/Address already in use|EADDRINUSE|bind\(\)/i.test(lastError)) break;
    rmSync(join(dir, 'error.log'), { force: true });
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`nginx did not start: ${lastError || 'no answer within 10 s'}`);
}

/** SIGQUIT (graceful), SIGKILL after 2 s, then the temp dir goes. */
async function stopNginx(child, dir) {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGQUIT');
    const force = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(force);
  }
  rmSync(dir, { recursive: true, force: true });
}
