"""cue_words.py - two cues outside a word's neighbours that tell rival readings apart
(restore, issue 3), counted in the TRAINING part of ../shared/corpus (held-out documents
excluded, see corpus.py). Writes dicts/cue_words.tsv, which the restore stage compiles in
(stages/restore.mk).

usage: python3 cue_words.py > ../cue_words.tsv

Rows: KIND TAB WORD TAB WEIGHT (WORD lower case, WEIGHT in tenths of a natural log):
  Q  the sentence that WORD opens (capitalised, after . ! ? or a line start) ends with a
     question mark: log P(? | first word) - log P(?) ("har" +15: a question opens with the
     verb, "Har du ...?"; "här" -24, "år" -30);
  C  the next word (in the same sentence, a space alone between) begins with a capital:
     log P(capital next | WORD) - log P(capital next) ("dr" +29 before a name; "är" -11).
Smoothed with PSEUDO observations in the corpus' proportion; written for words seen MIN
times or more whose weight is CUT tenths or more away from 0. The opposite cues (a
sentence ending otherwise, a small letter next) were tried and left out: their weights
are small and, where a rival reading has no row, tipped close calls the wrong way ("t o m"
-> "t ö m") as often as the right one.
Sorted by KIND and WORD as bytes (C looks them up with a binary search)."""
import collections
import math
import re
import sys

import corpus

MIN = {'Q': 30, 'C': 10}
PSEUDO = 20
CUT = {'Q': 5, 'C': 10}
SENT = re.compile(r'(?<=[.!?])\s+(?=["”]?[A-ZÅÄÖÉ])')
WORD = re.compile(r"^[^\W\d_]+$")
STRIP = '"”\'(),;:'


def main():
    q = collections.Counter()     # (first word, ends with ?)
    cap = collections.Counter()   # (word, next capitalised)
    for n, path, head, text in corpus.training_documents():
        for line in text.split('\n'):
            for s in SENT.split(' '.join(line.split())):
                w = s.split()
                if len(w) < 2:
                    continue
                f = w[0].strip(STRIP)
                if WORD.match(f) and f[0].isupper() and not f.isupper():
                    q[f.lower(), w[-1].rstrip(')"”\'')[-1:] == '?'] += 1
                for a, b in zip(w, w[1:]):
                    if a[-1:] in '.,;:!?)"”' or not WORD.match(a):
                        continue
                    # restore sees the pair only where a space alone parts the words
                    # ("dr Sten"; "ombudsmän (JO" is no pair there)
                    if not b[:1].isalpha():
                        continue
                    cap[a.lower(), b[0].isupper()] += 1
    rows = []
    for kind, c in (('Q', q), ('C', cap)):
        t1 = sum(v for (w, k), v in c.items() if k)
        t0 = sum(v for (w, k), v in c.items() if not k)
        share = t1 / (t0 + t1)
        for w in sorted({w for w, _ in c}):
            n1, n0 = c[w, True], c[w, False]
            if n1 + n0 < MIN[kind] or '\t' in w:
                continue
            p1 = (n1 + PSEUDO * share) / (n1 + n0 + PSEUDO)
            w1 = round(10 * math.log(p1 / share))
            w0 = round(10 * math.log((1 - p1) / (1 - share)))
            if abs(w1) >= CUT[kind]:
                rows.append((kind, w, w1))
        sys.stderr.write('cue_words: %s: %d of %d (%.2f %%)\n' % (kind, t1, t0 + t1, 100 * share))
    rows.sort(key=lambda r: (r[0] + r[1]).encode('utf-8'))
    for kind, w, wt in rows:
        sys.stdout.write('%s\t%s\t%d\n' % (kind, w, wt))
    sys.stderr.write('cue_words: %d rows\n' % len(rows))


main()
