#!/usr/bin/env bash
# Queries on text and on a saved graph; determinism across document order and threads.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
article=$REPO/examples/nato_rutte.txt

# Who said what, from the text and from the saved graph: the same rows.
"$NG" quotes "$article" --speaker Rutte --format jsonl > from_text.jsonl || fail "quotes on text"
"$NG" build "$article" -q -o graph.jsonld || fail "build"
"$NG" quotes graph.jsonld --speaker "Mark Rutte" --format jsonl > from_graph.jsonl || fail "quotes on graph"
cmp -s from_text.jsonl from_graph.jsonl || fail "quotes differ between text and saved graph"
n=$(wc -l < from_text.jsonl)
[[ $n -ge 8 ]] || fail "expected at least 8 quotes by Rutte, got $n"
python3 - from_text.jsonl <<'PY' || fail "quote rows"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert all(r["speaker"] == "Mark Rutte" for r in rows), rows
assert any(r["kind"] == "block" and "The reality is that we are not where" in r["quote"] for r in rows)
assert any(r["addressee"] == "European Parliament" for r in rows)
assert all(r["date"] == "2025-01-13" for r in rows)
PY
"$NG" quotes graph.jsonld --speaker Rutte --since 2026-01-01 --format csv > late.csv || fail "quotes --since"
[[ $(wc -l < late.csv) -eq 1 ]] || fail "--since should leave only the CSV header"
expect_error "unknown speaker" 2 "no single entity matches 'Nobody'" -- "$NG" quotes graph.jsonld --speaker Nobody

# Entities, neighbours, path, stats.
"$NG" entities graph.jsonld --type PERSON --top 1 --format csv > top.csv || fail "entities"
grep -q "person/mark-rutte" top.csv || fail "Rutte is not the most mentioned person: $(cat top.csv)"
"$NG" neighbors Rutte graph.jsonld --format jsonl > near.jsonl || fail "neighbors"
grep -q '"name":"NATO"' near.jsonl || fail "NATO is not a neighbour of Rutte"
"$NG" path Putin Rutte graph.jsonld --format jsonl > path.jsonl || fail "path"
[[ -s path.jsonl ]] || fail "no path from Putin to Rutte"
"$NG" stats graph.jsonld --format csv > stats.csv || fail "stats"
grep -q "^documents,,1" stats.csv || fail "stats: documents: $(cat stats.csv)"

# Order and thread count never change the bytes.
printf '{"id":"a","text":"Mark Rutte met Olaf Scholz in Berlin on Monday.","date":"2025-02-03"}\n' > a.jsonl
printf '{"id":"b","text":"Rutte said NATO must spend more.","date":"2025-02-04"}\n' > b.jsonl
sed -n 1p "$article" | sed 's/^ date 2025-01-13 //' > c.txt
"$NG" build a.jsonl b.jsonl c.txt -q -j 1 -o abc.jsonld -o abc.dot || fail "build abc"
"$NG" build c.txt b.jsonl a.jsonl -q -j 2 -o cba.jsonld -o cba.dot || fail "build cba"
cmp -s abc.jsonld cba.jsonld || fail "JSON-LD depends on document order or threads"
cmp -s abc.dot cba.dot || fail "DOT depends on document order or threads"

# Incremental: adding the same documents again changes nothing.
"$NG" build a.jsonl -q --into inc.jsonld || fail "into 1"
"$NG" build b.jsonl c.txt -q --into inc.jsonld || fail "into 2"
cp inc.jsonld before.jsonld
"$NG" build b.jsonl -q --into inc.jsonld || fail "into 3"
cmp -s inc.jsonld before.jsonld || fail "re-adding a document changed the graph"
cmp -s inc.jsonld abc.jsonld || fail "incremental build differs from one run"
finish
