#!/bin/sh
# check_ocr_textlayer.sh - born-digital PDFs take their text layer (issue 6): `tvatt ocr`
# writes a page's text laid out as `pdftotext -layout` would, without OCR, and says so per
# page (-v, --log); --text-layer=never reads every page by OCR, --text-layer=only never
# does; `tvatt run` on the PDF gives the table as records; an encrypted or damaged PDF, or
# a scanned one when the Tesseract model is missing, is one error with status 3 and nothing
# written; a page of 20000 one-character fragments is
# laid out within a time bound. The PDFs are written at test time by tests/ocr/mkpdf.py
# (the scanned and mixed cases are in tests/test_ocr.c, made with cairo).
set -u
. "$(dirname "$0")/checklib.sh"
here=$(cd "$(dirname "$0")" && pwd)
bindir=$(cd "$(dirname "$tvatt")" && pwd)
mk() { python3 "$here/ocr/mkpdf.py" "$@"; }
mk born "$tmp/born.pdf" && mk encrypted "$tmp/enc.pdf" && mk many "$tmp/many.pdf" 20000 &&
	mk sideways "$tmp/side.pdf" && mk label "$tmp/label.pdf" ||
	{ echo "FAIL: mkpdf.py"; exit 1; }

# the text layer, laid out: the exact text, form feeds after the pages
printf '%s\n' \
	'Regionstyrelsen redovisar 2024 ett resultat' \
	'' \
	'Ärendet RS/595/2023 avgörs i maj. Beloppen i miljoner kronor:' \
	'' \
	'' \
	'                                                2023           2024' \
	'Intäkter                                        1 250          1 310' \
	'Kostnader                                       -1 190         -1 297' \
	'Årets resultat                                  60             13' \
	'' '' '' \
	'Källa: regionens årsredovisning.' > "$tmp/want"
printf '\fSida 2 av 2\n\f' >> "$tmp/want"
"$tvatt" ocr -v --log "$tmp/log" "$tmp/born.pdf" > "$tmp/out" 2> "$tmp/err"
check "born-digital: exit" $? 0
check "born-digital: the text layer as laid out" "$(cmp -s "$tmp/out" "$tmp/want" && echo same)" same
check "born-digital: notes" "$(sed "s|$tmp/||" "$tmp/err")" "tvatt: born.pdf: note: page 1: text layer (182 characters, images cover 0 %)
tvatt: born.pdf: note: page 2: text layer (8 characters, images cover 0 %)"
check "born-digital: log rows" "$(cut -f1,2,5,6 "$tmp/log" | tr '\t' ' ' | sed "s|$tmp/||")" "# file: born.pdf
ocr 1 text layer page-source
ocr 2 text layer page-source"
# on a terminal (script(1) gives tvatt one) a progress bar shows, and a note takes it away
# first: the note stands on a line of its own, never after the bar on its line
if script -qfc "'$tvatt' ocr -v '$tmp/born.pdf' > /dev/null" "$tmp/tty" > /dev/null 2>&1; then
	check "terminal: the progress bar shown" "$(grep -c 'born.pdf: \[#*\.*\] page 1 of 2' "$tmp/tty")" 1
	check "terminal: the bar from the start, page 0" "$(grep -c 'born.pdf: \[\.*\] page 0 of 2' "$tmp/tty")" 1
	check "terminal: no note after the bar on its line" "$(grep -c 'pages/min *tvatt:' "$tmp/tty")" 0
else
	echo "check_ocr_textlayer: no terminal for script(1): the progress bar not checked"
fi
# no Tesseract model is loaded for it: a missing language does not matter
"$tvatt" ocr --lang xyz "$tmp/born.pdf" > "$tmp/out2" 2> "$tmp/err"
check "born-digital, a model missing: exit" $? 0
check "born-digital, a model missing: same text" "$(cmp -s "$tmp/out2" "$tmp/want" && echo same)" same
"$tvatt" ocr --text-layer=only "$tmp/born.pdf" > "$tmp/out2"
check "--text-layer=only: same text" "$(cmp -s "$tmp/out2" "$tmp/want" && echo same)" same
# the same pages set sideways on a landscape page shown turned: the same text
"$tvatt" ocr "$tmp/side.pdf" > "$tmp/out2"
check "sideways: same text" "$(cmp -s "$tmp/out2" "$tmp/want" && echo same)" same
# a label running up the upright page (a chart's axis title): the page's text as before,
# the label as one line after it (not one character a line among the table's rows)
"$tvatt" ocr "$tmp/label.pdf" > "$tmp/out2"
sed 's/^\f.*//' "$tmp/want" | head -n 13 > "$tmp/want2"
printf '\nBelopp i miljoner kronor\n\fSida 2 av 2\n\f' >> "$tmp/want2"
check "sideways label: the page, then the label" "$(cmp -s "$tmp/out2" "$tmp/want2" && echo same)" same

# never: read by OCR (rendered at 300 dpi), so the notes say OCR and the text is Tesseract's
OMP_THREAD_LIMIT=1 "$tvatt" ocr -v --text-layer=never "$tmp/born.pdf" > "$tmp/out2" 2> "$tmp/err"
check "--text-layer=never: exit" $? 0
check "--text-layer=never: no page took its text layer" "$(grep -c 'text layer' "$tmp/err")" 0
check "--text-layer=never: read by OCR" "$(grep -c 'Kostnader' "$tmp/out2")" 1
"$tvatt" ocr --text-layer=sometimes "$tmp/born.pdf" > "$tmp/out2" 2> "$tmp/err"
check "--text-layer=sometimes: exit" $? 2
check "--text-layer=sometimes: message" "$(cat "$tmp/err")" "tvatt: error: --text-layer wants auto, never or only, not 'sometimes'; see 'tvatt ocr --help'"
"$tvatt" ocr --tsv --text-layer=only "$tmp/born.pdf" > "$tmp/out2" 2> "$tmp/err"
check "--tsv --text-layer=only: exit" $? 2

# the whole chain: the table comes out as a record, numbers as printed
TVATT_DATA="$bindir" "$tvatt" run "$tmp/born.pdf" > "$tmp/rec" 2> "$tmp/err"
check "run: exit" $? 0
check "run: the table record" "$(grep '"type": "table"' "$tmp/rec" | sed 's/.*"rows": //; s/, "checks".*//')" '[["Intäkter", 1250, 1310], ["Kostnader", -1190, -1297], ["Årets resultat", 60, 13]]'
check "run: the diarienummer kept" "$(grep -c 'RS/595/2023' "$tmp/rec")" 2
check "run: both pages counted (the second is a page footer only)" \
	"$(head -1 "$tmp/rec" | sed 's/.*"pages": \([0-9]*\),.*/\1/')" 2

# a scanned PDF when the model is missing (an unknown --lang, or TESSDATA_PREFIX at an empty
# directory for the default swe): one error for the file, not one a page, with any --jobs;
# status 3 and nothing written. A PDF with text pages and a scanned page: the text pages
# written, the one error, status 1.
mk scan "$tmp/scan.pdf" 12 && mk mixed "$tmp/mixed.pdf" || { echo "FAIL: mkpdf.py"; exit 1; }
nomodel="no Tesseract model for 'xyz' (install the Debian package tesseract-ocr-xyz)"
for jobs in 1 4; do
	"$tvatt" ocr --lang xyz --jobs $jobs "$tmp/scan.pdf" > "$tmp/out2" 2> "$tmp/err"
	check "scan, model missing, --jobs $jobs: exit" $? 3
	check "scan, model missing, --jobs $jobs: one error" "$(sed "s|$tmp/||" "$tmp/err")" "tvatt: scan.pdf: error: $nomodel"
	check "scan, model missing, --jobs $jobs: nothing written" "$(wc -c < "$tmp/out2")" 0
done
# once the model has failed, the pages after are not rendered (-v says so for each)
"$tvatt" ocr -v --lang xyz --jobs 1 "$tmp/scan.pdf" > "$tmp/out2" 2> "$tmp/err"
check "scan, model missing: pages after not rendered" "$(grep -c 'note: page [0-9]*: not rendered (no Tesseract model)$' "$tmp/err")" 11
mkdir "$tmp/notessdata"
TESSDATA_PREFIX=$tmp/notessdata "$tvatt" ocr --jobs 3 "$tmp/scan.pdf" "$tmp/scan.pdf" > "$tmp/out2" 2> "$tmp/err"
check "scan twice, swe missing: exit" $? 3
# (the message names the directory TESSDATA_PREFIX points at, not a package already there)
check "scan twice, swe missing: one error a file" "$(sed "s|$tmp/||g" "$tmp/err")" "tvatt: scan.pdf: error: no Tesseract model for 'swe' in notessdata, where TESSDATA_PREFIX points (its LANG.traineddata files)
tvatt: scan.pdf: error: no Tesseract model for 'swe' in notessdata, where TESSDATA_PREFIX points (its LANG.traineddata files)"
"$tvatt" ocr --lang xyz --text-layer=never "$tmp/scan.pdf" > "$tmp/out2" 2> "$tmp/err"
check "scan, model missing, --text-layer=never: exit" $? 3
check "scan, model missing, --text-layer=never: one error" "$(grep -c 'error:' "$tmp/err")" 1
"$tvatt" ocr --lang xyz --jobs 2 "$tmp/mixed.pdf" > "$tmp/out2" 2> "$tmp/err"
check "mixed, model missing: exit" $? 1
check "mixed, model missing: one error" "$(sed "s|$tmp/||" "$tmp/err")" "tvatt: mixed.pdf: error: $nomodel"
check "mixed, model missing: the text pages, a form feed for the scan" "$(od -An -c "$tmp/out2" | tr -s ' ')" "$(printf 'Sida 1 av 3\n\f\fSida 3 av 3\n\f' | od -An -c | tr -s ' ')"

# bad input: one error, status 3, nothing written
"$tvatt" ocr "$tmp/enc.pdf" > "$tmp/out2" 2> "$tmp/err"
check "encrypted: exit" $? 3
check "encrypted: message" "$(sed "s|$tmp/||" "$tmp/err")" "tvatt: enc.pdf: error: cannot open the PDF: Document is encrypted"
check "encrypted: nothing written" "$(wc -c < "$tmp/out2")" 0
head -c 700 "$tmp/born.pdf" > "$tmp/cut.pdf"
"$tvatt" ocr "$tmp/cut.pdf" > "$tmp/out2" 2> "$tmp/err"
check "truncated: exit" $? 3
check "truncated: message" "$(sed "s|$tmp/||" "$tmp/err")" "tvatt: cut.pdf: error: cannot open the PDF: PDF document is damaged"
check "truncated: nothing written" "$(wc -c < "$tmp/out2")" 0

# pathological: 20000 fragments (poppler's own text analysis takes most of the time)
timeout 120 "$tvatt" ocr "$tmp/many.pdf" > "$tmp/out2"
check "20000 fragments: exit within the bound" $? 0
check "20000 fragments: every character written" "$(tr -cd x < "$tmp/out2" | wc -c)" 20000
check "20000 fragments: 200 rows" "$(grep -c x "$tmp/out2")" 200

summary "ocr text layer"
