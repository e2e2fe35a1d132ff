// The transport the extension uses: the built server forked with `--node-ipc`, messages over the
// IPC channel.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';
import { ROOT } from '../helpers/paths';

it('answers initialize over node IPC and exits on shutdown + exit', async () => {
  const child = fork(join(ROOT, 'dist/server.js'), ['--node-ipc'], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const messages: { id?: number; result?: { capabilities?: Record<string, unknown> } }[] = [];
  const next = (id: number) => new Promise<(typeof messages)[number]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no response ${id}`)), 10_000);
    const check = () => {
      const found = messages.find((m) => m.id === id);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      } else setTimeout(check, 10);
    };
    check();
  });
  child.on('message', (message) => messages.push(message as (typeof messages)[number]));
  child.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
  const init = await next(1);
  assert.ok(init.result?.capabilities?.hoverProvider);
  child.send({ jsonrpc: '2.0', id: 2, method: 'shutdown', params: null });
  await next(2);
  child.send({ jsonrpc: '2.0', method: 'exit', params: null });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.equal(code, 0);
});
