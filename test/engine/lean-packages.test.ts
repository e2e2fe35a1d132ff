// The dist/ bundles take undici and hdr-histogram-js through engine/bundle/ (scripts/build.mjs),
// which loads only the parts a run uses. What they hand out must be the packages' own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as hdr from 'hdr-histogram-js';
import * as undici from 'undici';
import * as leanHdr from '../../engine/bundle/hdr-histogram';
import * as leanUndici from '../../engine/bundle/undici';

describe('the lean package files of the bundles', () => {
  it('hand out undici\'s own Client and buildConnector, with the request methods', () => {
    assert.equal(leanUndici.Client, undici.Client);
    assert.equal(leanUndici.buildConnector, undici.buildConnector);
    for (const method of ['request', 'stream', 'pipeline', 'upgrade', 'connect'] as const) {
      assert.equal(typeof leanUndici.Client.prototype[method], 'function', method);
    }
  });

  it('build, encode and decode histograms as hdr-histogram-js does', () => {
    const request = { bitBucketSize: 32, lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, useWebAssembly: false } as const;
    const lean = leanHdr.build(request);
    const whole = hdr.build(request);
    assert.equal(Object.getPrototypeOf(lean), Object.getPrototypeOf(whole));
    for (const us of [1, 250, 1_000, 12_345, 999_999, 3_600_000_000]) {
      lean.recordValue(us);
      whole.recordValue(us);
    }
    const encoded = leanHdr.encodeIntoCompressedBase64(lean);
    assert.equal(encoded, hdr.encodeIntoCompressedBase64(whole));
    const decoded = leanHdr.decodeFromCompressedBase64(encoded, 32, false);
    assert.equal(decoded.totalCount, 6);
    assert.equal(decoded.getValueAtPercentile(50), whole.getValueAtPercentile(50));
  });
});
