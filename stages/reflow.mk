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
