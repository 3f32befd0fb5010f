#!/bin/sh
# check_tables.sh - pathological inputs for the tables stage under a time bound: a 10 MB
# line of digits, a 10 MB line of digit groups, 100,000 short numeric lines, and 20,000
# rows of twenty digit groups each (the worst case for the reading search). Each must
# finish within the bound, exit 0, and keep every line (a stage may only add table blocks
# around rows, never lose text). Then a 40 MB line (past the reader's 1 MiB cap) between
# a heading and a table: passed through in pieces with one warning at its start, the
# table after it still rebuilt, and (outside ASan, whose quarantine holds freed memory)
# the stage's peak memory bounded: the window holds a few pieces, not the whole line.
set -u
tvatt=${TVATT:-build/tvatt}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'PY'
import sys, random
d = sys.argv[1]
r = random.Random(1)
open(d + "/digits.txt", "w").write("1234567890" * 1_000_000 + "\n")
open(d + "/groups.txt", "w").write("123 " * 2_500_000 + "\n")
open(d + "/short.txt", "w").write("".join("%d %03d %03d\n" % (r.randint(1, 999), r.randint(0, 999), r.randint(0, 999)) for _ in range(100_000)))
open(d + "/long.txt", "w").write("Rubrik\n\n" + "Årets budget är 1 234 kr. " * 1_550_000 + "\n\n"
    "Tabell 1. Kostnader, tkr\nOmråde 2023 2024\nPersonal 1 200 1 300\nLokaler 800 900\n"
    "Övrigt 100 150\nSumma 2 100 2 350\n")
open(d + "/rows.txt", "w").write("".join("Rad " + " ".join("%03d" % r.randint(100, 999) for _ in range(20)) + "\n" for _ in range(20_000)))
PY
fail=0
for f in digits groups short rows; do
	if ! timeout 60 "$tvatt" tables "$tmp/$f.txt" > "$tmp/$f.out" 2> "$tmp/$f.err"; then
		echo "FAIL check_tables: $f: timed out or failed"; fail=1; continue
	fi
	# every input line is still there (table blocks only add lines around rows)
	if [ "$f" = digits ] || [ "$f" = groups ] || [ "$f" = short ]; then
		cmp -s "$tmp/$f.txt" "$tmp/$f.out" || { echo "FAIL check_tables: $f: output differs from input"; fail=1; }
	fi
done
# long: the line as it came, one warning at its start, the table after it rebuilt
if "$tvatt" tables "$tmp/long.txt" > "$tmp/long.out" 2> "$tmp/long.err"; then
	[ "$(sed -n 3p "$tmp/long.out")" = "$(sed -n 3p "$tmp/long.txt")" ] ||
		{ echo "FAIL check_tables: long: the long line changed"; fail=1; }
	[ "$(sed "s|$tmp/||" "$tmp/long.err")" = \
	  "tvatt: long.txt:3:1: warning: a line longer than 1048576 bytes: passed through unchanged" ] ||
		{ echo "FAIL check_tables: long: warning: $(cut -c1-200 "$tmp/long.err")"; fail=1; }
	grep -q '^| Summa | 2 100 | 2 350 |$' "$tmp/long.out" ||
		{ echo "FAIL check_tables: long: the table after the line was not rebuilt"; fail=1; }
else
	echo "FAIL check_tables: long: failed"; fail=1
fi
if [ -z "${ASAN_OPTIONS:-}" ] && [ -x /usr/bin/time ]; then
	/usr/bin/time -f %M -o "$tmp/long.rss" "$tvatt" tables -q "$tmp/long.txt" > /dev/null
	rss=$(tail -1 "$tmp/long.rss")
	[ "$rss" -lt 30000 ] || { echo "FAIL check_tables: long: peak memory $rss kB for a 40 MB line"; fail=1; }
fi
# rows: all 20,000 labels come out (in tables or as text)
n=$(grep -c "Rad" "$tmp/rows.out")
[ "$n" = 20000 ] || { echo "FAIL check_tables: rows: $n of 20000 rows left"; fail=1; }
[ $fail = 0 ] && echo "check_tables: pathological inputs passed"
exit $fail
