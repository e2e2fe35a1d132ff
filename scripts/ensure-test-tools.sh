#!/usr/bin/env bash
# Installs the outside programs some tests use as the real consumers of what Stampede writes,
# with Debian's packages: Python's `junitparser` (python3-junitparser) reads the JUnit XML, and
# Prometheus (prometheus) receives `--prometheus-rw` and answers queries about it.
# Debian's own /usr/bin/python3 is the one asked (another python3 on PATH may not see its
# packages), and the tests run it by that path too.
# Idempotent: nothing is fetched when everything is present; `apt-get update` runs only when an
# install fails (a fresh machine's package lists are empty or stale). Needs root, as CI has.
#
#   bash scripts/ensure-test-tools.sh
set -euo pipefail

packages=()
/usr/bin/python3 -c 'import junitparser' >/dev/null 2>&1 || packages+=(python3-junitparser)
command -v prometheus >/dev/null 2>&1 || packages+=(prometheus)
if [ "${#packages[@]}" -eq 0 ]; then exit 0; fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-test-tools: missing ${packages[*]}; run this script as root to install them" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
install() { apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }
if ! install "${packages[@]}" 2>/dev/null; then
  apt-get update -qq
  install "${packages[@]}"
fi
/usr/bin/python3 -c 'import junitparser' || { echo "ensure-test-tools: junitparser is still missing" >&2; exit 1; }
command -v prometheus >/dev/null || { echo "ensure-test-tools: prometheus is still missing" >&2; exit 1; }
echo "ensure-test-tools: installed ${packages[*]}"
