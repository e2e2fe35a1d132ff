// Stands in for `semver/functions/satisfies` in dist/client.js (see semver-parse.cjs): the
// language client asks whether VS Code's version satisfies a caret range (`^1.82.0`). Only caret
// ranges are supported, which is all it asks; anything else is refused loudly.
'use strict';

module.exports = function satisfies(version, range) {
  const match = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
  if (!match) throw new Error(`semver-satisfies: only caret ranges are supported, got "${range}"`);
  const [major, minor, patch] = match.slice(1).map(Number);
  if (version.prerelease && version.prerelease.length > 0) return false;
  if (version.major !== major) return false;
  if (version.minor !== minor) return version.minor > minor;
  return version.patch >= patch;
};
