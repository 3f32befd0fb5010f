"""confusions.py - learns the English-model OCR error model from (clean, OCR) pairs made by
ocr_pairs.py: words are aligned (difflib over word tokens), then the characters of each
aligned word pair, and every (true, observed) segment is counted, lowercased.

usage: python3 confusions.py PAIRDIR... > ../ocr_confusions.tsv
Output rows: true <TAB> observed <TAB> count <TAB> probability (count / occurrences of
true in the aligned clean words). 'true' is one character or, for splits and merges, a
short string; an empty 'observed' is a deletion. Rows are kept when the true side holds
å, ä, ö or é, or when they are seen at least MIN_OTHER times.
"""
import collections
import difflib
import glob
import os
import re
import sys

MIN_OTHER = 4
# Confusions seen in real English-model OCR damage (the list and seed 003: "6kat",
# "&r", "dr", "M3l", "13g", "I6pande", "Regiontvergripande", "Skellefteds"), added with one
# pseudo-occurrence each so that the model allows them even when the rendered pairs show
# none; learned counts are added on top.
PRIOR = [('ö', 'é'), ('ö', 'e'), ('ö', '6'), ('ö', 'o'), ('ö', 'd'), ('ö', 't'),
         ('ä', 'a'), ('ä', '&'), ('ä', 'd'), ('ä', 'i'), ('ä', 'é'), ('ä', '4'),
         ('å', 'a'), ('å', '3'), ('å', '8'), ('å', 'd'), ('é', 'e'),
         ('l', '1'), ('l', 'i'), ('i', 'l'), ('i', '1'), ('m', 'rn'), ('rn', 'm')]
TOKEN = re.compile(r"[^\s.,;:!?()\"'\u201d\u201c\u2019\u2018\u00bb\u00ab]+")
SWEDISH = set('åäöé')


def main():
    seg = collections.Counter()
    chars = collections.Counter()
    words = 0
    for d in sys.argv[1:]:
        for ocr in sorted(glob.glob(os.path.join(d, '*.ocr'))):
            clean = open(ocr[:-4] + '.txt', encoding='utf-8').read().lower()
            got = open(ocr, encoding='utf-8').read().lower()
            a, b = TOKEN.findall(clean), TOKEN.findall(got)
            sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
            for op, i1, i2, j1, j2 in sm.get_opcodes():
                if op == 'equal':
                    pairs = list(zip(a[i1:i2], b[j1:j2]))
                elif op == 'replace' and i2 - i1 == j2 - j1:
                    pairs = list(zip(a[i1:i2], b[j1:j2]))
                else:
                    continue
                for x, y in pairs:
                    words += 1
                    chars.update(x)
                    if x == y:
                        continue
                    cm = difflib.SequenceMatcher(a=x, b=y, autojunk=False)
                    for o, p1, p2, q1, q2 in cm.get_opcodes():
                        if o == 'equal':
                            continue
                        t, s = x[p1:p2], y[q1:q2]
                        if len(t) == len(s) and len(t) > 1:
                            for u, v in zip(t, s):
                                seg[(u, v)] += 1
                        elif len(t) <= 2 and len(s) <= 3:
                            seg[(t, s)] += 1
    for t, o in PRIOR:
        seg[(t, o)] += 1
    print('# English-model OCR confusions learned by dicts/derive/confusions.py from %d aligned'
          % words)
    print('# words of training-corpus text rendered in 8 fonts (mkdamage engocr).')
    print('# true\tobserved\tcount\tprobability')
    for (t, s), c in sorted(seg.items(), key=lambda x: (-x[1], x[0])):
        if not (set(t) & SWEDISH) and c < MIN_OTHER:
            continue
        if not t:
            continue
        total = sum(chars[ch] for ch in t) if len(t) == 1 else max(1, min(chars[ch] for ch in t))
        print('%s\t%s\t%d\t%.6f' % (t, s, c, c / max(1, total)))


if __name__ == '__main__':
    main()
