#!/bin/sh
# idempotent.sh - DESIGN.md principle 4 on $SHARED's texts (make eval; reads $SHARED, never
# part of make test, whose check_idempotent.sh takes the golden inputs): every text stage
# (decode, clean, tables, restore, reflow) runs on each devdata prose text and table dump
# and the seeds, then on its own output, and reflow so on five slices of 3 MB of the SFS
# corpus (at 0, 6, 12, 18 and 23 MB, cut at line ends). Prints, per stage and set, the
# files whose second run differs and the lines that differ (diff's changed lines).
set -u
SHARED=${SHARED:-../shared}
tvatt=${TVATT:-build/tvatt}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

python3 - "$SHARED/corpus/sfs/sfs_1970plus.txt" "$tmp" <<'PY' || exit 1
import sys
data = open(sys.argv[1], 'rb').read()
for k, off in enumerate([0, 6 << 20, 12 << 20, 18 << 20, 23 << 20]):
    a = data.rfind(b'\n', 0, off) + 1 if off else 0
    b = data.rfind(b'\n', 0, off + (3 << 20)) + 1
    open('%s/sfs%d.txt' % (sys.argv[2], k), 'wb').write(data[a:b])
PY
# twice STAGE SET FILE...: runs STAGE once and twice on each FILE and prints the result
twice() {
	stage=$1 set=$2 files=0 differ=0 lines=0
	shift 2
	for f in "$@"; do
		[ -f "$f" ] || continue
		files=$((files + 1))
		"$tvatt" "$stage" -q < "$f" > "$tmp/once" 2> /dev/null
		"$tvatt" "$stage" -q < "$tmp/once" > "$tmp/twice" 2> /dev/null
		cmp -s "$tmp/once" "$tmp/twice" && continue
		k=$(diff "$tmp/once" "$tmp/twice" | grep -c '^[<>]')
		differ=$((differ + 1)) lines=$((lines + k))
		echo "idempotent: $stage: $set: differs: ${f#"$tmp"/} ($k lines)"
	done
	echo "idempotent: $stage: $set: $differ of $files files differ run twice ($lines lines)"
}
for stage in decode clean tables restore reflow; do
	twice "$stage" "devdata and seeds" "$SHARED"/devdata/prose/*/*.txt "$SHARED"/devdata/tables/*/*.txt \
		"$SHARED"/seeds/*.txt
done
twice reflow "SFS, five slices of 3 MB" "$tmp"/sfs*.txt
