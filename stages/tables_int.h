/*
 * tables_int.h - internals of the tables stage, shared by its files:
 *
 *   tables_row.c  one line: tokens, numeric atoms, the label and the numeric tail
 *   tables_fit.c  one block of lines: logical rows, column count, readings of each row
 *                 chosen by column profile, alignment and arithmetic; header, title, unit
 *                 (the fitter's files: tables_fit.c, tables_logical.c, tables_read.c,
 *                 tables_repair.c, tables_rules.c, tables_head.c; see tables_fit.h)
 *   tables_wc.c   a -layout table with a column of words, read by x position alone
 *   tables.c      the stream: finds blocks, hands them to the fitter, writes pipe tables
 *
 * A line's numeric tail is a list of atoms: runs of digits as printed ("12", "222",
 * "-0,2", "58|" without its glyph). A cell is one atom or several joined as digit groups
 * ("-1" "086" "437" -> "-1 086 437"). A reading of a row says which atoms are joined;
 * the fitter chooses one reading per row for the whole table.
 */
#ifndef TV_TABLES_INT_H
#define TV_TABLES_INT_H

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "swnum.h"
#include "tvatt.h"

/* Limits that keep every search bounded (a row, a table, a block). */
#define TB_LINE_MAX     1500 /* longer lines are never table rows */
#define TB_MAX_TOKENS   160  /* lines with more tokens are never table rows */
#define TB_MAX_ATOMS    40   /* numeric atoms in one row's tail */
#define TB_MAX_COLS     16   /* numeric columns of a table */
#define TB_MAX_READINGS 512  /* readings of one row */
#define TB_READ_BUDGET  8000 /* readings of one table, shared by its rows */
#define TB_BLOCK_LINES  1200 /* a block is analysed when it reaches this many lines */
#define TB_LOOKBACK     10   /* lines held before a block for its title and header */
#define CELL_INDENT                                                                                \
	8 /* leading columns of an indented -layout line of words: a                               \
	   * cell right of a label column */

/* What a line is, for finding blocks. */
enum tb_class {
	TB_BLANK = 0,
	TB_TEXT,  /* words only, or words ending in something that is not a number */
	TB_ROW,   /* a label (perhaps empty) and a tail of numbers */
	TB_YEARS, /* only years in a row: a header line ("2026 2027 2028") */
	TB_KEEP   /* a Markdown table row or an HTML comment line: passed through untouched */
};

/* One run of digits in a row's tail. Offsets are bytes into the line, x display columns. */
typedef struct tb_atom {
	unsigned short off, len;     /* the number as printed, glyphs excluded */
	unsigned short end;          /* end of the cell text: after a unit word that follows */
	unsigned short x, xend;      /* display columns of the first character and after the last */
	unsigned short line;         /* index of its line in the block */
	unsigned char hard;          /* may not be joined to the atom before it */
	unsigned char neg;           /* a sign before the digits */
	unsigned char popen, pclose; /* "(" before, ")" after */
	unsigned char intd;          /* digits before the decimal mark */
	unsigned char dec;           /* digits after it */
	unsigned char pct;           /* "%" glued or as the next token */
	unsigned char point;         /* the decimal mark is a point (OCR for a comma) */
	unsigned char glyph;         /* a stray glyph was glued to it ("58|", "[5590") */
	unsigned char gpre;          /* ... before it: it joins nothing on its left */
	unsigned char gsuf;          /* ... after it: nothing joins it on its right */
	unsigned char lead0;         /* more than one integer digit, the first a zero */
	unsigned char rule1;         /* its first digit, a 1, is a ruling line read in the gap
	                              * after the decimals, the digit group or the whole number
	                              * before it ("920,319 012,3"; "6483371761857",
	                              * tb_block_glued_wholes; 2: "72 986183 951", split where
	                              * the block prints digit groups, tb_block_glued_rules) */
	unsigned char unit;          /* tv_swunit of a unit word after it */
	unsigned short hoff, hlen;   /* a number -layout wrapped in its cell with no space
	                              * ("85103010,7" / "7", "-" / "2142,34"): its head, bytes
	                              * [hoff, hoff + hlen) of line hline (of the block, or of its
	                              * look-back: -1), printed before it; hlen 0: none */
	short hline;                 /* (in the padding before ival: the atom stays 48 bytes) */
	double ival;                 /* the integer digits as a value */
	double frac;                 /* the decimal digits as a value below 1 */
} tb_atom;

/* A line split into label and tail. */
typedef struct tb_line {
	const char *s; /* the line, without form feeds and newline */
	size_t n;
	int cls;           /* enum tb_class */
	size_t lab0, lab1; /* the label: bytes [lab0, lab1) of s, glyphs trimmed */
	int nlabwords;     /* words in the label */
	int indent;        /* display columns of leading white space */
	int wide;          /* has a gap of two or more spaces between tokens */
	int lazy;          /* tb_line_scan: text, label and tokens not yet read */
	int norule;        /* no "|", "[" or "]" in the line (known once it is split into
	                    * tokens; 0 when not known) */
	int natoms;
	tb_atom atoms[TB_MAX_ATOMS];
} tb_line;

/* Splits s[0..n) into label and numeric tail and classifies it. Never reads past s + n;
 * linear in n. */
void tb_line_parse(const char *s, size_t n, tb_line *out);

/* tb_line_parse, put off for a line that cannot be a row: its class (TB_TEXT) is known
 * from its last token (a word, so its tail holds no number), and out->lazy is set; the
 * rest of out waits for tb_line_finish. Lines of prose, most of a stream, are never
 * split into tokens unless a table comes near them. Other lines are parsed at once.
 * Linear in n. */
void tb_line_scan(const char *s, size_t n, tb_line *out);

/* Completes a line tb_line_scan put off (l->s, perhaps moved since, must point to its
 * bytes): l is then as tb_line_parse leaves it. Nothing for other lines. */
void tb_line_finish(tb_line *l);

/* The glued tokens of a table's rows ("72 986183 951": a digit group, the rule read as
 * 1, the next cell's first group) stay split where the rows print their numbers in digit
 * groups; in a run of lines[0..n) between lines of text whose rows print numbers of five
 * digits or more without groups (one such number for every four glued tokens, or more),
 * each is joined again into the number it was read as. */
void tb_block_glued_rules(tb_line *lines, int n);

/* Where the rows of a run of lines[0..n) between lines of text print their numbers in
 * digit groups, an integer of six digits one space after a group of one to three ("9
 * 151808", "583 283514 264") is split into the two groups the OCR glued, which the
 * fitter may read as one number or as the end of one and the start of the next. */
void tb_block_glued_groups(tb_line *lines, int n);
/* Where the rows of a run of lines[0..n) between lines of text print their numbers whole
 * (no digit groups), most of one width, an integer read one way only as two or three
 * such numbers with a 1 between each ("6483371761857": 648337 and 761857, the rule
 * between read as 1) is split into them where its row then holds no more numbers than
 * two other rows of the block; the 1s stay, marked as rules (tb_atom.rule1) for the
 * fitter to take off and log. */
void tb_block_glued_wholes(tb_line *lines, int n);
/* A row one number short whose label ends in "D": the D is a 5 (tables_row.c). */
void tb_block_label_fives(tb_line *lines, int n);

/* True when the label word w[0..n) ends a sentence rather than a row label ("med", "cirka"). */
int tb_stopword(const char *w, size_t n);

/* The unit (tv_swunit) w[0..n) names when it is a unit word that may follow a number in
 * a cell ("mnkr", "kr", "%"); else TV_UNIT_NONE (0). */
int tb_unit_word(const char *w, size_t n);

/* The digit ('5', '8') that w[0..n) is Tesseract's reading of in a table cell ("D",
 * "-D", "Le)"), or 0. */
char tb_glyph_digit(const char *w, size_t n);

/* Words of s[0..n): runs of bytes that are no space, nor a tab when tabs is set. Labels
 * and lines near a table are counted often and are short: with SSE2, sixteen bytes are
 * looked at a step (the last step on a copy padded with spaces, which start no word),
 * each byte's separator bit set beside the bit of the byte before it. */
static inline int tb_count_words(const char *s, size_t n, int tabs)
{
#if defined(__SSE2__)
	const __m128i sp = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t');
	unsigned prev = 1; /* the start counts as a separator before s[0] */
	int w = 0;
	for (size_t i = 0; i < n; i += 16) {
		__m128i x;
		if (n - i >= 16) {
			x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		} else {
			char pad[16];
			memset(pad, ' ', sizeof pad);
			memcpy(pad, s + i, n - i);
			x = _mm_loadu_si128((const __m128i *)(const void *)pad);
		}
		__m128i sep = _mm_cmpeq_epi8(x, sp);
		if (tabs)
			sep = _mm_or_si128(sep, _mm_cmpeq_epi8(x, tab));
		unsigned m = (unsigned)_mm_movemask_epi8(sep);
		/* the word starts' bits counted in place (without -mpopcnt the builtin is a
		 * call into libgcc) */
		unsigned b = ~m & ((m << 1) | prev) & 0xFFFFu;
		b = b - ((b >> 1) & 0x5555u);
		b = (b & 0x3333u) + ((b >> 2) & 0x3333u);
		b = (b + (b >> 4)) & 0x0F0Fu;
		w += (int)((b + (b >> 8)) & 0x1Fu);
		prev = m >> 15;
	}
	return w;
#else
	int w = 0, in = 0;
	for (size_t i = 0; i < n; i++) {
		int word = s[i] != ' ' && !(tabs && s[i] == '\t');
		w += word && !in;
		in = word;
	}
	return w;
#endif
}

/* Value of atoms [a, b) joined as digit groups, sign and decimals applied. */
double tb_join_value(const tb_atom *a, int n);

/* ------------------------------------------------------------------ the fitter ------ */

/* A cell of the rebuilt table: text to print (normalised), and whether it is a number. */
typedef struct tb_cell {
	size_t off, len; /* into the table's text buffer; len 0 is an empty cell */
	int numeric;
} tb_cell;

/* A rebuilt table, ready to print. */
typedef struct tb_table {
	int first, last; /* block line indices covered (first may be < 0: header in look-back) */
	int ncols;       /* all columns, label column included */
	int nrows;       /* body rows */
	int header;      /* header rows counting the pipe header row (0: no header) */
	int numeric_col[TB_MAX_COLS + 1];
	tv_buf text;   /* cell texts */
	tv_buf cells;  /* tb_cell[(header rows + body rows) * ncols]; header first */
	int nheadrows; /* header rows stored in cells (0 or more) */
	tv_buf title;
	tv_buf checks;
	const char *unit;
	int nff; /* form feeds inside the table, written after it */
} tb_table;

/* The lines of a block and the look-back lines before it. */
typedef struct tb_block {
	tb_line *lines; /* lines[-nback .. n) are valid: look-back first */
	int n;
	int nback;
	const int *ff; /* form feeds before each line, same indexing */
} tb_block;

/* Audit sink of the fitter: a repair that arithmetic proved, with its line and column. */
typedef void (*tb_repair_fn)(void *ctx, int line, size_t col, const char *before, const char *after,
                             const char *rule);

/* The fitter's buffers, kept from block to block (so a long stream does not allocate
 * for every table). The caller frees it with tb_work_free (NULL is fine). */
typedef struct tb_work tb_work;
tv_status tb_work_new(tb_work **out);
void tb_work_free(tb_work *w);

/*
 * Finds the tables of a block. Calls emit(ctx, &table) for each, in order; tables do not
 * overlap and cover only lines of the block (and look-back lines as header). Returns the
 * status of emit, or TV_ESYSTEM when memory runs out.
 */
tv_status tb_fit_block(tb_work *w, const tb_block *b, tv_status (*emit)(void *ctx, tb_table *t),
                       tb_repair_fn repair, void *ctx);

/* ------------------------------------------------------------------ word columns ---- */

/* The word-column table that starts block b (its first row line is line 0, its header in
 * the look-back) into t (reset by the caller): 1, or 0 when b does not start with one;
 * *rc gets TV_ESYSTEM when memory runs out (tables_wc.c). */
int tb_word_table(const tb_block *b, tb_table *t, tv_status *rc);

/* The fitter's helpers that tb_word_table shares (tables_head.c, tables_logical.c):
 * appends cell text s[0..n) to t's text and a cell to its cells; whether l is a line of
 * prose inside a block; whether s[0..n) starts with a capital (A-Z, Å, Ä, Ö, É); t's
 * title from caption line cap; t's unit from its title or first header cell. */
tv_status tb_put_cell(tb_table *t, const char *s, size_t n, int numeric);
int tb_is_prose_line(const tb_line *l);
int tb_is_upper_start(const char *s, size_t n);
tv_status tb_caption_title(const tb_block *b, int cap, tb_table *t);
void tb_table_unit(tb_table *t);

#endif
