'use strict';
// Endpoints for the load engine's own tests and benchmarks: no auth, no state, predictable.

const { HttpError, intParam } = require('./http-util');

// About 100 bytes, so benchmarks compare with the usual "GET / of 100 bytes" peer numbers.
const HELLO = 'Hello from Collection Store! This body is a fixed text of about one hundred bytes, for benchmarks.\n';
const MAX_DELAY_MS = 60_000;

function utilityRoutes() {
  return [
    { method: 'GET', path: '/health', public: true, handler: (ctx) => ctx.json(200, { ok: true }) },
    { method: 'GET', path: '/hello', public: true, handler: (ctx) => ctx.text(200, HELLO) },
    {
      method: 'GET',
      path: '/delay',
      public: true,
      handler: (ctx) =>
        new Promise((resolve) => {
          const ms = intParam(ctx.query, 'ms', 20, MAX_DELAY_MS);
          const started = process.hrtime.bigint();
          const timer = setTimeout(() => {
            ctx.res.off('close', onClose);
            const waitedMs = Number(process.hrtime.bigint() - started) / 1e6;
            ctx.json(200, { waitedMs: Math.round(waitedMs * 1000) / 1000 });
            resolve();
          }, ms);
          // A client that gave up should not keep a timer (and a shutdown) waiting.
          const onClose = () => {
            clearTimeout(timer);
            resolve();
          };
          ctx.res.on('close', onClose);
        }),
    },
    {
      method: 'GET',
      path: '/status/:code',
      public: true, // error-path tests of the engine need these without logging in first
      handler: (ctx) => {
        const raw = ctx.params.code;
        const code = /^\d{3}$/.test(raw) ? Number(raw) : NaN;
        if (!(code >= 200 && code <= 599)) throw new HttpError(400, 'status code must be a number from 200 to 599');
        if (code === 204 || code === 304) ctx.empty(code);
        else ctx.json(code, { status: code });
      },
    },
  ];
}

module.exports = { utilityRoutes, HELLO };
