#!/bin/sh
# check_idempotent.sh - DESIGN.md principle 4: each stage is idempotent. Every text stage
# (decode, clean, tables, restore, reflow) runs on the input of every golden case of the
# text stages (tests/STAGE/*.in: prose, dumps, tables, Markdown) and then on its own
# output; the two outputs must be the same bytes. Known exceptions, each with its cause:
# reflow on clean/ocr-row-dash.in and tables/ocr_wrapped_heads.in, texts of six lines
# whose caption ("Tabell 2. Nettokostnad per område, mnkr") is over 60 % of the longest
# line, so no label, while run on the output the measure is the rows joined into one
# line (see LABEL_MEASURE in stages/reflow.c). reflow on the SFS corpus and devdata is
# checked by tests/eval/idempotent.sh (make eval; make test never reads ../shared).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/checklib.sh"
known="reflow:clean/ocr-row-dash.in reflow:tables/ocr_wrapped_heads.in"
for stage in decode clean tables restore reflow; do
	differ=""
	for in in "$here"/decode/*.in "$here"/clean/*.in "$here"/tables/*.in "$here"/restore/*.in \
		"$here"/reflow/*.in "$here"/records/*.in; do
		case " $known " in *" $stage:${in#"$here"/} "*) continue ;; esac
		"$tvatt" "$stage" -q < "$in" > "$tmp/once" 2> /dev/null
		"$tvatt" "$stage" -q < "$tmp/once" > "$tmp/twice" 2> /dev/null
		cmp -s "$tmp/once" "$tmp/twice" || differ="$differ ${in#"$here"/}"
	done
	check "$stage run on its own output gives it again" "${differ:-none}" none
done
summary check_idempotent
