#!/bin/sh
# clean_reflow.sh - the figures of issue 6 (make eval; reads $SHARED, never part of make test).
#
# 1. Held-out-like dumps: tests/eval/mkdumps.py lays out clean Swedish paragraphs (the gold
#    prose and interpellations of $SHARED) as report dumps with layouts varied per document
#    (measure, blank lines or none or indents, hyphenation, headings, lists, running headers
#    and footers in six page-number styles, form feeds or lost ones, chart debris), and
#    tests/eval/score_dumps.py scores `tvatt run --to reflow` on them: split words rejoined,
#    suspended compounds kept, paragraphs whole, header/footer lines left. EVAL_DOCS and
#    EVAL_SEED change the set (40 documents, seed 6; try other seeds to check that a change
#    generalises; EVAL_SHOW=1 lists the misses and, by tests/eval/why_dumps.py, counts them
#    by layout and cause). The paragraphs-whole figures are printed again for dumps whose
#    interpellations all come from the corpus documents held out from dicts/ (mkdumps.py
#    heldout). Then all again for dumps in order (mkdumps.py inorder): a dump's paragraphs
#    are runs of consecutive paragraphs of one document, as a real report's are, so that
#    its neighbouring paragraphs share their subject (in the shuffled dumps they come from
#    unrelated documents); it measures what a signal of the subject across a break is worth.
#    Then report dumps made by real tools (tests/eval/mkodt.py; skipped when soffice is
#    missing): the held-out paragraphs in order, laid out by LibreOffice from flat ODT
#    (master-page headers and footers, justified or ragged, hyphenation in half of them)
#    and dumped by pdftotext default, -raw and -layout, scored the same way per dump kind
#    (EVAL_ODT_DOCS documents, 24; PDFs cached in build/eval-reflow-odt; with EVAL_SHOW,
#    tests/eval/why_real.py counts and lists their misses by dump kind). Paragraphs whole,
#    pdftotext default, before -> after reflow's fix for it (3a2c6c8): seed 6 79.52 -> 84.48 %,
#    seed 11 73.70 -> 80.74 %, seed 21 78.74 -> 83.53 %; -raw and -layout unchanged by it
#    (seed 6/11/21: -raw 90.06/87.78/88.43 %, -layout 96.12/94.32/96.03 %).
#    Widths for the fit test and glyph bullets (issue 6, seed 6/11/21): default
#    84.97/81.73/84.00 %, -raw 91.52/88.64/89.02 %, -layout 96.61/94.57/97.08 %; list items
#    whole -layout 71.36/56.19/51.17 -> 98.54/98.67/90.14 %.
#    A joined line judged by its last printed line past 11/10 of a full line (issue 6, seed
#    6/11/21): default 86.79/82.35/86.21 -> 88.00/84.57/86.33 %; -raw and -layout unchanged.
#    The text ahead trusted for the words where it shows 4 times as many breaks by nothing
#    as by blank lines or indents (seed 6/11/21): default -> 88.48/85.43/86.33 %, -layout
#    96.36/94.69/97.08 -> 96.36/95.19/97.08 %.
#    A page whose hyphens pdftotext joined away taken to hyphenate capital words (E_HYPH)
#    (seed 6/11/21): default 89.45/85.80/86.45 -> 89.82/86.30/87.03 %; the rest unchanged.
#    The hyphen that pdftotext's default mode drops from "EU-" / "kommissionen" given back
#    (seed 6/11/21): default -> 90.06/86.54/87.38 %; the rest unchanged.
#    A word pdftotext's default mode wrote as two at a line end ("hedersrela terade") made
#    one again (seed 6/11/21): default -> 90.55/86.79/88.08 %; the rest unchanged.
#    A joined line wider than 21/20 of the break width judged by its last printed line
#    (seed 6/11/21): default -> 90.79/86.79/88.08 %; the rest unchanged.
#    No break by the words where it would leave a paragraph's single line at the top or
#    foot of a page (a widow or orphan; seed 6/11/21): default 90.79/86.79/88.08 ->
#    90.79/87.04/88.08 %, -raw 92.36/89.63/90.30 -> 92.36/89.88/90.30 %, -layout
#    96.48/95.19/97.08 -> 96.48/95.31/97.08 %.
#    The length of the paragraph a sentence would open, as far as the layout ahead shows
#    its end, alone and with the open paragraph's (rows D and J of dicts/para_starts.tsv;
#    seed 6/11/21/23): held-out documents 95.67/95.33/94.44/97.25 -> 95.14/95.80/95.55/
#    97.33 %, in order held-out 95.77/93.94/94.44/94.70 -> 96.77/93.64/95.73/96.04 %,
#    default 90.79/87.04/88.08/89.75 -> 90.67/86.67/89.84/89.88 %, -raw 92.36/89.88/90.30/
#    93.39 -> 93.33/90.37/92.41/93.13 %, -layout 96.48/95.31/97.08/96.89 -> 96.97/95.93/
#    97.08/97.15 %; the shuffled dumps of training documents 98.06/95.87/97.30/97.07 ->
#    98.14/96.18/96.03/97.51 %, in order 97.95/96.20/96.54/96.11 -> 97.87/96.74/96.39/96.11 %.
#    A line that went on though the next word would have filled less than half the measure
#    (a justified line that pdftotext's default mode wrote one word a line) left out of the
#    fit test's low percentiles (seed 6/11/21/23/24): default 748/702/769/693/700 ->
#    748/701/769/693/709 of 825/810/856/771/801 paragraphs (seeds 31/41 671/668 -> 679/672
#    of 753/742); the rest unchanged.
#    The next sentence opening with the same three or two words as the paragraph or its
#    last sentence (rows A of dicts/para_starts.tsv; seed 6/11/21/23/24, paragraphs whole):
#    held-out documents 1273/1232/1202/1274/1300 -> 1273/1233/1203/1273/1300, in order
#    held-out 1259/1236/1256/1141/1214 -> 1259/1237/1256/1140/1216, default 748/701/769/
#    693/709 -> 748/703/770/694/708, -raw 770/732/791/717/736 -> 770/734/791/718/735,
#    training documents 6318 -> 6323 and in order 6206 -> 6205 of the five seeds together;
#    -layout, one paragraph a line and seed003 unchanged.
#    A hyphen that pdftotext -layout sets apart from a word broken at a justified line's
#    end ("samman -" / "lagda") taken for the word's where the lexicon knows the two as one
#    (seed 6/11/21/23/24, paragraphs whole): -layout 800/777/831/749/754 -> 806/784/849/
#    759/770 of 825/810/856/771/801, default 748/703/770/694/708 -> 748/703/770/696/709;
#    -raw and the in-order held-out dumps unchanged, the shuffled held-out 1273 -> 1272 on
#    seed 6 (the corpus's own "socialbi - dragstagare", now one word).
#    The hyphen pdftotext's default mode drops from a suspended compound ("hälsooch
#    sjukvård") given back, and a word it wrote as two made one where its second half,
#    not its first, is no word ("för äldrar") (seed 6/11/21/23/24): default 748/703/770/
#    696/709 -> 752/703/773/698/710 -> 752/703/776/698/716; the rest unchanged.
#    A numbered list's marker that pdftotext's default mode wrote alone ("1." / "" /
#    "Enligt Vägverket ...") given to its item (seed 6/11/21/23/24): default list items
#    whole 198/222/203/201/160 -> 198/222/205/209/165 of 206/226/213/215/169, paragraphs
#    whole 752/703/776/698/716 -> 752/703/778/698/716; the rest unchanged.
#    A list item whose full last line ends a sentence before a capital, once it holds as
#    many sentences as the most an earlier item of its list held, ends there (seed 6/11/21/
#    23/24, paragraphs whole): default 752/703/778/698/716 -> 753/703/781/701/717, -raw
#    770/734/791/718/735 -> 771/734/794/721/735, -layout 806/784/849/759/770 -> 808/785/849/
#    761/771, held-out documents 1272/1233/1203/1273/1300 -> 1272/1233/1205/1273/1300, in
#    order held-out 1259/1237/1256/1140/1216 -> 1259/1237/1257/1139/1216, training documents
#    6323 -> 6324 (in order 6205, unchanged); list items whole, five seeds: default 999 ->
#    1008, -raw 1012 -> 1019, -layout 1015 -> 1021 of 1029.
# 2. Text written one paragraph a line without blank lines (an export): the held-out
#    interpellations as they are, through `tvatt run --to reflow` (tests/eval/whole_lines.py).
# 3. Seed 003 through `tvatt run`: the first record is the document record; every numbered
#    heading (1, 2, 2.1 ... 2.5, 3, 3.1, 3.2, 4) is a heading record with its number; the
#    numeric tables are table records (score-tables against devdata/seed003); no furniture
#    line or chart debris in a paragraph; every word of `tvatt run --to reflow` is in the
#    records' text and table cells.
set -u
SHARED=${SHARED:-../shared}
tvatt=${TVATT:-build/tvatt}
. "$(dirname "$0")/../need_lexicon.sh"; need_lexicon "$0"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

python3 "$here/mkdumps.py" "$SHARED" "$tmp/dumps" "${EVAL_DOCS:-40}" "${EVAL_SEED:-6}" || exit 1
for f in "$tmp"/dumps/*.txt; do
	"$tvatt" run -q --to reflow "$f" > "${f%.txt}.md" || echo "clean_reflow: tvatt failed on $f"
done
python3 "$here/score_dumps.py" "$tmp/dumps" ${EVAL_SHOW:+--show}
# with EVAL_SHOW, where and why paragraphs are not whole (layout, page break, cause)
[ -n "${EVAL_SHOW:-}" ] && python3 "$here/why_dumps.py" "$tmp/dumps"
# the same layouts with interpellations only from the documents held out from every table in
# dicts/ (dicts/para_starts.tsv was counted in the others): does the language signal generalise?
python3 "$here/mkdumps.py" "$SHARED" "$tmp/held" "${EVAL_DOCS:-40}" "${EVAL_SEED:-6}" heldout || exit 1
for f in "$tmp"/held/*.txt; do
	"$tvatt" run -q --to reflow "$f" > "${f%.txt}.md" || echo "clean_reflow: tvatt failed on $f"
done
python3 "$here/score_dumps.py" "$tmp/held" | sed -n 's/^clean_reflow: \(paragraphs\|topic\)/clean_reflow: held-out documents: \1/p'
# in order: the same layouts, but each dump's paragraphs are runs of consecutive paragraphs
# of one source document, as in a real report (mkdumps.py inorder): the paragraphs around a
# break share their subject, which the shuffled dumps above never show
for v in "" heldout; do
	python3 "$here/mkdumps.py" "$SHARED" "$tmp/ord$v" "${EVAL_DOCS:-40}" "${EVAL_SEED:-6}" $v inorder || exit 1
	for f in "$tmp"/ord$v/*.txt; do
		"$tvatt" run -q --to reflow "$f" > "${f%.txt}.md" || echo "clean_reflow: tvatt failed on $f"
	done
	python3 "$here/score_dumps.py" "$tmp/ord$v" ${EVAL_SHOW:+--show} | sed -n "s/^clean_reflow: \(paragraphs\|header\|topic\)/clean_reflow: in order${v:+, held-out documents}: \1/p"
	[ -n "${EVAL_SHOW:-}" ] && python3 "$here/why_dumps.py" "$tmp/ord$v"
done
# report dumps made by real tools (tests/eval/mkodt.py): the held-out paragraphs in order,
# laid out by LibreOffice (running headers and footers of a master page, hyphenation in some
# documents) and dumped by pdftotext default, -raw and -layout; the PDFs are cached
if command -v soffice >/dev/null && command -v pdftotext >/dev/null; then
	odt_cache=${CLEAN_REFLOW_ODT_CACHE:-$here/../../build/eval-reflow-odt}
	if python3 "$here/mkodt.py" "$SHARED" "$tmp/odt" "$odt_cache" "${EVAL_ODT_DOCS:-24}" "${EVAL_SEED:-6}"; then
		sed 's/^/clean_reflow: real dumps, what they hold: /' "$tmp/odt/features.txt"
		for k in plain raw layout; do
			for f in "$tmp"/odt/$k/*.txt; do
				"$tvatt" run -q --to reflow "$f" > "${f%.txt}.md" || echo "clean_reflow: tvatt failed on $f"
			done
			python3 "$here/score_dumps.py" "$tmp/odt/$k" ${EVAL_SHOW:+--show} |
				sed -n "/by layout\|an end the layout\|topic word/d; s/^clean_reflow: \([a-z]\)/clean_reflow: real dumps (LibreOffice, pdftotext $k): \1/p; /^missed\|^    /p"
			[ -n "${EVAL_SHOW:-}" ] && python3 "$here/why_real.py" "$tmp/odt/$k" --show | sed "s/^why_real:/why_real: pdftotext $k:/"
		done
	else
		echo "clean_reflow: real dumps: mkodt.py failed"
	fi
else
	echo "clean_reflow: real dumps skipped: soffice or pdftotext missing"
fi
# text written one paragraph a line, no blank lines (an export): held-out corpus documents
python3 "$here/whole_lines.py" "$SHARED" "$tvatt" "${EVAL_LINES_DOCS:-400}"

seed=$SHARED/seeds/003_7ba8079f8794b2c3.txt
[ -f "$seed" ] || exit 0
"$tvatt" run -q "$seed" > "$tmp/s3.jsonl"
"$tvatt" run -q --to reflow "$seed" > "$tmp/s3.md"
python3 - "$tmp/s3.jsonl" "$tmp/s3.md" <<'PY'
import collections, json, re, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
print('seed003: first record is %s' % (recs[0]['type'] if recs else 'missing'))
nums = {r.get('number') for r in recs if r['type'] == 'heading'}
want = ['1', '2', '2.1', '2.2', '2.3', '2.4', '2.5', '3', '3.1', '3.2', '4']
found = [n for n in want if n in nums]
print('seed003: numbered headings found with their number: %d/%d%s' % (
    len(found), len(want), '' if len(found) == len(want) else ' (missing %s)' % ', '.join(n for n in want if n not in nums)))
print('seed003: table records: %d' % sum(r['type'] == 'table' for r in recs))
# furniture and chart debris of this dump, as printed in it
debris = re.compile(r'regionvasterbotten\.se|re\.\.gion|Utfall\s*\(?[^)]{0,12}\)?\s*[—=-]+e?[—=-]*\s*M[a3å]l|'
                    r'\b[T][1-3] 20\d\d\b.*\b[T][1-3] 20\d\d\b|^[\[B|] Utfall|Utfall \(Kvinnor\)')
bad = [r for r in recs if r['type'] in ('paragraph', 'list_item') and debris.search(r['text'])]
print('seed003: paragraphs with furniture or chart debris: %d' % len(bad))
for r in bad[:5]:
    print('    %s: %s' % (r['id'], r['text'][:100]))
# the key of the goal tables and the status labels of its figures, as printed in this dump
legend = re.compile(r'^(Status( Färg| Uppdrag)?|Kriterie|Färg|Mål(et|värdet)? (kommer )?uppfylls.*|'
                    r'Mål kommer (helt|delvis|inte) uppfyllas|Under 80 procent av målvärde|Tertial: .*|Klar)$')
lh = [r for r in recs if r['type'] == 'heading' and legend.match(r['text'])]
print('seed003: figure key and status labels made headings: %d' % len(lh))
WORD = re.compile(r'[\wåäöéÅÄÖÉ]+')
md = [l for l in open(sys.argv[2], encoding='utf-8') if not l.startswith('<!--')]
want_words = collections.Counter(WORD.findall(' '.join(md)))
have = collections.Counter()
for r in recs:
    for k in ('text', 'title'):
        if isinstance(r.get(k), str):
            have.update(WORD.findall(r[k]))
    for row in r.get('header', []) + r.get('rows', []):
        for c in row:
            if isinstance(c, str):
                have.update(WORD.findall(c))
            elif isinstance(c, (int, float)) and not isinstance(c, bool):
                have.update(WORD.findall(str(c)))
lost = {w: k - have[w] for w, k in want_words.items() if have[w] < k and not w.isdigit()}
print('seed003: words of run --to reflow missing from the records: %d%s' % (
    sum(lost.values()), '' if not lost else ' (%s)' % ', '.join(sorted(lost)[:10])))
PY
gold=$SHARED/devdata/seed003/tables.gold.json
[ -f "$gold" ] && echo "seed003: score-tables: $("$SHARED/tools/score-tables" "$gold" "$tmp/s3.jsonl")"
exit 0
