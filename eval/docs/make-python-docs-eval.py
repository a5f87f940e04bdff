#!/usr/bin/env python3
"""make-python-docs-eval.py HTML_DIR OUTDIR [--pages N] [--queries N] [--seed S]

Builds a documentation retrieval set from the Python 3.11 documentation (Debian's python3.11-doc,
unpacked): OUTDIR/corpus/ holds a fixed part of library/ (every second page by name, pages over
250 KB of HTML left out, so a few minutes of ingest on two cores), and OUTDIR/queries.jsonl one
line per query in the eval kit's format, {"id", "query", "relevant": [page file names], "kind"}.

Queries come from the indexes, whose entries point at the page that documents a term; that page is
the relevant document. Two kinds, as score.py --split tells them:
  identifier: the qualified name a general index (genindex-*.html) entry documents, from its link
              (os.path.join, ssl.SSLContext.wrap_socket)
  phrase:     the words of a general index term with its sub-entry ("daylight saving time", "file
              copying"; at least two words, letters only; every subset page it points at is relevant),
              and the module index's synopses ("Encode and decode the JSON format").
"""
import argparse, html, json, os, random, re, shutil, sys
from html.parser import HTMLParser

ap = argparse.ArgumentParser()
ap.add_argument("html_dir"); ap.add_argument("out")
ap.add_argument("--queries", type=int, default=200, help="per kind")
ap.add_argument("--max-bytes", type=int, default=250_000)
ap.add_argument("--seed", type=int, default=14)
a = ap.parse_args()

lib = os.path.join(a.html_dir, "library")
pages = sorted(f for f in os.listdir(lib) if f.endswith(".html") and f != "index.html")
pages = [p for p in pages[::2] if os.path.getsize(os.path.join(lib, p)) <= a.max_bytes]
corpus = os.path.join(a.out, "corpus")
shutil.rmtree(corpus, ignore_errors=True)
os.makedirs(corpus)
for p in pages:
    shutil.copy(os.path.join(lib, p), corpus)
chosen = set(pages)


class Index(HTMLParser):
    """Collects (top entry, sub entry or None, href) from Sphinx's general index lists."""

    def __init__(self):
        super().__init__()
        self.depth = 0          # <ul> nesting inside the index table
        self.top = None         # text of the current first-level entry
        self.text = []          # text of the entry being read
        self.href = None
        self.entries = []

    def handle_starttag(self, tag, attrs):
        if tag == "ul":
            self.depth += 1
            if self.depth == 2:   # sub-entries start: the text so far is the top entry
                self.top = " ".join("".join(self.text).split()) or self.top
        elif tag == "li":
            self.text = []
            self.href = None
        elif tag == "a" and self.href is None:
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag):
        if tag == "ul":
            self.depth -= 1
        elif tag == "li":
            self.flush()

    def handle_data(self, data):
        self.text.append(data)

    def flush(self):
        words = " ".join("".join(self.text).split())
        if self.href and words:
            if self.depth >= 2:
                self.entries.append((self.top, words, self.href))
            elif self.depth == 1:
                self.entries.append((words, None, self.href))
                self.top = words
        self.text = []
        self.href = None


def is_identifier(q):  # score.py --split's rule
    return bool(re.search(r"[_()]|^[A-Za-z]+[A-Z][a-z]", q)) or " " not in q


identifiers, phrases = {}, {}
for name in sorted(os.listdir(a.html_dir)):
    if not re.fullmatch(r"genindex-[A-Z_]\w*\.html", name):
        continue
    parser = Index()
    parser.feed(open(os.path.join(a.html_dir, name), encoding="utf-8").read())
    for top, sub, href in parser.entries:
        m = re.fullmatch(r"library/([^#/]+\.html)#(.+)", href)
        if not m or m.group(1) not in chosen:
            continue
        page, anchor = m.group(1), html.unescape(m.group(2))
        if re.fullmatch(r"[A-Za-z_][\w]*(\.[A-Za-z_]\w*)+", anchor):
            if is_identifier(anchor):
                identifiers.setdefault(anchor, set()).add(page)
        elif anchor.startswith("index-"):
            words = f"{top} {sub}" if sub else top
            words = re.sub(r"\s*\[\d+\]", "", words).strip()
            if re.fullmatch(r"[A-Za-z][A-Za-z -]*", words) and len(words.split()) >= 2 and not is_identifier(words):
                phrases.setdefault(words.lower(), set()).add(page)

# The module index's one-line synopses ("Encode and decode the JSON format") are phrase queries too.
modindex = open(os.path.join(a.html_dir, "py-modindex.html"), encoding="utf-8").read()
for m in re.finditer(r'<a href="library/([^"#/]+\.html)#module-[^"]*">.*?</a></td><td>(.*?)</td>', modindex, re.S):
    page = m.group(1)
    words = re.sub(r"<strong>Deprecated:</strong>", "", m.group(2))
    words = re.sub(r":\w+:`([^`]*)`", r"\1", html.unescape(re.sub(r"<[^>]+>", "", words)))
    words = " ".join(words.replace("``", "").split()).rstrip(".")
    if page in chosen and len(words.split()) >= 2 and not is_identifier(words):
        phrases.setdefault(words, set()).add(page)

rng = random.Random(a.seed)
out = []
for kind, found in (("identifier", identifiers), ("phrase", phrases)):
    keys = sorted(found)
    for q in sorted(rng.sample(keys, min(a.queries, len(keys)))):
        out.append({"id": f"{kind[0]}{len(out):04d}", "query": q, "relevant": sorted(found[q]), "kind": kind})
with open(os.path.join(a.out, "queries.jsonl"), "w") as f:
    for q in out:
        f.write(json.dumps(q) + "\n")
print(f"{len(pages)} pages in {corpus}; {sum(q['kind'] == 'identifier' for q in out)} identifier and "
      f"{sum(q['kind'] == 'phrase' for q in out)} phrase queries (of {len(identifiers)} and {len(phrases)}) "
      f"in {os.path.join(a.out, 'queries.jsonl')}", file=sys.stderr)
