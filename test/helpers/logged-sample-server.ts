// The Collection Store with a log of every request it received (`METHOD /path?query`), in the
// order they arrived: what a test compares a report, or two runs, with.
import type { Server } from 'node:http';
import { startSampleServer, type SampleServer } from './sample-server';

export interface LoggedSampleServer extends SampleServer {
  log: string[];
}

export async function startLoggedSampleServer(): Promise<LoggedSampleServer> {
  const started = (await startSampleServer()) as SampleServer & { server: Server };
  const log: string[] = [];
  started.server.on('request', (request) => log.push(`${request.method} ${request.url}`));
  return Object.assign(started, { log });
}
