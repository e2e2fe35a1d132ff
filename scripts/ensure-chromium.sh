#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (the playwright package would download its
# own browser, which this project never does). Idempotent; needs root, as CI has.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version || true
