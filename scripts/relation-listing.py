#!/usr/bin/env python3
"""Lists every relation newsgraph extracts from the first N documents of a JSONL corpus,
each beside its evidence sentence, as Markdown for a reader to judge (docs/evaluation.md).

    scripts/relation-listing.py NEWSGRAPH CORPUS.jsonl [N=20] > listing.md

The evidence span is shown in bold inside the sentence that contains it. A last column
is left for the reader's judgement. Reads the corpus; writes nothing else.
"""
import json
import subprocess
import sys


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (by ". ", "! ", "? " or a newline) containing [start, end)."""
    b = start
    while b > 0 and not (text[b - 1] == "\n" or (b >= 2 and text[b - 2] in ".!?" and text[b - 1] == " ")):
        b -= 1
    e = end
    while e < len(text) and text[e] != "\n" and not (text[e - 1] in ".!?" and text[e] == " "):
        e += 1
    return b, e


def main() -> None:
    ng, corpus = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    with open(corpus, encoding="utf-8") as f:
        docs = [json.loads(line) for _, line in zip(range(n), f)]
    data = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
    out = subprocess.run([ng, "extract", "-", "--jobs", "1"], input=data.encode(), capture_output=True, check=True)
    rows = [json.loads(line) for line in out.stdout.decode().splitlines()]
    total = 0
    for d, r in zip(docs, rows):
        text = d["text"].encode()
        names = {e["id"]: e["name"] for e in r["entities"]}
        rels = r["relations"]
        print(f"\n### {d.get('title') or r['id']} ({len(rels)})\n")
        if not rels:
            continue
        print("| # | subject | predicate | object | evidence | judgement |")
        print("|---|---|---|---|---|---|")
        for rel in rels:
            total += 1
            pred = rel["predicate"]
            extra = rel.get("role") or rel.get("lemma")
            if extra:
                pred += f" ({extra})"
            s, e = rel["start"], rel["end"]
            # Offsets are bytes; the sentence search runs on characters of the decoded text.
            pre = text[:s].decode(errors="replace")
            mid = text[s:e].decode(errors="replace")
            full = text.decode(errors="replace")
            cb, ce = len(pre), len(pre) + len(mid)
            sb, se = sentence_around(full, cb, ce)
            ev = (full[sb:cb] + "**" + full[cb:ce] + "**" + full[ce:se]).replace("|", "\\|").replace("\n", " ")
            print(f"| {total} | {names.get(rel['subject'], rel['subject'])} | {pred} | "
                  f"{names.get(rel['object'], rel['object'])} | {ev} | |")
    print(f"\n{total} relations in {len(docs)} documents.")


if __name__ == "__main__":
    main()
