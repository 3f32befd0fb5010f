#!/bin/sh
# identity/tables_row.sh - the row parser (stages/tables_row.c) of revision REV (default
# HEAD) against the worktree's, field by field on N generated lines (default 300000), by
# tables_row.c here; the current one built with ASan and UBSan. For a speed step to the
# parser, beside tables.sh (which compares whole outputs). Exit 1 on a difference.
#   [REV=HEAD] [N=300000] sh tests/bench/identity/tables_row.sh
set -eu
here=$(cd "$(dirname "$0")/../../.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
git -C "$here" show "${REV:-HEAD}:stages/tables_row.c" > "$tmp/row_old.c"
inc="-I$here/stages -I$here/pipeline"
cc -O2 $inc -Dtb_line_parse=old_tb_line_parse -Dtb_line_scan=old_tb_line_scan \
	-Dtb_line_finish=old_tb_line_finish -Dtb_stopword=old_tb_stopword \
	-Dtb_unit_word=old_tb_unit_word -Dtb_join_value=old_tb_join_value \
	-Dtb_glyph_digit=old_tb_glyph_digit -Dtb_block_glued_rules=old_tb_block_glued_rules \
	-Dtb_block_glued_groups=old_tb_block_glued_groups \
	-Dtb_block_label_fives=old_tb_block_label_fives \
	-c "$tmp/row_old.c" -o "$tmp/old.o"
cc -O2 -g -fsanitize=address,undefined $inc -c "$here/stages/tables_row.c" -o "$tmp/new.o"
cc -O2 $inc -c "$here/tests/bench/identity/tables_row.c" -o "$tmp/drv.o"
cc -fsanitize=address,undefined "$tmp/drv.o" "$tmp/old.o" "$tmp/new.o" -o "$tmp/drv" -lm
"$tmp/drv" "${N:-300000}"
