#!/usr/bin/env bash
# Quick start: set up, build, and run newsgraph on the bundled example article,
# writing its DOT, SVG and JSON-LD beside it.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$here/scripts/setup.sh"
NEWSGRAPH_BUILD_DIR=${NEWSGRAPH_BUILD_DIR:-$here/build} "$here/scripts/build.sh"
bin=${NEWSGRAPH_BUILD_DIR:-$here/build}/newsgraph
article=$here/examples/nato_rutte.txt
out=${article%.txt}
"$bin" build "$article" -o "$out.dot" -o "$out.svg" -o "$out.jsonld"
echo "DOT:     $out.dot"
echo "SVG:     $out.svg"
echo "JSON-LD: $out.jsonld"
