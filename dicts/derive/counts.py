"""counts.py - word and word-pair counts of the TRAINING documents of ../shared/corpus
(held-out documents excluded, see corpus.py).

usage: python3 counts.py OUTDIR
Writes OUTDIR/words.tsv.gz (word, count, followers, capitalised: lowercased, count >= 1;
followers is the number of distinct tokens seen after the word, for the back-off weight;
capitalised counts the times it was written with a capital not first in its segment, which
marks proper names; the rows '<s>', '</s>' and '<num>' give those of a segment start, a
segment end and a number) and
OUTDIR/pairs.tsv.gz (word1, word2, count >= PAIR_MIN; '<s>' starts a segment, '</s>'
ends one, '<num>' is any number) and OUTDIR/triples.tsv.gz: first the word-pair histories that have a kept
triple (word1, word2, '=', how often the pair was followed by a word, how many distinct
words followed it), then the triples (word1, word2, word3, count >= TRIPLE_MIN). Tokens as
in corpus.segments().
"""
import collections
import gzip
import sys

import corpus

PAIR_MIN = 2
TRIPLE_MIN = 2


def main():
    out = sys.argv[1]
    uni = collections.Counter()
    bi = collections.Counter()
    hist = collections.Counter()
    caps = collections.Counter()
    tri = collections.Counter()
    ndocs = 0
    for n, path, head, text in corpus.training_documents():
        ndocs += 1
        for seg in corpus.segments(text, keep_case=True):
            prev, prev2 = '<s>', None
            for i, t in enumerate(seg):
                if t is not None and t != '<num>':
                    if i > 0 and t[0].isupper():
                        caps[t.lower()] += 1
                    t = t.lower()
                if t is None:
                    prev = prev2 = None
                    continue
                if prev is not None and prev2 is not None:
                    tri[(prev2, prev, t)] += 1
                if t != '<num>':
                    uni[t] += 1
                if prev is not None:
                    bi[(prev, t)] += 1
                    hist[prev] += 1
                prev2, prev = prev, t
            # the segment's end, as a word: P(</s> | ...) says which reading ends a
            # clause ("Källa:" rather than "Kalla:")
            if prev is not None:
                bi[(prev, '</s>')] += 1
                hist[prev] += 1
                uni['</s>'] += 1
                if prev2 is not None:
                    tri[(prev2, prev, '</s>')] += 1
    followers = collections.Counter(a for (a, b) in bi)
    uni['<s>'] = hist['<s>']
    uni['<num>'] = hist['<num>']
    with gzip.open(out + '/words.tsv.gz', 'wt', encoding='utf-8', compresslevel=9) as f:
        for w, c in sorted(uni.items(), key=lambda x: (-x[1], x[0])):
            f.write('%s\t%d\t%d\t%d\n' % (w, c, followers[w], caps[w]))
    kept = 0
    with gzip.open(out + '/pairs.tsv.gz', 'wt', encoding='utf-8', compresslevel=9) as f:
        for (a, b), c in sorted(bi.items(), key=lambda x: (-x[1], x[0])):
            if c >= PAIR_MIN:
                f.write('%s\t%s\t%d\n' % (a, b, c))
                kept += 1
    hcount = collections.Counter()
    hfollow = collections.Counter()
    for (a, b, c), n in tri.items():
        hcount[(a, b)] += n
        hfollow[(a, b)] += 1
    kept3 = sorted(((k, n) for k, n in tri.items() if n >= TRIPLE_MIN), key=lambda x: x[0])
    hists = sorted(set((a, b) for (a, b, c), n in kept3))
    with gzip.open(out + '/triples.tsv.gz', 'wt', encoding='utf-8', compresslevel=9) as f:
        for a, b in hists:
            f.write('%s\t%s\t=\t%d\t%d\n' % (a, b, hcount[(a, b)], hfollow[(a, b)]))
        for (a, b, c), n in kept3:
            f.write('%s\t%s\t%s\t%d\n' % (a, b, c, n))
    print('documents %d, tokens %d, word types %d, pair types %d, kept %d, triple types %d, '
          'kept %d' % (ndocs, sum(uni.values()), len(uni), len(bi), kept, len(tri), len(kept3)))


if __name__ == '__main__':
    main()
