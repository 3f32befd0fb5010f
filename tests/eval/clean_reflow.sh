#!/bin/sh
# clean_reflow.sh - measures clean+reflow on report dumps made from clean Swedish prose:
# paragraphs of $SHARED/devdata/prose/gold are laid out at a fixed measure with words
# hyphenated at line ends, a running header, "Sidan N av M" footers, form feeds and no
# blank lines; then `tvatt run --to reflow` (or clean | reflow) must give back every split
# word, every suspended compound, whole paragraphs and no header/footer. Also lists the
# headings found on seed 003. Prints the figures of issue 6.
set -u
SHARED=${SHARED:-../shared}
tvatt=${TVATT:-build/tvatt}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 - "$SHARED/devdata/prose/gold" "$tmp" <<'PY'
import os, sys, re, random, json
src, tmp = sys.argv[1], sys.argv[2]
random.seed(6)
paras = []
for f in sorted(os.listdir(src)):
    text = open(os.path.join(src, f), encoding='utf-8').read()
    for block in re.split(r'\n\s*\n', text):
        p = ' '.join(block.split())
        if len(p.split()) >= 25 and p.endswith('.') and '|' not in p:
            paras.append(p)
M = 72
lines, splits = [], []
for p in paras:
    cur = ''
    for w in p.split():
        if not cur:
            cur = w; continue
        if len(cur) + 1 + len(w) <= M:
            cur += ' ' + w; continue
        room = M - len(cur) - 2
        m = re.fullmatch(r'([a-zåäöé]+)([.,;:]?)', w)
        if m and len(m.group(1)) >= 8 and room >= 3:
            k = min(room, len(m.group(1)) - 3)
            if k >= 3:
                lines.append(cur + ' ' + w[:k] + '-')
                splits.append(m.group(1))
                cur = w[k:]; continue
        lines.append(cur); cur = w
    lines.append(cur)
out, page, PL = [], 1, 40
npages = (len(lines) + PL - 1) // PL
for i in range(0, len(lines), PL):
    if i:
        out.append('\f')
    out.append('Region Exempel   Årsrapport 2024   Dnr RS/595/2023')
    out.extend(lines[i:i + PL])
    out.append('Sidan %d av %d' % (page, npages)); page += 1
open(tmp + '/dump.txt', 'w', encoding='utf-8').write('\n'.join(out).replace('\f\n', '\f') + '\n')
json.dump({'paras': paras, 'splits': splits}, open(tmp + '/truth.json', 'w'))
PY
"$tvatt" run --to reflow "$tmp/dump.txt" > "$tmp/out.md" || echo "clean_reflow: tvatt failed"
python3 - "$tmp" <<'PY'
import sys, json, re
tmp = sys.argv[1]
t = json.load(open(tmp + '/truth.json'))
out = open(tmp + '/out.md', encoding='utf-8').read()
body = [l for l in out.split('\n') if l and not l.startswith('<!--')]
words = set()
for l in body:
    words.update(re.findall(r'[\wåäöéÅÄÖÉ-]+', l))
ok = sum(1 for w in t['splits'] if w in words)
print('clean_reflow: split words rejoined: %d/%d = %.2f %%' % (ok, len(t['splits']), 100.0 * ok / max(1, len(t['splits']))))
text = '\n'.join(body)
sus = [m.group(0) for p in t['paras'] for m in re.finditer(r'\w+- (och|eller|samt|respektive|till)\b', p)]
oks = sum(1 for s in sus if s in text)
print('clean_reflow: suspended compounds kept: %d/%d' % (oks, len(sus)))
lines = set(body)
okp = sum(1 for p in t['paras'] if p in lines)
print('clean_reflow: paragraphs whole: %d/%d = %.2f %%' % (okp, len(t['paras']), 100.0 * okp / max(1, len(t['paras']))))
left = sum(text.count(x) for x in ('Region Exempel', 'Sidan '))
print('clean_reflow: header/footer left: %d' % left)
PY
seed=$SHARED/seeds/003_7ba8079f8794b2c3.txt
if [ -f "$seed" ]; then
	"$tvatt" run --to reflow "$seed" > "$tmp/s3.md"
	found=0
	for n in 1 2 2.1 2.2 2.3 2.4 2.5 3 3.1 3.2 4; do
		grep -q "^#* $n " "$tmp/s3.md" && found=$((found + 1))
	done
	echo "clean_reflow: seed 003 numbered headings found: $found/11"
fi
