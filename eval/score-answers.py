#!/usr/bin/env python3
"""Scores extractive answers against the SQuAD kit's gold answers.

usage: score-answers.py QUERIES.jsonl RESULTS.jsonl [--misses N]

QUERIES lines carry {"id", "answers": [...]} (the eval kit's make-squad.py writes them); RESULTS are
`cairn search --queries QUERIES --answer --json` lines, {"id", "answer", "hits"}. A question counts
as answered when its answer, with the [n] citation markers taken out, holds one of its gold answers
(both lower-cased, punctuation and articles dropped, spaces collapsed: SQuAD's own normalisation).
Also prints the share whose first cited sentence alone holds it, the share with no answer at all,
and the answers' length in words: a longer answer holds more by chance, so compare at equal length.
"""
import json
import re
import string
import sys


def normalise(s):
    s = s.lower()
    s = "".join(ch if ch not in string.punctuation else " " for ch in s)
    s = re.sub(r"\b(a|an|the)\b", " ", s)
    return " ".join(s.split())


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    misses = int(argv[argv.index("--misses") + 1]) if "--misses" in argv else 0
    gold = {}
    questions = {}
    with open(argv[1], encoding="utf-8") as f:
        for line in f:
            q = json.loads(line)
            if q.get("answers"):
                gold[q["id"]] = [normalise(a) for a in q["answers"]]
                questions[q["id"]] = q["query"]
    held = first = empty = n = words = 0
    shown = 0
    with open(argv[2], encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["id"] not in gold:
                continue
            n += 1
            answer = r.get("answer") or ""
            if not answer.strip():
                empty += 1
            parts = [p for p in re.split(r"\s*\[\d+\]\s*", answer) if p.strip()]
            text = normalise(" ".join(parts))
            words += len(text.split())
            ok = any(g and g in text for g in gold[r["id"]])
            held += ok
            if parts and any(g and g in normalise(parts[0]) for g in gold[r["id"]]):
                first += 1
            if not ok and shown < misses:
                shown += 1
                print(f"MISS {questions[r['id']]!r} gold={gold[r['id']]!r}\n     answer={answer[:300]!r}")
    if n == 0:
        sys.exit("no results matched the queries' ids")
    print(f"questions {n}  answer holds gold {held / n:.3f}  first sentence holds gold {first / n:.3f}"
          f"  no answer {empty / n:.3f}  mean words {words / n:.1f}")


if __name__ == "__main__":
    main(sys.argv)
