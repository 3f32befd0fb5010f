#!/bin/sh
# decode.sh - throughput of `tvatt decode` and proof that memory does not grow with input.
#
# 1. Throughput on generated Swedish prose (words of scans/sample.txt and of the word list
#    dicts/decode_words.txt, so about 3 % of letters are å ä ö), BENCH_MB (default 100) MB
#    of it: already clean UTF-8 (target 200 MB/s), and the same text in CP850, Latin-1,
#    Mac Roman, as mojibake, with HTML entities and decomposed (target 50 MB/s). MB/s is
#    per second of CPU time (user + system) of the one decode thread, so a busy machine
#    does not distort it; wall-clock time is shown beside it.
# 2. Bounded memory: BENCH_GB (default 2) GB of report pages (paragraphs, blank lines, a
#    form feed every 60 lines) generated on the fly and piped through `tvatt decode` and
#    `tvatt run --to reflow`, and the same text without form feeds or blank lines (one
#    endless page and paragraph, as some exports are) through `tvatt decode` and
#    `tvatt clean`; the peak resident size must stay under 64 MB for decode and 256 MB
#    for the others. The chain runs at the speed of its slowest stage (restore), so this
#    takes minutes; BENCH_GB=0 skips it.
# Exits 1 when a memory bound is broken; a speed below target is printed, not fatal.
set -u
tvatt=${TVATT:-build/tvatt}
. "$(dirname "$0")/../need_lexicon.sh"; need_lexicon "$0"
here=$(cd "$(dirname "$0")/../.." && pwd)
mb=${BENCH_MB:-100}
gb=${BENCH_GB:-2}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0

gen() { # KIND MB: generated prose on standard output (KIND pages: with pages, paragraphs)
	python3 - "$here/scans/sample.txt" "$here/dicts/decode_words.txt" "$1" "$2" <<'PY'
import random, re, sys, unicodedata
sample, wordlist, kind, mb = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
ascii_words = [w for w in re.findall(r'[A-Za-z]+', open(sample, encoding='utf-8').read()) if len(w) > 1]
swedish = open(wordlist, encoding='utf-8').read().split()
rnd = random.Random(2)
lines = []
for i in range(4000):
    words = [rnd.choice(swedish) if rnd.random() < 0.18 else rnd.choice(ascii_words) for _ in range(rnd.randint(6, 14))]
    words[0] = words[0].capitalize()
    line = ' '.join(words) + rnd.choice(['.', ',', ' – 3 400 kr.', ' (”Årsrapport 2024”).', ':'])
    if kind == 'pages':
        line = ('\f' if i % 60 == 0 else '') + line + ('\n' if rnd.random() < 0.2 else '')
    lines.append(line)
block = '\n'.join(lines) + '\n'
if kind == 'moji':  # as mkdamage makes it: bytes Windows-1252 lacks read as Latin-1
    block = ''.join(bytes([c]).decode('cp1252', errors='ignore') or chr(c) for c in block.encode('utf-8'))
elif kind == 'entities':
    for a, b in (('&', '&amp;'), ('å', '&aring;'), ('ä', '&auml;'), ('ö', '&ouml;'), ('Å', '&Aring;')):
        block = block.replace(a, b)
elif kind == 'nfd':
    block = unicodedata.normalize('NFD', block)
enc = {'cp850': 'cp850', 'latin1': 'latin-1', 'macroman': 'mac-roman'}.get(kind, 'utf-8')
data = block.encode(enc, errors='replace')
out = sys.stdout.buffer
try:
    for _ in range(int(mb * 1048576 / len(data)) + 1):
        out.write(data)
except BrokenPipeError:  # the reader stopped (an error of its own, reported there)
    sys.stderr.close()
PY
}

for kind in utf8 cp850 latin1 macroman moji entities nfd; do
	gen "$kind" "$mb" > "$tmp/$kind.txt"
	size=$(wc -c < "$tmp/$kind.txt")
	/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$tvatt" decode -q "$tmp/$kind.txt" > /dev/null
	rc=$?
	awk -v k="$kind" -v s="$size" -v rc="$rc" '{
		cpu = $2 + $3; mbs = (cpu > 0 ? s / 1048576 / cpu : 0)
		target = (k == "utf8" ? 200 : 50)
		printf "decode: %-9s %7.1f MB/s (CPU), %7.1f MB/s (wall), peak %5.1f MB, %d MB, exit %d: %s\n",
		       k, mbs, ($1 > 0 ? s / 1048576 / $1 : 0), $4 / 1024, s / 1048576, rc,
		       (mbs >= target ? "target " target " MB/s met" : "BELOW the target of " target " MB/s") }' "$tmp/time"
done

# bounded memory on a stream far larger than any buffer, from a pipe
stream() { # KIND COMMAND BOUND_MB
	gen "$1" $((gb * 1024)) | /usr/bin/time -v -o "$tmp/timev" $tvatt $2 -q > /dev/null
	rc=$?
	kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$tmp/timev")
	secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$tmp/timev")
	if [ "$rc" = 0 ] && [ "$kb" -le $(($3 * 1024)) ]; then verdict="within $3 MB"
	else verdict="OVER $3 MB or failed"; fail=1; fi
	echo "decode: $gb GB of $1 through 'tvatt $2' from a pipe: peak $((kb / 1024)) MB ($verdict), $secs, exit $rc"
}
if [ "$gb" -gt 0 ]; then
	stream pages decode 64
	stream pages "run --to reflow" 256
	stream utf8 decode 64
	stream utf8 clean 256
fi
exit $fail
