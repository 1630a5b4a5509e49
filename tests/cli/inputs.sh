#!/usr/bin/env bash
# Every input a user points newsgraph at: directories (recursive, byte order, hidden
# skipped), HTML pages (visible text and meta tags), gzip and zstd files, compressed
# stdin; clear errors for corrupt compressed data and missing paths.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

# A small corpus, written in an order unlike the reading order.
mk_corpus() {
  local d=$1
  mkdir -p "$d/2025/feb" "$d/2025/jan" "$d/.cache" "$d/misc"
  printf 'The cache must never be read.\n' > "$d/.cache/stale.txt"
  printf 'Hidden file text.\n' > "$d/.draft.txt"
  printf 'Not an input.\n' > "$d/misc/README.md"
  cat > "$d/2025/feb/summit.html" <<'HTML'
<!DOCTYPE html>
<html><head>
<title>Site name | Summit</title>
<meta property="og:title" content="Leaders meet in Brussels">
<meta property="article:published_time" content="2025-02-03T08:00:00+01:00">
<meta property="og:url" content="https://news.example/summit">
<style>body { font-family: serif; }</style>
<script>var tracking = "Script Person";</script>
</head><body>
<nav>Home World Politics</nav>
<article>
<h1>Leaders meet</h1>
<p>Ursula von der Leyen met Mark Rutte in Brussels on Monday.</p>
<p style="display:none">Invisible Person was not there.</p>
<p>&ldquo;We stand together,&rdquo; von der Leyen said. Rutte&#8217;s reply was brief &amp; firm.</p>
</article>
<footer>Copyright Example News</footer>
</body></html>
HTML
  printf 'date 2025-01-13 NATO Secretary General Mark Rutte spoke in Helsinki.\n' > "$d/2025/jan/rutte.txt"
  printf '{"id":"g1","text":"Olaf Scholz visited Paris."}\n{"id":"g2","text":"Emmanuel Macron met Scholz."}\n' \
    | gzip -c > "$d/2025/feed.jsonl.gz"
  printf 'Pedro Sanchez spoke in Madrid.\n' | gzip -c > "$d/2025/jan/spain.txt.gz"
  if command -v zstd > /dev/null; then
    printf '{"id":"z1","text":"Giorgia Meloni spoke in Rome."}\n' | zstd -q -c > "$d/zst.ndjson.zst"
  else
    # Without the zstd tool, the library's own round trip is covered by the unit tests.
    printf '{"id":"z1","text":"Giorgia Meloni spoke in Rome."}\n' > "$d/zst.ndjson"
  fi
}
mk_corpus corpus

# extract over the directory: the documents in byte order of their paths.
"$NG" extract corpus -q -j 2 -o out.jsonl 2> err || fail "extract corpus: $(cat err)"
python3 - out.jsonl <<'PY' || fail "extract corpus: wrong documents"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
ids = [r["id"] for r in rows]
# 2025/feb/summit.html < 2025/feed.jsonl.gz ('b' < 'e') < 2025/jan/rutte.txt < 2025/jan/spain.txt.gz < zst.ndjson*
assert ids == ["summit", "g1", "g2", "rutte", "spain", "z1"], ids
summit = rows[0]
assert summit.get("title") == "Leaders meet in Brussels", summit.get("title")
assert summit.get("date") == "2025-02-03", summit.get("date")
assert rows[3].get("date") == "2025-01-13", rows[3]
names = {e["name"] for r in rows for e in r["entities"]}
for bad in ("Script Person", "Invisible Person", "Example News"):
    assert all(bad not in n for n in names), (bad, names)
# Offsets index into the visible text: every mention's text is its slice, so a
# mention of Rutte in the HTML document exists and is consistent.
assert any("Rutte" in m["text"] for e in summit["entities"] for m in e["mentions"]), summit["entities"]
assert any("Meloni" in n for n in names), names
PY

# Same corpus written in another order: byte-identical output, for any thread count.
mkdir other
(cd other && mk_corpus corpus)
(cd other && "$NG" extract corpus -q -j 1 -o ../out2.jsonl) || fail "extract of the second copy"
cmp -s out.jsonl out2.jsonl || fail "directory output depends on creation order or threads"

# build DIR end to end.
"$NG" build corpus -q -o graph.jsonld || fail "build corpus"
[[ -s graph.jsonld ]] || fail "build wrote no graph"
grep -q "Leaders meet in Brussels" graph.jsonld || fail "the HTML title is not in the graph"
grep -q "Scholz" graph.jsonld || fail "the gzip JSONL documents are not in the graph"
grep -q "Script Person\|Invisible Person\|cache must never" graph.jsonld && fail "hidden text reached the graph"

# Compressed stdin is sniffed.
gzip -c corpus/2025/jan/rutte.txt | "$NG" extract - -q > stdin.jsonl || fail "gzip text on stdin"
grep -q '"id":"stdin"' stdin.jsonl || grep -q '"id": "stdin"' stdin.jsonl || fail "stdin document id: $(head -c 200 stdin.jsonl)"
grep -q 'Rutte' stdin.jsonl || fail "gzip stdin was not decompressed"
zcat corpus/2025/feed.jsonl.gz | gzip -c | "$NG" extract - -q > stdin2.jsonl || fail "gzip JSONL on stdin"
[[ $(wc -l < stdin2.jsonl) -eq 2 ]] || fail "gzip JSONL on stdin: $(wc -l < stdin2.jsonl) lines"

# Two files with one stem in different folders, and a JSONL id used twice, stay
# separate documents: later ones are renamed ID~2, ID~3 with a warning, in reading
# order, so every mention's evidence belongs to its own text.
mkdir -p same/a same/b
printf 'Angela Merkel spoke in Berlin.\n' > same/a/index.txt
printf 'Joe Biden spoke in Kyiv.\n' > same/b/index.txt
printf '{"id":"index","text":"Olaf Scholz spoke in Paris."}\n{"id":"index~2","text":"Pedro Sanchez spoke in Rome."}\n' \
  > same/c.jsonl
# The same id with the same text is a repeat, not a new document: it keeps its id.
printf '{"id":"index","text":"Angela Merkel spoke in Berlin.\\n"}\n' > same/d.jsonl
"$NG" extract same -j 2 -o same.jsonl 2> same.err || fail "extract same-stem corpus: $(cat same.err)"
python3 - same.jsonl <<'PY' || fail "same-stem documents were fused or misnamed"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
# Reading order: same/a/index.txt, same/b/index.txt, same/c.jsonl (two lines).
got = [(r["id"], sorted(e["name"] for e in r["entities"] if e["type"] == "PERSON")) for r in rows]
assert got == [("index", ["Angela Merkel"]), ("index~2", ["Joe Biden"]), ("index~3", ["Olaf Scholz"]),
               ("index~2~2", ["Pedro Sanchez"]), ("index", ["Angela Merkel"])], got
PY
grep -q "same/b/index.txt: document id 'index' is already taken by an earlier document with another text; this one is 'index~2'" same.err ||
  fail "no warning for the renamed document: $(cat same.err)"
[[ $(grep -c "already taken" same.err) -eq 3 ]] || fail "expected 3 renaming warnings: $(cat same.err)"
"$NG" build same -q -o same.jsonld || fail "build same-stem corpus"
[[ $(grep -c '"@type": "NewsArticle"' same.jsonld) -eq 4 ]] || fail "build fused same-stem documents"

# Errors: corrupt, truncated and fake compressed files; a missing directory; an empty page.
printf 'this is not gzip data\n' > fake.txt.gz
expect_error "not gzip" 1 "fake.txt.gz: byte 0: corrupt gzip data" -- "$NG" build fake.txt.gz -o bad.jsonld
head -c 40 corpus/2025/feed.jsonl.gz > cut.jsonl.gz
expect_error "truncated gzip" 1 "cut.jsonl.gz: byte 40: truncated gzip data" -- "$NG" extract cut.jsonl.gz -o bad.jsonl
if command -v zstd > /dev/null; then
  printf 'Some text that is long enough to be worth compressing, surely.\n' | zstd -q -c > t.txt.zst
  size=$(wc -c < t.txt.zst)
  head -c $((size - 4)) t.txt.zst > cut.txt.zst
  expect_error "truncated zstd" 1 "cut.txt.zst: byte [0-9]+: truncated zstd data" -- "$NG" build cut.txt.zst -o bad.jsonld
fi
mkdir -p dir_with_bad/sub
cp corpus/2025/jan/rutte.txt dir_with_bad/a.txt
cp fake.txt.gz dir_with_bad/sub/z.txt.gz
expect_error "corrupt file inside a directory" 1 "dir_with_bad/sub/z.txt.gz: byte 0: corrupt gzip data" -- \
  "$NG" build dir_with_bad -o bad.jsonld
expect_error "missing directory" 3 "no-such-dir: cannot open input file" -- "$NG" build no-such-dir -o bad.jsonld
mkdir empty_dir
expect_error "directory without inputs" 1 "empty_dir: directory has no input files" -- "$NG" build empty_dir -o bad.jsonld
printf '<html><head><title>Only a title</title></head><body><script>x()</script></body></html>' > blank.html
expect_error "page without visible text" 1 "blank.html: document is empty" -- "$NG" build blank.html -o bad.jsonld
[[ ! -e bad.jsonld && ! -e bad.jsonl ]] || fail "a failed run left an output behind"
finish
