#!/bin/sh
# chain.sh - throughput and peak memory of every text stage and of `tvatt run` on a large
# generated input (the bundled report dump repeated), to show that memory does not grow
# with the input. Set BENCH_MB to change the size (default 200).
set -u
tvatt=${TVATT:-build/tvatt}
. "$(dirname "$0")/../need_lexicon.sh"; need_lexicon "$0"
mb=${BENCH_MB:-200}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
here=$(cd "$(dirname "$0")/../.." && pwd)
src="$here/scans/sample.txt"
big="$tmp/big.txt"
: > "$big"
while [ "$(stat -c %s "$big")" -lt $((mb * 1048576)) ]; do cat "$src" "$src" "$src" "$src" >> "$big"; done
size=$(stat -c %s "$big")
measure() { # NAME COMMAND...
	name=$1; shift
	t0=$(date +%s.%N)
	/usr/bin/time -f '%M' -o "$tmp/t" "$@" < "$big" > /dev/null 2>"$tmp/err"
	rc=$?
	t1=$(date +%s.%N)
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
	kb=$(tail -n 1 "$tmp/t")
	awk -v n="$name" -v s="$size" -v t="$secs" -v k="$kb" -v rc="$rc" 'BEGIN {
		printf "chain: %-22s %7.1f MB/s  peak %6.1f MB  (%d MB input, exit %d)\n",
		       n, (t > 0 ? s / 1048576 / t : 0), k / 1024, s / 1048576, rc }'
}
for stage in decode clean tables restore reflow records; do
	measure "$stage" "$tvatt" "$stage" -q
done
measure "run (decode..records)" "$tvatt" run -q
