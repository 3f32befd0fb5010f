#!/bin/sh
# check_run.sh - `tvatt run`: the chain is chosen by content, not by the file's name (ocr
# for PNG, JPEG, TIFF, WebP, PNM and PDF, a PDF even after a preamble; decode for text);
# --from and --to cut it (also to nothing but ocr, for a text: refused, not a crash);
# --jobs keeps the input order with each file's records after its own document record;
# and run gives what the stages give one after another.
set -u
. "$(dirname "$0")/checklib.sh"
here=$(cd "$(dirname "$0")/.." && pwd)

printf '\211PNG\r\n\032\n\0\0\0\rIHDR' > "$tmp/png-named.txt"
printf '\377\330\377\340\0\020JFIF' > "$tmp/jpeg-named.txt"
printf 'II*\0\010\0\0\0' > "$tmp/tiff-named.txt"
printf 'RIFF\0\0\0\0WEBPVP8 ' > "$tmp/webp-named.txt"
printf 'P5\n1 1\n255\n\0' > "$tmp/pnm-named.txt"
printf 'junk before\n%%PDF-1.4\n1 0 obj\n' > "$tmp/pdf-named.txt"
printf 'RIFF\0\0\0\0WAVEfmt ' > "$tmp/wave.txt"
printf 'Vi skriver om %%PDF-filer\n' > "$tmp/mentions-pdf.txt"
printf 'Årets budget\n' > "$tmp/text.png"
for k in png jpeg tiff webp pnm pdf; do
	"$tvatt" run --from clean "$tmp/$k-named.txt" > "$tmp/out" 2> "$tmp/err"
	check "$k by content: refused by a text stage" $? 3
	grep -q "this is an\? [A-Za-z]*" "$tmp/err"; check "$k by content: named in the message" $? 0
done
"$tvatt" run --from clean "$tmp/wave.txt" 2> "$tmp/err" > /dev/null
check "a RIFF that is not WebP is not an image" "$(grep -c 'WebP' "$tmp/err")" 0
"$tvatt" run --to clean "$tmp/mentions-pdf.txt" > "$tmp/out"; check "text mentioning %PDF- is text" $? 0
"$tvatt" run --to ocr "$tmp/text.png" > "$tmp/out" 2> "$tmp/err"; check "text named .png, --to ocr: refused" $? 3
check "text named .png, --to ocr: nothing written" "$(wc -c < "$tmp/out")" 0
"$tvatt" run "$tmp/text.png" > "$tmp/out"; check "text named .png goes to decode" $? 0
check "text named .png: records" "$(head -c 20 "$tmp/out")" '{"type": "document",'

# an option of stages that --from and --to leave out of the chain would be ignored without
# a word: wrong usage, before any input is read; one of a stage in the chain is taken
"$tvatt" run --to tables --format csv "$tmp/text.png" > "$tmp/out" 2> "$tmp/err"
check "--to tables --format csv: exit" $? 2
check "--to tables --format csv: message" "$(cat "$tmp/err")" \
	"tvatt: error: --format is an option of records, which --to tables leaves out of the chain; see 'tvatt run --help'"
check "--to tables --format csv: nothing written" "$(wc -c < "$tmp/out")" 0
"$tvatt" run --from clean --from-code CP437 "$tmp/text.png" > /dev/null 2>&1; check "--from clean --from-code: exit" $? 2
"$tvatt" run --from decode --lang swe "$tmp/text.png" > /dev/null 2>&1; check "--from decode --lang: exit" $? 2
"$tvatt" run --from restore --to reflow --keep-furniture "$tmp/text.png" > /dev/null 2> "$tmp/err"
check "--from restore --to reflow --keep-furniture: message" "$(cat "$tmp/err")" \
	"tvatt: error: --keep-furniture is an option of clean and records, which --from restore --to reflow leave out of the chain; see 'tvatt run --help'"
"$tvatt" run --to reflow --keep-furniture "$tmp/text.png" > /dev/null; check "--to reflow --keep-furniture (clean's): exit" $? 0

# run is the stages one after another
s="$here/scans/sample.txt"
"$tvatt" run --to reflow "$s" > "$tmp/chain.md"
"$tvatt" decode "$s" | "$tvatt" clean --mark-removed | "$tvatt" tables | "$tvatt" restore | "$tvatt" reflow > "$tmp/pipe.md"
cmp -s "$tmp/chain.md" "$tmp/pipe.md"; check "run --to reflow = the stages piped" $? 0
# clean --mark-removed: the lines it removed count in reflow's and records' lines
# ("fortsätter här." is line 5, "Sista sidan." 9)
printf 'Rubrik\nText ett som går vidare på nästa sida och\n- 1 -\n\fRegion X    Rapport 2024\nfortsätter här.\nMer text.\n- 2 -\n\fRegion X    Rapport 2024\nSista sidan.\n- 3 -\n' > "$tmp/removed.txt"
check "clean --mark-removed | reflow | records: lines count removed lines" \
	"$("$tvatt" clean --mark-removed "$tmp/removed.txt" | "$tvatt" reflow | "$tvatt" records | grep -o '"lines": \[[0-9]*, [0-9]*\]' | tr '\n' ' ')" \
	'"lines": [1, 9] "lines": [1, 1] "lines": [2, 5] "lines": [6, 6] "lines": [9, 9] '
# tvatt run turns it on: a table goes on across a removed running header, and its lines
# are the input's (3-10: "Totalt" is line 10)
printf 'Rapport om kostnader\nTabell 2. Kostnader per område, tkr\nOmråde Utfall Budget\nPersonal 12 222 13 100\nLokaler 4 500 4 200\n- 1 -\n\fRegion X    Rapport 2024\nOmråde Utfall Budget\nLäkemedel 1 200 1 150\nTotalt 17 922 18 450\nTexten fortsätter.\n- 2 -\n' > "$tmp/rtable.txt"
check "run: a table across a removed running header, with the input's lines" \
	"$("$tvatt" run "$tmp/rtable.txt" | grep '"type": "table"' | grep -o '"lines": \[[0-9]*, [0-9]*\]\|\["Totalt", 17922, 18450\]' | tr '\n' ' ')" \
	'"lines": [3, 10] ["Totalt", 17922, 18450] '
# the "- 1 -" clean removed inside that table is counted once: the paragraph after the
# table is line 11, on page 2
check "run: the paragraph after a table stitched across a page break" \
	"$("$tvatt" run "$tmp/rtable.txt" | grep '"type": "paragraph"' | tail -n 1 | grep -o '"page": [0-9]*, "lines": \[[0-9]*, [0-9]*\]')" \
	'"page": 2, "lines": [11, 11]'
# chart debris removed inside a page is said where it stood (issue 6): the paragraphs
# after an axis, a row of years, a lone number and a legend keep the input's lines
# ("Målet nås" is lines 13-14, "Sista stycket" 18, "Analys av utfallet." 25 on page 2)
check "run: paragraphs after chart debris, with the input's lines" \
	"$("$tvatt" run "$here/tests/clean/chart-marks.in" | grep '"type": "paragraph"' | grep -o '"page": [0-9]*, "lines": \[[0-9]*, [0-9]*\]' | tr '\n' ' ')" \
	'"page": 1, "lines": [2, 2] "page": 1, "lines": [13, 14] "page": 1, "lines": [18, 18] "page": 2, "lines": [21, 21] "page": 2, "lines": [25, 25] '
# chart debris between two lines of one paragraph: it stays one paragraph, counted right
printf 'Text ett som går\n[ Utfall —— Mål\nvidare här.\n\nNästa stycke.\n' > "$tmp/midchart.txt"
check "run: a paragraph across chart debris, and the one after it" \
	"$("$tvatt" run "$tmp/midchart.txt" | grep '"type": "paragraph"' | grep -o '"lines": \[[0-9]*, [0-9]*\], "section": \[\], "text": "[^"]*"' | tr '\n' ' ')" \
	'"lines": [1, 3], "section": [], "text": "Text ett som går vidare här." "lines": [5, 5], "section": [], "text": "Nästa stycke." '
"$tvatt" run --from clean --to clean "$s" > "$tmp/c1"; "$tvatt" clean "$s" > "$tmp/c2"
cmp -s "$tmp/c1" "$tmp/c2"; check "--from clean --to clean = clean" $? 0

# --jobs: input order, each file's records after its document record
b="$here/tests/records/blocks.in" t="$here/tests/records/table.in"
"$tvatt" run --jobs 2 "$s" "$b" "$t" "$b" > "$tmp/jobs.jsonl"; check "--jobs exit" $? 0
"$tvatt" run "$s" "$b" "$t" "$b" > "$tmp/serial.jsonl"
cmp -s "$tmp/jobs.jsonl" "$tmp/serial.jsonl"; check "--jobs 2 = one at a time" $? 0
got=$(grep -o '"type": "document", "id": "[^"]*"' "$tmp/jobs.jsonl" | sed 's/.*"id": "//; s/#0"//' | tr '\n' ' ')
check "--jobs document order" "$got" "sample.txt $b table.in $b@2 "
check "--jobs records after their document" \
	"$(awk -F'"id": "' '{ split($2, a, "#"); if (/"type": "document"/) cur = a[1]; else if (a[1] != cur) bad++ } END { print bad + 0 }' "$tmp/jobs.jsonl")" 0

# record ids are unique within a run: inputs with one file name go by their paths as given,
# a path given again by its reading's number, and a file name no other input has stays as
# it is; the same with --jobs
mkdir "$tmp/a" "$tmp/b"; printf 'Rubrik\n\nEtt stycke.\n' | tee "$tmp/a/r.txt" > "$tmp/b/r.txt"
ids() { grep -o '"type": "document", "id": "[^"]*"' | sed 's/.*"id": "//; s/"$//' | tr '\n' ' '; }
(cd "$tmp" && "$tvatt" run a/r.txt b/r.txt a/r.txt "$t") > "$tmp/ids.jsonl"
check "ids: documents of one file name" "$(ids < "$tmp/ids.jsonl")" "a/r.txt#0 b/r.txt#0 a/r.txt@2#0 table.in#0 "
check "ids: none twice" "$(grep -o '"id": "[^"]*"' "$tmp/ids.jsonl" | sort | uniq -d | wc -l)" 0
(cd "$tmp" && "$tvatt" run --jobs 3 a/r.txt b/r.txt a/r.txt "$t") | cmp -s - "$tmp/ids.jsonl"
check "ids: the same with --jobs 3" $? 0
check "ids: one input, its file name" "$(cd "$tmp" && "$tvatt" run a/r.txt | ids)" "r.txt#0 "
check "ids: standard input twice" "$(printf 'x\n' | "$tvatt" records - - | ids)" "<stdin>#0 <stdin>@2#0 "

# --format csv and md end each table (block) with a blank line, so those of several inputs
# stay apart (the last of one input ran into the first of the next: one table of both)
tc="$here/tests/records/table-csv.in"
check "--format csv, two inputs: two tables" "$("$tvatt" records --format csv "$tc" "$tc" | awk 'BEGIN { RS = "" } END { print NR }')" 2
md1=$("$tvatt" records --format md "$tc" | awk 'BEGIN { RS = "" } END { print NR }')
check "--format md, two inputs: the blocks of one twice" \
	"$("$tvatt" records --format md "$tc" "$tc" | awk 'BEGIN { RS = "" } END { print NR }')" $((md1 * 2))

# standard input named twice with --jobs is read as one at a time reads it: the first
# reading takes it all, whole lines (read at once, the two split it, lines cut in two)
awk 'BEGIN { for (i = 0; i < 100000; i++) print "rad " i }' > "$tmp/rows"
split=0
for k in 1 2 3 4 5; do
	"$tvatt" run --to decode --jobs 2 - - < "$tmp/rows" | cmp -s - "$tmp/rows" || split=$((split + 1))
done
check "--jobs 2 - -: standard input whole, in order, 5 times" $split 0
check "--jobs 2 - -: the second reading empty" \
	"$("$tvatt" run --jobs 2 - - < "$tmp/rows" | grep -o '"id": "<stdin>@2#0", "page": 1, "lines": \[1, 0\]' | wc -l)" 1

# an input with no page or paragraph ends (3 MB of lines): clean cuts its page, reflow and
# records cut the paragraph at about 1 MB, and no word is lost or changed
awk 'BEGIN { for (i = 0; i < 60000; i++) printf "rad %d med ord som inte tar slut\n", i }' > "$tmp/endless"
"$tvatt" clean "$tmp/endless" | cmp -s - "$tmp/endless"; check "endless page: clean changes nothing" $? 0
"$tvatt" reflow "$tmp/endless" > "$tmp/endless.md"
grep -v '^<!--' "$tmp/endless.md" > "$tmp/endless.txt"
check "endless paragraph: reflow cuts it in three" "$(grep -c . "$tmp/endless.txt")" 3
check "endless paragraph: reflow keeps every word" "$(tr -s ' \n' '\n\n' < "$tmp/endless.txt" | grep -c .)" 480000
check "endless paragraph: three records and a document" "$("$tvatt" records "$tmp/endless" | wc -l)" 4
# one line of 3 MB after a line of its own: records cuts reflow's paragraph of it in two, and each
# piece keeps the input's line (the pieces after the first took the line of reflow's output)
{ printf 'Rubrik\n\n'; awk 'BEGIN { for (i = 0; i < 100000; i++) printf "ord %d i en rad utan slut ", i; print "" }'; } > "$tmp/longline"
check "a 3 MB line through run: its records' lines" \
	"$("$tvatt" run -q "$tmp/longline" | grep -o '"type": "paragraph", "id": "[^"]*", "page": [0-9]*, "lines": \[[0-9, ]*\]' | sed 's/.*"lines": //' | tr '\n' ' ')" \
	"[1, 1] [3, 3] [3, 3] "

# a table's rows are not input lines: the records after it keep the input's line numbers
printf 'Text före.\n\nOmråde Utfall Budget\nPersonal 12 222 13 100\nLokaler 4 500 4 200\nLäkemedel 1 200 1 150\nTotalt 17 922 18 450\n\nEfter tabellen kommer ett stycke\nsom går över två rader.\n\nOch ett till.\n' > "$tmp/table.txt"
"$tvatt" run "$tmp/table.txt" > "$tmp/table.jsonl"
check "after a table: the records' lines" "$(grep -o '"type": "[a-z]*", "id": "[^"]*", "page": 1, "lines": \[[0-9]*, [0-9]*\]' "$tmp/table.jsonl" | sed 's/"id": "[^"]*", "page": 1, //' | tr '\n' ' ')" \
	'"type": "document", "lines": [1, 12] "type": "paragraph", "lines": [1, 1] "type": "table", "lines": [3, 7] "type": "paragraph", "lines": [9, 10] "type": "paragraph", "lines": [12, 12] '

# run --log lists its audit rows stage by stage in the chain's order, the same every time
# (the stages' threads write as they go): the same rows as the stages run one by one
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do cat "$s"; done > "$tmp/long.txt"
s="$tmp/long.txt"
"$tvatt" run --to reflow --log "$tmp/run.log" "$s" > /dev/null
"$tvatt" run --to reflow --log "$tmp/run2.log" "$s" > /dev/null
cmp -s "$tmp/run.log" "$tmp/run2.log"; check "run --log: the same order twice" $? 0
"$tvatt" decode --log "$tmp/1.log" "$s" | "$tvatt" clean --mark-removed --log "$tmp/2.log" |
	"$tvatt" tables --log "$tmp/3.log" | "$tvatt" restore --log "$tmp/4.log" |
	"$tvatt" reflow --log "$tmp/5.log" > /dev/null
cat "$tmp/1.log" "$tmp/2.log" "$tmp/3.log" "$tmp/4.log" "$tmp/5.log" | grep -v '^# file: ' > "$tmp/one.log"
check "run --log: one line naming the input, first" "$(grep -n '^# file: ' "$tmp/run.log")" "1:# file: $s"
grep -v '^# file: ' "$tmp/run.log" > "$tmp/rows.log"
check "run --log: stages in the chain's order" "$(cut -f1 "$tmp/rows.log" | uniq | tr '\n' ' ')" \
	"$(cut -f1 "$tmp/one.log" | uniq | tr '\n' ' ')"
cmp -s "$tmp/rows.log" "$tmp/one.log"; check "run --log = the stages' logs one after another" $? 0

# with several inputs, each one's rows come after a line naming it, in input order with
# --jobs too (the inputs' rows mixed as their threads wrote them), none for an input
# without rows
printf 'Arets mal ar uppnadda\n' > "$tmp/a/fold.txt"; printf 'Vi gar pa mote\n' > "$tmp/b/fold.txt"
for j in 1 2; do
	rm -f "$tmp/multi.log"
	"$tvatt" run --jobs $j --log "$tmp/multi.log" "$tmp/a/fold.txt" "$tmp/a/r.txt" "$tmp/b/fold.txt" "$tmp/a/fold.txt" > /dev/null
	check "--log, several inputs, --jobs $j: the lines naming them" "$(grep '^# file: ' "$tmp/multi.log" | sed "s|$tmp/||" | tr '\n' ' ')" \
		"# file: a/fold.txt # file: b/fold.txt # file: a/fold.txt@2 "
	check "--log, several inputs, --jobs $j: rows under each" "$(awk '/^# file: / { if (n) printf "%d ", n; n = 0; next } { n++ } END { print n }' "$tmp/multi.log")" "4 3 4"
done

# the document record counts the input's pages: a paragraph reflow joins across a form feed,
# and a last page of nothing but furniture (clean takes it out), still count; a trailing
# form feed ends a page and begins none; reflow's count survives reflow run again
pages() { sed -n '1s/.*"pages": \([0-9]*\),.*/\1/p'; }
check "pages: a paragraph across a form feed" \
	"$(printf 'Ett stycke.\n\n\fTva stycken.\n\f' | "$tvatt" run | pages)" 2
printf 'Kommunstyrelsen\nForsta sidans text om budgeten.\n- 1 -\n\fKommunstyrelsen\nAndra sidans text om skolan.\n- 2 -\n\fKommunstyrelsen\n- 3 -\n\f' > "$tmp/furn.txt"
check "pages: a last page of furniture" "$("$tvatt" run "$tmp/furn.txt" | pages)" 3
check "pages: a trailing form feed" "$(printf 'a\n\fb\n\f' | "$tvatt" records | pages)" 2
# pdftotext ends every page with a form feed, a blank one too: two in a row end a blank
# page, also the last; and clean's output (furniture taken out, no comment where it was)
# keeps the form feeds that count the pages
check "pages: a blank last page, run" "$(printf 'a\n\fb\n\f\f' | "$tvatt" run | pages)" 3
check "pages: a blank last page, records" "$(printf 'a\n\f\f' | "$tvatt" records | pages)" 2
check "pages: two blank pages" "$(printf '\f\f' | "$tvatt" run | pages)" 2
check "pages: clean | reflow | records, a last page of furniture" \
	"$("$tvatt" clean "$tmp/furn.txt" | "$tvatt" reflow | "$tvatt" records | pages)" 3
printf 'Ett stycke.\n\n\fTva stycken.\n\f' | "$tvatt" run --to reflow > "$tmp/r1"
"$tvatt" reflow "$tmp/r1" > "$tmp/r2"
cmp -s "$tmp/r1" "$tmp/r2"; check "pages: reflow's count, reflow again: the same" $? 0
check "pages: reflow's count, read by records" "$("$tvatt" records "$tmp/r2" | pages)" 2
check "pages: --jobs 2, each file its own" \
	"$("$tvatt" run --jobs 2 "$tmp/furn.txt" "$tmp/r2" "$tmp/furn.txt" | grep '"type": "document"' | sed 's/.*"pages": \([0-9]*\),.*/\1/' | tr '\n' ' ')" "3 2 3 "
# a table stitched across the input's last page break, no form feed at the end: tables
# writes the page break's form feed after the table, where it ends the stream, so the
# table's comment names its last page
printf 'Statsbidrag per region (kronor)\n\nRegion Stockholm 12 345 678\nRegion Uppsala 2 345 678\nRegion Vasterbotten 9 876 543\n\fRegion Orebro 4 518 809\nRegion Kalmar 2 776 819\n' > "$tmp/tab2.txt"
check "pages: a table across the last page break, run" "$("$tvatt" run "$tmp/tab2.txt" | pages)" 2
check "pages: a table across the last page break, tables | records" \
	"$("$tvatt" tables "$tmp/tab2.txt" | "$tvatt" records | pages)" 2
check "pages: a table across the last page break, tables | reflow | records" \
	"$("$tvatt" tables "$tmp/tab2.txt" | "$tvatt" reflow | "$tvatt" records | pages)" 2
check "pages: a table across the last page break, its record's page" \
	"$("$tvatt" run "$tmp/tab2.txt" | grep -c '"type": "table", .*"page": 1,')" 1

summary "run"
