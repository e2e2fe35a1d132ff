#!/usr/bin/env node
// The CLI: `stampede run|validate|lsp`. The code lives in dist/cli.js, built by `npm ci`.
require('../dist/cli.js');
