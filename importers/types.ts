// What every importer (HAR, OpenAPI, Postman, .http, Artillery) makes and how it is called: one
// interface, one small module per format (`stampede import`, the editor's Import…). An importer
// only reads its input and builds the scenario's data; writing the YAML (comments, the
// untranslated list, the `env` notes) is write-scenario.ts's job, and checking that the result
// validates is the caller's.

export type ImportFormat = 'har' | 'openapi' | 'postman' | 'http' | 'artillery';

export const IMPORT_FORMATS: readonly ImportFormat[] = ['har', 'openapi', 'postman', 'http', 'artillery'];

export interface ImportInput {
  /** The file's text (HAR, OpenAPI and Postman are JSON or YAML; .http is text). */
  text: string;
  /** Its name or path, for detection by extension and for messages. */
  fileName: string;
  /**
   * Reads a file the input refers to, relative to the input's folder (an OpenAPI `$ref` to
   * another file, a REST Client `< ./body.json`); undefined when it cannot be read.
   */
  readRelative?(path: string): string | undefined;
  /**
   * The path by which the scenario being written reads a file the input refers to (relative to
   * the input's folder), so that it can use the file where it is instead of a copy; undefined
   * when it may not (outside the folder a scenario's data files must stay in) or cannot say.
   */
  scenarioPath?(path: string): string | undefined;
}

/**
 * The scenario as the plain data its YAML holds (SCENARIO-FORMAT.md): `version`, `name`,
 * `target`, `variables`, `defaults`, `phases`, `flows`, `setup`, `teardown`, `criteria`…, keys in
 * the order they should be written. Secrets never appear in it: where the input held one, the
 * value is a `{{ env.NAME }}` template and `env` says what NAME stands for.
 */
export type ScenarioData = Record<string, unknown>;

export interface Imported {
  scenario: ScenarioData;
  /** What was not translated, one line each (`request 14 GET https://cdn…/app.js: static asset, left out`). */
  untranslated: string[];
  /** Each `{{ env.NAME }}` the scenario uses, and what to set it to (`the bearer token of …`). */
  env: Record<string, string>;
  /** How values were carried over, one line each (`captured token: body.token of POST /login`). */
  notes?: string[];
  /** Files the scenario reads that the import writes beside it (an Artillery payload as a data set with its header row). */
  files?: CompanionFile[];
}

export interface CompanionFile {
  /** Relative to the scenario file. */
  path: string;
  text: string;
  /** What it holds, for the message that says it was written. */
  note: string;
}

export interface Importer {
  format: ImportFormat;
  /** A word for messages: `HAR 1.2`, `OpenAPI 3`, `Postman collection v2.1`, … */
  title: string;
  /** Does `input` look like this format? By content first; the extension only breaks ties. */
  detect(input: ImportInput): boolean;
  convert(input: ImportInput): Imported | Promise<Imported>;
}

/** An input this importer cannot translate at all (not the format, a version it does not read). */
export class ImportError extends Error {}
