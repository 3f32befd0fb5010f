#!/bin/sh
# records.sh - one-core throughput of `tvatt run` on text (decode through records, OCR
# excluded), counted in CPU time (user + system of all threads), so that other jobs on
# the machine do not change the figure; plus records alone on reflow's Markdown. The
# target of issue 6 is at least 10 MB/s for the whole chain. BENCH_MB sets the size (60).
set -u
tvatt=${TVATT:-build/tvatt}
mb=${BENCH_MB:-60}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
here=$(cd "$(dirname "$0")/../.." && pwd)
big="$tmp/big.txt"
: > "$big"
while [ "$(stat -c %s "$big")" -lt $((mb * 1048576)) ]; do
	cat "$here/scans/sample.txt" "$here/scans/sample.txt" "$here/scans/sample.txt" >> "$big"
done
size=$(stat -c %s "$big")
cpu() { # NAME INPUT COMMAND...: CPU seconds and MB/s of one run
	name=$1 in=$2; shift 2
	/usr/bin/time -f '%U %S %e %M' -o "$tmp/t" "$@" < "$in" > "$tmp/out" 2>/dev/null
	awk -v n="$name" -v s="$(stat -c %s "$in")" '{ c = $1 + $2;
		printf "records bench: %-26s %6.1f MB/s of CPU (%.2f s CPU, %.2f s wall, peak %.1f MB)\n",
		       n, (c > 0 ? s / 1048576 / c : 0), c, $3, $4 / 1024 }' "$tmp/t"
}
cpu "run (decode..records)" "$big" "$tvatt" run -q
"$tvatt" run -q --to reflow < "$big" > "$tmp/big.md"
cpu "clean" "$big" "$tvatt" clean -q
cpu "reflow (of clean's output)" "$big" sh -c "\"$tvatt\" clean -q | \"$tvatt\" reflow -q >/dev/null; cat >/dev/null"
cpu "records (of reflow's output)" "$tmp/big.md" "$tvatt" records -q
echo "records bench: input $((size / 1048576)) MB; target: run >= 10 MB/s of CPU"
