#!/usr/bin/env bash
# Bad input gets a clear error naming the file and line, a non-zero exit, and no
# half-written output file.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

printf 'NATO met in Helsinki.\n' > good.txt
printf '{"text":"Rutte spoke."}\n{"text": "broken\n' > malformed.jsonl
printf '{"text":"ok"}\n{"text":"bad \xff byte"}\n' > badutf8.jsonl
printf 'First line.\nSecond \xc3\x28 line.\n' > badutf8.txt
printf '{"text":"ok"}\n{"text":"   "}\n' > empty.jsonl
: > empty.txt

expect_error "missing file" 3 "no-such-file.txt: cannot open input file" -- \
  "$NG" build no-such-file.txt -o out.jsonld
expect_error "malformed JSONL" 1 "malformed.jsonl:2: byte [0-9]+: malformed JSON" -- \
  "$NG" build malformed.jsonl -o out.jsonld
expect_error "invalid UTF-8 in JSONL" 1 "badutf8.jsonl:2: byte 13: invalid UTF-8" -- \
  "$NG" extract badutf8.jsonl -o out.jsonl
expect_error "invalid UTF-8 in text" 1 "badutf8.txt:2: byte 7: invalid UTF-8" -- \
  "$NG" build badutf8.txt -o out.svg
expect_error "empty JSONL document" 1 "empty.jsonl:2: document is empty" -- \
  "$NG" build empty.jsonl -o out.dot
expect_error "empty text file" 1 "empty.txt: document is empty" -- \
  "$NG" build empty.txt -o out.jsonld
for f in out.jsonld out.jsonl out.svg out.dot; do
  [[ ! -e $f ]] || fail "a failed run left $f behind"
done
ls -A | grep -q '\.tmp' && fail "a failed run left a temporary file: $(ls -A)"

# An existing output survives a failed run unchanged.
echo "previous" > keep.jsonld
expect_error "failed run keeps old output" 1 "malformed" -- "$NG" build malformed.jsonl -o keep.jsonld
[[ $(cat keep.jsonld) == previous ]] || fail "the previous output was overwritten"

# --skip-bad goes on, reports the count, and succeeds.
"$NG" extract --skip-bad malformed.jsonl empty.jsonl good.txt -o skipped.jsonl 2>err || fail "--skip-bad exited non-zero"
grep -q "skipped 2 bad document" err || fail "--skip-bad did not report the count: $(cat err)"
[[ $(wc -l < skipped.jsonl) -eq 3 ]] || fail "--skip-bad lost good documents: $(wc -l < skipped.jsonl) lines"

# Usage errors.
expect_error "unknown format" 2 "unknown output format 'xyz'" -- "$NG" build good.txt -o out.xyz
expect_error "unknown option" 2 "no-such-option" -- "$NG" build good.txt --no-such-option
finish
