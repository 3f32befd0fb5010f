#!/bin/sh
# ocr.sh - speed of the ocr stage on the bundled pages: a clean 300 dpi page against the
# tesseract command on one core (OMP_THREAD_LIMIT=1 tesseract IMG - -l swe; runs
# interleaved, median CPU and wall time), a poor scan (three readings that vote), and a
# 10-page TIFF with --jobs 1 and --jobs 2. The machine's other load makes wall times noisy;
# CPU times are the steadier figure.
set -u
tvatt=${TVATT:-build/tvatt}
here=$(cd "$(dirname "$0")/../.." && pwd)
clean=$here/scans/seed000-clean.png poor=$here/scans/sample-page.jpg
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
command -v tesseract >/dev/null || { echo "ocr bench: the tesseract command is missing (apt-get install tesseract-ocr)"; exit 1; }
: > "$tmp/t"
for round in 1 2 3; do
	/usr/bin/time -f "tess %e %U %S" -a -o "$tmp/t" env OMP_THREAD_LIMIT=1 tesseract "$clean" - -l swe >/dev/null 2>&1
	/usr/bin/time -f "tvatt %e %U %S" -a -o "$tmp/t" "$tvatt" ocr "$clean" >/dev/null
done
/usr/bin/time -f "poor %e %U %S" -a -o "$tmp/t" "$tvatt" ocr "$poor" >/dev/null
convert "$clean" "$clean" "$clean" "$clean" "$clean" "$clean" "$clean" "$clean" "$clean" \
	"$clean" -compress Group4 "$tmp/doc10.tif"
/usr/bin/time -f "jobs1 %e %U %S" -a -o "$tmp/t" "$tvatt" ocr --jobs 1 "$tmp/doc10.tif" >/dev/null
/usr/bin/time -f "jobs2 %e %U %S" -a -o "$tmp/t" "$tvatt" ocr --jobs 2 "$tmp/doc10.tif" >/dev/null
python3 - "$tmp/t" <<'PY'
import statistics, sys
t = {}
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) == 4:
        t.setdefault(p[0], []).append((float(p[1]), float(p[2]) + float(p[3])))
def med(k, i): return statistics.median(x[i] for x in t[k])
print('ocr: clean 300 dpi page: tesseract %.2f s CPU (%.2f s wall), tvatt ocr %.2f s CPU (%.2f s wall): %+.1f %% CPU'
      % (med('tess', 1), med('tess', 0), med('tvatt', 1), med('tvatt', 0), 100 * (med('tvatt', 1) / med('tess', 1) - 1)))
print('ocr: poor scan (three readings): %.2f s CPU (%.2f s wall)' % (med('poor', 1), med('poor', 0)))
print('ocr: 10-page TIFF: --jobs 1 %.1f s, --jobs 2 %.1f s wall: speed-up %.2f'
      % (med('jobs1', 0), med('jobs2', 0), med('jobs1', 0) / med('jobs2', 0)))
PY
