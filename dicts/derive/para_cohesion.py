"""para_cohesion.py - would a row for lexical cohesion improve dicts/para_starts.tsv? Measures,
on the interpellations of ../shared/corpus (documents in their own order, one paragraph a
line, so paragraph breaks are known), how often a sentence boundary is a paragraph break
when the next sentence takes up a topic word of the text before it and when it does not,
fits a weight for each case on the TRAINING documents and scores the sum of para_starts.tsv's
rows (as reflow adds them: P, T or F, L, E, H) with and without it on the HELD-OUT ones
(corpus.py), as para_starts.py's docstring does: false breaks + 2 x missed breaks at the
threshold reflow uses (LANG_SPLIT, -7 tenths). Writes nothing; run by hand:

    python3 para_cohesion.py

Result (2026-11, dicts/para_starts.tsv of that date; 251,336 training boundaries, 13,578
held-out): a topic word shared changes the chance of a break by a few points only (first
word's 5-letter stem in the paragraph before: break rate 32.5 % shared against 30.5 % not;
any of the next 80 bytes' words of 6+ letters in the last 300 bytes: 30.1 % for 3 or more
shared against 34.8 % for none), and every variant tried made the held-out cost worse
(5,405 without; with the two rows below 5,430 and 5,432, with other windows and stem
lengths 5,426 to 5,458). Within one document, paragraphs keep to the subject
of the sentences around them about as much as sentences do, so reflow has no cohesion
signal. (The shuffled dumps of tests/eval/mkdumps.py would reward one: there a topic word
is shared across 11 % of the paragraph breaks against 49 % of the sentence ends inside
paragraphs; in its in-order dumps 44 % against 48 %.)"""
import collections
import math
import os
import re

import corpus

SENT = re.compile(r'(?<=[.!?:])\s+(?=["”]?[A-ZÅÄÖÉ0-9])')
LETTERS = re.compile(r'[a-zåäöéA-ZÅÄÖÉ]+')
HBOUNDS = (0, 100, 200, 300, 400, 550, 700, 900, 1200)
LANG_SPLIT = -7
HERE = os.path.dirname(os.path.abspath(__file__))


def load_rows():
    rows = {}
    with open(os.path.join(HERE, '..', 'para_starts.tsv'), encoding='utf-8') as f:
        for line in f:
            kind, word, weight = line.rstrip('\n').split('\t')
            rows[kind + word] = int(weight)
    return rows


def base_score(rows, before, after):
    """The sum reflow forms from para_starts.tsv at the boundary between the paragraph so
    far (before) and the next sentence (after)."""
    w = after.split()
    first = w[0].lstrip('"”').rstrip(',;:.!?)"”')
    first = '0' if first[:1].isdigit() else first
    two = rows.get('T' + first + ' ' + w[1].rstrip(',;:.!?)"”')) if len(w) > 1 else None
    score = rows['P'] + (two if two is not None else rows.get('F' + first, 0))
    last = before.split()[-1]
    mark = last.rstrip(')"”')[-1:]
    last = last.rstrip('.!?:)"”').lower().translate(str.maketrans('ÅÄÖÉ', 'åäöé'))
    last = '0' if last[:1].isdigit() else last
    n = len(before.encode('utf-8'))
    return (score + rows.get('L' + last, 0) + rows.get('E' + mark, 0) +
            rows['H%05d' % max(b for b in HBOUNDS if b <= n)])


def boundaries(docs):
    """(text before, text after, 1 if a paragraph break) for every sentence boundary."""
    for n, path, head, text in docs:
        if 'riksdagen-interpellationer' not in path:
            continue
        prev = None
        for line in text.split('\n'):
            p = ' '.join(line.split())
            if len(p.split()) < 5 or p[-1] not in '.:?!':
                prev = None
                continue
            sents = [s for s in SENT.split(p) if s.split()]
            for k in range(len(sents)):
                if k == 0 and prev is not None:
                    yield prev, p, 1
                elif k > 0:
                    yield ' '.join(sents[:k]), ' '.join(sents[k:]), 0
            prev = p


def shared_first(before, after):
    """The next sentence's first word (5+ letters, a capital) and whether its first five
    letters begin a word of the text before."""
    ws = LETTERS.findall(after[:120])
    if not ws or len(ws[0]) < 5 or not ws[0][0].isupper():
        return 'none'
    return 'shared' if re.search(r'\b' + re.escape(ws[0].lower()[:5]), before[-2000:].lower()) else 'new'


def shared_count(before, after):
    """How many 5-letter stems of the next 80 bytes' words of 6+ letters the last 300 bytes
    before hold (0, 1, 2, 3 or more)."""
    a = {w.lower()[:5] for w in LETTERS.findall(before[-300:]) if len(w) >= 6}
    b = {w.lower()[:5] for w in LETTERS.findall(after[:80]) if len(w) >= 6}
    return min(3, len(a & b))


def main():
    rows = load_rows()
    train = list(boundaries(corpus.training_documents()))
    held = list(boundaries(corpus.heldout_documents()))
    print('para_cohesion: %d training boundaries, %d held-out' % (len(train), len(held)))
    for name, feat in (('first word shared', shared_first), ('stems shared', shared_count)):
        c = collections.Counter((feat(a, b), y) for a, b, y in train)
        t1 = sum(v for (k, y), v in c.items() if y)
        t0 = sum(v for (k, y), v in c.items() if not y)
        prior = math.log(t1 / t0)
        keys = sorted({k for k, y in c}, key=str)
        weight = {k: round(10 * (math.log((c[k, 1] + 1) / (c[k, 0] + 1)) - prior)) for k in keys}
        cost = collections.Counter()
        for a, b, y in held:
            s = base_score(rows, a, b)
            for variant, score in (('without', s), ('with', s + weight[feat(a, b)])):
                brk = score > LANG_SPLIT
                cost[variant] += (brk and not y) + 2 * (not brk and y)
        print('para_cohesion: %s: %s' % (name, ', '.join(
            '%s: break rate %.1f %% of %d, weight %d' % (k, 100.0 * c[k, 1] / (c[k, 0] + c[k, 1]),
                                                        c[k, 0] + c[k, 1], weight[k]) for k in keys)))
        print('para_cohesion: %s: held-out false breaks + 2 x missed: without %d, with %d'
              % (name, cost['without'], cost['with']))


main()
