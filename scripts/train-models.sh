#!/usr/bin/env bash
# Retrains every model in models/ from the corpora in DATA (default ../shared/data).
# Reproducible: fixed seeds, so the same data gives the same model files.
# Usage: scripts/train-models.sh [DATA_DIR]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data=$(cd "${1:-$here/../shared/data}" && pwd)
NEWSGRAPH_BUILD_DIR=${NEWSGRAPH_BUILD_DIR:-$here/build} "$here/scripts/build.sh" >/dev/null
bin=${NEWSGRAPH_BUILD_DIR:-$here/build}/newsgraph
ud=$data/ud
ner=$data/ner
models=$here/models
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Training corpora: EWT + GUM (openly licensed genres) for tags and syntax.
cat "$ud/en_ewt-ud-train.conllu" "$ud/en_gum-ud-train.open.conllu" > "$tmp/ud-train.conllu"

echo "== pos"; time "$bin" train pos --train "$tmp/ud-train.conllu" --dev "$ud/en_ewt-ud-dev.conllu" -o "$models/pos.ngm"
echo "== parse"; time "$bin" train parse --train "$tmp/ud-train.conllu" --dev "$ud/en_ewt-ud-dev.conllu" \
  --tagger "$models/pos.ngm" -o "$models/parse.ngm"
echo "== ner"; time "$bin" train ner --train "$ner/uner_en_ewt-train.iob2" --dev "$ner/uner_en_ewt-dev.iob2" \
  --tagger "$models/pos.ngm" -o "$models/ner.ngm"
ls -l "$models"
