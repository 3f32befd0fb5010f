"""para_starts.py - how often a sentence boundary is a paragraph break, by the first word of
the sentence after it and by the last word and final mark of the sentence before it, in the
TRAINING interpellations of ../shared/corpus (held-out documents excluded, see corpus.py;
one paragraph a line there, so paragraph breaks are known). Writes dicts/para_starts.tsv,
which the reflow stage compiles in (stages/reflow.mk) and consults only where a dump's
layout does not show whether a line ending a sentence ended its paragraph.

usage: python3 para_starts.py > ../para_starts.tsv

Rows: KIND TAB WORD TAB WEIGHT, where KIND is P (the prior: log-odds of a paragraph break
at a sentence boundary, WORD empty), F (the next sentence's first word, as written, quote
marks stripped), L (the previous sentence's last word, lower case, final punctuation
stripped) or E (the previous sentence's final mark: . : ? or !); a word starting with a
digit is written 0. WEIGHT is the smoothed log-odds of a break given the word minus the
prior, in tenths (natural log). Words seen fewer than MIN times (or holding a tab, quote
or backslash) or with |WEIGHT| under 2 are left out. Rows are sorted by KIND and WORD as
bytes (C looks them up with a binary search)."""
import collections
import math
import os
import re
import sys

import corpus

MIN = {'F': 30, 'L': 100, 'E': 100}  # the last words are many more, and their counts noisier
PSEUDO = int(os.environ.get('PSEUDO', 20))
SENT = re.compile(r'(?<=[.!?:])\s+(?=["”]?[A-ZÅÄÖÉ0-9])')
LOWER = str.maketrans('ÅÄÖÉ', 'åäöé')


def first_key(w):
    w = w.lstrip('"”')
    w = w.rstrip(',;:.!?)"”')
    return '0' if w[:1].isdigit() else w


def last_key(w):
    w = w.rstrip('.!?:)"”').lower().translate(LOWER)
    return '0' if w[:1].isdigit() else w


def end_key(w):
    """The sentence's final punctuation mark (. : ? !), quotes and brackets after it passed."""
    w = w.rstrip(')"”')
    return w[-1:] if w[-1:] in ('.', ':', '?', '!') else ''


def boundaries(text):
    """Yields (first word, last word before, its final mark, 1 if a paragraph break else 0)
    for every sentence boundary between and inside the document's prose paragraphs."""
    prev = None
    for line in text.split('\n'):
        p = ' '.join(line.split())
        if len(p.split()) < 5 or p[-1] not in '.:?!':
            prev = None
            continue
        last = None
        for k, s in enumerate(SENT.split(p)):
            w = s.split()
            if not w:
                continue
            if k == 0 and prev is not None:
                yield (first_key(w[0]),) + prev + (1,)
            elif k > 0 and last is not None:
                yield (first_key(w[0]),) + last + (0,)
            last = (last_key(w[-1]), end_key(w[-1]))
        prev = last


def main():
    first, last, tot = collections.Counter(), collections.Counter(), collections.Counter()
    end = collections.Counter()
    for n, path, head, text in corpus.training_documents():
        if 'riksdagen-interpellationer' not in path:
            continue
        for fw, lw, em, new in boundaries(text):
            first[fw, new] += 1
            last[lw, new] += 1
            end[em, new] += 1
            tot[new] += 1
    prior = math.log(tot[1] / tot[0])
    share = tot[1] / (tot[0] + tot[1])
    rows = [('P', '', round(10 * prior))]
    for kind, c in (('F', first), ('L', last), ('E', end)):
        for w in sorted({w for w, _ in c}):
            n1, n0 = c[w, 1], c[w, 0]
            if n1 + n0 < MIN[kind] or re.search(r'[\t"\\\\]', w):
                continue
            # PSEUDO observations in the corpus' proportion pull a rare word's log-odds
            # towards the prior, so that chance counts do not decide
            lo = math.log((n1 + PSEUDO * share) / (n0 + PSEUDO * (1 - share))) - prior
            if abs(round(10 * lo)) >= 2:
                rows.append((kind, w, round(10 * lo)))
    rows.sort(key=lambda r: (r[0] + r[1]).encode('utf-8'))
    out = sys.stdout
    for kind, w, wt in rows:
        out.write('%s\t%s\t%d\n' % (kind, w, wt))
    sys.stderr.write('para_starts: %d boundaries (%d paragraph breaks), %d rows\n'
                     % (tot[0] + tot[1], tot[1], len(rows)))


main()
