'use strict';
// A small browser app over the API, for recording a real browser session (a HAR) against this
// server: a sign-in page (`GET /app`, a form that starts a cookie session) and a notes page
// (`GET /app/notes`, for signed-in users only) whose script keeps notes as records of a
// collection with fetch. The pages, script, stylesheet and icon are files of `web/`, read once.

const fs = require('node:fs');
const path = require('node:path');

const WEB = path.join(__dirname, 'web');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

function pageRoutes() {
  const file = (name) => {
    const body = fs.readFileSync(path.join(WEB, name));
    const type = TYPES[path.extname(name)];
    // Assets may be cached for a while; the pages are always asked again.
    const cache = name.endsWith('.html') ? 'no-store' : 'public, max-age=300';
    return (ctx) => ctx.send(200, body, type, { 'cache-control': cache });
  };
  return [
    { method: 'GET', path: '/app', public: true, handler: file('sign-in.html') },
    { method: 'GET', path: '/app/notes', handler: file('notes.html') },
    { method: 'GET', path: '/app/app.js', public: true, handler: file('app.js') },
    { method: 'GET', path: '/app/app.css', public: true, handler: file('app.css') },
    { method: 'GET', path: '/app/icon.svg', public: true, handler: file('icon.svg') },
  ];
}

module.exports = { pageRoutes };
