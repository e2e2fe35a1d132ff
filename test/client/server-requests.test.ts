// client/server-requests.ts without VS Code: callers wait until the language client has started,
// send the declared method names, and get a plain-words error when there is no server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LanguageClient } from 'vscode-languageclient/node';
import type * as vscode from 'vscode';
import { ServerRequests, ServerUnavailable } from '../../client/server-requests';

const uri = { toString: () => 'file:///work/a.scenario.yaml' } as vscode.Uri;

function fakeClient(answer: (method: string, params: unknown) => unknown, running = true): { client: LanguageClient; sent: [string, unknown][] } {
  const sent: [string, unknown][] = [];
  const client = {
    isRunning: () => running,
    // The declared RequestTypes (server/protocol.ts): recorded by the method they put on the wire.
    sendRequest: async (type: { method: string }, params: unknown) => {
      const method = type.method;
      sent.push([method, params]);
      return answer(method, params);
    },
  } as unknown as LanguageClient;
  return { client, sent };
}

describe('ServerRequests', () => {
  it('waits for the language client, then sends the declared requests', async () => {
    const requests = new ServerRequests();
    const { client, sent } = fakeClient((method) => ({ method }));
    const pending = requests.facts(uri, { root: '/work', limits: { maxUsers: 10 } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(sent.length, 0, 'nothing is sent before the client is ready');
    requests.ready(client);
    assert.deepEqual(await pending, { method: 'stampede/scenarioFacts' });
    await requests.validation(uri);
    await requests.templates({ folder: '/work', galleryDir: '/ext/samples/gallery' });
    assert.deepEqual(sent, [
      ['stampede/scenarioFacts', { root: '/work', limits: { maxUsers: 10 }, uri: 'file:///work/a.scenario.yaml' }],
      ['stampede/validation', { uri: 'file:///work/a.scenario.yaml' }],
      ['stampede/templates', { folder: '/work', galleryDir: '/ext/samples/gallery' }],
    ]);
  });

  it('says the server is not running when it could not start, or stopped', async () => {
    const none = new ServerRequests();
    none.ready(undefined);
    await assert.rejects(none.validation(uri), (error: Error) => error instanceof ServerUnavailable && /could not start/.test(error.message));
    const stopped = new ServerRequests();
    stopped.ready(
      fakeClient(() => {
        throw new Error('Client is not running');
      }, false).client,
    );
    await assert.rejects(stopped.facts(uri), (error: Error) => error instanceof ServerUnavailable && /not running/.test(error.message));
  });

  it('passes a server error on as it is while the server runs', async () => {
    const requests = new ServerRequests();
    requests.ready(
      fakeClient(() => {
        throw new Error('boom');
      }).client,
    );
    await assert.rejects(requests.facts(uri), (error: Error) => !(error instanceof ServerUnavailable) && error.message === 'boom');
  });
});
