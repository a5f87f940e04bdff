"""A known-item set from the PostgreSQL 15 manual, each query asked as written and with one typo.

  pgtypos.py build HTML_DIR QUERIES.jsonl   each page's title (its section number dropped) is a query whose
                                            relevant document is that page; its twin has two inner letters of
                                            the title's longest word swapped. Titles of under two words, or held
                                            by more than one page, are left out; 300 pages drawn (seed 7).
  pgtypos.py score QUERIES.jsonl RESULTS.jsonl
                                            R@1, R@10 and MRR@10 for the queries as written ("clean") and with
                                            the typo ("typo"), and how many found nothing.
"""
import collections
import html
import json
import os
import random
import re
import sys


def build(html_dir, queries):
    titles = {}
    for name in sorted(os.listdir(html_dir)):
        if not name.endswith(".html"):
            continue
        with open(os.path.join(html_dir, name), encoding="utf-8", errors="replace") as f:
            m = re.search(r"<title>(.*?)</title>", f.read(), re.S)
        if not m:
            continue
        title = html.unescape(re.sub(r"\s+", " ", m.group(1))).strip()
        title = re.sub(r"^(Appendix [A-Z]\.|Chapter \d+\.|Part [IVX]+\.|[A-Z]\.\d+(\.\d+)*\.|\d+(\.\d+)*\.)\s*", "", title).strip()
        if len(re.findall(r"[A-Za-z]{3,}", title)) >= 2:
            titles[name] = title
    held = collections.Counter(titles.values())
    rnd = random.Random(7)
    pages = [p for p in titles if held[titles[p]] == 1]
    rnd.shuffle(pages)
    n = 0
    with open(queries, "w") as out:
        for page in pages[:300]:
            title = titles[page]
            word = max(re.findall(r"[A-Za-z]{3,}", title), key=len)
            if len(word) < 4:
                continue
            i = rnd.randrange(1, len(word) - 2)
            typo = word[:i] + word[i + 1] + word[i] + word[i + 2:]
            if typo.lower() == word.lower():
                continue
            out.write(json.dumps({"id": f"c{n:03}", "query": title, "relevant": [page], "kind": "clean"}) + "\n")
            out.write(json.dumps({"id": f"t{n:03}", "query": title.replace(word, typo, 1), "relevant": [page],
                                  "kind": "typo"}) + "\n")
            n += 1
    print(f"{n} pages, {2 * n} queries in {queries}")


def score(queries, results):
    qs = [json.loads(line) for line in open(queries)]
    res = {r["id"]: r for r in map(json.loads, open(results))}
    for kind in ("clean", "typo"):
        chosen = [q for q in qs if q["kind"] == kind]
        r1 = r10 = mrr = nothing = 0
        for q in chosen:
            docs = [os.path.basename(str(h.get("document", ""))) for h in res.get(q["id"], {}).get("hits", [])][:10]
            nothing += not docs
            rank = next((i for i, d in enumerate(docs) if d in q["relevant"]), None)
            if rank is not None:
                r10 += 1
                mrr += 1 / (rank + 1)
                r1 += rank == 0
        n = len(chosen) or 1
        print(f"{kind:5} n={len(chosen)} R@1={r1 / n:.3f} R@10={r10 / n:.3f} MRR@10={mrr / n:.3f} found nothing: {nothing}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "build":
        build(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "score":
        score(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
