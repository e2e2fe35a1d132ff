#!/usr/bin/env node
// The CLI: `stampede run|try|validate|lsp|…`. The code lives in dist/cli.js, built by `npm ci`,
// and is loaded through V8's code cache by dist/boot.js (engine/boot/load-bundle.ts). For `run`
// and `try`, the engine's process starts first and boots while the CLI loads
// (engine/driver/engine-fork.ts).
const { join } = require('node:path');
const dist = join(__dirname, '..', 'dist');
const boot = require(join(dist, 'boot.js'));
if (process.argv[2] === 'run' || process.argv[2] === 'try') boot.preforkEngine(join(dist, 'engine.js'));
boot.loadBundle(join(dist, 'cli.js'));
