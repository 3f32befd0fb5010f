"""whole_lines.py - paragraphs whole in text written one paragraph a line without blank
lines (an export, corpus-like text; issue 6): the interpellations of $SHARED/corpus held
out from every table in dicts/ (dicts/derive/corpus.py), each document's lines as they
are, through `tvatt run --to reflow`. A line counts when it is a paragraph of the corpus:
five words or more, ending a sentence, with the lines around it ending a sentence before
and starting with a capital after (elsewhere the corpus itself holds a paragraph cut in
two, which reflow rightly joins). It is whole when it comes out as one block alone.

usage: python3 whole_lines.py SHARED TVATT [DOCS]   (make eval runs it, with 400 documents)"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    shared, tvatt = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 400
    os.environ['SHARED'] = shared
    sys.path.insert(0, os.path.join(HERE, '..', '..', 'dicts', 'derive'))
    import corpus
    docs = total = whole = joined = 0
    for n, path, head, text in corpus.heldout_documents():
        if 'interpellationer' not in path:
            continue
        docs += 1
        if docs > limit:
            break
        lines = [l.strip() for l in text.split('\n') if l.strip()]
        out = subprocess.run([tvatt, 'run', '-q', '--to', 'reflow', '-'],
                             input=('\n'.join(lines) + '\n').encode('utf-8'),
                             capture_output=True).stdout.decode('utf-8', 'replace')
        blocks = {l.strip() for l in out.split('\n') if l.strip() and not l.startswith('<!--')}
        for i, l in enumerate(lines):
            if len(l.split()) < 5 or l[-1] not in '.!?:':
                continue
            if i + 1 < len(lines) and not lines[i + 1][:1].isupper():
                continue
            if i > 0 and lines[i - 1][-1:] not in '.!?:':
                continue
            total += 1
            if l in blocks:
                whole += 1
            elif any(l in b for b in blocks):
                joined += 1
    print('clean_reflow: one paragraph a line, no blank lines (%d held-out documents): '
          'paragraphs whole: %d/%d = %.2f %% (joined to another: %d)'
          % (min(docs, limit), whole, total, 100.0 * whole / max(total, 1), joined))


main()
