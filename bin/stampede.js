#!/usr/bin/env node
// The CLI: `stampede run|validate|lsp`. The code lives in dist/cli.js, built by `npm ci`, and is
// loaded through V8's code cache by dist/boot.js (engine/boot/load-bundle.ts).
const { join } = require('node:path');
require('../dist/boot.js').loadBundle(join(__dirname, '..', 'dist', 'cli.js'));
