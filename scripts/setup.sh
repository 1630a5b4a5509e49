#!/usr/bin/env bash
# Installs every build and test dependency of newsgraph on Debian 12.
# Idempotent: packages already present are skipped by apt; npm packages are
# installed into tests/consumers/node_modules only when missing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi

packages=(
  build-essential cmake pkg-config git
  libboost-graph-dev rapidjson-dev libgraphviz-dev graphviz
  doctest-dev libicu-dev libcli11-dev zlib1g-dev
  # HTML articles, zstd-compressed inputs, the RDF serialiser.
  libgumbo-dev libzstd-dev libserd-dev
  # libFuzzer targets (scripts/fuzz.sh).
  clang
  # Test-time consumers of our outputs.
  python3 python3-networkx raptor2-utils
  # Sources of the lexicon (scripts/build-lexicon.mjs), for retraining only.
  iso-codes wordnet-base wamerican

)
# Node.js may already come from elsewhere (e.g. NodeSource); only install Debian's when absent.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Consumer tools that read our output in the tests (npm only; nothing at run time).
if [[ ${NEWSGRAPH_SKIP_NPM:-0} != 1 ]]; then
  cd "$here/tests/consumers"
  if [[ ! -d node_modules/jsonld ]]; then
    npm install --no-audit --no-fund --loglevel=error
  fi
fi
