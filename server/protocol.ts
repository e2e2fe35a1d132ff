// The requests the extension sends the language server beyond LSP, declared once for both sides
// as typed RequestTypes (as vscode-eslint and rust-analyzer do): the sender and the handler are
// checked against the same params and result. client/ imports this file, so it holds only these
// declarations: it must not pull the scenario model (yaml, ajv, the rules) into dist/client.js.
import { RequestType } from 'vscode-languageserver-protocol';
import type { Diagnostic, Range } from 'vscode-languageserver-protocol';
import type { ScenarioAnchors } from '../scenario/result-anchors';
import type { Phase } from '../scenario/types';


export interface ScenarioFactsParams {
  /** A `file:` URI. */
  uri: string;
  /** The folder data files must stay inside (the workspace folder), as for a run. */
  root?: string;
  /** The safety ceiling on users and rate (`stampede.maxUsers`, `stampede.maxRate`). */
  limits?: { maxUsers?: number; maxRate?: number };
}

/** A phase of the normalised scenario (scenario/types.ts). */
export type PhaseFacts = Phase;

/** The normalised scenario in brief; present only when it has no error. */
export interface ScenarioSummary {
  name: string;
  description?: string;
  /** The `target` as written (templates unresolved). */
  target?: string;
  phases: PhaseFacts[];
  flows: { name: string; weight: number; steps: number }[];
  /** The phases' total duration. */
  durationMs: number;
}

export interface ScenarioFactsResult {
  uri: string;
  /** The open document's version the facts are of; null when read from disk. */
  version: number | null;
  /** False when the document is not open and the file cannot be read (then everything is empty). */
  readable: boolean;
  /** The `name:` as written, when it is a string. */
  name: string | null;
  /** Each criterion as written and where. */
  criteria: { expr: string; range: Range }[];
  /** Hosts the scenario would reach, templates resolved from its variables and the server's environment. */
  hosts: string[];
  /** Those of `hosts` that are not loopback (a run against them asks first). */
  remoteHosts: string[];
  /** Error-severity diagnostics, ceiling and data-file checks included. */
  errors: number;
  scenario: ScenarioSummary | null;
}


export interface ValidationParams {
  uri: string;
}

export interface ValidationResult {
  uri: string;
  /** The open document's version the diagnostics are of; null when read from disk. */
  version: number | null;
  readable: boolean;
  diagnostics: Diagnostic[];
}


export interface ResultAnchorsParams {
  uri: string;
}

export type { ResultAnchor } from '../scenario/result-anchors';

/** Steps (with their tests' and captures' keys), flows and criteria with their lines (0-based). */
export interface ResultAnchorsResult extends ScenarioAnchors {
  uri: string;
  /** The open document's version the lines are of; null when read from disk. */
  version: number | null;
}


export interface TemplatesParams {
  /** The workspace folder (its `.stampede/templates/`), or any folder. */
  folder: string;
  /** The built-in gallery (the extension's `samples/gallery`). */
  galleryDir: string;
}

export interface TemplateInfo {
  name: string;
  source: 'built-in' | 'user';
  /** Absolute path of the template file. */
  file: string;
  /** One line: the template's description (or name). */
  summary: string;
}

export interface TemplatesResult {
  templates: TemplateInfo[];
}

/**
 * What Run and the Test Explorer need to know about a scenario without running it. The server
 * analyses the editor's text when the document is open there, else the file on disk.
 */
export const ScenarioFactsRequest = new RequestType<ScenarioFactsParams, ScenarioFactsResult, void>('stampede/scenarioFacts');

/**
 * Validate: exactly the diagnostics the server publishes for this document (the same function
 * on the same text and settings), so Validate and the Problems view agree by construction. For a
 * document that is not open, those it would publish if it were opened now.
 */
export const ValidationRequest = new RequestType<ValidationParams, ValidationResult, void>('stampede/validation');

/**
 * Results on the scenario's lines: where each step, flow and criterion is written in the current
 * text, so results of a run made from an older version land on the lines their names are on now.
 */
export const ResultAnchorsRequest = new RequestType<ResultAnchorsParams, ResultAnchorsResult, void>('stampede/resultAnchors');

/** "New Scenario from Template": the built-in gallery and the workspace's own templates. */
export const TemplatesRequest = new RequestType<TemplatesParams, TemplatesResult, void>('stampede/templates');
