// ESLint (flat config): the import boundaries of docs/ARCHITECTURE.md, and nothing else.
//
// Each room (a top-level folder, or a sub-folder of engine/) lists what it may import; every
// other room is forbidden. The code imports with relative specifiers (`../../report/types`), so
// each rule is built per room *and per folder depth*: from a file N folders deep, `../` × N is
// the repository's root, so `^(../){N}engine/` is exactly engine/ — a sub-folder that happens to
// share a room's name (`server/schema/`, a future `report/engine/`) never matches by accident.
//
//  - `@typescript-eslint/no-restricted-imports` checks `import`, `import type`, `export … from`
//    and `import x = require()`; "(types)" arrows of the table use its `allowTypeImports`.
//  - `boundaries/no-restricted-dynamic-imports` (below) applies the same patterns to `import('…')`,
//    `require('…')` with a literal and `typeof import('…')` types, which the rule above skips
//    (cli/ loads its commands lazily with `import()`).
//  - Only client/ may import 'vscode'; nothing imports client/.
//  - No exceptions: an import the table forbids is moved, or the table (and ARCHITECTURE.md) changes.
import tseslint from 'typescript-eslint';

/** What each room may import (root-relative paths; a folder allows everything inside it). */
const ROOMS = {
  scenario: { allow: ['schemas'] },
  report: { allow: [] },
  // Files directly in engine/, and any engine/ sub-folder not listed below: engine/ never
  // imports cli/, client/, server/ or webview/.
  engine: { allow: ['scenario', 'report', 'schemas', 'engine'] },
  'engine/runtime': { allow: ['scenario', 'report', 'engine'] },
  'engine/metrics': { allow: ['report'], types: ['scenario'] },
  'engine/driver': { allow: ['engine/protocol', 'engine/metrics', 'report'] },
  'engine/protocol': { types: ['report', 'engine/metrics/partial'] },
  // boot.js forks the engine for `stampede run` before the CLI's bundle loads.
  'engine/boot': { allow: ['engine/driver/engine-fork'] },
  'engine/bundle': { allow: [] },
  // The engine's own HTTP/1.1 connection: a transport, knowing nothing of scenarios or metrics.
  'engine/http1': { allow: [] },
  importers: { allow: ['scenario'] },
  cli: { allow: ['scenario', 'engine/driver', 'engine/protocol', 'report', 'importers'] },
  // The library (the package's `exports`): it drives the engine's child process as the CLI does
  // and never imports engine/runtime/, so the load never runs in the caller's process.
  lib: { allow: ['scenario', 'report', 'engine/driver', 'engine/protocol'] },
  server: { allow: ['scenario'] },
  client: {
    allow: ['scenario', 'engine/driver', 'engine/protocol', 'report', 'webview/protocol', 'webview/shell', 'server/protocol'],
    vscode: true,
  },
  webview: { allow: ['report'], types: ['engine/protocol'] },
};

/** The rooms' top-level folders, plus schemas/ (imported by scenario/ only). */
const TOP = ['scenario', 'report', 'engine', 'importers', 'cli', 'lib', 'server', 'client', 'webview', 'schemas'];

/** Deepest folder level (below the top-level folder) that gets its own rule block. */
const MAX_DEPTH = 8;
const EXT = '{ts,tsx,mts,cts}';

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); // valid under the `u` flag
/** Exactly k `../` (then not another `../` or `./`), after an optional leading `./`. */
const up = (k) => `(?:\\.\\./){${k}}(?!\\.\\.?/)`;
/** After a path prefix: the item itself, a file of that name with an extension, or inside it. */
const END = '(?:[/.]|$)';

/** The restricted patterns for a file `depth` folders below the root in `room`. */
function patternsFor(room, depth) {
  const rule = ROOMS[room];
  const top = room.split('/')[0];
  const allow = [room, ...(rule.allow ?? [])];
  const types = rule.types ?? [];
  const said = `${room}/ may import ${[...(rule.allow ?? []), ...types.map((t) => `${t} (types only)`)].map((t) => `${t}/`).join(', ') || 'nothing outside itself'} (docs/ARCHITECTURE.md)`;
  const patterns = [];
  for (const x of TOP) {
    if (allow.some((a) => a === x)) continue; // the whole folder is allowed
    const inside = (list) => list.filter((a) => a.startsWith(`${x}/`)).map((a) => a.slice(x.length + 1));
    const allowedSubs = inside(allow);
    const typeSubs = inside(types);
    const wholeTypes = types.includes(x);
    // The ways to spell a path inside x from this file: through the root, and for the file's
    // own top-level folder also through it (`../metrics` from engine/runtime/).
    const via = [`${up(depth)}${esc(x)}/`];
    if (x === top) via.push(up(depth - 1));
    const prefix = `^(?:\\./)?(?:${via.join('|')})`;
    const bare = `^(?:\\./)?${up(depth)}${esc(x)}(?:\\.[a-z]+)?$`; // `../engine` (its index)
    const except = [...allowedSubs, ...typeSubs];
    const not = except.length ? `(?!(?:${except.map(esc).join('|')})${END})` : '';
    if (wholeTypes) {
      patterns.push({ regex: `${prefix}|${bare}`, caseSensitive: true, allowTypeImports: true, message: said });
      continue;
    }
    patterns.push({ regex: `${prefix}${not}|${bare}`, caseSensitive: true, message: said });
    for (const t of typeSubs) {
      patterns.push({ regex: `${prefix}${esc(t)}${END}`, caseSensitive: true, allowTypeImports: true, message: said });
    }
  }
  return patterns;
}

function optionsFor(room, depth) {
  const options = { patterns: patternsFor(room, depth) };
  if (!ROOMS[room].vscode) options.paths = [{ name: 'vscode', message: 'only client/ may import vscode (docs/ARCHITECTURE.md)' }];
  return options;
}

/**
 * `import('…')`, `require('…')` and `typeof import('…')`, checked against the same options as
 * no-restricted-imports (`paths` by name, `patterns` by `regex`; types may use allowTypeImports).
 */
const dynamicImports = {
  meta: { type: 'problem', schema: [{ type: 'object', additionalProperties: true }] },
  create(context) {
    const { paths = [], patterns = [] } = context.options[0] ?? {};
    const compiled = patterns.map((p) => ({ ...p, re: new RegExp(p.regex, p.caseSensitive ? 'u' : 'iu') }));
    const check = (node, source, typeOnly) => {
      if (typeof source !== 'string') return;
      const path = paths.find((p) => p.name === source && !(typeOnly && p.allowTypeImports));
      const pattern = compiled.find((p) => p.re.test(source) && !(typeOnly && p.allowTypeImports));
      const hit = path ?? pattern;
      if (hit) context.report({ node, message: `'${source}' import is restricted from being used: ${hit.message ?? ''}` });
    };
    return {
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source.value : undefined, false),
      CallExpression(node) {
        const [arg] = node.arguments;
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && arg?.type === 'Literal') check(node, arg.value, false);
      },
      TSImportType(node) {
        const lit = (node.argument ?? node.parameter)?.literal;
        if (lit?.type === 'Literal') check(node, lit.value, true);
      },
    };
  },
};

const boundaries = (room, depth) => {
  const options = optionsFor(room, depth);
  return {
    '@typescript-eslint/no-restricted-imports': ['error', options],
    'boundaries/no-restricted-dynamic-imports': ['error', options],
  };
};

// engine/ first, at every depth: files directly in engine/ and any engine/ sub-folder missing
// from ROOMS keep this engine-wide rule; the sub-rooms' blocks come after it and win.
const blocks = [];
for (let k = 0; k < MAX_DEPTH; k++) {
  blocks.push({ files: [`engine/${'*/'.repeat(k)}*.${EXT}`], rules: boundaries('engine', k + 1) });
}
for (const room of Object.keys(ROOMS).filter((r) => r !== 'engine')) {
  const roomDepth = room.split('/').length;
  for (let k = 0; k + roomDepth <= MAX_DEPTH; k++) {
    blocks.push({ files: [`${room}/${'*/'.repeat(k)}*.${EXT}`], rules: boundaries(room, roomDepth + k) });
  }
}

export default [
  {
    ignores: ['dist/**', 'dist-*/**', 'node_modules/**', 'test/**', 'bench/**', 'test-output/**', 'samples/**', 'scripts/**', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  {
    files: TOP.filter((t) => t !== 'schemas').map((t) => `${t}/**/*.${EXT}`),
    languageOptions: { parser: tseslint.parser, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin, boundaries: { rules: { 'no-restricted-dynamic-imports': dynamicImports } } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  ...blocks,
  // Deeper than MAX_DEPTH: no rule block above reaches it, so say so rather than skip it.
  {
    files: TOP.map((t) => `${t}/${'*/'.repeat(MAX_DEPTH)}**/*.${EXT}`),
    rules: { 'no-restricted-syntax': ['error', { selector: 'Program', message: 'too deep for the boundary rules: raise MAX_DEPTH in eslint.config.mjs' }] },
  },
];

export { ROOMS };
