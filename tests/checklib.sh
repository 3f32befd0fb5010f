# checklib.sh - what the tests/check_*.sh scripts share, sourced after their header: the
# binary under test ($tvatt, from TVATT), a scratch directory removed on exit ($tmp), and
# check NAME GOT WANT, which counts a pass or prints the failure; summary NAME prints the
# counts and gives the script's status (0 when nothing failed).
tvatt=${TVATT:-build/tvatt}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() { if [ "$2" = "$3" ]; then pass=$((pass + 1)); else echo "FAIL $1: got '$2', want '$3'"; fail=$((fail + 1)); fi; }
summary() { echo "$1: $pass passed, $fail failed"; [ "$fail" = 0 ]; }
