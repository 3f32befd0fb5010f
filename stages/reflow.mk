# reflow.mk - the reflow stage's build rules: its table of how often a sentence boundary is
# a paragraph break, by word (dicts/para_starts.tsv, see dicts/README.md), is compiled in as
# a C initialiser list, so reflow needs no data file for it at run time.
PARA_STARTS = $(B)/gen/para_starts.inc
CPPFLAGS += -I$(B)/gen

$(PARA_STARTS): dicts/para_starts.tsv stages/reflow.mk
	@mkdir -p $(dir $@)
	sed 's/^\(.\)\t\([^\t]*\)\t\(-\{0,1\}[0-9]*\)$$/{"\1\2", \3},/' $< > $@

$(B)/stages/reflow.o: $(PARA_STARTS)
$(FUZZ_BIN): $(PARA_STARTS)

# Compiled with -O3, as records' and tables' files are (stages/records.mk): about 4 % fewer
# instructions on the chain's reflow input (callgrind, 74.2 M -> 71.1 M on 2 MB), the same
# output. A CFLAGS given on the command line (make asan, a packager's) still wins.
$(B)/stages/reflow.o: CFLAGS += -O3
