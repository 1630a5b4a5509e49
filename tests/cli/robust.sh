#!/usr/bin/env bash
# Hostile input (issue 8): none of these may crash newsgraph, hang it, or lose the
# other documents. Valid-but-odd input exits 0; input the user must fix exits 1 with
# "file:line: byte N: ..." and, under --skip-bad, is skipped, counted and exit is 0.
# Inputs are generated here at test time (nothing large is committed).
# NEWSGRAPH_ROBUST_LINES sets the size of the many-lines case (default 1,000,000).
source "$(dirname "$0")/lib.sh"
cd "$WORK"
command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 1; }
LINES_MANY=${NEWSGRAPH_ROBUST_LINES:-1000000}

# run NAME SECONDS EXPECTED_CODE -- command...: runs under `timeout`; a hang (124), a
# signal (>128) or an unexpected exit code fails NAME. stderr is kept in $WORK/err.
run() {
  local name=$1 secs=$2 code=$3
  shift 4
  local rc=0 t0=$SECONDS
  timeout "$secs" "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
  if [[ $rc -eq 124 ]]; then fail "$name: still running after ${secs}s (hang?)"; return 1; fi
  if [[ $rc -gt 128 ]]; then fail "$name: killed by signal $((rc - 128)): $(tail -c 600 "$WORK/err")"; return 1; fi
  if [[ $rc -ne $code ]]; then fail "$name: exit $rc, expected $code: $(tail -c 600 "$WORK/err")"; return 1; fi
  echo "   ($name: $((SECONDS - t0)) s)"
  return 0
}
# check_output INPUT OUTPUT IDS...: OUTPUT is extract JSONL with exactly these ids in
# this order, and every mention/quote span is the byte slice of the input text it names.
check_output() {
  python3 - "$@" <<'EOF'
import json, sys
inp, outp, want = sys.argv[1], sys.argv[2], sys.argv[3:]
texts = {}
if inp.endswith('.jsonl'):
    with open(inp, 'rb') as f:
        for n, line in enumerate(f, 1):
            try:
                d = json.loads(line)
                texts[d.get('id') or inp.rsplit('/', 1)[-1].split('.')[0] + '-' + str(n)] = d['text'].encode()
            except Exception:
                pass
else:
    texts[inp.rsplit('/', 1)[-1].split('.')[0]] = open(inp, 'rb').read()
ids = []
with open(outp, 'rb') as f:
    for line in f:
        d = json.loads(line)
        ids.append(d['id'])
        text = texts.get(d['id'])
        for e in d['entities']:
            for m in e['mentions']:
                if text is not None and text[m['start']:m['end']].decode() != m['text']:
                    sys.exit(f"{d['id']}: mention {m} is not the text at its span")
        for q in d['quotes']:
            if text is not None and text[q['start']:q['end']].decode() != q['text']:
                sys.exit(f"{d['id']}: quote span does not match its text")
if ids != want:
    sys.exit(f"ids {ids[:5]}...({len(ids)}) != expected {want[:5]}...({len(want)})")
EOF
}

LINES_MANY=$LINES_MANY python3 - <<'EOF'
import json, random
random.seed(8)
names = ["Maria Lopez", "the minister", "John Smith", "NATO", "the European Union", "Angela Merkel", "police"]
verbs = ["said", "met", "announced", "criticised", "visited", "warned", "rejected"]
objs = ["a new plan", "the agreement", "Berlin on Monday", "the proposal", "officials in Kyiv", "the budget"]
def prose(n):
    out, size = [], 0
    while size < n:
        s = '%s %s %s.' % (random.choice(names).capitalize(), random.choice(verbs), random.choice(objs))
        if random.random() < 0.15:
            s = '"We will not accept this," %s said.' % random.choice(names)
        out.append(s)
        size += len(s) + 1
    return ' '.join(out)
def jl(f, **d): f.write(json.dumps(d, ensure_ascii=False) + '\n')
alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
blob = ''.join(random.choice(alnum) for _ in range(1000))

# Invalid UTF-8 in the middle of a JSONL file and on line 3 of a text file.
with open('badutf8.jsonl', 'wb') as f:
    f.write(b'{"id":"a","text":"Ann met Bob in Rome."}\n{"id":"b","text":"bad \xc3\x28 and \xff"}\n'
            b'{"id":"c","text":"Carl met Dana in Oslo."}\n')
with open('badutf8.txt', 'wb') as f:
    f.write(b'NATO met in Helsinki.\nRutte spoke.\nA lone \xe2\x82 byte.\n')
# NUL bytes: raw in a text file (valid UTF-8), escaped in JSON (valid), raw inside a
# JSON string (invalid JSON: control characters must be escaped).
with open('nul.txt', 'wb') as f:
    f.write(b'NATO met in Helsinki.\x00 Rutte spoke\x00\x00 to reporters in Brussels.\n')
with open('nul.jsonl', 'wb') as f:
    f.write(b'{"id":"a","text":"Ann\\u0000 met Bob in Rome."}\n{"id":"b","text":"raw \x00 nul"}\n'
            b'{"id":"c","text":"Carl met Dana in Oslo."}\n')
# A 50 MB single document: prose at both ends around a 40 MB run of one "word" and
# 9 MB of blank lines, so offsets past 2^25 are exercised without 50 MB of parsing.
with open('big.txt', 'w') as f:
    f.write(prose(400_000) + '\n\n')
    f.write('data:image/png;base64,' + blob * 41_000 + '\n\n')
    f.write(('   \n' * 1000 + '\t' * 1000 + '\n') * 1800)
    f.write(prose(400_000) + '\nAt the very end, Angela Merkel visited Paris.\n')
# Many small documents, one per line.
import os
many = int(os.environ.get('LINES_MANY', '1000000'))
with open('many.jsonl', 'w') as f:
    for i in range(many):
        f.write('{"text":"Ann met Bob in Rome."}\n' if i % 1000 == 0 else '{"text":"Hi."}\n')
# Lines longer than 10 MB: one valid, one truncated in the middle of its string.
long_text = prose(100_000) + ' ' + blob * 10_500 + ' Angela Merkel visited Paris.'
with open('long.jsonl', 'w') as f:
    jl(f, id='a', text='Ann met Bob in Rome.')
    jl(f, id='long', text=long_text)
    f.write(json.dumps({'id': 'trunc', 'text': long_text})[:10_500_000] + '\n')
    jl(f, id='z', text='Carl met Dana in Oslo.')
# Empty, blank and CRLF lines between documents, and no final newline.
with open('blank.jsonl', 'wb') as f:
    f.write(b'\n\n{"id":"a","text":"Ann met Bob."}\r\n   \n\t\r\n\r\n{"id":"b","text":"Carl met Dana."}\n\n\n'
            b'{"id":"c","text":"Eve met Finn."}')
# Deep nesting in a field nobody reads: valid JSON, so the document is kept.
with open('deep.jsonl', 'w') as f:
    jl(f, id='a', text='Ann met Bob in Rome.')
    f.write('{"id":"b","text":"Deep arrays.","x":' + '[' * 10_000 + ']' * 10_000 + '}\n')
    f.write('{"id":"c","text":"Deeper arrays.","x":' + '[' * 1_000_000 + ']' * 1_000_000 + '}\n')
    f.write('{"id":"d","text":"Deep objects.","x":' + '{"k":' * 300_000 + '1' + '}' * 300_000 + '}\n')
    jl(f, id='z', text='Carl met Dana in Oslo.')
with open('deep_unclosed.jsonl', 'w') as f:
    jl(f, id='a', text='Ann met Bob in Rome.')
    f.write('{"id":"b","text":"x","x":' + '[' * 1_000_000 + '\n')
    jl(f, id='z', text='Carl met Dana in Oslo.')
with open('deep.jsonld', 'w') as f:
    f.write('{"@context":{},"@graph":[' + '[' * 1_000_000 + ']' * 1_000_000 + ']}')
# Truncated JSON: the file ends inside the last document.
with open('trunc.jsonl', 'w') as f:
    jl(f, id='a', text='Ann met Bob in Rome.')
    jl(f, id='b', text='Carl met Dana in Oslo.')
    f.write('{"id":"c","text":"Eve met Fi')
# Unclosed quotation marks of every kind.
with open('quotes.txt', 'w') as f:
    f.write('He said, "This never ends. ' + 'And \u201cmore, she said. \u00abEncore. \'So ' * 3000 +
            '\n\n"Unclosed at the very end, Smith said')
# Text without sentence punctuation (once one 100,000-token sentence: minutes).
words = 'the minister said that police in Paris met officials from NATO and the company on Monday while John Smith visited Berlin'.split()
with open('nopunct.txt', 'w') as f:
    f.write(' '.join(random.choice(words) for _ in range(100_000)))
# Non-English text, alone and mixed with English.
with open('intl.jsonl', 'w') as f:
    jl(f, id='zh', text='习近平周一在北京会见了法国总统马克龙。他说：“我们将加强合作。”' * 50)
    jl(f, id='ar', text='قال الرئيس المصري عبد الفتاح السيسي يوم الاثنين إن "الحكومة ستواصل الإصلاحات". ' * 50)
    jl(f, id='ru', text='Президент России Владимир Путин заявил в понедельник, что «переговоры продолжатся». ' * 50)
    jl(f, id='mix', text='Angela Merkel met 习近平 in Берлин on Monday. "Wir schaffen das," she said.')
    jl(f, id='emoji', text='\U0001F600\u200d\u200b\ufeff\u0301 Combining marks: e\u0301\u0301\u0301. Ann met Bob.')
EOF
[[ -s many.jsonl ]] || { fail "generating inputs failed"; finish; }

# --- invalid UTF-8 -----------------------------------------------------------------
run "invalid UTF-8 (JSONL)" 60 1 -- "$NG" extract -j2 badutf8.jsonl -o out.jsonl &&
  { grep -Eq "badutf8.jsonl:2: byte 22: invalid UTF-8" err || fail "invalid UTF-8 (JSONL): no file/line/byte: $(cat err)"; }
run "invalid UTF-8 (JSONL) --skip-bad" 60 0 -- "$NG" extract -j2 --skip-bad badutf8.jsonl -o out.jsonl &&
  { grep -Eq "warning: skipped badutf8.jsonl:2: byte 22: invalid UTF-8" err || fail "--skip-bad: no warning naming file/byte: $(cat err)"
    grep -q "skipped 1 bad document(s) of 3" err || fail "--skip-bad: no count: $(cat err)"
    check_output badutf8.jsonl out.jsonl a c || fail "invalid UTF-8 --skip-bad lost or garbled documents"; }
rm -f out.jsonl
run "invalid UTF-8 (text)" 60 1 -- "$NG" extract badutf8.txt -o out.jsonl &&
  { grep -Eq "badutf8.txt:3: byte 7: invalid UTF-8 \(file byte 42\)" err || fail "invalid UTF-8 (text): $(cat err)"; }
[[ ! -e out.jsonl ]] || fail "a failed run left its output behind"
rm -f out.jsonl

# --- NUL bytes ---------------------------------------------------------------------
run "NUL bytes in text" 60 0 -- "$NG" extract nul.txt -o out.jsonl &&
  { check_output nul.txt out.jsonl nul || fail "NUL bytes in text: bad output"; }
run "NUL bytes in JSON" 60 1 -- "$NG" extract nul.jsonl -o out.jsonl &&
  { grep -Eq "nul.jsonl:2: byte [0-9]+: malformed JSON" err || fail "raw NUL in JSON: $(cat err)"; }
run "NUL bytes in JSON --skip-bad" 60 0 -- "$NG" extract --skip-bad nul.jsonl -o out.jsonl &&
  { check_output nul.jsonl out.jsonl a c || fail "NUL --skip-bad lost documents"; }

# --- size ----------------------------------------------------------------------------
[[ $(stat -c %s big.txt) -ge 50000000 ]] || fail "big.txt is not 50 MB"
run "50 MB single document" 300 0 -- "$NG" extract -j2 big.txt -o out.jsonl &&
  { check_output big.txt out.jsonl big || fail "50 MB document: bad output"
    python3 -c "
import json,sys; d=json.loads(open('out.jsonl').read())
ends=[m['start'] for e in d['entities'] if e['name'] in ('Angela Merkel','Paris') for m in e['mentions']]
sys.exit(0 if ends and max(ends) > 49_000_000 else 'no mention near the end of the 50 MB document')" ||
      fail "50 MB document: the end of the text was not analysed"; }
run "lines over 10 MB" 300 1 -- "$NG" extract -j2 long.jsonl -o out.jsonl &&
  { grep -Eq "long.jsonl:3: byte 10500000: malformed JSON" err || fail "truncated 10 MB line: $(cat err)"; }
run "lines over 10 MB --skip-bad" 300 0 -- "$NG" extract -j2 --skip-bad long.jsonl -o out.jsonl &&
  { check_output long.jsonl out.jsonl a long z || fail "10 MB lines: lost documents"
    grep -q '"text":"Paris"' out.jsonl || fail "10 MB line: the end of the line was not analysed"; }
run "$LINES_MANY-line JSONL" 600 0 -- "$NG" extract -j2 many.jsonl -o out.jsonl &&
  { [[ $(wc -l <out.jsonl) -eq $LINES_MANY ]] || fail "many lines: $(wc -l <out.jsonl) output lines"
    [[ $(head -c 12 out.jsonl) == '{"id":"many-' && $(tail -n 1 out.jsonl | cut -c1-30) == "{\"id\":\"many-$LINES_MANY\""* ]] ||
      fail "many lines: output out of order"
    [[ $(grep -c '"gpe/rome"' out.jsonl) -eq $(((LINES_MANY + 999) / 1000)) ]] || fail "many lines: lost analyses"; }

# --- JSON shape ------------------------------------------------------------------------
run "empty and blank lines" 60 0 -- "$NG" extract blank.jsonl -o out.jsonl &&
  { check_output blank.jsonl out.jsonl a b c || fail "blank lines: lost documents"
    [[ ! -s err ]] || fail "blank lines: unexpected warnings: $(cat err)"; }
run "deeply nested JSON" 120 0 -- "$NG" extract deep.jsonl -o out.jsonl &&
  { check_output deep.jsonl out.jsonl a b c d z || fail "deep nesting: lost documents"; }
run "deeply nested, unclosed JSON" 120 1 -- "$NG" extract deep_unclosed.jsonl -o out.jsonl &&
  { grep -Eq "deep_unclosed.jsonl:2: byte [0-9]+: malformed JSON" err || fail "deep unclosed: $(cat err)"; }
run "deeply nested, unclosed JSON --skip-bad" 120 0 -- "$NG" extract --skip-bad deep_unclosed.jsonl -o out.jsonl &&
  { check_output deep_unclosed.jsonl out.jsonl a z || fail "deep unclosed --skip-bad: lost documents"; }
run "deeply nested JSON-LD graph" 120 1 -- "$NG" stats deep.jsonld &&
  { grep -q "deep.jsonld" err || fail "deep JSON-LD: error does not name the file: $(cat err)"; }
run "truncated JSON" 60 1 -- "$NG" extract trunc.jsonl -o out.jsonl &&
  { grep -Eq "trunc.jsonl:3: byte [0-9]+: malformed JSON" err || fail "truncated JSON: $(cat err)"; }
run "truncated JSON --skip-bad" 60 0 -- "$NG" extract --skip-bad trunc.jsonl -o out.jsonl &&
  { check_output trunc.jsonl out.jsonl a b || fail "truncated --skip-bad: lost documents"
    grep -q "skipped 1 bad document(s) of 3" err || fail "truncated --skip-bad: no count: $(cat err)"; }

# --- odd text ---------------------------------------------------------------------------
run "unclosed quotes" 120 0 -- "$NG" extract quotes.txt -o out.jsonl &&
  { check_output quotes.txt out.jsonl quotes || fail "unclosed quotes: bad output"; }
run "no sentence punctuation" 120 0 -- "$NG" extract nopunct.txt -o out.jsonl &&
  { check_output nopunct.txt out.jsonl nopunct || fail "no punctuation: bad output"
    [[ $(stat -c %s out.jsonl) -lt 20000000 ]] || fail "no punctuation: output is $(stat -c %s out.jsonl) bytes"; }
run "non-English text" 120 0 -- "$NG" extract intl.jsonl -o out.jsonl &&
  { check_output intl.jsonl out.jsonl zh ar ru mix emoji || fail "non-English: bad output"; }
run "non-English text to a graph" 120 0 -- "$NG" build intl.jsonl -o out.jsonld
finish
