#!/bin/sh
# startup.sh - start-up time of the command (issue 3: `echo pa | tvatt restore` under
# 20 ms). The OCR stack is a plugin loaded only by ocr (stages/ocr_shim.c), so a text stage
# pays for neither Tesseract nor poppler. hyperfine runs each command 100 times without a
# shell: `tvatt --version` (the loader and the command alone), `tvatt restore` on a file
# holding "pa" (plus mapping the lexicon and restoring one word) and `tvatt ocr` on an
# empty file (plus loading the plugin with its ~90 libraries, refusing the input at once).
# Fails when restore's median wall time or its mean CPU time is 20 ms or more.
set -u
tvatt=${TVATT:-build/tvatt}
bindir=$(cd "$(dirname "$tvatt")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
command -v hyperfine >/dev/null || { echo "startup bench: hyperfine is missing (make deps)"; exit 1; }
echo pa > "$tmp/pa.txt"
: > "$tmp/empty.png"
export TVATT_DATA="$bindir"
. "$(dirname "$0")/../need_lexicon.sh"; need_lexicon "$0"
hyperfine -N -i --style none --warmup 5 --runs 100 --export-json "$tmp/h.json" \
	-n version "$tvatt --version" \
	-n restore "$tvatt restore $tmp/pa.txt" \
	-n ocr-load "$tvatt ocr -q $tmp/empty.png" > /dev/null 2>&1 || { echo "startup bench: hyperfine failed"; exit 1; }
python3 - "$tmp/h.json" <<'PY'
import json, sys
r = {x['command']: x for x in json.load(open(sys.argv[1]))['results']}
for name in ('version', 'restore', 'ocr-load'):
    x = r[name]
    print('startup: %-8s median %5.1f ms wall, mean %5.1f ms cpu (user+system), %d runs'
          % (name, x['median'] * 1e3, (x['user'] + x['system']) * 1e3, len(x['times'])))
x = r['restore']
wall, cpu = x['median'] * 1e3, (x['user'] + x['system']) * 1e3
ok = wall < 20 and cpu < 20
print('startup: echo pa | tvatt restore: %.1f ms wall, %.1f ms cpu against the 20 ms target: %s'
      % (wall, cpu, 'ok' if ok else 'MISSED'))
sys.exit(0 if ok else 1)
PY
