#!/bin/sh
# golden.sh - runs every golden case: tests/STAGE/CASE.in through `tvatt STAGE`, compared
# byte for byte with CASE.out (standard output), CASE.err (standard error, if present)
# and CASE.rc (exit status, default 0). CASE.args holds extra arguments (one line).
# STAGE "cli" holds cases of the command itself: CASE.args is the whole command line.
# Each case runs under a time bound (GOLDEN_TIMEOUT seconds, default 60; `make asan` gives
# the slower sanitized build 180), so a pathological input that hangs fails the test.
set -u
tvatt=${TVATT:-build/tvatt}
bound=${GOLDEN_TIMEOUT:-60}
dir=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for in in "$dir"/*/*.in; do
	[ -f "$in" ] || continue
	case=${in%.in}
	stage=$(basename "$(dirname "$in")")
	name="$stage/$(basename "$case")"
	args=""; [ -f "$case.args" ] && args=$(cat "$case.args")
	want_rc=0; [ -f "$case.rc" ] && want_rc=$(cat "$case.rc")
	if [ "$stage" = cli ]; then
		# shellcheck disable=SC2086
		(cd "$dir/cli" && timeout "$bound" "$tvatt" $args < "$in" > "$tmp/out" 2> "$tmp/err"); rc=$?
	else
		# shellcheck disable=SC2086
		timeout "$bound" "$tvatt" "$stage" $args < "$in" > "$tmp/out" 2> "$tmp/err"; rc=$?
	fi
	ok=1
	[ "$rc" = "$want_rc" ] || { echo "FAIL $name: exit status $rc, want $want_rc"; ok=0; }
	if [ -f "$case.out" ] && ! cmp -s "$tmp/out" "$case.out"; then
		echo "FAIL $name: standard output differs:"; diff "$case.out" "$tmp/out" | head -n 20; ok=0
	fi
	if [ -f "$case.err" ] && ! cmp -s "$tmp/err" "$case.err"; then
		echo "FAIL $name: standard error differs:"; diff "$case.err" "$tmp/err" | head -n 10; ok=0
	fi
	if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
