// What the bundles take from undici. The engine uses only `Client` and `buildConnector`, while
// undici's index also loads every other dispatcher, fetch, WebSocket, the mocks and the caches:
// about 55 ms of every engine start, before its first request. scripts/build.mjs resolves
// `undici` to this file in the dist/ bundles (type checking still sees undici's own types); an
// import of anything else from 'undici' fails the build there, so add it here first.
import type * as undici from 'undici';

// The request/stream/pipeline/upgrade/connect methods, which undici's index adds to every
// dispatcher: kept, so that a Client here is the Client undici's index hands out.
Object.assign(require('undici/lib/dispatcher/dispatcher').prototype, require('undici/lib/api'));

export const Client: typeof undici.Client = require('undici/lib/dispatcher/client');
export const buildConnector: typeof undici.buildConnector = require('undici/lib/core/connect');
