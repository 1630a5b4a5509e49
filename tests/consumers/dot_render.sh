#!/usr/bin/env bash
# Consumer check for DOT and the in-process renders: Graphviz's own `dot` reads our
# DOT (every layout engine) with nothing at all on stderr, the SVG that gvc rendered
# in-process parses as XML, the PNG has the PNG signature and the PDF the PDF header.
# Runs on the example article through the CLI and on the hostile-string fixtures.
set -euo pipefail
source "$(dirname "$0")/fixtures.bash" "$1" "$2"
command -v dot >/dev/null || fail "graphviz's dot is not installed"

check_dot() {  # FILE [ENGINE]
  local err
  err=$(dot ${2:+-K$2} -Tsvg "$1" 2>&1 >"$work/dot_check.svg") || fail "dot rejected $1: $err"
  [[ -z $err ]] || fail "dot warned on $1: $err"
  check_svg "$work/dot_check.svg"
}
check_svg() {
  python3 -c 'import sys, xml.etree.ElementTree as E
root = E.parse(sys.argv[1]).getroot()
assert root.tag.endswith("svg"), root.tag
assert len(root.findall(".//{http://www.w3.org/2000/svg}g")) > 0, "no groups"' "$1" || fail "$1 is not valid SVG"
}
check_png() {
  [[ -s $1 ]] || fail "$1 is empty"
  [[ $(head -c 8 "$1" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "$1 lacks the PNG signature"
}
check_pdf() {
  [[ $(head -c 5 "$1") == "%PDF-" ]] || fail "$1 lacks the PDF header"
  grep -aq '%%EOF' "$1" || fail "$1 is truncated"
}

# 1. The example article through the CLI.
"$ng" build "$repo/examples/nato_rutte.txt" -q -o "$work/nato.dot" -o "$work/nato.svg" -o "$work/nato.png" \
  -o "$work/nato.pdf" || fail "newsgraph build failed"
check_dot "$work/nato.dot"
check_svg "$work/nato.svg"
check_png "$work/nato.png"
check_pdf "$work/nato.pdf"
grep -q 'Rutte' "$work/nato.svg" || fail "the example's SVG does not show Rutte"
for engine in neato fdp sfdp; do
  "$ng" build "$repo/examples/nato_rutte.txt" -q --layout "$engine" -o "$work/nato_$engine.dot" -o "$work/nato_$engine.svg" ||
    fail "newsgraph build --layout $engine failed"
  grep -q "layout=$engine" "$work/nato_$engine.dot" || fail "--layout $engine not recorded in the DOT"
  check_dot "$work/nato_$engine.dot"
  check_svg "$work/nato_$engine.svg"
done

# 2. Hostile strings: quotes, backslashes, newlines, </script>, NUL, RTL, emoji.
for engine in dot neato fdp sfdp; do check_dot "$fx/hostile.dot" "$engine"; done
check_svg "$fx/hostile.svg"
check_png "$fx/hostile.png"
check_pdf "$fx/hostile.pdf"
# A name ending in a backslash is drawn with that backslash, not as an escape.
grep -q 'Mark &quot;The&quot; Rutte\\<' "$fx/hostile.svg" || fail "backslash not rendered literally"
dot -Tsvg "$fx/hostile.dot" >"$work/hostile_dot.svg"
grep -q 'Mark &quot;The&quot; Rutte\\<' "$work/hostile_dot.svg" || fail "dot does not render the backslash literally"
# Every hostile name is drawn exactly (as displayed: controls as U+2400 pictures, tab
# as a space) and every quotation's tooltip carries its full text, backslashes and
# all; in the SVG that `dot` makes from our DOT and in the one gvc rendered in-process.
for svg in "$work/hostile_dot.svg" "$fx/hostile.svg"; do
  python3 - "$svg" "$fx/expect.json" <<'PY' || fail "hostile strings not shown exactly in $svg"
import json, sys
import xml.etree.ElementTree as E
svg, expect = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
ns, xl = "{http://www.w3.org/2000/svg}", "{http://www.w3.org/1999/xlink}title"
def shown(s):
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(c if c == "\n" or (ord(c) >= 0x20 and c != "\x7f") else chr(0x2421 if c == "\x7f" else 0x2400 + ord(c)) for c in s)
labels, tips = set(), []
for g in E.parse(svg).getroot().iter(ns + "g"):
    if g.get("class") not in ("node", "edge"):
        continue
    labels.add("\n".join(t.text or "" for t in g.iter(ns + "text")).replace("\xa0", " "))
    tips += [(a.get(xl) or "").replace("\xa0", " ") for a in g.iter(ns + "a")]
bad = 0
for id_, name in expect["names"].items():
    if id_.startswith("quote/"):
        if not any(shown(name) in t for t in tips):
            print("tooltip lacks the quotation", repr(name)); bad += 1
    elif shown(name) not in labels:
        print("no node labelled", repr(shown(name))); bad += 1
for who, org, role in expect["roles"]:
    if not any(shown(role) in l for l in labels):
        print("no edge label with role", repr(role)); bad += 1
sys.exit(1 if bad else 0)
PY
done
echo "dot_render: 1 passed, 0 failed"
