#!/bin/sh
# tables.sh - throughput of the tables stage on one core (target: 20 MB/s), on two inputs
# of about 20 MB: the bundled report dump (prose, charts and three tables) repeated, and
# a generated dump that is mostly tables (raw and -layout rows, wrapped labels, totals).
set -u
tvatt=${TVATT:-build/tvatt}
here=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
src="$here/scans/sample.txt"
: > "$tmp/report.txt"
while [ "$(stat -c %s "$tmp/report.txt")" -lt 20000000 ]; do cat "$src" "$src" "$src" "$src" >> "$tmp/report.txt"; done
python3 - "$tmp/tables.txt" <<'PY'
import sys, random
r = random.Random(4)
names = ["Personal", "Lokaler", "Läkemedel", "Köp av verksamhet", "Övriga kostnader",
         "Administrativ verksamhet", "Primärvård beställning", "Digitalisering och service"]
def num(v):
    s = f"{abs(v):,}".replace(",", " ")
    return ("-" if v < 0 else "") + s
out, size = [], 0
while size < 20_000_000:
    out.append("Regionstyrelsen redovisar ett resultat som är 12 miljoner kronor bättre än budget.")
    out.append("Tabell 3. Kostnader per område, tkr")
    out.append("Område Utfall 2023 Utfall 2024 Avvikelse")
    rows = []
    for n in names:
        a, b = r.randint(-900000, 900000), r.randint(-900000, 900000)
        rows.append((a, b))
        sep = " " if r.random() < 0.5 else "      "
        out.append(n + sep + sep.join(num(x) for x in (a, b, b - a)))
    sa, sb = sum(a for a, _ in rows), sum(b for _, b in rows)
    out.append("Totalt " + " ".join(num(x) for x in (sa, sb, sb - sa)))
    out.append("")
    size += sum(len(l) + 1 for l in out[-13:])
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
# CPU time (user + system) of the one thread: the machine may be shared, wall time is not
# the stage's.
for f in report tables; do
	size=$(stat -c %s "$tmp/$f.txt")
	/usr/bin/time -f '%U %S %e' -o "$tmp/time" "$tvatt" tables "$tmp/$f.txt" > /dev/null
	awk -v s="$size" -v f="$f" '{ cpu = $1 + $2; printf "tables: %s dump: %.1f MB/s of CPU time (%.0f MB in %.2f s; wall %.2f s; target 20)\n", f, s / (cpu > 0 ? cpu : 0.01) / 1e6, s / 1e6, cpu, $3 }' "$tmp/time"
done
