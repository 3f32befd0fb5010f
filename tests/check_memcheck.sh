#!/bin/sh
# check_memcheck.sh - the golden inputs of the text stages (tables, clean, reflow, records,
# decode, restore) and some of ocr's run under valgrind's memcheck: a read of memory never
# set, or outside its block, fails the test. `make asan` does not see the first kind; it
# let stop 26's word-column reader read a label start it had not set (wc_row), which wrote
# stale bytes into records. Outputs are the golden test's business, not this one's.
# A page that Tesseract reads costs 12-16 s of CPU under memcheck (a low-resolution one,
# read at several sizes, a minute or more), so of ocr's cases only those refused before a
# page is read (a damaged, oversized or empty image, a PDF without pages, a missing model,
# text, a bad --jobs, a JPEG cut in its header) and one page read with --layout run: about
# 35 s of CPU in all, and restore's cases about 8 s (its lexicon is mapped, not read).
set -u
tvatt=${TVATT:-build/tvatt}
[ -n "${ASAN_OPTIONS:-}" ] && { echo "memcheck: skipped under the sanitizers (valgrind cannot run them)"; exit 0; }
command -v valgrind > /dev/null 2>&1 || { echo "memcheck: valgrind is missing (make deps installs it)"; exit 1; }
dir=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ocr_cases=" bad-jobs empty huge jpeg-header-cut layout max-pixels missing-lang no-pages text truncated "
for stage in tables clean reflow records decode restore ocr; do
	for in in "$dir/$stage"/*.in; do
		[ -f "$in" ] || continue
		case=${in%.in}
		if [ "$stage" = ocr ]; then
			case $ocr_cases in *" $(basename "$case") "*) ;; *) continue ;; esac
		fi
		args=""; [ -f "$case.args" ] && args=$(cat "$case.args")
		# shellcheck disable=SC2086
		valgrind -q --error-exitcode=99 --log-file="$tmp/vg" "$tvatt" "$stage" $args < "$in" > /dev/null 2>&1
		if [ $? = 99 ]; then
			echo "FAIL memcheck $stage/$(basename "$case"):"; head -n 20 "$tmp/vg"
			fail=$((fail + 1))
		else
			pass=$((pass + 1))
		fi
	done
done
echo "memcheck: $pass passed, $fail failed"
[ "$fail" = 0 ]
