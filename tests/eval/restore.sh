#!/bin/sh
# restore.sh - quality figures of `tvatt restore` (issue 3), words only (score --words):
#   devdata: $SHARED/devdata/prose engocr/ and fold/ against gold/, and the changed words
#            per 10,000 when gold/ itself goes through restore;
#   held-out: the same on test texts made from the corpus documents that no count was
#            derived from (dicts/derive/heldout.py), damaged here with mkdamage (fold, and
#            engocr in four fonts); cached in build/eval-restore (remove it to remake).
#            RESTORE_HELDOUT=N makes N files of about 500 words instead of 20 (the first 20
#            are the same; 140 take about 15 minutes of OCR), cached in build/eval-restore-N.
#   press:   the 40 government press-release pages of $SHARED/devdata/tables (plain.txt:
#            pdftotext of the clean PDF, tables and all; its form feeds made newlines, as
#            a page break is no glyph on a page: rendered, a form feed became a box that
#            the OCR read as "[eRe] OC", 0.5 % of the words), damaged here with mkdamage
#            fold and engocr (default font); cached in build/eval-restore-press. Dev data:
#            it shows error classes, its words are never added to anything.
# Also: number/code/URL chunks changed (must be 0) and idempotence (a second run changes
# nothing). Reads ../shared; never part of `make test`.
set -u
SHARED=${SHARED:-../shared}
tvatt=${TVATT:-build/tvatt}
. "$(dirname "$0")/../need_lexicon.sh"; need_lexicon "$0"
here=$(cd "$(dirname "$0")/../.." && pwd)
score=$SHARED/tools/score
nheld=${RESTORE_HELDOUT:-20}
cache=$here/build/eval-restore
[ "$nheld" = 20 ] || cache=$here/build/eval-restore-$nheld
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

wer() { # HYPDIR GOLDDIR -> "W.WW"
	"$score" "$1" "$2" --words | python3 -c 'import json,sys; print("%.2f" % json.load(sys.stdin)["wer"])'
}

run_dir() { # INDIR OUTDIR
	mkdir -p "$2"
	for f in "$1"/*.txt; do "$tvatt" restore "$f" > "$2/$(basename "$f")"; done
}

# number, code and URL chunks of IN changed in OUT (restore never moves whitespace)
protected_changed() { # INDIR OUTDIR
	python3 - "$1" "$2" <<'PY'
import os, re, sys
a, b = sys.argv[1], sys.argv[2]
# a slash makes a code only with a digit ("RS/595/2023"); "kr/invanare" is two words
prot = re.compile(r'^(?=.*\d)[^A-Za-zÅÄÖåäöé]*$|(?=.*\d).*/|[@§]|://|^www\.|\.(se|com|nu|org|eu)\b')
changed = total = 0
for f in sorted(os.listdir(a)):
    x = open(os.path.join(a, f), encoding='utf-8').read().split()
    y = open(os.path.join(b, f), encoding='utf-8').read().split()
    for i, t in enumerate(x):
        if prot.search(t):
            total += 1
            changed += i >= len(y) or y[i] != t
print('%d of %d' % (changed, total))
PY
}

report() { # NAME DIR(with gold engocr fold)
	name=$1 d=$2
	run_dir "$d/engocr" "$tmp/$name/engocr"
	run_dir "$d/fold" "$tmp/$name/fold"
	run_dir "$d/gold" "$tmp/$name/gold"
	echo "restore: $name: English-model OCR: WER $(wer "$d/engocr" "$d/gold") % -> $(wer "$tmp/$name/engocr" "$d/gold") % (target <= 1.0)"
	echo "restore: $name: ASCII-folded:      WER $(wer "$d/fold" "$d/gold") % -> $(wer "$tmp/$name/fold" "$d/gold") % (target <= 0.5)"
	"$score" "$tmp/$name/gold" "$d/gold" --words | python3 -c '
import json, sys
r = json.load(sys.stdin)
print("restore: %s: clean text: %.1f changed words per 10,000 (target <= 1)" % (sys.argv[1], r["wer"] * 100))' "$name"
	n=0
	for k in engocr fold gold; do
		n=$((n + $(protected_changed "$d/$k" "$tmp/$name/$k" | cut -d' ' -f1)))
	done
	echo "restore: $name: number/code/URL chunks changed: $n (target 0)"
	run_dir "$tmp/$name/engocr" "$tmp/$name/again"
	diff -q -r "$tmp/$name/engocr" "$tmp/$name/again" > /dev/null && idem=yes || idem=no
	echo "restore: $name: idempotent on its OCR output: $idem"
}

report devdata "$SHARED/devdata/prose"

if [ ! -f "$cache/done" ]; then
	echo "restore: making held-out test texts in $cache (mkdamage engocr: a few minutes)"
	rm -rf "$cache" && mkdir -p "$cache/fold" "$cache/engocr"
	SHARED=$SHARED python3 "$here/dicts/derive/heldout.py" "$cache" "$nheld" || exit 1
	i=0
	for f in "$cache"/gold/*.txt; do
		b=$(basename "$f")
		"$SHARED/tools/mkdamage" fold "$f" "$cache/fold/$b"
		case $((i % 4)) in
		0) font="DejaVu Serif" ;; 1) font="Nimbus Roman" ;; 2) font="DejaVu Sans" ;; 3) font="P052" ;;
		esac
		OMP_THREAD_LIMIT=1 nice -n 10 "$SHARED/tools/mkdamage" engocr "$f" "$cache/engocr/$b" "$font" || exit 1
		i=$((i + 1))
	done
	touch "$cache/done"
fi
report held-out "$cache"

press=$here/build/eval-restore-press
if [ "$(cat "$press/done" 2>/dev/null)" != nofeed ]; then
	echo "restore: making the press-release test texts in $press (mkdamage engocr: 15 minutes)"
	rm -rf "$press" && mkdir -p "$press/gold" "$press/fold" "$press/engocr"
	for d in "$SHARED"/devdata/tables/*/; do
		b=$(basename "$d").txt
		[ -f "$d/plain.txt" ] || continue
		tr '\f' '\n' < "$d/plain.txt" > "$press/gold/$b"
		"$SHARED/tools/mkdamage" fold "$press/gold/$b" "$press/fold/$b"
		OMP_THREAD_LIMIT=1 nice -n 10 "$SHARED/tools/mkdamage" engocr "$press/gold/$b" "$press/engocr/$b" || exit 1
	done
	echo nofeed > "$press/done"
fi
report press "$press"
