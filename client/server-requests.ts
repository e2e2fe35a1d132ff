// What the extension asks the language server about scenarios (server/protocol.ts): facts for Run
// and the Test Explorer, Validate's diagnostics, the template catalogue, the lines results go on.
// The extension host runs no analyser of its own; every caller waits here until the server is ready.
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { RequestType } from 'vscode-languageclient/node';
import {
  ResultAnchorsRequest,
  ScenarioFactsRequest,
  TemplatesRequest,
  ValidationRequest,
  type ResultAnchorsResult,
  type ScenarioFactsParams,
  type ScenarioFactsResult,
  type TemplatesParams,
  type TemplatesResult,
  type ValidationResult,
} from '../server/protocol';

/** The language server did not start (or stopped): scenarios cannot be checked. */
export class ServerUnavailable extends Error {
  constructor(reason?: string) {
    super(`the Stampede language server is not running${reason ? ` (${reason})` : ''}, so the scenario cannot be checked; see "Stampede: Show Engine Log"`);
  }
}

export class ServerRequests {
  private client: Promise<LanguageClient | undefined>;
  private settle!: (client: LanguageClient | undefined) => void;

  constructor() {
    this.client = new Promise((resolve) => (this.settle = resolve));
  }

  /** The language client once started, or undefined when it could not start. */
  ready(client: LanguageClient | undefined): void {
    this.settle(client);
    this.client = Promise.resolve(client);
  }

  /** Facts of `uri`: the editor's text when open, else the file on disk. */
  facts(uri: vscode.Uri, options: Omit<ScenarioFactsParams, 'uri'> = {}): Promise<ScenarioFactsResult> {
    return this.send(ScenarioFactsRequest, { ...options, uri: uri.toString() });
  }

  /** Exactly the diagnostics the server publishes for `uri` (the Problems view's). */
  validation(uri: vscode.Uri): Promise<ValidationResult> {
    return this.send(ValidationRequest, { uri: uri.toString() });
  }

  /** Where the steps, flows and criteria of `uri` are written now (results on the lines). */
  resultAnchors(uri: vscode.Uri): Promise<ResultAnchorsResult> {
    return this.send(ResultAnchorsRequest, { uri: uri.toString() });
  }

  templates(params: TemplatesParams): Promise<TemplatesResult> {
    return this.send(TemplatesRequest, params);
  }

  private async send<P, R>(type: RequestType<P, R, void>, params: P): Promise<R> {
    const client = await this.client;
    if (!client) throw new ServerUnavailable('it could not start');
    try {
      return await client.sendRequest(type, params);
    } catch (error) {
      throw client.isRunning() ? error : new ServerUnavailable((error as Error).message);
    }
  }
}
