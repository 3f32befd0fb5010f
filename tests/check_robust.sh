#!/bin/sh
# check_robust.sh - bad surroundings rather than bad text: a full disk, a closed standard
# output, a reader that stops early (SIGPIPE), -o naming a FIFO or a directory, a log that
# cannot be written, a damaged lexicon, NUL bytes and invalid UTF-8 inside otherwise good
# text, a line of several megabytes, --jobs with bad inputs among good ones. Each must give
# the documented exit status and a "tvatt: NAME: LEVEL: message" line, never a crash, a
# hang or a replaced device file.
set -u
. "$(dirname "$0")/checklib.sh"

printf 'Årets budget är klar.\nDen nya planen gäller från den 1 januari 2025.\n' > "$tmp/a.txt"
printf 'Arets budget for kommunen ar klar och planen galler pa riktigt.\n' > "$tmp/fold.txt"
awk 'BEGIN { for (i = 0; i < 60000; i++) print "Årets budget för kommunen är klar och planen gäller." }' > "$tmp/big.txt"

# a full disk: status 4 and the reason, for one stage and for the chain (whose last stage
# writes from another thread: its errno once came out as "Success")
full="tvatt: <stdout>: error: cannot write: No space left on device"
if [ -c /dev/full ]; then
	"$tvatt" decode "$tmp/a.txt" > /dev/full 2> "$tmp/err"; check "decode > /dev/full: exit" $? 4
	check "decode > /dev/full: message" "$(cat "$tmp/err")" "$full"
	"$tvatt" run --to reflow "$tmp/a.txt" > /dev/full 2> "$tmp/err"; check "run > /dev/full: exit" $? 4
	check "run > /dev/full: message" "$(cat "$tmp/err")" "$full"
	"$tvatt" run --jobs 2 "$tmp/a.txt" "$tmp/a.txt" > /dev/full 2> "$tmp/err"
	check "run --jobs 2 > /dev/full: exit" $? 4
	check "run --jobs 2 > /dev/full: message" "$(cat "$tmp/err")" "$full"
	# records, the chain's last stage by default, said "out of memory or temporary file
	# failed" too, when its output was more than the writer holds: the write error is the
	# command's to say
	"$tvatt" run "$tmp/big.txt" > /dev/full 2> "$tmp/err"; check "run to records > /dev/full: exit" $? 4
	check "run to records > /dev/full: message" "$(cat "$tmp/err")" "$full"
	"$tvatt" run --to reflow "$tmp/big.txt" > "$tmp/big.md"
	"$tvatt" records "$tmp/big.md" > /dev/full 2> "$tmp/err"; check "records > /dev/full: exit" $? 4
	check "records > /dev/full: message" "$(cat "$tmp/err")" "$full"
	"$tvatt" restore --log /dev/full "$tmp/fold.txt" > "$tmp/out" 2> "$tmp/err"
	check "--log /dev/full: exit" $? 4
	check "--log /dev/full: message" "$(cat "$tmp/err")" "tvatt: /dev/full: error: cannot write the log"
	# more rows than the log's buffer holds: the failed write is said too, once
	for j in 1 2; do
		"$tvatt" run --jobs $j --log /dev/full "$(dirname "$0")/../scans/sample.txt" "$tmp/fold.txt" > "$tmp/out" 2> "$tmp/err"
		check "run --jobs $j --log /dev/full, many rows: exit" $? 4
		check "run --jobs $j --log /dev/full, many rows: message" "$(cat "$tmp/err")" "tvatt: /dev/full: error: cannot write the log"
	done
fi

# a closed standard output
"$tvatt" decode "$tmp/a.txt" >&- 2> "$tmp/err"; check "closed stdout: exit" $? 4
check "closed stdout: message" "$(cat "$tmp/err")" "tvatt: <stdout>: error: cannot write: Bad file descriptor"

# a reader that stops after the first bytes: the chain ends (SIGPIPE), it does not hang
( "$tvatt" run --to reflow --jobs 2 "$tmp/big.txt" "$tmp/big.txt" 2> "$tmp/err"; echo $? > "$tmp/rc" ) | head -c 10 > "$tmp/out"
check "| head: the first bytes" "$(cat "$tmp/out")" "<!-- tvatt"
check "| head: ended by SIGPIPE" "$(cat "$tmp/rc")" 141
check "| head: nothing on standard error" "$(wc -c < "$tmp/err")" 0

# a reader that stops early where SIGPIPE is ignored (a daemon, Python's subprocess): the
# write fails instead, status 4 and one message saying why
( trap '' PIPE; "$tvatt" run "$tmp/big.txt" 2> "$tmp/err"; echo $? > "$tmp/rc" ) | head -c 10 > /dev/null
check "| head, SIGPIPE ignored: exit" "$(cat "$tmp/rc")" 4
check "| head, SIGPIPE ignored: message" "$(cat "$tmp/err")" "tvatt: <stdout>: error: cannot write: Broken pipe"

# -o naming something that is not a regular file: a FIFO is written through and stays a
# FIFO (rename would have replaced it, and as root /dev/null with it); a directory is refused
mkfifo "$tmp/fifo"
timeout 10 cat "$tmp/fifo" > "$tmp/from-fifo" &
"$tvatt" decode -o "$tmp/fifo" "$tmp/a.txt"; check "-o FIFO: exit" $? 0
wait
cmp -s "$tmp/from-fifo" "$tmp/a.txt"; check "-o FIFO: the text came through it" $? 0
[ -p "$tmp/fifo" ]; check "-o FIFO: still a FIFO" $? 0
check "-o FIFO: no temporary left" "$(ls "$tmp" | grep -c tvatt-)" 0
mkdir "$tmp/dir"
"$tvatt" decode -o "$tmp/dir" "$tmp/a.txt" 2> "$tmp/err"; check "-o directory: exit" $? 4
check "-o directory: message" "$(sed "s|$tmp/||" "$tmp/err")" "tvatt: dir: error: cannot create the output: Is a directory"
check "-o directory: no temporary left" "$(ls "$tmp" | grep -c tvatt-)" 0

# NUL bytes inside UTF-8 text: decode removes them and says where; the other text stages
# refuse such input as binary
printf 'Årets budget.\nDen\000 nya planen.\n' > "$tmp/nul.txt"
"$tvatt" decode "$tmp/nul.txt" > "$tmp/out" 2> "$tmp/err"; check "NUL: decode exit" $? 0
check "NUL: decode output" "$(cat "$tmp/out")" "$(printf 'Årets budget.\nDen nya planen.')"
check "NUL: decode message" "$(sed "s|$tmp/||" "$tmp/err")" \
	"tvatt: nul.txt:2:4: warning: 1 control character removed (the first, U+0000, here)"
"$tvatt" clean "$tmp/nul.txt" > "$tmp/out" 2> /dev/null; check "NUL: clean exit" $? 3
check "NUL: clean writes nothing" "$(wc -c < "$tmp/out")" 0

# invalid UTF-8: decode replaces it and warns; the text stages after it pass it through
# as it is, with a warning; records still writes valid UTF-8 JSON
printf 'Årets \303( budget \342\202 är klar.\n' > "$tmp/bad.txt"
"$tvatt" decode "$tmp/bad.txt" > "$tmp/out" 2> "$tmp/err"; check "bad UTF-8: decode exit" $? 0
check "bad UTF-8: decode output" "$(cat "$tmp/out")" "Årets �( budget �� är klar."
check "bad UTF-8: decode message" "$(sed "s|$tmp/||" "$tmp/err")" \
	"tvatt: bad.txt:1:7: warning: byte 0xC3 that no encoding explains replaced by U+FFFD"
for s in clean tables restore reflow; do
	"$tvatt" $s "$tmp/bad.txt" > "$tmp/out" 2> "$tmp/err"; check "bad UTF-8: $s exit" $? 0
	check "bad UTF-8: $s message" "$(sed "s|$tmp/||" "$tmp/err")" \
		"tvatt: bad.txt:1:7: warning: not UTF-8 (byte 0xC3): passed through as it is; 'tvatt decode' reads other encodings"
done
"$tvatt" clean "$tmp/bad.txt" 2> /dev/null | cmp -s - "$tmp/bad.txt"; check "bad UTF-8: clean passes the bytes through" $? 0
"$tvatt" records "$tmp/bad.txt" > "$tmp/out" 2> /dev/null; check "bad UTF-8: records exit" $? 0
iconv -f UTF-8 -t UTF-8 "$tmp/out" > /dev/null 2>&1; check "bad UTF-8: records output is UTF-8" $? 0

# a message is one line whatever the names in it hold: a newline or a tab in a file name or
# an option is written \n or \t (a file named "a<newline>b.txt" split the message in two)
nl='
'
"$tvatt" clean "$tmp/a${nl}b.txt" 2> "$tmp/err"; check "newline in a file name: exit" $? 3
check "newline in a file name: one line" "$(sed "s|$tmp/||" "$tmp/err")" \
	'tvatt: a\nb.txt: error: cannot read: No such file or directory'
"$tvatt" decode -o "$tmp/no${nl}dir/out" "$tmp/a.txt" 2> "$tmp/err"; check "newline in -o: exit" $? 4
check "newline in -o: one line" "$(sed "s|$tmp/||g" "$tmp/err")" \
	"tvatt: no\\ndir/out: error: cannot create the output: the directory 'no\\ndir' does not exist; create it first"
"$tvatt" restore --channel "x	y" < /dev/null 2> "$tmp/err"; check "tab in a value: exit" $? 2
check "tab in a value: shown" "$(cat "$tmp/err")" \
	"tvatt: error: --channel wants auto, fold, ocr or clean, not 'x\\ty'; see 'tvatt restore --help'"
"$tvatt" decode "--a${nl}b" < /dev/null 2> "$tmp/err"; check "newline in an option: exit" $? 2
check "newline in an option: one line" "$(cat "$tmp/err")" "tvatt: error: unknown option '--a\\nb'; see 'tvatt decode --help'"

# decode's messages about a place name its column too, as documented (they said "FILE:LINE:"):
# the encoding read from a line on, and a byte the converter cannot read (a lone surrogate)
printf 'P} v{g till m}let och n{r vi f|r\n' > "$tmp/646.txt"
"$tvatt" decode -v "$tmp/646.txt" > "$tmp/out" 2> "$tmp/err"
check "ISO 646-SE note: place" "$(sed "s|$tmp/||" "$tmp/err")" \
	"tvatt: 646.txt:1:1: note: read as 7-bit Swedish (ISO 646-SE: \"}\" is å, \"{\" ä, \"|\" ö)"
# the reading --from-code names is logged as a detected one is: a row at line 1
printf 'P\206 v\204g\n' > "$tmp/cp437.txt"
"$tvatt" decode --from-code CP437 --log "$tmp/cp437.log" "$tmp/cp437.txt" > "$tmp/out"
check "--from-code CP437: text" "$(cat "$tmp/out")" "På väg"
check "--from-code CP437 --log: the encoding row" "$(cat "$tmp/cp437.log")" \
	"$(printf '# file: %s\ndecode\t1\t0\tCP437\tUTF-8\tencoding\t1.000' "$tmp/cp437.txt")"
"$tvatt" decode --from-code UTF-8 --log "$tmp/utf8.log" "$tmp/646.txt" > "$tmp/out"
check "--from-code UTF-8 --log: no row" "$(wc -c < "$tmp/utf8.log")" 0
printf '\377\376a\000b\000\n\000\345\000c\000\000\330d\000\n\000' > "$tmp/u16.txt"
"$tvatt" decode "$tmp/u16.txt" > "$tmp/out" 2> "$tmp/err"; check "UTF-16 lone surrogate: exit" $? 0
check "UTF-16 lone surrogate: output" "$(cat "$tmp/out")" "$(printf 'ab\nåc\357\277\275d')"
check "UTF-16 lone surrogate: message" "$(sed "s|$tmp/||" "$tmp/err")" \
	"tvatt: u16.txt:2:3: warning: bytes that are not UTF-16LE replaced by U+FFFD"

# a line of 3 MB with no newline at the end: every byte of text comes through the chain
awk 'BEGIN { for (i = 0; i < 60000; i++) printf "Årets budget är 1 234 kr. " }' > "$tmp/line.txt"
"$tvatt" run --to restore "$tmp/line.txt" > "$tmp/out" 2> "$tmp/err"; check "3 MB line: exit" $? 0
check "3 MB line: warned once" "$(sed "s|$tmp/||" "$tmp/err")" \
	"tvatt: line.txt:1:1: warning: a line longer than 1048576 bytes: handled in pieces"
check "3 MB line: the words kept" "$(tr -s ' ' '\n' < "$tmp/out" | grep -c .)" 360000
# past the readers' cap (1 MiB) clean and reflow hold no long line: it goes through as it
# came, in pieces, with a warning at its start (a 50 MB line peaks at 60-195 MB in `run`, see README)
"$tvatt" clean "$tmp/line.txt" > "$tmp/out" 2> "$tmp/err"; check "3 MB line: clean exit" $? 0
cmp -s "$tmp/out" "$tmp/line.txt"; check "3 MB line: clean passes it through" $? 0
check "3 MB line: clean warns" "$(sed "s|$tmp/||" "$tmp/err")" \
	"tvatt: line.txt:1:1: warning: a line longer than 1048576 bytes: passed through unchanged"
{ printf 'Rubrik\n\n'; cat "$tmp/line.txt"; printf '\n\nSista stycket.\n'; } > "$tmp/line2.txt"
"$tvatt" reflow "$tmp/line2.txt" > "$tmp/out" 2> /dev/null; check "3 MB line: reflow exit" $? 0
check "3 MB line: reflow writes it as a paragraph of its own" \
	"$(cut -c1-40 "$tmp/out" | tr '\n' '|')" \
	"<!-- tvatt page=1 lines=1-1 -->|### Rubrik||<!-- tvatt page=1 lines=3-3 -->|Årets budget är 1 234 kr. Årets budge||<!-- tvatt page=1 lines=5-5 -->|Sista stycket.||"
check "3 MB line: reflow keeps its text (the end trimmed)" \
	"$(sed -n 5p "$tmp/out" | tr -d '\n' | md5sum)" "$(sed 's/ *$//' "$tmp/line.txt" | tr -d '\n' | md5sum)"
"$tvatt" run "$tmp/line2.txt" > "$tmp/out" 2> "$tmp/err"; check "3 MB line: run exit" $? 0
check "3 MB line: run warns once" "$(sed "s|$tmp/||" "$tmp/err")" \
	"tvatt: line2.txt:3:1: warning: a line longer than 1048576 bytes: handled in pieces"
check "3 MB line: run's records keep every word" \
	"$(jq -r 'select(.type == "paragraph") | .text' "$tmp/out" | tr -s ' ' '\n' | grep -c .)" 360002

# --jobs with bad inputs among good ones: the worst status, one message each, every good
# input written in order
"$tvatt" run --jobs 2 "$tmp/a.txt" "$tmp/missing.txt" "$tmp/dir" "$tmp/a.txt" > "$tmp/out" 2> "$tmp/err"
check "--jobs with bad inputs: exit" $? 3
# with --jobs the files are read in parallel, so their messages may come in either order
check "--jobs with bad inputs: messages" "$(sed "s|$tmp/||" "$tmp/err" | LC_ALL=C sort | tr '\n' '|')" \
	"tvatt: dir: error: cannot read: Is a directory|tvatt: missing.txt: error: cannot read: No such file or directory|"
check "--jobs with bad inputs: both good documents" "$(grep -c '"type": "document"' "$tmp/out")" 2

# a wrong or damaged lexicon (TVATT_DATA naming a directory whose tvatt.lex is some other
# file): status 1, the text through unchanged, a message naming the file and what to do
mkdir "$tmp/data" && head -c 100000 "$tvatt" > "$tmp/data/tvatt.lex"
TVATT_DATA="$tmp/data" "$tvatt" restore "$tmp/fold.txt" > "$tmp/out" 2> "$tmp/err"
check "damaged lexicon: exit" $? 1
check "damaged lexicon: text unchanged" "$(cmp "$tmp/fold.txt" "$tmp/out" && echo same)" same
check "damaged lexicon: message" "$(sed "s|$tmp/||g" "$tmp/err")" \
	"tvatt: fold.txt: error: restore: the lexicon data/tvatt.lex is damaged or of another version; rebuild it (make) or set TVATT_DATA to the directory of a good tvatt.lex; text left as it is"
# --explain reads no input, so its message names none (it named <stdin>)
TVATT_DATA="$tmp/data" "$tvatt" restore --explain fer < /dev/null > "$tmp/out" 2> "$tmp/err"
check "damaged lexicon, --explain: exit" $? 1
check "damaged lexicon, --explain: message" "$(sed "s|$tmp/||g" "$tmp/err")" \
	"tvatt: error: restore: the lexicon data/tvatt.lex is damaged or of another version; rebuild it (make) or set TVATT_DATA to the directory of a good tvatt.lex; nothing explained"

# TVATT_DATA naming a directory without a lexicon: the one beside the binary answers, and a
# warning says so once (it fell back without a word), naming the directory and the file;
# where none is found either, restore's message names where it looked first (it said
# "TVATT_DATA is not set")
mkdir "$tmp/nolex"
TVATT_DATA="$tmp/nolex" "$tvatt" run --jobs 2 "$tmp/fold.txt" "$tmp/fold.txt" > "$tmp/out" 2> "$tmp/err"
check "TVATT_DATA without a lexicon: exit" $? 0
check "TVATT_DATA without a lexicon: restored" "$(grep -c 'Årets budget' "$tmp/out")" 2
check "TVATT_DATA without a lexicon: warned once" \
	"$(sed -e "s|$tmp/||g" -e 's|using [^ ]* instead|using LEX instead|' "$tmp/err")" \
	"tvatt: nolex: warning: TVATT_DATA names this directory, but it holds no readable tvatt.lex; using LEX instead (set TVATT_DATA to the directory of tvatt.lex, or unset it)"
TVATT_DATA="$tmp/nolex" "$tvatt" restore -q "$tmp/fold.txt" > "$tmp/out" 2> "$tmp/err"
check "TVATT_DATA without a lexicon, -q: no warning" "$(wc -c < "$tmp/err")" 0
mkdir "$tmp/bin" && cp "$tvatt" "$tmp/bin/tvatt"
TVATT_DATA="$tmp/nolex" "$tmp/bin/tvatt" restore "$tmp/fold.txt" > "$tmp/out" 2> "$tmp/err"
if [ $? = 1 ]; then # no lexicon installed either
	check "no lexicon anywhere: the place named" "$(sed "s|$tmp/||g" "$tmp/err")" \
		"tvatt: fold.txt: error: restore: the lexicon tvatt.lex was not found or cannot be read (nolex/tvatt.lex); set TVATT_DATA to its directory; text left as it is"
fi
# the eval and bench scripts that need the lexicon stop at once, saying what to do, where
# tvatt cannot use it: they printed figures of no lexicon though every text said so
for s in eval/restore eval/clean_reflow eval/tables eval/ocr bench/chain bench/clean_reflow \
	bench/decode bench/restore bench/run; do
	TVATT="$tvatt" TVATT_DATA="$tmp/data" SHARED="$tmp/none" sh "$(dirname "$0")/$s.sh" > "$tmp/out" 2> "$tmp/err"
	check "$s.sh, a damaged lexicon: exit" $? 2
	check "$s.sh, a damaged lexicon: no figures" "$(wc -c < "$tmp/out")" 0
	check "$s.sh, a damaged lexicon: what to do" "$(grep -c 'stopped, no figures.*cannot use its lexicon' "$tmp/err")" 1
done

# --jobs with one slow input before hundreds of small ones (standard input that ends
# after 4 s): the workers start no more than a few dozen files past the one being copied
# out (each file done keeps its temporary files open until its turn; all of them open ran
# out of descriptors under ulimit -n 200)
mkdir "$tmp/many"
for i in $(seq 1 400); do echo "rad $i" > "$tmp/many/s$i.txt"; done
(ulimit -n 200; { echo "Första raden"; sleep 4; } |
	"$tvatt" run -q --jobs 2 --log "$tmp/many.log" - "$tmp/many"/s*.txt > "$tmp/out" 2> "$tmp/err")
check "--jobs 2, 400 files behind a slow one, ulimit -n 200: exit" $? 0
check "--jobs 2, 400 files behind a slow one: every document" "$(grep -c '"type": "document"' "$tmp/out")" 401

# a paragraph whose every line ends in a hyphen grows one word that reflow read back whole
# at each line: 200,000 such lines took 22 s of CPU, 600,000 some three minutes; within a
# few seconds now (past 256 bytes such a "word" is none, and its hyphens stay)
awk 'BEGIN { for (i = 0; i < 600000; i++) print "ab-" }' > "$tmp/hyphens.txt"
timeout 60 "$tvatt" reflow "$tmp/hyphens.txt" > "$tmp/out" 2> "$tmp/err"
check "600,000 line-end hyphens: exit" $? 0
check "600,000 line-end hyphens: every letter kept" "$(grep -o ab "$tmp/out" | wc -l)" 600000

# reflow without a usable lexicon goes on (every line-end hyphen taken out) and says so
# once a process, naming the lexicon and what to do (it was silent); in run, restore has
# said it for each file, and reflow says nothing more; with TVATT_DATA naming a directory
# without one, it warns as restore does
TVATT_DATA="$tmp/data" "$tvatt" reflow "$tmp/fold.txt" "$tmp/fold.txt" > "$tmp/out" 2> "$tmp/err"
check "reflow, damaged lexicon: exit" $? 0
check "reflow, damaged lexicon: message, once" "$(sed "s|$tmp/||g" "$tmp/err")" \
	"tvatt: fold.txt: warning: reflow: the lexicon data/tvatt.lex is damaged or of another version; rebuild it (make) or set TVATT_DATA to the directory of a good tvatt.lex; until then every line-end hyphen is taken out and no split word is joined"
TVATT_DATA="$tmp/data" "$tvatt" run --jobs 2 --to reflow "$tmp/fold.txt" "$tmp/fold.txt" > "$tmp/out" 2> "$tmp/err"
check "run, damaged lexicon: exit" $? 1
check "run, damaged lexicon: restore's messages only" "$(grep -c 'reflow:' "$tmp/err") $(grep -c 'restore:' "$tmp/err")" "0 2"
TVATT_DATA="$tmp/nolex" "$tvatt" reflow "$tmp/fold.txt" > "$tmp/out" 2> "$tmp/err"
check "reflow, TVATT_DATA without a lexicon: warned" \
	"$(sed -e "s|$tmp/||g" -e 's|using [^ ]* instead|using LEX instead|' "$tmp/err")" \
	"tvatt: nolex: warning: TVATT_DATA names this directory, but it holds no readable tvatt.lex; using LEX instead (set TVATT_DATA to the directory of tvatt.lex, or unset it)"
TVATT_DATA="$tmp/nolex" "$tmp/bin/tvatt" reflow "$tmp/fold.txt" > "$tmp/out" 2> "$tmp/err"
if ! TVATT_DATA="$tmp/nolex" "$tmp/bin/tvatt" restore -q "$tmp/fold.txt" > /dev/null 2>&1; then
	check "reflow, no lexicon anywhere: message" "$(sed "s|$tmp/||g" "$tmp/err")" \
		"tvatt: fold.txt: warning: reflow: the lexicon tvatt.lex was not found or cannot be read (nolex/tvatt.lex); set TVATT_DATA to its directory; until then every line-end hyphen is taken out and no split word is joined"
	# without TVATT_DATA no place is named: the message still names the input, as
	# restore's does (reflow's named no file at all)
	env -u TVATT_DATA "$tmp/bin/tvatt" reflow "$tmp/fold.txt" > "$tmp/out" 2> "$tmp/err"
	check "reflow, no lexicon, no TVATT_DATA: message" "$(sed "s|$tmp/||g" "$tmp/err")" \
		"tvatt: fold.txt: warning: reflow: the lexicon tvatt.lex was not found or cannot be read (TVATT_DATA is not set); set TVATT_DATA to its directory; until then every line-end hyphen is taken out and no split word is joined"
	env -u TVATT_DATA "$tmp/bin/tvatt" restore "$tmp/fold.txt" > "$tmp/out" 2> "$tmp/err"
	check "restore, no lexicon, no TVATT_DATA: message" "$(sed "s|$tmp/||g" "$tmp/err")" \
		"tvatt: fold.txt: error: restore: the lexicon tvatt.lex was not found or cannot be read (TVATT_DATA is not set); set TVATT_DATA to its directory; text left as it is"
fi

summary "robust"
