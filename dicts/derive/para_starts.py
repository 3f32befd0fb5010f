"""para_starts.py - how often a sentence boundary is a paragraph break, by the first word of
the sentence after it and by the last word and final mark of the sentence before it, in the
TRAINING interpellations of ../shared/corpus (held-out documents excluded, see corpus.py;
one paragraph a line there, so paragraph breaks are known). Writes dicts/para_starts.tsv,
which the reflow stage compiles in (stages/reflow.mk) and consults only where a dump's
layout does not show whether a line ending a sentence ended its paragraph.

usage: python3 para_starts.py > ../para_starts.tsv   (superseded: dicts/para_starts.tsv is
now fitted by para_model.py, which takes its keys and sentence splitting from here)

Rows: KIND TAB WORD TAB WEIGHT, where KIND is P (the prior: log-odds of a paragraph break
at a sentence boundary, WORD empty), F (the next sentence's first word, as written, quote
marks stripped), L (the previous sentence's last word, lower case, final punctuation
stripped), T (the next sentence's first two words, the first as for F, the second with
final punctuation stripped, one space between: "Mot bakgrund", "Det är"; written only
where it differs from the first word's F row by 2 or more, and used in its place), E
(the previous sentence's final mark: . : ? or !) or H (the length of the
paragraph so far, in UTF-8 bytes with its sentences joined by one space: WORD is the
lower bound of a range of HBOUNDS, five digits with leading zeros, and a row is written
for every range: a paragraph of a few short sentences goes on, one of 300 bytes or more
tends to end); a word starting with a digit is written 0. WEIGHT is the smoothed log-odds
of a break given the word minus the prior, in tenths (natural log). Words seen fewer than
MIN times (or holding a tab, quote or backslash) or with |WEIGHT| under 2 are left out.
Rows are sorted by KIND and WORD as bytes (C looks them up with a binary search; an H row
is the last one at or below the length).

The weights add up as in naive Bayes. On the held-out interpellations' 13,578 sentence
boundaries (4,488 breaks), breaking where the sum exceeds -7 (a chance of a third) gave
1,751 false breaks and 2,351 missed ones with F, L and E; with H as well, 2,769 and 1,395
(false breaks plus twice the missed ones, the paragraphs broken: 6,453 -> 5,559); with T
in place of F where it is there, 2,810 and 1,300 (5,410)."""
import collections
import math
import os
import re
import sys

import corpus

MIN = {'F': 30, 'T': 30, 'L': 100, 'E': 100, 'H': 0}  # the last words are many more, their counts noisier
HBOUNDS = (0, 100, 200, 300, 400, 550, 700, 900, 1200)  # bytes: the ranges of H rows
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


def length_key(n):
    """The H row of a paragraph of n bytes so far: the lower bound of its range."""
    return '%05d' % max(b for b in HBOUNDS if b <= n)


def two_key(w):
    """The T row of a sentence of words w: its first two words, or None."""
    return first_key(w[0]) + ' ' + w[1].rstrip(',;:.!?)"”') if len(w) >= 2 else None


def boundaries(text):
    """Yields (first word, first two words, last word before, its final mark, length of the
    paragraph before the boundary, 1 if a paragraph break else 0) for every sentence
    boundary between and inside the document's prose paragraphs."""
    prev = None
    for line in text.split('\n'):
        p = ' '.join(line.split())
        if len(p.split()) < 5 or p[-1] not in '.:?!':
            prev = None
            continue
        last = None
        sofar = 0
        for k, s in enumerate(SENT.split(p)):
            w = s.split()
            if not w:
                continue
            if k == 0 and prev is not None:
                yield (first_key(w[0]), two_key(w)) + prev + (1,)
            elif k > 0 and last is not None:
                yield (first_key(w[0]), two_key(w)) + last + (length_key(sofar), 0)
            sofar += len(s.encode('utf-8')) + (1 if sofar else 0)
            last = (last_key(w[-1]), end_key(w[-1]))
        prev = last + (length_key(sofar),) if last else None


def main():
    first, last, tot = collections.Counter(), collections.Counter(), collections.Counter()
    end, length, two = collections.Counter(), collections.Counter(), collections.Counter()
    for n, path, head, text in corpus.training_documents():
        if 'riksdagen-interpellationer' not in path:
            continue
        for fw, tw, lw, em, hl, new in boundaries(text):
            length[hl, new] += 1
            if tw is not None:
                two[tw, new] += 1
            first[fw, new] += 1
            last[lw, new] += 1
            end[em, new] += 1
            tot[new] += 1
    prior = math.log(tot[1] / tot[0])
    share = tot[1] / (tot[0] + tot[1])
    rows = [('P', '', round(10 * prior))]
    fweight = {}
    for kind, c in (('F', first), ('T', two), ('L', last), ('E', end), ('H', length)):
        for w in sorted({w for w, _ in c}):
            n1, n0 = c[w, 1], c[w, 0]
            if n1 + n0 < MIN[kind] or re.search(r'[\t"\\\\]', w):
                continue
            # PSEUDO observations in the corpus' proportion pull a rare word's log-odds
            # towards the prior, so that chance counts do not decide
            lo = math.log((n1 + PSEUDO * share) / (n0 + PSEUDO * (1 - share))) - prior
            wt = round(10 * lo)
            if kind == 'F' and abs(wt) >= 2:
                fweight[w] = wt
            if kind == 'T':
                if abs(wt - fweight.get(w.split(' ')[0], 0)) >= 2:
                    rows.append((kind, w, wt))
            elif abs(wt) >= 2 or kind == 'H':
                rows.append((kind, w, wt))
    rows.sort(key=lambda r: (r[0] + r[1]).encode('utf-8'))
    out = sys.stdout
    for kind, w, wt in rows:
        out.write('%s\t%s\t%d\n' % (kind, w, wt))
    sys.stderr.write('para_starts: %d boundaries (%d paragraph breaks), %d rows\n'
                     % (tot[0] + tot[1], tot[1], len(rows)))


if __name__ == "__main__":
    main()
