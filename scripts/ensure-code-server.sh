#!/usr/bin/env bash
# Installs code-server (VS Code's server + web workbench, from npm) for the end-to-end tests in
# test/e2e/, offline-friendly and idempotent: a second call returns in well under a second.
#
#   bash scripts/ensure-code-server.sh        # prints the path of code-server's entry.js last
#
# Where:  $STAMPEDE_CODE_SERVER_DIR (default ~/.cache/stampede/code-server-<version>), outside the repo.
# Needs:  Node 20 (code-server 4.100.x's postinstall refuses other majors), the npm registry, and,
#         the first time only, root + Debian mirrors for the packages below. CI runs it as root.
#
# Two things make it work without GitHub:
#  - code-server's native modules build from source: the Debian headers below.
#  - VS Code's @vscode/ripgrep postinstall downloads rg from GitHub; it first looks for the archive in
#    $TMPDIR/vscode-ripgrep-cache-<version>/, so we seed that cache with Debian's rg. Without rg in
#    place, Quick Open and search in the workbench find nothing.
set -euo pipefail

CS_VERSION=${CS_VERSION:-4.100.3}
CS_DIR=${STAMPEDE_CODE_SERVER_DIR:-${HOME:-/root}/.cache/stampede/code-server-$CS_VERSION}
ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"
RG="$CS_DIR/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
DONE="$CS_DIR/.stampede-complete"
log() { echo "[ensure-code-server] $*" >&2; }

# Fast path: a finished install (the marker is written last).
if [ -f "$DONE" ] && [ -f "$ENTRY" ] && [ -x "$RG" ]; then
  echo "$ENTRY"
  exit 0
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" != 20 ]; then
  log "code-server $CS_VERSION needs Node 20, found $(node -v)"
  exit 1
fi

mkdir -p "$(dirname "$CS_DIR")"
# One installer at a time (two test runs starting together on a fresh machine).
exec 9>"$CS_DIR.lock"
flock 9
if [ -f "$DONE" ] && [ -f "$ENTRY" ] && [ -x "$RG" ]; then
  echo "$ENTRY"
  exit 0
fi

# --- Debian packages: the browser, Debian's rg for the seed, headers for the native modules.
PKGS="chromium ripgrep libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev build-essential python3 pkg-config"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    log "missing Debian packages:$missing (run this script as root once, or install them)"
    exit 1
  fi
  log "apt-get install$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# --- Seed VS Code's ripgrep download cache with Debian's rg (@vscode/ripgrep 1.15.11 wants this asset).
RG_CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
RG_ASSET="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$RG_CACHE/$RG_ASSET" ]; then
  log "seeding $RG_CACHE/$RG_ASSET with $(command -v rg)"
  mkdir -p "$RG_CACHE/x"
  cp "$(command -v rg)" "$RG_CACHE/x/rg"
  tar czf "$RG_CACHE/$RG_ASSET.partial" -C "$RG_CACHE/x" rg
  mv "$RG_CACHE/$RG_ASSET.partial" "$RG_CACHE/$RG_ASSET"
  rm -rf "$RG_CACHE/x"
fi

# --- code-server from npm. The marker is written last, so an interrupted install starts over.
rm -rf "$CS_DIR"
mkdir -p "$CS_DIR"
log "npm install code-server@$CS_VERSION into $CS_DIR (about a minute)"
(
  cd "$CS_DIR"
  printf '{ "name": "stampede-code-server", "private": true }\n' > package.json
  npm_config_yes=true npm_config_unsafe_perm=true \
    npm install --no-audit --no-fund --loglevel=error --unsafe-perm "code-server@$CS_VERSION" >&2
)
if [ ! -f "$ENTRY" ]; then
  log "code-server install failed"
  exit 1
fi
if [ ! -x "$RG" ]; then
  log "code-server installed but VS Code's rg is missing (Quick Open and search would be empty)"
  exit 1
fi
# --config: an empty file, or code-server writes ~/.config/code-server/config.yaml with a password.
: > "$CS_DIR/empty-config.yaml"
log "code-server $(node "$ENTRY" --config "$CS_DIR/empty-config.yaml" --version | head -1)"
date -u +%FT%TZ > "$DONE"
echo "$ENTRY"
