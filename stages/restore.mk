# restore.mk - the restore stage's build rules: its table of sentence-end and capital cues
# by word (dicts/cue_words.tsv, see dicts/README.md) is compiled in as a C initialiser
# list, so restore needs no data file for it beyond the lexicon.
CUE_WORDS = $(B)/gen/cue_words.inc
CPPFLAGS += -I$(B)/gen

$(CUE_WORDS): dicts/cue_words.tsv stages/restore.mk
	@mkdir -p $(dir $@)
	sed 's/^\(.\)\t\([^\t]*\)\t\(-\{0,1\}[0-9]*\)$$/{"\1\2", \3},/' $< > $@

$(B)/stages/restore.o: $(CUE_WORDS)
$(FUZZ_BIN): $(CUE_WORDS)
