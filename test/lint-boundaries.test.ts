// The import boundaries of docs/ARCHITECTURE.md (eslint.config.mjs) bite: ESLint's Node API lints
// probe texts as if they were files of each room (nothing is written to disk), and every source
// file of the rooms falls under a boundary rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './helpers/paths';

// Loaded from node_modules at run time: ESLint finds its config and rules by dynamic import,
// which a bundle would break (like cli/lsp-command.ts loading dist/server.js).
const { ESLint } = require(join(ROOT, 'node_modules', 'eslint')) as typeof import('eslint');
const eslint = new ESLint({ cwd: ROOT });

const BOUNDARY_RULES = ['@typescript-eslint/no-restricted-imports', 'boundaries/no-restricted-dynamic-imports'];

/** The boundary messages ESLint gives `text` linted as the file `file` (root-relative). */
async function lint(file: string, text: string): Promise<{ errors: string[]; warnings: string[] }> {
  const [result] = await eslint.lintText(text, { filePath: join(ROOT, file) });
  assert.ok(result, `no result for ${file}`);
  const fatal = result.messages.filter((m) => m.fatal);
  assert.deepEqual(fatal, [], `${file} did not parse`);
  const describe = (m: { ruleId: string | null; message: string }) => `${m.ruleId}: ${m.message}`;
  return {
    errors: result.messages.filter((m) => m.severity === 2).map(describe),
    warnings: result.messages.filter((m) => m.severity === 1).map(describe),
  };
}

const forbidden = async (file: string, text: string, rule = '@typescript-eslint/no-restricted-imports') => {
  const { errors } = await lint(file, text);
  assert.equal(errors.length, 1, `${file}: expected one boundary error for ${JSON.stringify(text)}, got ${JSON.stringify(errors)}`);
  assert.ok(errors[0]!.startsWith(`${rule}:`), errors[0]);
};
const allowed = async (file: string, text: string) => {
  const { errors, warnings } = await lint(file, text);
  assert.deepEqual([...errors, ...warnings], [], `${file}: ${JSON.stringify(text)} should be allowed`);
};

test('report/ imports nothing outside itself', async () => {
  await forbidden('report/probe.ts', "import { run } from '../engine/runtime/run';\nexport { run };\n");
  await allowed('report/probe.ts', "import type { Report } from './types';\nexport type { Report };\n");
  await forbidden('report/probe.ts', "import '../scenario/types';\n");
  await forbidden('report/probe.ts', "import '../engine';\n");
  await forbidden('report/probe.ts', "export * from '../cli/args';\n");
  await forbidden('report/probe.ts', "import '../webview/protocol';\n");
  // A folder of report/ that shares a room's name is report/'s own.
  await allowed('report/probe.ts', "import './engine/x';\n");
  await allowed('report/sub/probe.ts', "import '../types';\n");
  await forbidden('report/sub/probe.ts', "import '../../engine/metrics/store';\n");
});

test('scenario/ imports schemas/ only', async () => {
  await allowed('scenario/probe.ts', "import schema from '../schemas/scenario.schema.json';\nexport { schema };\n");
  await allowed('scenario/rules/probe.ts', "import '../../schemas/scenario.schema.json';\nimport '../types';\n");
  await forbidden('scenario/probe.ts', "import '../report/types';\n");
  await forbidden('scenario/rules/probe.ts', "import '../../engine/runtime/run';\n");
  await forbidden('scenario/rules/probe.ts', "import '../../server/main';\n");
});

test('engine/ never imports cli/, client/, server/ or webview/, and its sub-rooms keep to their arrows', async () => {
  await allowed('engine/runtime/probe.ts', "import '../../scenario/load';\nimport '../../report/types';\nimport '../metrics/store';\nimport '../protocol/messages';\n");
  await forbidden('engine/runtime/probe.ts', "import '../../cli/main';\n");
  await forbidden('engine/runtime/probe.ts', "import '../../webview/protocol';\n");
  // engine/metrics: scenario/ for types only, report/, nothing else of the engine.
  await allowed('engine/metrics/probe.ts', "import type { Alert } from '../../scenario/types';\nimport '../../report/generator';\n");
  await forbidden('engine/metrics/probe.ts', "import { parse } from '../../scenario/parse';\nexport { parse };\n");
  await forbidden('engine/metrics/probe.ts', "import '../protocol/messages';\n");
  await forbidden('engine/metrics/probe.ts', "import '../../engine/runtime/run';\n");
  // engine/driver: engine/protocol, engine/metrics, report/.
  await allowed('engine/driver/probe.ts', "import '../protocol/messages';\nimport '../metrics/store';\nimport '../../report/types';\nimport './run-end';\n");
  await forbidden('engine/driver/probe.ts', "import '../runtime/run';\n");
  await forbidden('engine/driver/probe.ts', "import '../../engine/runtime/run';\n");
  await forbidden('engine/driver/probe.ts', "import '../../scenario/load';\n");
  // engine/protocol: types of report/ and of engine/metrics/partial.
  await allowed('engine/protocol/probe.ts', "import type { Report } from '../../report/types';\nimport type { PartialResult } from '../metrics/partial';\n");
  await forbidden('engine/protocol/probe.ts', "import { formatMs } from '../../report/format';\nexport { formatMs };\n");
  await forbidden('engine/protocol/probe.ts', "import type { X } from '../metrics/store';\nexport type { X };\n");
  // engine/boot, engine/bundle: nothing.
  await forbidden('engine/boot/probe.ts', "import '../runtime/run';\n");
  await forbidden('engine/bundle/probe.ts', "import '../../report/types';\n");
  // engine/http1: a transport: nothing of the engine's own, and engine/runtime uses it.
  await allowed('engine/http1/probe.ts', "import './types';\nimport 'http-parser-js';\n");
  await forbidden('engine/http1/probe.ts', "import '../metrics/store';\n");
  await allowed('engine/runtime/probe.ts', "import '../http1/connection';\n");
  // A file directly in engine/, or in an engine/ folder the table does not name: the engine-wide rule.
  await forbidden('engine/probe.ts', "import '../client/extension';\n");
  await allowed('engine/probe.ts', "import './runtime/run';\nimport '../report/types';\n");
  await forbidden('engine/new-room/probe.ts', "import '../../server/main';\n");
});

test('cli/, server/ and webview/ keep to their arrows; only client/ imports vscode; nothing imports client/', async () => {
  await allowed('cli/probe.ts', "import '../scenario/load';\nimport '../engine/driver/run-end';\nimport '../engine/protocol/messages';\nimport '../report/files/write';\nimport './args';\n");
  await forbidden('cli/probe.ts', "import '../engine/runtime/run';\n");
  await forbidden('cli/probe.ts', "import '../server/main';\n");
  await forbidden('cli/probe.ts', "import '../client/extension';\n");
  await allowed('server/features/hover/probe.ts', "import '../../../scenario/yaml-nav';\nimport '../../document-state';\n");
  await forbidden('server/features/hover/probe.ts', "import '../../../engine/runtime/run';\n");
  await forbidden('server/probe.ts', "import '../report/types';\n");
  await forbidden('server/probe.ts', "import '../webview/protocol';\n");
  await allowed('webview/probe.ts', "import type { EngineToClient } from '../engine/protocol/messages';\nimport '../report/format';\nimport './dom';\n");
  await forbidden('webview/probe.ts', "import { x } from '../engine/protocol/messages';\nexport { x };\n");
  await forbidden('webview/probe.ts', "import '../engine/driver/run-end';\n");
  await forbidden('webview/probe.ts', "import '../scenario/types';\n");
  await allowed('client/panel/probe.ts', "import * as vscode from 'vscode';\nimport '../../webview/protocol';\nimport '../../webview/shell';\nimport '../../engine/driver/run-end';\nimport '../runs/run-session';\nexport { vscode };\n");
  await forbidden('client/panel/probe.ts', "import '../../webview/app';\n");
  await forbidden('client/panel/probe.ts', "import '../../engine/metrics/store';\n");
  await forbidden('client/panel/probe.ts', "import '../../server/main';\n");
  for (const file of ['server/probe.ts', 'report/probe.ts', 'engine/driver/probe.ts', 'webview/probe.ts', 'cli/probe.ts', 'scenario/probe.ts']) {
    await forbidden(file, "import * as vscode from 'vscode';\nexport { vscode };\n");
  }
});

test('lib/ drives the engine as the CLI does, and never loads the load itself', async () => {
  await allowed('lib/probe.ts', "import '../scenario/load';\nimport '../engine/driver/engine-process';\nimport '../engine/protocol/messages';\nimport '../report/files/write';\nimport './builder';\n");
  const outside = ["import '../engine/runtime/run';\n", "import '../engine/metrics/store';\n", "import '../cli/args';\n", "import * as vscode from 'vscode';\nexport { vscode };\n"];
  for (const text of outside) await forbidden('lib/probe.ts', text);
  await forbidden('cli/probe.ts', "import '../lib/index';\n");
});

test('dynamic import(), require() and typeof import() are held to the same boundaries', async () => {
  const dynamic = 'boundaries/no-restricted-dynamic-imports';
  await forbidden('cli/probe.ts', "export const load = () => import('../client/extension');\n", dynamic);
  await allowed('cli/probe.ts', "export const load = () => import('../engine/driver/run-end');\n");
  await forbidden('report/probe.ts', "export const x = require('../engine/runtime/run');\n", dynamic);
  await forbidden('server/probe.ts', "export const v = require('vscode');\n", dynamic);
  await allowed('webview/probe.ts', "export type M = typeof import('../engine/protocol/messages');\n");
  await forbidden('webview/probe.ts', "export type M = typeof import('../engine/driver/run-end');\n", dynamic);
});

test('the imports that broke the table when it was written are errors now that the code was moved', async () => {
  // The driver took engineEnvironment from engine/runtime; the server read schemas/ directly.
  await forbidden('engine/driver/engine-process.ts', "import { extraCa } from '../runtime/extra-ca';\nexport { extraCa };\n");
  await forbidden('server/schema/schema-nav.ts', "import schemaJson from '../../schemas/scenario.schema.json';\nexport { schemaJson };\n");
  await allowed('engine/driver/engine-process.ts', "import { EXTRA_CA_VARIABLE } from '../protocol/environment';\nexport { EXTRA_CA_VARIABLE };\n");
  await allowed('server/schema/schema-nav.ts', "import { scenarioSchema } from '../../scenario/schema-check';\nexport { scenarioSchema };\n");
});

test('every source file of the rooms is under the boundary rules', async () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.[cm]?tsx?$/.test(entry.name)) files.push(path);
    }
  };
  for (const room of ['scenario', 'report', 'engine', 'importers', 'cli', 'lib', 'server', 'client', 'webview']) walk(join(ROOT, room));
  assert.ok(files.length > 100, `only ${files.length} files found`);
  for (const file of files) {
    assert.equal(await eslint.isPathIgnored(file), false, `${relative(ROOT, file)} is ignored`);
    const config = (await eslint.calculateConfigForFile(file)) as { rules?: Record<string, [number, ...unknown[]]> };
    for (const rule of BOUNDARY_RULES) {
      assert.equal(config.rules?.[rule]?.[0], 2, `${relative(ROOT, file)}: ${rule} is not an error`);
    }
  }
});
