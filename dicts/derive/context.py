"""context.py - the wider-context table of restore: for each word form that shares its
fold key with another frequent form (är/år, har/här, man/män, vara/våra...), how often
each fold key occurred near it (2 to WINDOW words away, either side, inside the same
segment) in the TRAINING documents of ../shared/corpus (held-out documents excluded, see
corpus.py). The word pairs and triples already cover the nearest neighbours; this table
adds the words a little further off ("lever allt fler år", "högavlönade män").

usage: python3 context.py ..   (writes ../context.tsv.gz)
It also counts, as a class for the pairs the corpus lacks, the ending (last SUFFIX
letters of the fold key) of the word right before and right after the form, when that
word has at least SUFFIX_WORD letters: "|L:nga" (after "många"), "|R:bet" (before
"jobbet").
And, as the far band ("|F:" and the fold key), the words WINDOW + 1 to FAR away of at
least SUFFIX_WORD letters: the sentence's topic ("kvinnan ... mannen").

Rows: form, '=', how many context words were counted for it (its total); form, '|L:',
'|R:' or '|F:', how many endings before or after it, or far words, were counted; then
form, fold key of a context word, an ending or a far word, count >= CTX_MIN. Tokens as in corpus.segments().
"""
import collections
import gzip
import sys

import corpus

WINDOW = 3      # words either side; distance 1 is left to the pair model
FAR = 8         # and the far band: WINDOW + 1 to FAR words away, counted apart ("|F:")
FORM_MIN = 20   # a form counted less often than this is no rival
CTX_MIN = 3     # context counts below this are dropped (noise, and size)
SUFFIX = 3      # letters of a neighbour's ending used as its class
SUFFIX_WORD = 4 # letters a neighbour needs (shorter ones are function words: pairs)
FOLD = str.maketrans('åäöé', 'aaoe')


def fold(w):
    return w.translate(FOLD)


def suffix(key):
    """The last SUFFIX letters of a fold key of at least SUFFIX_WORD letters, else None."""
    if key is None or len(key) < SUFFIX_WORD or key == '<num>':
        return None
    return key[-SUFFIX:]


def main():
    out = sys.argv[1]
    uni = collections.Counter()
    with gzip.open(out + '/words.tsv.gz', 'rt', encoding='utf-8') as f:
        for line in f:
            w, c = line.split('\t')[:2]
            if not w.startswith('<'):
                uni[w] = int(c)
    groups = collections.defaultdict(list)
    for w, c in uni.items():
        if c >= FORM_MIN:
            groups[fold(w)].append(w)
    forms = set()
    for k, ws in groups.items():
        if len(ws) > 1:
            forms.update(ws)
    total = collections.Counter()
    ctx = collections.Counter()
    for n, path, head, text in corpus.training_documents():
        for seg in corpus.segments(text):
            keys = [None if t is None else fold(t) for t in seg]
            for i, t in enumerate(seg):
                if t not in forms:
                    continue
                lo, hi = max(0, i - WINDOW), min(len(seg), i + WINDOW + 1)
                for j in range(lo, hi):
                    if j - i in (-1, 0, 1) or keys[j] is None:
                        continue
                    ctx[(t, keys[j])] += 1
                    total[t] += 1
                # the far band: the sentence's topic ("kvinnan ... mannen", "kvinnorna
                # ... männen"), a class of its own so the near counts stay as they were
                for j in list(range(max(0, i - FAR), lo)) + list(range(hi, min(len(seg), i + FAR + 1))):
                    if keys[j] is None or len(keys[j]) < SUFFIX_WORD or keys[j] == '<num>':
                        continue
                    ctx[(t, '|F:' + keys[j])] += 1
                    total[t, 'F'] += 1
                # the next and the previous word's ending, when it is a long word: a
                # class for pairs the corpus lacks ("det här jobbet", "många män")
                for j, side in ((i - 1, 'L'), (i + 1, 'R')):
                    k = suffix(keys[j]) if 0 <= j < len(seg) else None
                    if k:
                        ctx[(t, '|%s:%s' % (side, k))] += 1
                        total[t, side] += 1
    rows = 0
    with gzip.open(out + '/context.tsv.gz', 'wt', encoding='utf-8', compresslevel=9) as f:
        for t in sorted(x for x in total if isinstance(x, str)):
            f.write('%s\t=\t%d\n' % (t, total[t]))
            for side in 'LRF':
                if total[t, side]:
                    f.write('%s\t|%s:\t%d\n' % (t, side, total[t, side]))
        for (t, k), c in sorted(ctx.items()):
            if c >= CTX_MIN:
                f.write('%s\t%s\t%d\n' % (t, k, c))
                rows += 1
    print('forms %d in %d groups, context pairs %d, kept %d' %
          (len(forms), sum(1 for ws in groups.values() if len(ws) > 1), len(ctx), rows))


if __name__ == '__main__':
    main()
