// dist/client.js, the extension host's bundle, carries no scenario analyser: it asks the language
// server (server/protocol.ts), so neither ajv, nor yaml, nor the rules and the compiled schema
// validator are loaded when the extension activates; nor does it build or render reports (the
// report writer process does, engine/driver/report-writer-process.ts). Checked on the bundle
// `npm test` builds (scripts/build.mjs: minified, with a source map listing every input).
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers/paths';

const BUNDLE = join(ROOT, 'dist', 'client.js');
/** The budget, in bytes as a file listing shows them. */
const BUDGET = 400_000;

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

  it('builds and renders no report: no histograms, compression, report assembly or renderer', () => {
    const forbidden = [
      /^node_modules\/(hdr-histogram-js|pako|@assemblyscript|chart\.js)\//,
      /^engine\/(metrics|runtime)\//,
      /^engine\/driver\/(run-end|partial-report|report-writer-process)\.ts$/,
      // The run history (reading report.json files) is allowed; comparing them is not (the compare page does).
      /^report\/(?!(format|types|out-dir|history)\.ts$)/,
    ];
    const found = inputs().filter((file) => forbidden.some((re) => re.test(file)));
    assert.deepEqual(found, []);
  });

  it('stays under 400 KB', () => {
    const size = statSync(BUNDLE).size;
    assert.ok(size < BUDGET, `dist/client.js is ${size} bytes`);
  });
});
