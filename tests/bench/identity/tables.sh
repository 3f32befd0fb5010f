#!/bin/sh
# identity/tables.sh - the output-identity check of a speed change to the tables or records
# stage: every output of OLD and NEW (two tvatt binaries) on the same inputs, compared byte
# for byte. A speed step must leave all of them alone; the script prints each file that
# differs and exits 1 if any does, 0 if none.
#   OLD=/tmp/tvatt.old [NEW=build/tvatt] [SHARED=DIR] [IDENTITY_MB=2] \
#       sh tests/bench/identity/tables.sh
# Compared, for each binary:
#   - `tables` stdout, stderr and exit status, and `tables -q --log` rows, on every
#     tests/*/*.in, the seeds and devdata tables pages (raw, layout, plain, ocr) of $SHARED
#     when it is set, the eval's generated pages (build/eval-tables, when made), and the
#     two benches' inputs made at IDENTITY_MB MB (tests/bench/run.sh's chain input after
#     decode and clean, tests/bench/tables.sh's table-heavy and report dumps);
#   - `records` JSON and `records --format csv` (stdout, stderr, status) on tests/*/*.in and
#     on the chain's records input (run --to reflow of the chain input);
#   - `run --from tables` on the devdata pages.
# Not part of make test or make bench (it needs an old build to compare against); it reads
# $SHARED only when it is set (the folder holding seeds/ and devdata/).
# With KEEP=DIR the outputs stay in DIR/old and DIR/new.
set -u
here=$(cd "$(dirname "$0")/../../.." && pwd)
old=${OLD:?OLD=path of the tvatt build to compare against}
new=${NEW:-$here/build/tvatt}
shared=${SHARED:-}
mb=${IDENTITY_MB:-2}
export TVATT_DATA=${TVATT_DATA:-$here/build}
if [ -n "${KEEP:-}" ]; then tmp=$KEEP; rm -rf "$tmp"; mkdir -p "$tmp"
else tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT; fi
in=$tmp/in; mkdir -p "$in"

# the benches' inputs, from the benches' own generators (the python between <<'PY' and PY)
(cd "$here" && cat scans/sample.txt tests/tables/*.in tests/records/blocks.in \
	tests/records/prose*.in tests/records/table*.in tests/restore/clean.in \
	tests/restore/fold.in tests/restore/ocr.in tests/restore/table.in) > "$in/text.txt"
sed -n '/^	python3 - "\$tmp\/text.txt"/,/^PY$/p' "$here/tests/bench/run.sh" | sed '1d;$d' > "$in/run.py"
python3 "$in/run.py" "$in/text.txt" "$in/chain.txt" "$mb" || exit 2
sed -n '/^python3 - "\$tmp\/tables.txt"/,/^PY$/p' "$here/tests/bench/tables.sh" | sed '1d;$d' \
	| sed "s/20_000_000/$((mb * 1000000))/" > "$in/tab.py"
python3 "$in/tab.py" "$in/heavy.txt" || exit 2
: > "$in/report.txt"
while [ "$(stat -c %s "$in/report.txt")" -lt $((mb * 1000000)) ]; do
	cat "$here/scans/sample.txt" >> "$in/report.txt"; done
"$old" decode -q < "$in/chain.txt" 2>/dev/null | "$old" clean -q > "$in/chain.tables" 2>/dev/null
"$old" run -q --to reflow < "$in/chain.txt" > "$in/chain.records" 2>/dev/null
rm -f "$in/text.txt" "$in/run.py" "$in/tab.py" "$in/chain.txt"

# the list of tables inputs: NAME<TAB>FILE
{
	for f in "$here"/tests/*/*.in; do printf 't_%s_%s\t%s\n' "$(basename "$(dirname "$f")")" "$(basename "$f")" "$f"; done
	for f in "$in"/*; do printf 'b_%s\t%s\n' "$(basename "$f")" "$f"; done
	if [ -n "$shared" ] && [ -d "$shared" ]; then
		for f in "$shared"/seeds/*.txt; do [ -f "$f" ] && printf 's_%s\t%s\n' "$(basename "$f")" "$f"; done
		for f in "$shared"/devdata/tables/*/*.txt; do
			[ -f "$f" ] && printf 'd_%s_%s\t%s\n' "$(basename "$(dirname "$f")")" "$(basename "$f")" "$f"; done
	fi
	for f in "$here"/build/eval-tables/pages/*/*.txt; do
		[ -f "$f" ] && printf 'e_%s_%s\t%s\n' "$(basename "$(dirname "$f")")" "$(basename "$f")" "$f"; done
} > "$tmp/list"

outputs() { # TVATT DIR
	t=$1 o=$2; mkdir -p "$o"
	while IFS='	' read -r k f; do
		"$t" tables "$f" > "$o/$k.tab" 2> "$o/$k.taberr"; echo "status $?" >> "$o/$k.taberr"
		"$t" tables -q --log "$o/$k.log" "$f" > /dev/null 2>&1
		case $k in
		t_*|b_chain.records)
			"$t" records "$f" > "$o/$k.json" 2>&1; echo "status $?" >> "$o/$k.json"
			"$t" records --format csv "$f" > "$o/$k.csv" 2>&1; echo "status $?" >> "$o/$k.csv" ;;
		d_*)
			"$t" run --from tables "$f" > "$o/$k.run" 2>&1; echo "status $?" >> "$o/$k.run" ;;
		esac
	done < "$tmp/list"
}
outputs "$old" "$tmp/old"
outputs "$new" "$tmp/new"
n=$(wc -l < "$tmp/list"); files=$(ls "$tmp/old" | wc -l)
if diff -rq "$tmp/old" "$tmp/new"; then
	echo "identity: tables and records outputs identical ($n inputs, $files files)"
else
	echo "identity: outputs differ (see above; $n inputs, $files files)"; exit 1
fi
