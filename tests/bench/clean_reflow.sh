#!/bin/sh
# clean_reflow.sh - throughput of the clean and reflow stages on a generated report dump
# (about 20 MB of hyphenated prose lines with running headers, page numbers, form feeds).
set -u
tvatt=${TVATT:-build/tvatt}
. "$(dirname "$0")/../need_lexicon.sh"; need_lexicon "$0"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/in.txt" <<'PY'
import sys
page = ['Region Exempel   Årsrapport 2024'] + \
    ['Regionstyrelsen redovisar en negativ budgetavvikelse och en kompetens-',
     'försörjning som kräver arbete inom IT-system och 1177-tjänster under året.'] * 20 + ['Sidan 1 av 9']
text = '\n'.join(page) + '\n'
with open(sys.argv[1], 'w', encoding='utf-8') as f:
    f.write('\f'.join([text] * (20_000_000 // len(text.encode()))))
PY
size=$(wc -c < "$tmp/in.txt")
for s in clean reflow; do
	t0=$(date +%s.%N); "$tvatt" $s "$tmp/in.txt" > /dev/null; t1=$(date +%s.%N)
	echo "$s: report dump: $(echo "$size $t0 $t1" | awk '{printf "%.0f", $1 / ($3 - $2) / 1e6}') MB/s"
done
