# dicts.mk - builds the restore stage's lexicon: dicts/mklex compiles the committed sources
# in dicts/ (see dicts/README.md) into $(B)/tvatt.lex, which restore maps into memory.
# The build reads nothing outside the repository.

LEX_SRC = dicts/words.tsv.gz dicts/pairs.tsv.gz dicts/triples.tsv.gz dicts/hunspell_sv_forms.txt.gz \
          dicts/context.tsv.gz dicts/ocr_confusions.tsv $(sort $(wildcard dicts/names/*.txt))
DATA_FILES += $(B)/tvatt.lex

# A build tool: always optimised, whatever CFLAGS the library is built with (asan).
# It runs restore's variant search (stages/restore_search.c) on every form.
MKLEX_SRC = dicts/mklex.c pipeline/buf.c pipeline/diag.c stages/restore_lex.c stages/restore_search.c
$(B)/mklex: $(MKLEX_SRC) stages/restore_lex.h stages/restore_search.h pipeline/tvatt.h | $(B)/.deps-ok
	@mkdir -p $(B)
	$(CC) $(CPPFLAGS) $(WARN) -O2 -o $@ $(MKLEX_SRC) -lutf8proc -lm -lpthread

$(B)/tvatt.lex: $(B)/mklex $(LEX_SRC)
	@mkdir -p $(B)/dicts
	gzip -dc dicts/words.tsv.gz > $(B)/dicts/words.tsv
	gzip -dc dicts/pairs.tsv.gz > $(B)/dicts/pairs.tsv
	gzip -dc dicts/triples.tsv.gz > $(B)/dicts/triples.tsv
	gzip -dc dicts/hunspell_sv_forms.txt.gz > $(B)/dicts/forms.txt
	gzip -dc dicts/context.tsv.gz > $(B)/dicts/context.tsv
	$(B)/mklex $@ $(B)/dicts/words.tsv $(B)/dicts/pairs.tsv $(B)/dicts/triples.tsv $(B)/dicts/forms.txt \
	  dicts/ocr_confusions.tsv $(B)/dicts/context.tsv $(sort $(wildcard dicts/names/*.txt))
	@rm -f $(B)/dicts/words.tsv $(B)/dicts/pairs.tsv $(B)/dicts/triples.tsv $(B)/dicts/forms.txt \
	  $(B)/dicts/context.tsv
