# need_lexicon.sh - sourced by the eval and bench scripts after they set $tvatt:
# need_lexicon NAME stops the script (status 2) with a message saying what to do when
# $tvatt cannot use the lexicon it should (a binary run from outside its tree without
# TVATT_DATA, a damaged tvatt.lex, a TVATT_DATA without one): restore would then pass
# every text through unchanged, reflow join no split word, and the script print figures
# of no lexicon, or of another one, as if they were the real ones.
need_lexicon() {
	need_err=$(printf 'pa\n' | "$tvatt" restore 2>&1 > /dev/null) && [ -z "$need_err" ] && return 0
	printf '%s: stopped, no figures: %s cannot use its lexicon:\n%s\n' "$1" "$tvatt" "$need_err" >&2
	printf '%s: set TVATT_DATA to the directory of the tvatt.lex built with it (its build/)\n' "$1" >&2
	exit 2
}
