# tables.mk - the tables stage's build rules: its files are compiled with -O3 (the fitter's
# inner loops, cells and penalties over every reading of every row, run about a tenth
# faster than at -O2; the output is the same, since no -ffast-math comes with it). A
# CFLAGS given on the command line (make asan, a packager's) still wins over this.
$(B)/stages/tables.o $(B)/stages/tables_fit.o $(B)/stages/tables_logical.o \
$(B)/stages/tables_read.o $(B)/stages/tables_repair.o $(B)/stages/tables_rules.o \
$(B)/stages/tables_head.o $(B)/stages/tables_row.o $(B)/stages/tables_wc.o \
$(B)/stages/swnum.o: CFLAGS += -O3
