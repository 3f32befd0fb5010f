#!/bin/sh
# decode.sh - measures `tvatt decode` on damaged copies of clean Swedish prose: the gold
# texts of $SHARED/devdata/prose/gold plus pieces of government prose cut from
# $SHARED/corpus (statutes and interpellations, about 400 KB), each damaged by
# $SHARED/tools/mkdamage in every way decode must undo (and by iconv for CP437 and
# UTF-16). Prints per variant the share of words (and punctuation marks) given back
# exactly, as $SHARED/tools/score counts them, and how many files differ at all. For the
# code pages the answer is what the code page can hold: `iconv -f CODEPAGE` of the damaged
# file (mkdamage's help says so); for 7-bit Swedish, the gold with every character beyond
# ASCII but å ä ö Å Ä Ö as "?". The clean original must come back byte for byte.
# Set EVAL_KEEP=DIR to keep the files.
set -u
SHARED=${SHARED:-../shared}
tvatt=${TVATT:-build/tvatt}
tmp=${EVAL_KEEP:-$(mktemp -d)}
[ -n "${EVAL_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/gold"
cp "$SHARED"/devdata/prose/gold/*.txt "$tmp/gold/"
# pieces of government prose: whole documents, about 20 KB each, from statutes and
# interpellations of several decades
python3 - "$SHARED/corpus" "$tmp/gold" <<'PY'
import os, sys
root, out = sys.argv[1], sys.argv[2]
srcs = [os.path.join(root, 'sfs', 'sfs_1970plus.txt')]
ipq = os.path.join(root, 'riksdagen-interpellationer')
srcs += [os.path.join(ipq, f) for f in ('ipq_199899.txt', 'ipq_200405.txt', 'ipq_201011.txt',
                                       'ipq_201617.txt', 'ipq_202223.txt')]
k = 0
for src in srcs:
    data = open(src, encoding='utf-8').read()
    docs = [d for d in data.split('\n### ') if len(d) > 4000]
    step = max(1, len(docs) // 4)
    for d in docs[step // 2::step][:4]:
        body = d.split('\n', 1)[1] if '\n' in d else d
        piece = body[:20000]
        piece = piece[:piece.rfind('\n') + 1] if '\n' in piece else piece + '\n'
        open(os.path.join(out, 'corpus%02d.txt' % k), 'w', encoding='utf-8').write(piece)
        k += 1
PY
# decode writes NFC: where a gold text is not in NFC, its NFC form is the answer
nfc() { python3 -c 'import sys, unicodedata
t = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "w", encoding="utf-8").write(unicodedata.normalize("NFC", t))' "$1" "$2"; }
notnfc=0
for g in "$tmp"/gold/*.txt; do
	python3 -c 'import sys, unicodedata
t = open(sys.argv[1], encoding="utf-8").read()
sys.exit(unicodedata.normalize("NFC", t) != t)' "$g" || notnfc=$((notnfc + 1))
done
echo "decode: $(ls "$tmp"/gold | wc -l) gold texts, $notnfc not in NFC (their NFC form is the answer)"
variants="clean moji moji2 cp850 cp437 latin1 macroman iso646 entities combining utf16 utf16le"
for v in $variants; do mkdir -p "$tmp/$v/in" "$tmp/$v/ref" "$tmp/$v/out"; done
for g in "$tmp"/gold/*.txt; do
	f=$(basename "$g")
	for v in $variants; do
		in=$tmp/$v/in/$f ref=$tmp/$v/ref/$f
		case $v in
		clean) cp "$g" "$in"; nfc "$g" "$ref" ;;
		cp437) iconv -f UTF-8 -t CP437//TRANSLIT "$g" > "$in"; iconv -f CP437 -t UTF-8 "$in" > "$ref" ;;
		utf16) iconv -f UTF-8 -t UTF-16 "$g" > "$in"; nfc "$g" "$ref" ;;
		utf16le) iconv -f UTF-8 -t UTF-16LE "$g" > "$in"; nfc "$g" "$ref" ;;
		cp850 | latin1 | macroman)
			"$SHARED/tools/mkdamage" "$v" "$g" "$in"
			cs=$(case $v in cp850) echo CP850 ;; latin1) echo ISO-8859-1 ;; *) echo MACINTOSH ;; esac)
			iconv -f "$cs" -t UTF-8 "$in" > "$ref" ;;
		iso646)
			"$SHARED/tools/mkdamage" "$v" "$g" "$in"
			python3 -c 'import sys
t = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "w", encoding="utf-8").write("".join(c if ord(c) < 128 or c in "åäöÅÄÖ" else "?" for c in t))' "$g" "$ref" ;;
		*) "$SHARED/tools/mkdamage" "$v" "$g" "$in"; nfc "$g" "$ref" ;;
		esac
		"$tvatt" decode -q "$in" > "$tmp/$v/out/$f" || echo "decode: tvatt decode failed on $v/$f"
	done
done
python3 - "$SHARED/tools" "$tmp" $variants <<'PY'
import os, sys
sys.path.insert(0, sys.argv[1])
import score_lib
tmp, variants = sys.argv[2], sys.argv[3:]
worst = 100.0
for v in variants:
    toks = errs = differ = n = 0
    for f in sorted(os.listdir(os.path.join(tmp, v, 'ref'))):
        ref = open(os.path.join(tmp, v, 'ref', f), 'rb').read()
        out = open(os.path.join(tmp, v, 'out', f), 'rb').read()
        n += 1
        if ref == out:
            toks += len(score_lib.tokens(ref.decode('utf-8')))
            continue
        differ += 1
        r = score_lib.score(out.decode('utf-8', 'replace'), ref.decode('utf-8'))
        toks += r['tokens']
        errs += r['word_errors']
        if os.environ.get('EVAL_DIFFS'):
            for a, b in r['diffs'][:5]:
                print('    %s/%s: %r -> gold %r' % (v, f, a, b))
    share = 100.0 * (toks - errs) / max(1, toks)
    worst = min(worst, share)
    print('decode: %-9s words given back %8.4f %% (%d of %d wrong), files differing %d of %d'
          % (v, share, errs, toks, differ, n))
print('decode: worst variant %.4f %% (target >= 99.99 %%)' % worst)
PY
