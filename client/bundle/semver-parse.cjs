// Stands in for `semver/functions/parse` in dist/client.js (scripts/build.mjs): the language
// client parses VS Code's version with it, once, and the semver package would cost the extension
// host's bundle about 20 KB. Parses `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`; null otherwise.
'use strict';

module.exports = function parse(version) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(String(version).trim());
  if (!match) return null;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: match[4] ? match[4].split('.') : [],
  };
};
