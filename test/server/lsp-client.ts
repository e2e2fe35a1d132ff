// A minimal LSP client over stdio for the tests and nothing else: Content-Length framed JSON-RPC,
// requests matched to responses by id, notifications kept until awaited.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, ROOT } from '../helpers/paths';

interface Message {
  jsonrpc: '2.0';
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

export class LspClient {
  readonly child: ChildProcess;
  stderr = '';
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly notifications: Message[] = [];
  private readonly waiters: { method: string; test: (params: unknown) => boolean; resolve: (params: unknown) => void }[] = [];
  /** Bytes on stdout that were not part of a framed message (there must be none). */
  stray = '';

  constructor(command: string, args: string[], cwd?: string) {
    this.child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
  }

  /** dist/server.js as the extension starts it, initialized with `folder` as the workspace. */
  static async serving(folder: string): Promise<LspClient> {
    const client = new LspClient(process.execPath, [join(ROOT, 'dist/server.js'), '--stdio'], ROOT);
    await client.request('initialize', { processId: process.pid, rootUri: pathToFileURL(folder).href, capabilities: {} });
    client.notify('initialized', {});
    return client;
  }

  /** `stampede lsp --stdio` (the built CLI) in the repository, initialized. */
  static async started(): Promise<LspClient> {
    const client = new LspClient(process.execPath, [CLI, 'lsp', '--stdio'], ROOT);
    await client.request('initialize', { processId: process.pid, rootUri: pathToFileURL(ROOT).href, capabilities: {} });
    client.notify('initialized', {});
    return client;
  }

  /** Opens a YAML document; resolves with its first published diagnostics. */
  open<T>(uri: string, text: string): Promise<T> {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    return this.waitFor<T>('textDocument/publishDiagnostics', (p) => (p as { uri: string }).uri === uri);
  }

  request<T>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** The next notification `method` whose params pass `test` (also one that already arrived). */
  waitFor<T>(method: string, test: (params: T) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
    const index = this.notifications.findIndex((m) => m.method === method && test(m.params as T));
    if (index >= 0) return Promise.resolve(this.notifications.splice(index, 1)[0].params as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({
        method,
        test: test as (params: unknown) => boolean,
        resolve: (params) => {
          clearTimeout(timer);
          resolve(params as T);
        },
      });
    });
  }

  exited(): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) resolve(this.child.exitCode);
      else this.child.on('exit', (code) => resolve(code));
    });
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin?.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin?.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = /Content-Length: (\d+)/i.exec(header);
      if (!length) {
        this.stray += header;
        this.buffer = this.buffer.subarray(headerEnd + 4);
        continue;
      }
      const total = headerEnd + 4 + Number(length[1]);
      if (this.buffer.length < total) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, total).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(total);
      this.dispatch(message);
    }
  }

  private dispatch(message: Message): void {
    if (message.id !== undefined && message.method === undefined) {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) pending?.reject(new Error(message.error.message));
      else pending?.resolve(message.result);
      return;
    }
    if (message.id !== undefined && message.method) {
      // A request from the server (e.g. workspace/configuration): answer with nothing.
      this.send({ jsonrpc: '2.0', id: message.id, result: null });
      return;
    }
    const waiter = this.waiters.find((w) => w.method === message.method && w.test(message.params));
    if (waiter) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(message.params);
    } else {
      this.notifications.push(message);
    }
  }
}
