"""ocr_pairs.py - makes aligned (clean, English-model OCR) text pairs for learning the OCR
error model: random paragraphs of TRAINING documents (never held-out ones) are written in
chunks of about CHUNK_WORDS words, each rendered and OCR'd with `mkdamage engocr`.

usage: python3 ocr_pairs.py OUTDIR [CHUNKS]   (slow: about 4 s a page; run it nice'd)
Writes OUTDIR/NNN.txt (clean) and OUTDIR/NNN.ocr (OCR output); chunk NNN uses font
FONTS[NNN % 8].
"""
import os
import random
import subprocess
import sys

import corpus

CHUNK_WORDS = 2000
# Fonts rotated over the chunks, so the model learns the damage of more than one typeface.
FONTS = ['DejaVu Serif', 'DejaVu Sans', 'Nimbus Roman', 'Nimbus Sans', 'C059', 'P052',
         'URW Bookman Light', 'URW Gothic']


def main():
    out = sys.argv[1]
    chunks = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    os.makedirs(out, exist_ok=True)
    rng = random.Random(3)
    paras = []
    for n, path, head, text in corpus.training_documents():
        for p in text.split('\n'):
            p = p.strip()
            if len(p.split()) >= 12 and rng.random() < 0.02:
                paras.append(p)
    rng.shuffle(paras)
    mk = os.path.join(corpus.SHARED, 'tools', 'mkdamage')
    env = dict(os.environ, OMP_THREAD_LIMIT='1')
    k = 0
    for c in range(chunks):
        words, sel = 0, []
        while words < CHUNK_WORDS and k < len(paras):
            sel.append(paras[k])
            words += len(paras[k].split())
            k += 1
        clean = os.path.join(out, '%03d.txt' % c)
        with open(clean, 'w', encoding='utf-8') as f:
            f.write('\n\n'.join(sel) + '\n')
        ocr = os.path.join(out, '%03d.ocr' % c)
        if not os.path.exists(ocr):
            subprocess.run(['nice', '-n', '10', mk, 'engocr', clean, ocr, FONTS[c % len(FONTS)]],
                           env=env, check=True)
        print('chunk', c, 'done', flush=True)


if __name__ == '__main__':
    main()
