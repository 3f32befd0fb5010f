#!/bin/sh
# run.sh - one-core throughput of `tvatt run` on text (decode through records, OCR
# excluded; target of issue 6: 10 MB/s) and of `tvatt tables` (issue 4: 20 MB/s), in CPU
# time (user + system of every thread and process), so other jobs on the machine do not
# change the figure. The input is varied, not one file repeated: the bundled report dump,
# the text inputs of the golden tests, and generated table dumps in pdftotext's -raw and
# -layout forms (wrapped labels, totals, OCR-glued groups), about BENCH_MB MB (default 20).
# "without restore" is `run --to tables | run --from reflow`: the chain with every stage
# but restore. Then run pinned to one core, each stage alone on its chain input and the sum
# of those, all against the input's size. BENCH_INPUT=FILE measures FILE instead (any large text, e.g. a corpus dump).
set -u
tvatt=${TVATT:-build/tvatt}
. "$(dirname "$0")/../need_lexicon.sh"; need_lexicon "$0"
mb=${BENCH_MB:-20}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
here=$(cd "$(dirname "$0")/../.." && pwd)
big="$tmp/big.txt"
if [ -n "${BENCH_INPUT:-}" ]; then
	big=$BENCH_INPUT
else
	# the bundled dump and the golden tests' text inputs (no long-line or binary
	# pathologies), in turn with generated tables: about a third of it tables
	(cd "$here" && cat scans/sample.txt tests/tables/*.in tests/records/blocks.in \
		tests/records/prose*.in tests/records/table*.in tests/restore/clean.in \
		tests/restore/fold.in tests/restore/ocr.in tests/restore/table.in) > "$tmp/text.txt"
	python3 - "$tmp/text.txt" "$big" "$mb" <<'PY'
import sys, random
r = random.Random(6)
names = ["Personal", "Lokaler", "Läkemedel", "Köp av verksamhet", "Övriga kostnader",
         "Administrativ verksamhet", "Primärvård beställning", "Digitalisering och service",
         "Hälso- och sjukvård", "Verksamhetens intäkter", "Avskrivningar", "Finansnetto"]
def num(v, glue=False):
    s = f"{abs(v):,}".replace(",", "" if glue else " ")
    return ("-" if v < 0 else "") + s
def table():
    form = r.choice(["raw", "layout", "ocr"])
    k = r.randint(2, 5)
    block = ["Tabell %d. Kostnader per område, tkr" % r.randint(1, 40),
             "Område " + " ".join("Utfall %d" % (2020 + i) for i in range(k - 1)) + " Avvikelse"]
    sums = [0] * k
    for n in r.sample(names, r.randint(3, len(names))):
        vals = [r.randint(-900000, 900000) for _ in range(k - 1)]
        vals.append(vals[-1] - vals[0])
        sums = [a + b for a, b in zip(sums, vals)]
        if form == "layout":
            block.append(n.ljust(30) + "".join(num(v).rjust(14) for v in vals))
        else:
            block.append(n + " " + " ".join(num(v, form == "ocr" and r.random() < 0.3) for v in vals))
    block.append("Summa " + " ".join(num(v) for v in sums))
    block += ["", "Regionstyrelsen redovisar ett resultat som är %d miljoner kronor bättre "
              "än budget, vilket främst beror på lägre kostnader för personal." % r.randint(2, 90), ""]
    return "\n".join(block) + "\n"
text = open(sys.argv[1], encoding="utf-8", errors="surrogateescape").read()
want, size = int(sys.argv[3]) * 1_000_000, 0
with open(sys.argv[2], "w", encoding="utf-8", errors="surrogateescape") as out:
    while size < want:
        part = text + text + "".join(table() for _ in range(len(text) // 700))
        out.write(part)
        size += len(part.encode("utf-8", "surrogateescape"))
PY
fi
size=$(stat -c %s "$big")
cpu() { # NAME TARGET COMMAND...: MB/s of CPU time of one run, against TARGET
	name=$1 target=$2; shift 2
	/usr/bin/time -f '%U %S %e' -o "$tmp/t" "$@" < "$big" > /dev/null 2>"$tmp/err"
	rc=$?
	awk -v n="$name" -v s="$size" -v g="$target" -v rc="$rc" '{ c = $1 + $2;
		printf "run bench: %-38s %6.1f MB/s of CPU (%.2f s CPU, %.2f s wall; target %s; exit %d)\n",
		       n, (c > 0 ? s / 1e6 / c : 0), c, $3, g, rc }' "$tmp/t"
}
cpu "tables" 20 "$tvatt" tables -q
cpu "run (decode..records)" 10 "$tvatt" run -q
cpu "run without restore" 10 sh -c "\"$tvatt\" run -q --to tables | \"$tvatt\" run -q --from reflow"
# one core: every thread of run on CPU 0 (taskset, when there is one), so the stages take
# turns instead of running side by side
if command -v taskset > /dev/null 2>&1; then
	cpu "run pinned to one core" 10 taskset -c 0 "$tvatt" run -q
fi
# each stage alone on exactly what it reads in the chain (clean with the markers of removed
# lines that run asks of it for reflow), so the sum shows where the chain's CPU goes and
# what run adds to it (threads, pipes, caches shared)
"$tvatt" decode -q < "$big" > "$tmp/in.clean" 2>/dev/null
"$tvatt" clean -q --mark-removed < "$tmp/in.clean" > "$tmp/in.tables" 2>/dev/null
"$tvatt" tables -q < "$tmp/in.tables" > "$tmp/in.restore" 2>/dev/null
"$tvatt" restore -q < "$tmp/in.restore" > "$tmp/in.reflow" 2>/dev/null
"$tvatt" reflow -q < "$tmp/in.reflow" > "$tmp/in.records" 2>/dev/null
: > "$tmp/sum"
stage() { # STAGE INPUT [OPTION]
	/usr/bin/time -f '%U %S' -o "$tmp/t" "$tvatt" "$1" -q ${3:-} < "$2" > /dev/null 2>&1
	awk -v n="$1 alone (its chain input)" -v s="$size" '{ c = $1 + $2;
		printf "run bench: %-38s %6.1f MB/s of CPU (%.2f s CPU)\n", n, (c > 0 ? s / 1e6 / c : 0), c }' "$tmp/t"
	cat "$tmp/t" >> "$tmp/sum"
}
stage decode "$big"
stage clean "$tmp/in.clean" --mark-removed
stage tables "$tmp/in.tables"
stage restore "$tmp/in.restore"
stage reflow "$tmp/in.reflow"
stage records "$tmp/in.records"
awk -v s="$size" '{ c += $1 + $2 } END { printf "run bench: %-38s %6.1f MB/s of CPU (%.2f s CPU)\n",
	"sum of the stages alone", (c > 0 ? s / 1e6 / c : 0), c }' "$tmp/sum"
rm -f "$tmp"/in.*
echo "run bench: input $(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }') MB${BENCH_INPUT:+ ($BENCH_INPUT)}"
