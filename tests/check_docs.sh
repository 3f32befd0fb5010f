#!/bin/sh
# check_docs.sh - the help and the man page name the same options as the code: every
# option some `tvatt STAGE --help` lists is in tvatt.1, every option tvatt.1 names is one
# the command takes (but its example of an unknown option), and the short options the
# command takes (-o, -q, -v, -h) are in the help and in tvatt.1.
set -u
. "$(dirname "$0")/checklib.sh"
here=$(cd "$(dirname "$0")/.." && pwd)

# the man page's text with roff's escaped hyphens made plain
sed 's/\\-/-/g' "$here/pipeline/tvatt.1" > "$tmp/man"
"$tvatt" --help > "$tmp/help"
for s in $("$tvatt" stages | cut -d' ' -f1); do "$tvatt" "$s" --help; done >> "$tmp/help"

for o in $(grep -o '^  --[a-z-]*' "$tmp/help" | sort -u); do
	grep -q -- "$o\\b" "$tmp/man"; check "man page names $o" $? 0
done
for o in $(grep -v 'unknown option' "$tmp/man" | grep -o -- '--[a-z][a-z-]*[a-z]' | sort -u); do
	"$tvatt" run "$o" < /dev/null > /dev/null 2> "$tmp/err"
	check "$o of the man page is an option" "$(grep -c 'unknown option' "$tmp/err")" 0
done
# run refuses restore --explain (it reads no input), so its help does not list it
check "run --help lists no --explain" "$("$tvatt" run --help | grep -c -- --explain)" 0
# run's --jobs also sets ocr's: its help lists it once, as run's own option
check "run --help lists --jobs once" "$("$tvatt" run --help | grep -c -- '^  --jobs')" 1

for o in -o -q -v -h; do
	grep -q -- "$o\\b" "$tmp/help"; check "help names $o" $? 0
	grep -q -- "$o\\b" "$tmp/man"; check "man page names $o" $? 0
done

summary "docs"
