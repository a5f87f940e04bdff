#!/usr/bin/env python3
"""Known-item eval from the Debian Reference in several languages (issue 21, point 3).

debref.py build DEBS_DIR OUT: DEBS_DIR holds the unpacked debian-reference-LANG packages
(DEBS_DIR/LANG/usr/share/debian-reference/chNN.LANG.html). Each second-level section (86 in the
2.100 release) becomes a page OUT/corpus/LANG/chNN-MM.html; each third-level heading inside it is
a query (OUT/queries/LANG.jsonl) whose relevant document is that page. The heading itself and the
cross-references that repeat heading titles are taken out of the page, so the query is rarely
verbatim in it: the page must be found by what its text says.

debref.py score QUERIES RESULTS: recall@1/5/10 and MRR@10 of `cairn search --json` results,
as one line of JSON.
"""
import html, json, os, re, sys

H2 = re.compile(r'<h2 class="title">(.*?)</h2>', re.S)
H3 = re.compile(r'<h3 class="title">(.*?)</h3>', re.S)
XREF = re.compile(r'<a class="xref"[^>]*>.*?</a>', re.S)
TAG = re.compile(r'<[^>]+>')
NUMBER = re.compile(r'^\s*[0-9A-Z]+(\.[0-9]+)*\.\s*')


def words(fragment):
    return NUMBER.sub('', html.unescape(TAG.sub('', fragment))).strip()


def build(debs, out):
    for lang in sorted(os.listdir(debs)):
        src = os.path.join(debs, lang, 'usr/share/debian-reference')
        if not os.path.isdir(src):
            continue
        corpus = os.path.join(out, 'corpus', lang)
        os.makedirs(corpus, exist_ok=True)
        os.makedirs(os.path.join(out, 'queries'), exist_ok=True)
        queries = []
        for name in sorted(os.listdir(src)):
            m = re.match(r'ch(\d+)\.' + re.escape(lang) + r'\.html$', name)
            if not m:
                continue
            text = open(os.path.join(src, name), encoding='utf-8').read()
            heads = list(H2.finditer(text))
            for k, h in enumerate(heads):
                end = heads[k + 1].start() if k + 1 < len(heads) else text.find('<div class="navfooter"')
                body = text[h.end():end if end > 0 else len(text)]
                page = 'ch%s-%02d.html' % (m.group(1), k + 1)
                for q in H3.finditer(body):
                    query = words(q.group(1))
                    if query:
                        queries.append({'id': '%s-%d' % (lang, len(queries)), 'query': query,
                                        'relevant': [page], 'kind': 'phrase'})
                body = XREF.sub('', H3.sub('', body))
                title = html.escape(words(h.group(1)))
                with open(os.path.join(corpus, page), 'w', encoding='utf-8') as f:
                    f.write('<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title></head>'
                            '<body><h1>%s</h1>%s</body></html>\n' % (title, title, body))
        with open(os.path.join(out, 'queries', lang + '.jsonl'), 'w', encoding='utf-8') as f:
            for q in queries:
                f.write(json.dumps(q, ensure_ascii=False) + '\n')
        print(lang, len(os.listdir(corpus)), 'pages', len(queries), 'queries')


def score(queries, results):
    qs = {q['id']: q for q in map(json.loads, open(queries, encoding='utf-8'))}
    res = {r['id']: r for r in map(json.loads, open(results, encoding='utf-8'))}
    r1 = r5 = r10 = mrr = 0.0
    for i, q in qs.items():
        ranked = []
        for h in res.get(i, {}).get('hits', []):
            d = os.path.basename(str(h.get('document', '')))
            if d not in ranked:
                ranked.append(d)
        pos = next((k for k, d in enumerate(ranked[:10]) if d in q['relevant']), None)
        if pos is not None:
            mrr += 1 / (pos + 1)
            r10 += 1
            r5 += pos < 5
            r1 += pos < 1
    n = max(len(qs), 1)
    print(json.dumps({'n': len(qs), 'R@1': round(r1 / n, 3), 'R@5': round(r5 / n, 3),
                      'R@10': round(r10 / n, 3), 'MRR@10': round(mrr / n, 3)}))


if __name__ == '__main__':
    if sys.argv[1:2] == ['build']:
        build(sys.argv[2], sys.argv[3])
    elif sys.argv[1:2] == ['score']:
        score(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
