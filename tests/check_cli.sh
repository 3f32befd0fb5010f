#!/bin/sh
# check_cli.sh - command-line behaviour that golden files cannot show: -o writes through a
# temporary file and leaves nothing behind on failure, several inputs give the worst
# status and the good ones are still written, --help goes to standard output.
set -u
. "$(dirname "$0")/checklib.sh"

printf 'Årets budget\n' > "$tmp/a.txt"
"$tvatt" decode -o "$tmp/out.txt" "$tmp/a.txt"; check "-o exit" $? 0
check "-o content" "$(cat "$tmp/out.txt")" "Årets budget"
check "-o leaves no temporary" "$(ls "$tmp" | grep -c tvatt-)" 0

"$tvatt" decode -o "$tmp/none.txt" "$tmp/missing.txt" 2>/dev/null; check "-o missing input exit" $? 3
check "-o missing input writes no file" "$(ls "$tmp" | grep -c none.txt)" 0
check "-o missing input leaves no temporary" "$(ls "$tmp" | grep -c tvatt-)" 0

"$tvatt" decode "$tmp/a.txt" "$tmp/missing.txt" "$tmp/a.txt" > "$tmp/two.txt" 2>"$tmp/err"; check "worst status" $? 3
check "good inputs still written" "$(cat "$tmp/two.txt" | wc -l)" 2
check "one message for the bad input" "$(wc -l < "$tmp/err")" 1

"$tvatt" run --to decode --jobs 2 "$tmp/a.txt" "$tmp/a.txt" "$tmp/a.txt" > "$tmp/jobs.txt"; check "--jobs exit" $? 0
check "--jobs keeps order and all output" "$(cat "$tmp/jobs.txt" | wc -l)" 3

out=$("$tvatt" restore --help 2>/dev/null | head -n 1); check "stage --help on stdout" "$out" "usage: tvatt restore [OPTIONS] [FILE...]"
"$tvatt" stages | grep -q '^restore ' ; check "stages lists restore" $? 0

# --jobs with a bad input among good ones writes -o as one at a time does: the good
# inputs' output, status 3
"$tvatt" run --jobs 2 -o "$tmp/jobs-o.jsonl" "$tmp/a.txt" "$tmp/missing.txt" 2>/dev/null
check "--jobs -o with a missing input: exit" $? 3
check "--jobs -o with a missing input: the good input written" "$(grep -c '"type": "document"' "$tmp/jobs-o.jsonl" 2>/dev/null)" 1

# a bad option value that a stage finds (records --format, decode --from-code) is wrong
# usage: status 2, said once however many inputs, and -o's file left as it was
for j in 1 2; do
	printf 'kept\n' > "$tmp/kept.txt"
	"$tvatt" run --jobs $j --format xml -o "$tmp/kept.txt" "$tmp/a.txt" "$tmp/a.txt" "$tmp/a.txt" 2> "$tmp/err"
	check "stage usage error, --jobs $j: exit" $? 2
	check "stage usage error, --jobs $j: -o file kept" "$(cat "$tmp/kept.txt")" kept
	check "stage usage error, --jobs $j: no temporary left" "$(ls "$tmp" | grep -c tvatt-)" 0
done
"$tvatt" decode --from-code NOPE "$tmp/a.txt" "$tmp/a.txt" > "$tmp/out" 2> "$tmp/err"
check "stage usage error: said once" "$(wc -l < "$tmp/err")" 1

# -o naming a symbolic link writes to its target and keeps the link; a link to the
# standard output (/dev/stdout when it is a file) is the standard output, never replaced
printf 'old\n' > "$tmp/target.txt"; ln -s target.txt "$tmp/link.txt"
"$tvatt" decode -o "$tmp/link.txt" "$tmp/a.txt"; check "-o link: exit" $? 0
[ -L "$tmp/link.txt" ]; check "-o link: still a link" $? 0
check "-o link: the target written" "$(cat "$tmp/target.txt")" "Årets budget"
ln -s /proc/self/fd/1 "$tmp/stdout-link"
"$tvatt" decode -o "$tmp/stdout-link" "$tmp/a.txt" > "$tmp/stdout.txt"; check "-o link to stdout: exit" $? 0
[ -L "$tmp/stdout-link" ]; check "-o link to stdout: still a link" $? 0
check "-o link to stdout: the text on stdout" "$(cat "$tmp/stdout.txt")" "Årets budget"

# -o replacing an existing file keeps its mode, as writing it in place would (a private
# 0600 file came back 0644, readable by all); a new file gets the umask's mode
printf 'old\n' > "$tmp/private.txt"; chmod 600 "$tmp/private.txt"
(umask 022; "$tvatt" decode -o "$tmp/private.txt" "$tmp/a.txt"); check "-o keeps the mode: exit" $? 0
check "-o keeps the mode: written" "$(cat "$tmp/private.txt")" "Årets budget"
check "-o keeps the mode: mode" "$(stat -c %a "$tmp/private.txt")" 600
(umask 027; "$tvatt" decode -o "$tmp/new.txt" "$tmp/a.txt"); check "-o new file: mode" "$(stat -c %a "$tmp/new.txt")" 640

# an empty value is no file name, no encoding, no word: wrong usage before any input is read
for o in -o --log --from-code; do
	"$tvatt" decode $o "" "$tmp/a.txt" > "$tmp/out" 2> "$tmp/err"; check "empty $o: exit" $? 2
	check "empty $o: message" "$(cat "$tmp/err")" "tvatt: error: option '$o' needs a value, not an empty one; see 'tvatt decode --help'"
done

: > "$tmp/empty.txt"
"$tvatt" run --to reflow "$tmp/empty.txt" > "$tmp/e.out"; check "empty input exit" $? 0

# short options bundle as getopt takes them (-qo FILE was "unknown option '-qo'"): -q
# drops decode's warning about the byte 0xC3, -o takes the next argument or the rest of its own
printf 'Årets \303( budget\n' > "$tmp/warns.txt"
"$tvatt" decode -qo "$tmp/b1.txt" "$tmp/warns.txt" 2> "$tmp/err"; check "-qo FILE: exit" $? 0
check "-qo FILE: quiet" "$(wc -c < "$tmp/err")" 0
check "-qo FILE: written" "$(cat "$tmp/b1.txt" 2>/dev/null)" "Årets �( budget"
"$tvatt" decode -vqo"$tmp/b2.txt" "$tmp/warns.txt" 2> "$tmp/err"; check "-vqoFILE: exit" $? 0
check "-vqoFILE: quiet" "$(wc -c < "$tmp/err")" 0
check "-vqoFILE: written" "$(cat "$tmp/b2.txt" 2>/dev/null)" "Årets �( budget"
"$tvatt" decode -qx "$tmp/a.txt" > "$tmp/out" 2> "$tmp/err"; check "-qx: exit" $? 2
check "-qx: message" "$(cat "$tmp/err")" "tvatt: error: unknown option '-x'; see 'tvatt decode --help'"

# restore --explain reads no input: it answers at once with standard input open and
# silent (a terminal), where it waited for that input's end
mkfifo "$tmp/silent"
sleep 30 > "$tmp/silent" & writer=$!
timeout 10 "$tvatt" restore --explain fer < "$tmp/silent" > "$tmp/out" 2> "$tmp/err"
check "--explain with a silent standard input: exit" $? 0
check "--explain with a silent standard input: the explanation" "$(head -n 1 "$tmp/out")" "fer (channel fold, no context):"
kill $writer 2> /dev/null; wait $writer 2> /dev/null
# --explain changes nothing: a --log with it is wrong usage, not an empty log
"$tvatt" restore --log "$tmp/changes.tsv" --explain fer > "$tmp/out" 2> "$tmp/err"
check "--explain --log: exit" $? 2
check "--explain --log: message" "$(sed "s|$tmp/||g" "$tmp/err")" \
	"tvatt: error: --explain changes nothing to log: give it no --log ('changes.tsv'); see 'tvatt restore --help'"
check "--explain --log: no log made" "$(ls "$tmp/changes.tsv" 2> /dev/null)" ""

# --log and -o naming one file: -o's output would replace the log at the end. Wrong usage,
# by any path to it; a log made only for this is removed again, an old file stays as it was
printf 'Arets mal ar uppnadda.\n' > "$tmp/logo.txt"
"$tvatt" restore --log "$tmp/same.tsv" -o "$tmp/./same.tsv" "$tmp/logo.txt" 2> "$tmp/err"
check "--log and -o one file: exit" $? 2
check "--log and -o one file: message" "$(sed "s|$tmp/||g" "$tmp/err")" \
	"tvatt: error: --log and -o name the same file ('same.tsv'): give the log another name; see 'tvatt restore --help'"
check "--log and -o one file: no file made" "$(ls "$tmp/same.tsv" 2> /dev/null)" ""
echo old > "$tmp/same.tsv"; ln -s same.tsv "$tmp/link.tsv"
"$tvatt" run --log "$tmp/link.tsv" -o "$tmp/same.tsv" "$tmp/logo.txt" 2> /dev/null
check "--log by a link to -o's file: exit" $? 2
check "--log by a link to -o's file: the file as it was" "$(cat "$tmp/same.tsv")" "old"
# --log naming an input, by any path or as standard input: the rows were added to the
# input's text. Wrong usage; a terminal, standard input and /dev/stderr at once, is not one
"$tvatt" restore --log "$tmp/./logo.txt" "$tmp/a.txt" "$tmp/logo.txt" > "$tmp/out" 2> "$tmp/err"
check "--log naming an input: exit" $? 2
check "--log naming an input: message" "$(sed "s|$tmp/||g" "$tmp/err")" \
	"tvatt: error: --log names an input ('./logo.txt'), which would get the rows added to it: give the log another name; see 'tvatt restore --help'"
check "--log naming an input: the input as it was" "$(cat "$tmp/logo.txt")" "Arets mal ar uppnadda."
check "--log naming an input: nothing written" "$(wc -c < "$tmp/out")" 0
"$tvatt" run --to restore --log "$tmp/logo.txt" < "$tmp/logo.txt" > /dev/null 2>&1
check "--log naming standard input: exit" $? 2
check "--log naming standard input: the input as it was" "$(cat "$tmp/logo.txt")" "Arets mal ar uppnadda."

# stages and --version take no arguments: a word after them is wrong usage, not ignored
"$tvatt" stages extra > "$tmp/out" 2> "$tmp/err"; check "stages extra: exit" $? 2
check "stages extra: message" "$(cat "$tmp/err")" "tvatt: error: stages takes no arguments, not 'extra'; see 'tvatt --help'"
check "stages extra: nothing written" "$(wc -c < "$tmp/out")" 0
"$tvatt" --version extra > "$tmp/out" 2> "$tmp/err"; check "--version extra: exit" $? 2
check "--version extra: message" "$(cat "$tmp/err")" "tvatt: error: --version takes no arguments, not 'extra'; see 'tvatt --help'"
# help, --help and -h are one command taking one STAGE: its help; a word more is wrong usage
"$tvatt" clean --help > "$tmp/want"
"$tvatt" --help clean > "$tmp/out"; check "--help clean: exit" $? 0
cmp -s "$tmp/out" "$tmp/want"; check "--help clean: clean's help" $? 0
"$tvatt" -h clean > "$tmp/out"; cmp -s "$tmp/out" "$tmp/want"; check "-h clean: clean's help" $? 0
"$tvatt" help clean extra > "$tmp/out" 2> "$tmp/err"; check "help clean extra: exit" $? 2
check "help clean extra: message" "$(cat "$tmp/err")" "tvatt: error: help takes one STAGE at most, not also 'extra'; see 'tvatt --help'"
check "help clean extra: nothing written" "$(wc -c < "$tmp/out")" 0
"$tvatt" --help extra > "$tmp/out" 2> "$tmp/err"; check "--help extra: exit" $? 2
check "--help extra: message" "$(cat "$tmp/err")" "tvatt: error: unknown stage 'extra' ('tvatt stages' lists them); see 'tvatt --help'"
# an option beside help is no STAGE: passed over, as after 'tvatt STAGE --help'
"$tvatt" --help > "$tmp/want"
"$tvatt" -h -v > "$tmp/out" 2> "$tmp/err"; check "-h -v: exit" $? 0
cmp -s "$tmp/out" "$tmp/want"; check "-h -v: the command's help" $? 0
check "-h -v: no message" "$(wc -c < "$tmp/err")" 0
"$tvatt" clean --help > "$tmp/want"
"$tvatt" help -q clean --verbose > "$tmp/out" 2> "$tmp/err"; check "help -q clean --verbose: exit" $? 0
cmp -s "$tmp/out" "$tmp/want"; check "help -q clean --verbose: clean's help" $? 0

# -o into a directory that does not exist: the message names the first one missing
"$tvatt" decode -o "$tmp/gone/deeper/out.txt" "$tmp/warns.txt" 2> "$tmp/err"; check "-o, missing directory: exit" $? 4
check "-o, missing directory: named" "$(sed "s|$tmp/||g" "$tmp/err")" \
	"tvatt: gone/deeper/out.txt: error: cannot create the output: the directory 'gone' does not exist; create it first"

summary "cli"
