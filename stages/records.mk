# records.mk - the records stage's build rules: its files are compiled with -O3 (as the
# tables stage's are, stages/tables.mk): about 5 % fewer instructions on the chain's
# records input (callgrind, 40.0 M -> 38.2 M a MB), the same output (no -ffast-math comes
# with it). A CFLAGS given on the command line (make asan, a packager's) still wins.
$(B)/stages/records.o $(B)/stages/records_json.o $(B)/stages/records_scan.o: CFLAGS += -O3
