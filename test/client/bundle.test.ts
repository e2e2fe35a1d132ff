// dist/client.js, the extension host's bundle, carries no scenario analyser: it asks the language
// server (server/protocol.ts), so neither ajv, nor yaml, nor the rules and the compiled schema
// validator are loaded when the extension activates. Checked on the bundle `npm test` builds
// (scripts/build.mjs, not minified, with a source map listing every input).
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers/paths';

const BUNDLE = join(ROOT, 'dist', 'client.js');
const KB = 1024;

/** The bundle's inputs, from its source map (paths relative to the repository). */
function inputs(): string[] {
  const map = JSON.parse(readFileSync(`${BUNDLE}.map`, 'utf8')) as { sources: string[] };
  return map.sources.map((source) => source.replace(/^(\.\.\/)+/, ''));
}

describe('dist/client.js', () => {
  it('contains no ajv', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    assert.equal(text.match(/ajv/gi)?.length ?? 0, 0);
  });

  it('bundles no scenario analyser: no yaml, ajv, rules, schema, parse or normalisation', () => {
    const forbidden = [
      /^node_modules\/(yaml|ajv|ajv-formats|fast-deep-equal|fast-uri|json-schema-traverse)\//,
      /^scenario\/(load|facts|parse|normalize|schema-check|semantic-check|catalogue|expressions|templates)\.ts$/,
      /^scenario\/(rules|generated)\//,
      /^schemas\//,
      /^server\/(?!protocol\.ts$)/,
    ];
    const found = inputs().filter((file) => forbidden.some((re) => re.test(file)));
    assert.deepEqual(found, []);
  });

  it('stays under 1.4 MB (vscode-languageclient, the partial-report histograms and the report writer)', () => {
    const size = statSync(BUNDLE).size;
    assert.ok(size < 1400 * KB, `dist/client.js is ${(size / KB).toFixed(0)} KB`);
  });
});
