"""corpus.py - reads ../shared/corpus as documents and splits them into training and
held-out parts, the same way for every derivation script and for `make eval`.

Documents are separated by lines starting with '### '. They are numbered in one fixed
order (the statutes file, then the interpellation files by name); every HOLDOUT-th
document (number % HOLDOUT == 0) is held out from every count we derive.
"""
import glob
import os
import re

HOLDOUT = 20
HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get('SHARED', os.path.join(HERE, '..', '..', '..', 'shared'))
CORPUS = os.path.join(SHARED, 'corpus')


def corpus_files():
    files = [os.path.join(CORPUS, 'sfs', 'sfs_1970plus.txt')]
    files += sorted(glob.glob(os.path.join(CORPUS, 'riksdagen-interpellationer', 'ipq_*.txt')))
    return files


def documents():
    """Yields (number, source file, header line, text) for every document."""
    n = 0
    for path in corpus_files():
        head, lines = None, []
        with open(path, encoding='utf-8') as f:
            for line in f:
                if line.startswith('### '):
                    if head is not None or lines:
                        yield n, path, head, ''.join(lines)
                        n += 1
                    head, lines = line.rstrip('\n'), []
                else:
                    lines.append(line)
        if head is not None or lines:
            yield n, path, head, ''.join(lines)
            n += 1


def is_heldout(n):
    return n % HOLDOUT == 0


def training_documents():
    for n, path, head, text in documents():
        if not is_heldout(n):
            yield n, path, head, text


def heldout_documents():
    for n, path, head, text in documents():
        if is_heldout(n):
            yield n, path, head, text


# The tokeniser shared with the C side (stages/restore_text.c mirrors it): a word is a run
# of letters; a number is a run of digits (with , . : / inside); a segment (the unit of
# word-pair context) ends at . ! ? : ; and at a line end.
WORD = re.compile(r"[^\W\d_]+|\d+(?:[.,:/]\d+)*|[^\w\s]|_")
END = set('.!?:;')


def segments(text, keep_case=False):
    """Yields lists of tokens: words (lowercased unless keep_case), '<num>' for numbers,
    None for a break (punctuation other than a segment end: the pair across it is not
    counted)."""
    for line in text.split('\n'):
        seg = []
        for m in WORD.finditer(line):
            t = m.group(0)
            c = t[0]
            if c.isalpha():
                seg.append(t if keep_case else t.lower())
            elif c.isdigit():
                seg.append('<num>')
            elif t in END:
                if seg:
                    yield seg
                seg = []
            elif t == '-' or t == '\u2013':
                seg.append(None)
            else:
                seg.append(None)
        if seg:
            yield seg
