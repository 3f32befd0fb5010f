/*
 * swnum.h - the Swedish number grammar, shared by the tables and records stages.
 *
 * A number in Swedish notation: an optional sign ("-", U+2212 minus, U+2013 en dash),
 * digits in groups of three separated by a space, a no-break space (U+00A0) or a narrow
 * no-break space (U+202F), an optional decimal comma, an optional "%", and parentheses
 * for a negative number ("(12)" is -12). A number standing alone in a cell may carry a
 * unit after it (kr, kronor, tkr, mnkr, mkr, mdkr, miljoner kronor, miljarder kronor,
 * miljoner, miljarder, procent, st). This is the rule of DESIGN.md ("Records") and of
 * shared/tools/score-tables: a cell is a number exactly when tv_swnum_cell accepts it.
 */
#ifndef TV_SWNUM_H
#define TV_SWNUM_H

#include "tvatt.h"

/* The unit a number was printed with. */
typedef enum tv_swunit {
	TV_UNIT_NONE = 0,
	TV_UNIT_PERCENT, /* "%" or "procent" */
	TV_UNIT_KR,      /* "kr", "kronor" */
	TV_UNIT_TKR,     /* thousands of kronor */
	TV_UNIT_MNKR,    /* "mnkr", "mkr", "miljoner kronor" */
	TV_UNIT_MDKR,    /* "mdkr", "miljarder kronor" */
	TV_UNIT_MILJONER,
	TV_UNIT_MILJARDER,
	TV_UNIT_ST /* "st", pieces */
} tv_swunit;

/* A number as printed. value is the number as written, sign applied, without scaling by
 * the unit ("190" in an mnkr table is 190). */
typedef struct tv_swnum {
	double value;
	int negative;  /* a sign or parentheses made it negative */
	int paren;     /* written in parentheses */
	int decimals;  /* digits after the decimal comma */
	int intdigits; /* digits before the decimal comma */
	int grouped;   /* written with group separators ("1 086 437") */
	tv_swunit unit;
} tv_swnum;

/*
 * Reads s[0..n) as one whole cell. Leading and trailing spaces are ignored. Returns 1 and
 * fills *out (when out is not NULL) when the whole cell is one number in Swedish notation,
 * perhaps with a unit after it; returns 0 otherwise ("1,85 kr per kilometer", "2024-05-01",
 * "RS/595/2023", "" are not numbers). Never reads past s + n.
 */
int tv_swnum_cell(const char *s, size_t n, tv_swnum *out);

/*
 * Writes the cell s[0..n) to dst as printed, with every group separator between digits
 * (space, no-break space, narrow no-break space, or a run of them) made one plain space,
 * and the spaces at both ends removed. Other text is copied unchanged. Returns the status
 * of the buffer.
 */
tv_status tv_swnum_normalise(const char *s, size_t n, tv_buf *dst);

/*
 * Writes the number that tv_swnum_cell accepts in s[0..n) to dst as an exact decimal in
 * JSON notation, multiplied by ten to the power scale (0 to 18): "-1 086 437" gives
 * "-1086437", "7,0%" gives "7.0", "(12)" gives "-12", "1,2" with scale 9 gives
 * "1200000000". The digits are copied as printed, never through a double, so no value is
 * rounded. Returns TV_EINPUT (writing nothing) when s is not a number, else the status of
 * the buffer.
 */
tv_status tv_swnum_decimal(const char *s, size_t n, int scale, tv_buf *dst);

/* An amount or a percentage found in running text ("87 miljoner kronor", "5,8 procent",
 * "922 mnkr", "-12 tkr", "25 miljoner"). */
typedef struct tv_swamount {
	size_t start;   /* the amount is s[start..end): number, space, unit */
	size_t num_end; /* the number alone is s[start..num_end) */
	size_t end;
	int scale;        /* the unit's power of ten: 6 for "miljoner kronor", 3 for "tkr" */
	const char *unit; /* "SEK", "EUR", "%", "pp" (procentenheter), or NULL for a bare
	                   * count ("25 miljoner"); static storage */
} tv_swamount;

/*
 * Finds the next amount in the text s[0..n) at or after *pos: a number by the grammar
 * above (starting at a word boundary, not inside a code such as "RS/595/2023" or a date)
 * followed by a unit from the prose unit table in swnum.c. Returns 1, fills *out and moves
 * *pos past the amount; returns 0 at the end. A number without a unit ("17 delmål",
 * "2024") is not an amount. Linear in n over repeated calls.
 */
int tv_swnum_find(const char *s, size_t n, size_t *pos, tv_swamount *out);

/* The unit's usual short name ("%", "kr", "tkr", "mnkr", "mdkr", "miljoner", "miljarder",
 * "st"), or "" for none. Static storage. */
const char *tv_swunit_name(tv_swunit u);

#endif
