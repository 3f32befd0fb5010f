# decode.mk - the decode stage's build rules: its Swedish word list (dicts/decode_words.txt)
# is compiled in as a C initialiser list, so decode needs no data file at run time.
DECODE_WORDS = $(B)/gen/decode_words.inc
CPPFLAGS += -I$(B)/gen

$(DECODE_WORDS): dicts/decode_words.txt stages/decode.mk
	@mkdir -p $(dir $@)
	sed 's/.*/"&",/' $< > $@

$(B)/stages/decode_detect.o: $(DECODE_WORDS)
$(FUZZ_BIN): $(DECODE_WORDS)
