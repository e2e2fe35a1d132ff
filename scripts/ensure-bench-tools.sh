#!/usr/bin/env bash
# Installs the peers and the target of the bench's "truth" section with Debian's packages:
# nginx (stock, from `nginx-light`, or `nginx` where that name is missing), hey and wrk.
# Idempotent: a tool already on PATH (or at its Debian path) is left alone, and nothing is
# fetched when all of them are present. `apt-get update` runs only when an install fails
# (a fresh machine's package lists are empty or stale). Needs root, as CI has.
#
#   bash scripts/ensure-bench-tools.sh
#
# Note: on a machine with systemd, Debian's nginx package enables and starts its default site
# on port 80; the bench never uses it (it starts its own nginx from a temp dir on 127.0.0.1).
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]; }

missing=()
have nginx || missing+=(nginx)
have hey || missing+=(hey)
have wrk || missing+=(wrk)
have taskset || missing+=(taskset)
if [ "${#missing[@]}" -eq 0 ]; then exit 0; fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-bench-tools: missing ${missing[*]}; run this script as root to install them" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive

# Package names for the missing tools. nginx: `nginx-light` on Debian 12 (a small transitional
# package that pulls `nginx`), `nginx` where nginx-light does not exist.
packages=()
for tool in "${missing[@]}"; do
  case "$tool" in
    nginx) packages+=(nginx-light) ;;
    taskset) packages+=(util-linux) ;;
    *) packages+=("$tool") ;;
  esac
done

install() { apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }

if ! install "${packages[@]}" 2>/dev/null; then
  apt-get update -qq
  if ! install "${packages[@]}"; then
    # nginx-light may be gone from newer releases: fall back to plain nginx.
    fallback=()
    for p in "${packages[@]}"; do
      if [ "$p" = nginx-light ]; then fallback+=(nginx); else fallback+=("$p"); fi
    done
    install "${fallback[@]}"
  fi
fi

for tool in "${missing[@]}"; do
  if ! have "$tool"; then
    echo "ensure-bench-tools: $tool is still missing after the install" >&2
    exit 1
  fi
done
echo "ensure-bench-tools: installed ${packages[*]}"
