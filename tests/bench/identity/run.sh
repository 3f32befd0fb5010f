#!/bin/sh
# identity/run.sh - the output-identity check of a speed change to run's plumbing
# (pipeline/io.c, pipeline/run.c) or to a text stage: every output of OLD and NEW (two
# tvatt binaries) on the same inputs, compared byte for byte. Prints each file that
# differs and exits 1 if any does, 0 if none.
#   OLD=/tmp/tvatt.old [NEW=build/tvatt] [SHARED=DIR] [IDENTITY_MB=2] [BIG=FILE] \
#       [TO="decode clean ..."] [ALONE="... records"] sh tests/bench/identity/run.sh
# (TO and ALONE narrow the `run --to` and the stage-alone runs to the stages a change can
# touch: the whole check runs about 13 commands an input, minutes on a loaded machine)
# Compared, for each binary and input: `run` stdout, stderr, exit status and --log rows
# (sorted: the order of rows of different stages varies from run to run);
# `run --to S` stdout and status for every text stage S; every text stage alone (stdout,
# stderr, status); `records --format csv`. The inputs: every tests/*/*.in, run.sh's chain
# input made at IDENTITY_MB MB, the seeds and devdata text pages of $SHARED when it is set,
# and BIG (e.g. the 20 MB bench input; `run` stdout and log only) when it is given.
# Not part of make test or make bench; it reads $SHARED only when it is set.
set -u
here=$(cd "$(dirname "$0")/../../.." && pwd)
old=${OLD:?OLD=path of the tvatt build to compare against}
new=${NEW:-$here/build/tvatt}
shared=${SHARED:-}
mb=${IDENTITY_MB:-2}
to=${TO-decode clean tables restore reflow}
alone=${ALONE-decode clean tables restore reflow records}
export TVATT_DATA=${TVATT_DATA:-$here/build}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
in=$tmp/in; mkdir -p "$in" "$tmp/old" "$tmp/new"
(cd "$here" && cat scans/sample.txt tests/tables/*.in tests/records/blocks.in \
	tests/records/prose*.in tests/records/table*.in tests/restore/clean.in \
	tests/restore/fold.in tests/restore/ocr.in tests/restore/table.in) > "$in/text.txt"
sed -n '/^	python3 - "\$tmp\/text.txt"/,/^PY$/p' "$here/tests/bench/run.sh" | sed '1d;$d' > "$in/run.py"
python3 "$in/run.py" "$in/text.txt" "$in/chain.txt" "$mb" || exit 2
ls "$here"/tests/*/*.in > "$tmp/list"
echo "$in/chain.txt" >> "$tmp/list"
[ -n "$shared" ] && find "$shared/seeds" "$shared/devdata" -name '*.txt' | sort >> "$tmp/list"
outs() { # BIN DIR: every output of BIN on the listed inputs into DIR
	b=$1 d=$2 k=0
	while read -r f; do
		k=$((k + 1)); o=$d/$k
		"$b" run --log "$o.log" < "$f" > "$o.run" 2> "$o.run.err"; echo $? > "$o.run.rc"
		sort -o "$o.log" "$o.log" # (the stages' threads write their rows as they go)
		for s in $to; do
			"$b" run -q --to $s < "$f" > "$o.to-$s" 2>/dev/null; echo $? >> "$o.run.rc"
		done
		for s in $alone; do
			"$b" $s < "$f" > "$o.$s" 2> "$o.$s.err"; echo $? > "$o.$s.rc"
		done
		"$b" records -q --format csv < "$f" > "$o.csv" 2>/dev/null; echo $? >> "$o.records.rc"
	done < "$tmp/list"
	if [ -n "${BIG:-}" ]; then
		"$b" run -q --log "$d/big.log" < "$BIG" > "$d/big.run" 2>"$d/big.err"; echo $? > "$d/big.rc"
		sort -o "$d/big.log" "$d/big.log"
	fi
}
outs "$old" "$tmp/old"
outs "$new" "$tmp/new"
bad=0
for f in "$tmp"/old/*; do
	g=$tmp/new/$(basename "$f")
	if ! cmp -s "$f" "$g"; then
		k=$(basename "$f" | cut -d. -f1)
		echo "differs: $(basename "$f") ($(sed -n "${k}p" "$tmp/list" 2>/dev/null))"; bad=1
	fi
done
n=$(ls "$tmp/old" | wc -l)
[ $bad = 0 ] && echo "identical ($(wc -l < "$tmp/list") inputs, $n files)"
exit $bad
