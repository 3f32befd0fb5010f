#!/bin/sh
# check_tables.sh - pathological inputs for the tables stage under a time bound: a 10 MB
# line of digits, a 10 MB line of digit groups, 100,000 short numeric lines, and 20,000
# rows of twenty digit groups each (the worst case for the reading search). Each must
# finish within the bound, exit 0, and keep every line (a stage may only add table blocks
# around rows, never lose text).
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
# rows: all 20,000 labels come out (in tables or as text)
n=$(grep -c "Rad" "$tmp/rows.out")
[ "$n" = 20000 ] || { echo "FAIL check_tables: rows: $n of 20000 rows left"; fail=1; }
[ $fail = 0 ] && echo "check_tables: pathological inputs passed"
exit $fail
