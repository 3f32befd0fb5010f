# tvatt - a plain Makefile. `make` builds build/tvatt; `make help` lists the targets.

CC      ?= cc
CFLAGS  ?= -O2 -g
PREFIX  ?= /usr/local
DESTDIR ?=
SHARED  ?= ../shared
FUZZ_SECONDS ?= 20
B       ?= build

PKGS      = libutf8proc
# the ocr stage's libraries: linked into the OCR plugin $(B)/tvatt-ocr.so (stages/ocr.mk),
# the tests and the fuzzers, never into $(B)/tvatt, so that the text stages start fast
OCR_PKGS  = tesseract lept poppler-glib
# third-party headers are system headers: their warnings are not ours
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) $(OCR_PKGS) 2>/dev/null | sed 's/-I/-isystem /g')
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
OCR_LIBS   = $(shell pkg-config --libs $(OCR_PKGS) 2>/dev/null) -lgomp
WARN      = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion \
            -Wstrict-prototypes -Wmissing-prototypes -Werror
CPPFLAGS += -D_GNU_SOURCE -Ipipeline -DTV_DATADIR='"$(PREFIX)/share/tvatt"' \
            -DTV_LIBDIR='"$(PREFIX)/lib/tvatt"'
LDLIBS   += $(PKG_LIBS) -ldl -lpthread -lm
# the executable exports the library's tv_ functions (only those) to the OCR plugin
EXPORT_TV = -Wl,--export-dynamic-symbol='tv_*'

# Debian packages the build, the tests and the tools need (make deps installs them).
DEB_BUILD = gcc make pkg-config gzip python3 libtesseract-dev libleptonica-dev \
            tesseract-ocr-swe tesseract-ocr-eng tesseract-ocr-osd libcmocka-dev \
            libutf8proc-dev libpoppler-glib-dev libcairo2-dev python3-jsonschema jq \
            libpng-dev libjpeg-dev libtiff-dev
DEB_EXTRA = clang libclang-rt-14-dev valgrind hyperfine time poppler-utils imagemagick tesseract-ocr \
            fonts-dejavu fonts-urw-base35 libreoffice-writer-nogui hyphen-sv hunspell-sv hunspell-tools
DEB_PKGS  = $(DEB_BUILD) $(DEB_EXTRA)

LIB_SRC  = $(filter-out pipeline/main.c,$(wildcard pipeline/*.c)) $(wildcard stages/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(B)/%.o)
TEST_SRC = $(wildcard tests/test_*.c)
TEST_BIN = $(TEST_SRC:tests/%.c=$(B)/tests/%)
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=$(B)/fuzz/%)
DATA_FILES =

all: $(B)/tvatt data

# stage fragments: extra rules and data files (dicts/dicts.mk, stages/*.mk)
-include $(wildcard */*.mk)

data: $(DATA_FILES)

.PHONY: all data deps test unit golden asan fuzz bench eval run install uninstall clean \
        format lint help

help:
	@echo "make          build $(B)/tvatt and its data files"
	@echo "make deps     install the Debian packages tvatt needs (apt-get, as root)"
	@echo "make run      run the whole chain on a bundled sample"
	@echo "make test     unit tests (cmocka) and golden-file tests of every stage"
	@echo "make asan     the tests under AddressSanitizer and UndefinedBehaviorSanitizer"
	@echo "make fuzz     a libFuzzer target per stage, $(FUZZ_SECONDS) s each"
	@echo "make bench    start-up time and throughput figures"
	@echo "make eval     quality figures on ../shared/devdata (needs ../shared);"
	@echo "              EVAL=restore (decode, tables, clean_reflow, ocr, idempotent) runs one of them"
	@echo "make install  PREFIX=$(PREFIX): binary, OCR plugin, data files, man page"

# Installs what is missing, and only that; idempotent. Without root it prints the command.
deps:
	@missing=$$(for p in $(DEB_PKGS); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done); \
	if [ -z "$$missing" ]; then echo "deps: all installed"; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "deps: installing" $$missing; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	else echo "deps: missing packages; run:"; \
	  echo "  sudo apt-get update && sudo apt-get install -y $$missing"; exit 1; fi

$(B)/.deps-ok: Makefile
	@$(MAKE) --no-print-directory deps
	@mkdir -p $(B) && touch $@

# objects are rebuilt when the build's rules change (flags such as the OCR plugin's -fPIC
# live there; make does not track flags by itself)
$(B)/%.o: %.c pipeline/tvatt.h Makefile $(wildcard */*.mk) | $(B)/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(WARN) $(CFLAGS) -MMD -MP -c -o $@ $<

-include $(LIB_OBJ:.o=.d)

$(B)/libtvatt.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# nothing here calls into stages/ocr*.o, so the linker takes none of them from the archive
$(B)/tvatt: $(B)/pipeline/main.o $(B)/libtvatt.a
	$(CC) $(CFLAGS) $(LDFLAGS) $(EXPORT_TV) -o $@ $^ $(LDLIBS)

$(B)/tests/%: tests/%.c tests/test_util.h $(B)/libtvatt.a
	@mkdir -p $(B)/tests
	$(CC) $(CPPFLAGS) -Istages $(PKG_CFLAGS) $(WARN) -Wno-missing-prototypes $(CFLAGS) -o $@ $< \
	  $(B)/libtvatt.a $(shell pkg-config --libs cmocka) $(OCR_LIBS) $(LDLIBS)

# ------------------------------------------------------------------ tests ------------

unit: $(TEST_BIN) all
	@fail=0; for t in $(TEST_BIN); do \
	  TVATT_DATA=$(CURDIR)/$(B) timeout 300 $$t || fail=1; done; exit $$fail

golden: all
	@TVATT=$(CURDIR)/$(B)/tvatt sh tests/golden.sh

test: all unit golden
	@for s in $(wildcard tests/check_*.sh tests/*_schema.sh); do TVATT=$(CURDIR)/$(B)/tvatt sh $$s || exit 1; done
	@echo "make test: all tests passed"

# The same tests, built with AddressSanitizer and UndefinedBehaviorSanitizer in build-asan/.
ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
asan: | $(B)/.deps-ok
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp GOLDEN_TIMEOUT=180 \
	  $(MAKE) --no-print-directory B=build-asan CFLAGS="$(ASAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" test

# ------------------------------------------------------------------ fuzzing ----------

FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined
$(B)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_stage.h $(LIB_SRC) pipeline/tvatt.h | $(B)/.deps-ok
	@mkdir -p $(B)/fuzz
	clang $(CPPFLAGS) -Istages $(PKG_CFLAGS) $(FUZZ_CFLAGS) -o $@ $< $(LIB_SRC) $(OCR_LIBS) $(LDLIBS)

# Each target runs FUZZ_SECONDS on its corpus; a crash fails the target, its input is kept
# as $(B)/fuzz/NAME-crash-*, and the fuzzer's log is $(B)/fuzz/NAME.log.
fuzz: $(FUZZ_BIN) data
	@fail=0; for f in $(FUZZ_BIN); do n=$$(basename $$f); echo "fuzz: $$f ($(FUZZ_SECONDS) s)"; \
	  mkdir -p $(B)/fuzz/corpus-$$n; \
	  TVATT_DATA=$(CURDIR)/$(B) $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
	    -rss_limit_mb=2048 -artifact_prefix=$(B)/fuzz/$$n- $(B)/fuzz/corpus-$$n \
	    > $(B)/fuzz/$$n.log 2>&1 || { fail=1; echo "fuzz: $$n FAILED: see $(B)/fuzz/$$n.log"; }; \
	  tail -n 1 $(B)/fuzz/$$n.log; done; exit $$fail

# ------------------------------------------------------------------ figures ----------

bench: all
	@command -v hyperfine >/dev/null || $(MAKE) --no-print-directory deps
	@fail=0; for s in tests/bench/*.sh; do [ -f "$$s" ] || continue; \
	  TVATT=$(CURDIR)/$(B)/tvatt sh $$s || { fail=1; echo "bench: $$s FAILED"; }; done; exit $$fail

eval: all
	@[ -d "$(SHARED)" ] || { echo "eval: $(SHARED) not found (set SHARED=...)"; exit 2; }
	@for s in tests/eval/$(or $(EVAL),*).sh; do [ -f "$$s" ] || { echo "eval: no $$s"; exit 2; }; \
	  TVATT=$(CURDIR)/$(B)/tvatt SHARED=$$(cd $(SHARED) && pwd) sh $$s || exit 1; done

run: all
	@echo "== tvatt run scans/sample.txt: a damaged report dump as records (the first 5)"
	@./$(B)/tvatt run scans/sample.txt | head -n 5
	@echo "== tvatt run --to reflow scans/sample.txt: its first table with a title, as Markdown"
	@./$(B)/tvatt run --to reflow scans/sample.txt | \
	  awk '/^<!-- tvatt table .*title=/ { t = 1; print; next } t && /^\|/ { print; next } t { exit }'
	@echo "== ... and one scanned page: tvatt ocr scans/sample-page.jpg | tvatt run --from clean --to reflow"
	@if [ -f scans/sample-page.jpg ]; then ./$(B)/tvatt ocr scans/sample-page.jpg | \
	  ./$(B)/tvatt run --from clean --to reflow | head -n 25; fi

# ------------------------------------------------------------------ install ----------

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/tvatt $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/lib/tvatt
	install -m 755 $(B)/tvatt $(DESTDIR)$(PREFIX)/bin/tvatt
	install -m 644 $(B)/tvatt-ocr.so $(DESTDIR)$(PREFIX)/lib/tvatt/tvatt-ocr.so
	for f in $(DATA_FILES); do install -m 644 $$f $(DESTDIR)$(PREFIX)/share/tvatt/; done
	install -m 644 pipeline/tvatt.1 $(DESTDIR)$(PREFIX)/share/man/man1/tvatt.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/tvatt $(DESTDIR)$(PREFIX)/share/man/man1/tvatt.1
	rm -rf $(DESTDIR)$(PREFIX)/share/tvatt $(DESTDIR)$(PREFIX)/lib/tvatt

format:
	clang-format -i pipeline/*.c pipeline/*.h stages/*.c stages/*.h tests/*.c tests/fuzz/*.c

lint:
	clang-format --dry-run --Werror pipeline/*.c pipeline/*.h stages/*.c stages/*.h tests/*.c tests/fuzz/*.c
	@! grep -nE '\b(strcpy|strcat|sprintf|strtok|atoi|gets)\s*\(' pipeline/*.c stages/*.c || \
	  { echo "lint: a banned function is used (STYLE.md 6)"; exit 1; }

clean:
	rm -rf build build-asan
