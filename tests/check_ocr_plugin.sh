#!/bin/sh
# check_ocr_plugin.sh - the OCR stack is a plugin (tvatt-ocr.so, stages/ocr_shim.c): the
# text stages start without loading Tesseract, Leptonica, poppler or libgomp; ocr and run
# on a page image load the plugin and read the page; a plugin that is missing or cannot
# be loaded is one error per input with status 3 and nothing written, and the text stages
# of that same command still work.
set -u
. "$(dirname "$0")/checklib.sh"
bindir=$(cd "$(dirname "$tvatt")" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
page=$here/ocr/clean.in
# the shared objects the dynamic loader opens for a command (LD_DEBUG=files: "file=NAME [0];")
loaded() { LD_DEBUG=files "$@" 2>&1 >/dev/null | sed -n 's/.*file=\([^ ]*\) .*/\1/p' | sort -u; }
ocr_libs='tesseract|lept|poppler|cairo|gomp|libpng|libtiff|libjpeg|tvatt-ocr'

printf 'Arets budget pa 5 mnkr\n' > "$tmp/a.txt"
check "the command links no OCR library" "$(ldd "$tvatt" | grep -cE "$ocr_libs")" 0
for stage in decode clean tables restore reflow records; do
	check "$stage loads no OCR library" "$(loaded env TVATT_DATA="$bindir" "$tvatt" "$stage" "$tmp/a.txt" | grep -cE "$ocr_libs")" 0
done
check "run on text loads no OCR library" "$(loaded env TVATT_DATA="$bindir" "$tvatt" run "$tmp/a.txt" | grep -cE "$ocr_libs")" 0
check "ocr --help needs no plugin" "$(TVATT_PLUGIN_DIR="$tmp" "$tvatt" ocr --help | grep -c -- '--mark-below C')" 1

# through the plugin: ocr and run on a page image
check "ocr loads the plugin" "$(loaded "$tvatt" ocr "$page" | grep -c 'tvatt-ocr\.so$')" 1
"$tvatt" ocr "$page" > "$tmp/ocr.out"; check "ocr through the plugin: exit" $? 0
check "ocr through the plugin: the page as read" "$(cmp -s "$tmp/ocr.out" "$here/ocr/clean.out" && echo same)" same
out=$(TVATT_DATA="$bindir" "$tvatt" run --to reflow "$page" | grep -c 'avgörs i maj')
check "run on an image through the plugin" "$out" 1

# the command copied where no plugin is, and TVATT_PLUGIN_DIR at an empty directory
mkdir "$tmp/bin" "$tmp/empty"
cp "$tvatt" "$tmp/bin/tvatt"
TVATT_PLUGIN_DIR=$tmp/empty "$tmp/bin/tvatt" ocr < "$page" > "$tmp/out" 2> "$tmp/err"
check "missing plugin: exit" $? 3
check "missing plugin: nothing written" "$(wc -c < "$tmp/out")" 0
check "missing plugin: message" "$(cat "$tmp/err")" "tvatt: <stdin>: error: the OCR plugin could not be loaded (tvatt-ocr.so is in none of: $tmp/empty); build it (make) or install it (make install), or set TVATT_PLUGIN_DIR to the directory that holds tvatt-ocr.so"
TVATT_PLUGIN_DIR=$tmp/empty "$tmp/bin/tvatt" run --to decode "$tmp/a.txt" "$page" "$tmp/a.txt" > "$tmp/out" 2> "$tmp/err"
check "missing plugin, run on text and an image: worst status" $? 3
check "missing plugin, run: the text inputs still written" "$(grep -c 'Arets budget' "$tmp/out")" 2
check "missing plugin, run: one message for the image" "$(grep -c 'OCR plugin could not be loaded' "$tmp/err")" 1
# an image that cannot be OCR'd is refused as a missing file is: status 3 and no record for
# it, not an empty document record (the chain's later stages do not start)
TVATT_PLUGIN_DIR=$tmp/empty "$tmp/bin/tvatt" run "$tmp/a.txt" "$page" > "$tmp/out" 2> "$tmp/err"
check "missing plugin, run to records: exit" $? 3
check "missing plugin, run to records: the text's document only" "$(grep -c '"type": "document"' "$tmp/out")" 1
head -c 3000 "$page" > "$tmp/cut.png"
TVATT_DATA="$bindir" "$tvatt" run --jobs 2 "$tmp/cut.png" "$tmp/a.txt" "$tmp/cut.png" > "$tmp/out" 2> "$tmp/err"
check "truncated image, run: exit" $? 3
check "truncated image, run: one document, the text's" \
	"$(grep '"type": "document"' "$tmp/out" | sed 's/.*"source": "\([^"]*\)".*/\1/' | sed "s|$tmp/||")" a.txt
check "truncated image, run: its message, once each" "$(grep -c 'cut.png: error: a truncated or damaged PNG' "$tmp/err")" 2
# the copied command with TVATT_PLUGIN_DIR at the build directory finds it there
TVATT_PLUGIN_DIR=$bindir "$tmp/bin/tvatt" ocr "$page" > "$tmp/out"; check "TVATT_PLUGIN_DIR: exit" $? 0
check "TVATT_PLUGIN_DIR: the page as read" "$(cmp -s "$tmp/out" "$here/ocr/clean.out" && echo same)" same
# a plugin file that is not one: dlopen's own reason, and what to do
echo 'not a shared object' > "$tmp/empty/tvatt-ocr.so"
TVATT_PLUGIN_DIR=$tmp/empty "$tmp/bin/tvatt" ocr "$page" > "$tmp/out" 2> "$tmp/err"
check "damaged plugin: exit" $? 3
check "damaged plugin: message" "$(sed 's/loaded (.*); install/loaded (...); install/' "$tmp/err")" "tvatt: $page: error: the OCR plugin could not be loaded (...); install the libraries it needs (make deps) or build it again with this tvatt (make)"
check "damaged plugin: dlerror says why" "$(grep -c 'tvatt-ocr.so: .*\(too short\|invalid ELF\)' "$tmp/err")" 1
# a plugin from another build (another interface stamp, or none) is refused, not run
cc=${CC:-cc}
for abi in 'const char tv_ocr_abi[] = "0.0.9 1";' ''; do
	printf 'int tv_ocr_run(void *i, void *o, const void *p);\nint tv_ocr_run(void *i, void *o, const void *p) { (void)i; (void)o; (void)p; return 0; }\n%s\n' "$abi" > "$tmp/stale.c"
	"$cc" -shared -fPIC -o "$tmp/empty/tvatt-ocr.so" "$tmp/stale.c"
	TVATT_PLUGIN_DIR=$tmp/empty "$tmp/bin/tvatt" ocr "$page" > "$tmp/out" 2> "$tmp/err"
	check "stale plugin ${abi:+(stamped)}: exit" $? 3
	check "stale plugin ${abi:+(stamped)}: nothing written" "$(wc -c < "$tmp/out")" 0
	want=unknown; [ -n "$abi" ] && want="0.0.9 1"
	check "stale plugin ${abi:+(stamped)}: message" "$(sed 's/needs [^)]*)/needs ...)/' "$tmp/err")" "tvatt: $page: error: the OCR plugin could not be loaded ($tmp/empty/tvatt-ocr.so was built from another tvatt: interface $want, this tvatt needs ...); install the libraries it needs (make deps) or build it again with this tvatt (make)"
done

summary "ocr plugin"
