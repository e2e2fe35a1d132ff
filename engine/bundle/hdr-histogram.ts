// What the bundles take from hdr-histogram-js. Its index loads the log reader and writer (whose
// module scope builds an Intl.NumberFormat, the first of a process costs ~20 ms), the encoders
// (node:zlib, pako) and the rest: ~30 ms of every start of the CLI, the engine and its monitor
// thread, none of it needed before the first request. scripts/build.mjs resolves
// `hdr-histogram-js` to this file in the dist/ bundles (type checking still sees the package's
// own types); an import of anything else fails the build there, so add it here first.
import type * as hdr from 'hdr-histogram-js';

export const build: typeof hdr.build = require('hdr-histogram-js/dist/HistogramBuilder').build;

let codec: typeof import('hdr-histogram-js') | undefined;
/** The encoders, on first use (they also give histograms their encode methods). */
const encoding = (): typeof import('hdr-histogram-js') => (codec ??= require('hdr-histogram-js/dist/encoding'));

export const encodeIntoCompressedBase64: typeof hdr.encodeIntoCompressedBase64 = (...args) => encoding().encodeIntoCompressedBase64(...args);
export const decodeFromCompressedBase64: typeof hdr.decodeFromCompressedBase64 = (...args) => encoding().decodeFromCompressedBase64(...args);
