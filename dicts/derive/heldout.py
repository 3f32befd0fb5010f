"""heldout.py - writes test texts from the HELD-OUT documents of ../shared/corpus (never
counted by counts.py nor used by ocr_pairs.py), for measuring whether restore generalises
beyond devdata: NFILES files of about WORDS words of whole paragraphs each, mostly recent
interpellations (closest to government prose) and some statutes.

usage: python3 heldout.py OUTDIR [NFILES]
Writes OUTDIR/gold/hoNN.txt; tests/eval/restore.sh damages them with mkdamage.
"""
import os
import random
import sys

import corpus

WORDS = 500


def main():
    out = sys.argv[1]
    nfiles = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    os.makedirs(os.path.join(out, 'gold'), exist_ok=True)
    rng = random.Random(20)
    ipq, sfs = [], []
    for n, path, head, text in corpus.heldout_documents():
        paras = [p.strip() for p in text.split('\n') if len(p.split()) >= 15]
        if not paras:
            continue
        if 'ipq_20' in path and 'ipq_2000' not in path:
            ipq.append(paras)
        elif 'sfs' in path:
            sfs.append(paras)
    rng.shuffle(ipq)
    rng.shuffle(sfs)
    ki = ks = 0
    for i in range(nfiles):
        sel, words = [], 0
        while words < WORDS:
            if i % 5 == 4 and ks < len(sfs):
                paras, ks = sfs[ks], ks + 1
            else:
                paras, ki = ipq[ki % len(ipq)], ki + 1
            for p in paras:
                if words >= WORDS:
                    break
                sel.append(p)
                words += len(p.split())
        with open(os.path.join(out, 'gold', 'ho%02d.txt' % i), 'w', encoding='utf-8') as f:
            f.write('\n\n'.join(sel) + '\n')


if __name__ == '__main__':
    main()
