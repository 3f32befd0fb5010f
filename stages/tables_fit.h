/*
 * tables_fit.h - internals of the fitter, shared by its files (the stage's internals
 * shared with tables.c, tables_row.c and tables_wc.c are in tables_int.h):
 *
 *   tables_fit.c      the column count, the fit of a segment of rows, the entry
 *   tables_logical.c  logical rows: labels, group rows, stacked cells, -raw wraps
 *   tables_read.c     readings of a row, arithmetic between columns, profiles, totals
 *   tables_repair.c   repairs proven by relations and totals, misread units
 *   tables_rules.c    ruling lines read as digits in OCR dumps
 *   tables_head.c     header, title, unit; cell and check texts
 *
 * A row's cells are chosen from its readings (tables_int.h). Functions one file uses are
 * static there; those another file calls keep a tb_ prefix and are declared here, with
 * their contracts at their definitions. Small helpers called in the fitter's inner loops
 * are static inline here.
 */
#ifndef TV_TABLES_FIT_H
#define TV_TABLES_FIT_H

#include "tables_int.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { R_DATA = 1, R_GROUP, R_YEARS, R_BREAK, R_REPEAT };
enum { REL_EQ = 1, REL_DIFF, REL_SUM, REL_RATIO, REL_SHARE };

#define MAX_PIECES       8
#define MAX_PEND         8
#define MAX_RELS         8
#define MAX_HEADER_LINES 12

typedef struct piece {
	int line;
	size_t off, len;
} piece;

typedef struct lrow {
	int kind;
	int line0, line1;
	int npieces;
	piece pieces[MAX_PIECES];
	int a0, na;   /* atoms in fit.atoms */
	int total;    /* the label opens with Total/Summa */
	int sandwich; /* label line above a -layout number line: the line below continues it */
	int prosy;
	int goodl;      /* good_label of the row's whole label (R_DATA rows, from tb_build_rows) */
	int ff;         /* a page break comes before the row */
	int r0, nr;     /* readings in fit.reads */
	int best;       /* the chosen reading (absolute index), or -1 */
	int contrib;    /* the reading counted in the column profiles, or -1 */
	unsigned cmask; /* the columns where contrib's cells are counted (bit j: column j) */
	int unfit;      /* needs more cells than the table has: written as text */
	int range_ok;   /* cmn, cmx, sufmin, sufmax, join hold cell_range of the row's atoms */
	int cmn, cmx;
	/* tb_enum_prepare's suffix bounds, joins and longest cells of the row's atoms (values
	 * -1 to TB_MAX_ATOMS), kept so that tb_try_columns does not compute them again */
	signed char sufmin[TB_MAX_ATOMS + 1], sufmax[TB_MAX_ATOMS + 1];
	unsigned char join[TB_MAX_ATOMS + 1];
	signed char last[TB_MAX_ATOMS];
} lrow;

typedef struct reading {
	unsigned long long ends; /* bit i: a cell ends at atom a0 + i */
	unsigned char ncells;
	unsigned char col[TB_MAX_COLS]; /* column of each cell, set when scored */
	float base;                     /* penalties of the reading itself */
	float score;
} reading;

/* A column's profile: the derived figures cell_penalty reads, and the histograms they
 * come from (so one row's own cells can be left out when that row is scored). */
typedef struct colprof {
	int n;
	double intd, x, xe;
	int dec;
	double pct, neg;
	int nx;
	int hint[17], hdec[8], npct, nneg;
} colprof;

typedef struct relation {
	int kind, c, a, b;
	int tested, held;
} relation;

/* A cell's value and form, from a reading. 32 bytes: cells are copied (from the memo
 * into readings, into the matrix) more than anything else the fitter does. */
typedef struct cellv {
	double v;
	double u;             /* a unit in the last printed digit: 1, 0.1 ... (tb_unit_of_dec) */
	int a;                /* first atom (absolute) */
	unsigned short x, xe; /* display columns, as the atoms hold them */
	unsigned short intd;  /* integer digits of its atoms */
	unsigned char present, na; /* na: atoms (at most TB_MAX_ATOMS) */
	unsigned char dec, pct, neg;
} cellv;

/* Cells of up to MEMO_LEN atoms are kept in the memo, for up to MEMO_ATOMS atoms of a
 * block (at most MEMO_ATOMS * MEMO_LEN * (sizeof(cellv) + 4) bytes, about 4 MB). */
#define MEMO_LEN   4
#define MEMO_ATOMS 16384

typedef struct fit {
	const tb_block *b;
	tb_repair_fn repair;
	void *ctx;
	tv_buf rows;  /* lrow */
	tv_buf atoms; /* tb_atom */
	tv_buf reads; /* reading */
	int layout;   /* the block is a -layout dump: wide gaps and indented number lines */
	int rowcells; /* -raw: the cells of most rows printed on one line with their label
	               * in lines [rc_lo, rc_hi) (0: not known), for raw_head */
	int rc_lo, rc_hi;
	int colon_rows; /* row lines of the block whose label has a colon inside ("Aktivitetskrav:
	                 * Kostnader för ..."): such labels are the table's style */
	/* the segment being fitted */
	int K;
	colprof prof[TB_MAX_COLS]; /* over the segment */
	/* the profiles without the row being scored: curp[j] is prof[j], or cur[j] where the
	 * row's own cells are taken out of it */
	const colprof *curp[TB_MAX_COLS];
	colprof cur[TB_MAX_COLS];
	relation rels[MAX_RELS];
	int nrels;
	tv_buf repl;        /* replacement texts of repaired cells: struct repl */
	tv_buf mat;         /* cellv[rows][K]: the chosen cells, for the relation search */
	int mat_r0, mat_r1; /* the rows [mat_r0, mat_r1) f->mat holds */
	int mat_kept;       /* f->mat is kept current (repairs mend it): tb_row_cells reads it */
	/* what each row of f->mat was made from (struct matkey), while mat_valid: tb_fill_matrix
	 * makes again only the rows whose choice changed since (the atoms changing, a new
	 * block, other rows or another column count clear mat_valid) */
	tv_buf matkey;
	int mat_valid, mat_K;
	/* f->rels is what tb_find_relations finds for rows [rels_r0, rels_r1) and rels_ndata
	 * as they stand: no chosen cell, profile or column count changed since */
	int rels_ok, rels_r0, rels_r1, rels_ndata;
	unsigned taken;  /* choices tb_check_totals changed (a count, compared before and after) */
	int scored;      /* table scores are compared (two column counts tried) */
	int stack_top;   /* first line of the -raw header, one cell a line, whose count of cells
	                  * named K (stacked_k; INT_MIN: none): tb_make_header's */
	int stack_group; /* the line below that header, the table's first group row
	                  * (stacked_k; INT_MIN: none) */
	int ungrouped; /* rows printing whole numbers of 4-6 digits (0: the table prints groups) */
	int paired;    /* most rows print twice the digit groups of their fewest cells */
	tv_buf xs;     /* scratch for the column positions of build_profiles */
	tv_buf ordc;   /* cellv[reading][K]: each reading's cells in order, once per fit */
	tv_buf ordok;  /* unsigned char[reading]: the reading's cells in ordc are made */
	int nordc;     /* readings in ordc (0: not kept, cells are made when needed) */
	/* cells_of's memo: the cell of atoms [a, a + n) (n <= MEMO_LEN) at memo[a *
	 * MEMO_LEN + n - 1], good while its stamp is memo_gen (a new block, or a repaired
	 * atom, moves memo_gen on); for the first memo_cap atoms of the block */
	tv_buf memo;     /* cellv[] */
	tv_buf memo_at;  /* unsigned[], parallel to memo */
	size_t memo_cap; /* atoms covered */
	unsigned memo_gen;
	tv_buf sumc;  /* tb_check_totals: the chosen cells of a range's rows (struct sumcell) */
	tv_buf sumat; /* int[]: where each row's cells start in sumc */
	/* what tb_try_columns left at the best column count so far, while fit_segment tries
	 * other counts (snap_save, snap_restore) */
	tv_buf snap_reads; /* reading[] */
	tv_buf snap_rows;  /* struct rowfit[], the segment's rows */
	int snap_K, snap_nrels;
	int snap_live; /* the fit is still the one kept: no fit or total check ran since */
	relation snap_rels[MAX_RELS];
	colprof snap_prof[TB_MAX_COLS];
} fit;

/* What tb_try_columns and tb_check_totals change in a row (the rest of the row, and the
 * bounds cell_range keeps, rest on its atoms): kept by snap_save. */
typedef struct rowfit {
	int unfit, r0, nr, best, contrib;
	unsigned cmask;
} rowfit;

/* One number of a row's chosen cells, as tb_sum_rows adds it: value, unit, column. */
typedef struct sumcell {
	double v, u;
	int j;
} sumcell;

/* The choice a row of f->mat was made from: its reading (-1: no cells), the reading's
 * cell ends and their columns. */
typedef struct matkey {
	unsigned long long ends;
	int best;
	unsigned char col[TB_MAX_COLS];
} matkey;

typedef struct repl {
	int atom;     /* first atom of the cell */
	int row, col; /* where it is (row index, number column) */
	char before[40], text[40];
	char proof[48]; /* the relation that proved it: "c7=c4/c3-1", "total r5" */
} repl;

#define ROWS(f)  ((lrow *)(void *)(f)->rows.data)
#define ATOMS(f) ((tb_atom *)(void *)(f)->atoms.data)
#define READS(f) ((reading *)(void *)(f)->reads.data)
#define NROWS(f) ((int)((f)->rows.len / sizeof(lrow)))

#define GLUE_MAX 48 /* bytes of a number joined across lines without a space */

typedef struct enum_ctx {
	fit *f;
	const tb_atom *a;
	int na, maxc, minc; /* readings of minc to maxc cells */
	int cap;            /* at most this many */
	double split_cost;  /* SPLIT_COST, or 0 in a table that prints "13596" ungrouped */
	int count;
	tv_status rc; /* of the room tb_try_columns makes for the cap readings (the search
	               * writes them in place), where enum_rec stops at once */
	/* fewest and most cells atoms [i, na) can make (-1: none), so that every branch
	 * the search takes ends in a reading, whether atom i may join atom i-1, and the
	 * last atom of the longest cell from atom i: the row's, as cell_range keeps them
	 * (tb_enum_prepare) */
	const signed char *sufmin, *sufmax, *last;
	const unsigned char *join;
} enum_ctx;

typedef struct total_check {
	int row, from, to; /* row = sum of data rows [from, to] (indices into rows) */
	int held;
	int prev_totals; /* the sum is over the total rows above, not data rows */
	int carried;     /* carried_from's row for this total, or -1 */
} total_check;

/* A header cell of tb_walk_header: bytes [a, b) of line hl[line], then lines
 * hl[line + 1 .. last] (words of the cell that went on below). */
typedef struct stacked_cell {
	int line, last;
	size_t a, b;
} stacked_cell;

typedef struct segment {
	int r0, r1;   /* rows [r0, r1) */
	int years;    /* row index of a years line heading it, or -1 */
	int yr0, nyr; /* rows of one year each above the first ("Utfall" / "2023"): a header */
} segment;

/* tables_logical.c: logical rows */
int tb_prose_label(const char *s, size_t n);
void tb_add_piece(lrow *r, int line, const tb_line *l);
tv_status tb_row_label(const fit *f, const lrow *r, tv_buf *out);
extern const char *const tb_caption_words[];
void tb_breaks_before_total(fit *f);
tv_status tb_build_rows(fit *f);

/* tables_read.c: readings, arithmetic, profiles, totals */
void tb_enum_prepare(const tb_atom *a, int n, signed char *sufmin, signed char *sufmax,
                     unsigned char *join, signed char *last);
void tb_memo_reset(fit *f);
int tb_reading_cells(fit *f, const lrow *r, const reading *rd, cellv *cv);
const cellv *tb_cells_view(fit *f, const lrow *r, const reading *rd, cellv *own);
double tb_unit_of_dec(int dec);
int tb_rel_holds(const relation *rel, const cellv *cv);
void tb_rel_count(fit *f, relation *rel, int r0, int r1, int *nonzero, int quick);
tv_status tb_fill_matrix(fit *f, int r0, int r1);
tv_status tb_find_relations(fit *f, int r0, int r1, int ndata);
int tb_sum_rows(fit *f, int from, int to, int totals_only, double *s, int *nops, double *unit,
                int skip, const reading *alt);
int tb_sums_up(const fit *f, int j);
int tb_check_totals(fit *f, int r0, int r1, total_check *out, int max);
tv_status tb_keep_ordered_cells(fit *f);
tv_status tb_try_columns(fit *f, int r0, int r1, int K, int ndata, double *score);

/* tables_repair.c: repairs, misread units */
const char *tb_repl_text(const fit *f, int atom);
tv_status tb_repair_cells(fit *f, int r0, int r1);
tv_status tb_repair_totals(fit *f, total_check *tc, int ntc, const int *bodyno, int r0);
#define TB_EIGHT_CHANGES 3 /* the 3s of a cell that may be 8s: a cell with more has none */
int tb_eight_changes(const fit *f, const cellv *c, double *change);
void tb_unit_misreads(const tb_block *b, tb_repair_fn repair, void *ctx);

/* tables_rules.c: ruling lines read as digits */
lrow *tb_row_cells(fit *f, int i, cellv *scratch, const cellv **cv);
tv_status tb_repair_carried_totals(fit *f, total_check *tc, int ntc, const int *bodyno, int r0);
tv_status tb_repair_rule_columns(fit *f, const segment *sg, int r0, int r1);

/* tables_head.c: header, title, unit, texts */
tv_status tb_put_num(tb_table *t, const char *s, size_t n, int pct);
tv_status tb_put_num_unit(tb_table *t, const char *s, size_t n, const tb_atom *z);
int tb_header_words(const tb_line *l, size_t (*w)[2], int max);
int tb_header_cells(const tb_line *l, int nopen, size_t (*c)[2], int *op, int max);
int tb_is_heading_line(const tb_line *l);
int tb_header_zone(const fit *f, int top, int years, int *hl, int *title_line);
int tb_stack_joins(const tb_line *l, const tb_line *above);
int tb_raw_header_lines(const fit *f, int top, int *hl);
int tb_walk_header(const fit *f, const int *hl, int nh, int raw, stacked_cell *c, int max);
int tb_raw_header_cells(const fit *f, const int *hl, int nh, stacked_cell *c, int max);
int tb_two_heads(const tb_line *l, size_t (*w)[2]);
int tb_year_head(const fit *f, const lrow *r);
tv_status tb_make_header(fit *f, const segment *sg, tb_table *t, int *first);
void tb_txt_put(char *txt, size_t cap, size_t *k, const char *s);
void tb_txt_num(char *txt, size_t cap, size_t *k, const char *s, int v);
void tb_rel_text(const struct relation *rel, char *txt, size_t cap);
void tb_check_text(fit *f, tb_table *t, const char *kind, const char *rel, int held);

/* Small helpers of the fitter's inner loops, inline in each file that calls them. */
static inline const tb_line *line_at(const fit *f, int i)
{
	return &f->b->lines[i];
}

/* Does s[0..n) hold w[0..k) (k >= 1)? memmem for the short texts of a row: memchr to
 * each place the first byte is, then memcmp. */
static inline int holds(const char *s, size_t n, const char *w, size_t k)
{
	const char *end = s + n, *p = s;
	while ((size_t)(end - p) >= k && (p = memchr(p, w[0], (size_t)(end - p) - k + 1))) {
		if (memcmp(p + 1, w + 1, k - 1) == 0)
			return 1;
		p++;
	}
	return 0;
}

static inline int is_lower_start(const char *s, size_t n)
{
	if (!n)
		return 0;
	unsigned char c = (unsigned char)s[0];
	if (c >= 'a' && c <= 'z')
		return 1;
	if (c == '(')
		return 1;
	return n >= 2 && c == 0xC3 &&
	       ((unsigned char)s[1] == 0xA5 || (unsigned char)s[1] == 0xA4 ||
	        (unsigned char)s[1] == 0xB6 || (unsigned char)s[1] == 0xA9);
}

/* The label text of a line. */
static inline void line_label(const tb_line *l, const char **s, size_t *n)
{
	*s = l->s + l->lab0;
	*n = l->lab1 - l->lab0;
}

static inline int count_words(const char *s, size_t n)
{
	return tb_count_words(s, n, 1);
}

static inline int year_atom(const tb_atom *a)
{
	return a->intd == 4 && !a->neg && !a->dec && !a->popen && a->ival >= 1900 &&
	       a->ival <= 2100;
}

/* Line l is a year and nothing else ("2024" under "Utfall"). */
static inline int year_alone(const tb_line *l)
{
	return l->natoms == 1 && l->lab1 == l->lab0 && year_atom(l->atoms);
}

/* Atom j may follow atom j-1 in the same number (a digit group). */
static inline int joinable(const tb_atom *p, const tb_atom *a)
{
	return !a->hard && !p->dec && !p->pct && !p->unit && !p->pclose && a->intd == 3 &&
	       !a->neg && !a->popen && !a->point;
}

/* Can atoms [i, na) end a reading that has ncells cells so far, within [minc, maxc]? */
static inline int can_end(const enum_ctx *e, int i, int ncells)
{
	return e->sufmax[i] >= 0 && ncells + e->sufmin[i] <= e->maxc &&
	       ncells + e->sufmax[i] >= e->minc;
}

/* Fewest and most cells the atoms of row r can make (*mx < 0: none). Computed once per
 * row (its atoms do not change once added) and kept in the row. */
static inline void cell_range(const fit *f, lrow *r, int *mn, int *mx)
{
	if (!r->range_ok) {
		tb_enum_prepare(ATOMS(f) + r->a0, r->na, r->sufmin, r->sufmax, r->join, r->last);
		r->cmn = r->sufmin[0] < 0 ? 0 : r->sufmin[0];
		r->cmx = r->sufmax[0];
		r->range_ok = 1;
	}
	*mn = r->cmn;
	*mx = r->cmx;
}

/* Row i when it is a data row with numbers, with the fewest and most cells its atoms can
 * make; NULL for any other row. The walk most fitting steps take over a segment's rows. */
static inline lrow *data_row(const fit *f, int i, int *mn, int *mx)
{
	lrow *r = &ROWS(f)[i];
	if (r->kind != R_DATA || !r->na)
		return NULL;
	cell_range(f, r, mn, mx);
	return r;
}

/* The atoms changed (a repair): every memo entry is stale, and so are the cells kept in
 * order for score_reading (tb_keep_ordered_cells), which tb_check_totals still calls after the
 * repairs: it makes them again from the mended atoms. */
static inline void memo_stale(fit *f)
{
	f->nordc = 0;
	f->mat_valid = f->rels_ok = 0; /* (strip_rule_digit mends the kept matrix after this) */
	if (++f->memo_gen == 0) {
		if (f->memo_cap)
			memset(f->memo_at.data, 0, f->memo_cap * MEMO_LEN * sizeof(unsigned));
		f->memo_gen = 1;
	}
}

/* The cell of atoms [a0, a0 + n) (absolute indices), into c. */
static inline void make_cell(const fit *f, int a0, int n, cellv *c)
{
	const tb_atom *a = ATOMS(f) + a0;
	c->present = 1;
	c->a = a0;
	c->na = (unsigned char)n;
	/* tb_join_value, inline: this is the fitter's innermost loop */
	double v = a[0].ival;
	int intd = a[0].intd;
	for (int q = 1; q < n; q++) {
		v = v * 1000 + a[q].ival;
		intd += a[q].intd;
	}
	v += a[n - 1].frac;
	int neg = a[0].neg;
	if (a[0].popen && a[n - 1].pclose)
		neg = !neg;
	c->v = neg ? -v : v;
	c->intd = (unsigned short)intd;
	c->dec = a[n - 1].dec;
	c->u = tb_unit_of_dec(c->dec);
	c->pct = a[n - 1].pct;
	c->neg = (unsigned char)(c->v < 0);
	c->x = a[0].x;
	c->xe = a[n - 1].xend;
}

/* The rounding that rel_test allows an equation between cells c and a (b): made only
 * for the kinds that read it. */
static inline double rel_eps(const cellv *a, const cellv *c)
{
	return 1e-9 * (fabs(a->v) + fabs(c->v) + 1);
}

/* Does a relation of the given kind hold for cells c, a and b (not present: missing)?
 * -1 when an operand is missing. Inline with kind a constant where rel_count_kind
 * calls it, so that its loop is made for each kind. */
static inline int rel_test(int kind, const cellv *c, const cellv *a, const cellv *b)
{
	if (!c->present || !a->present || (kind != REL_EQ && !b->present))
		return -1;
	double ua = a->u, uc = c->u;
	double ub = kind == REL_EQ ? 0 : b->u;
	switch (kind) {
	case REL_EQ:
		return fabs(c->v - a->v) <= rel_eps(a, c);
	case REL_DIFF:
		return fabs(c->v - (a->v - b->v)) <= (ua > ub ? ua : ub) * 2 + uc + rel_eps(a, c);
	case REL_SUM:
		return fabs(c->v - (a->v + b->v)) <= (ua > ub ? ua : ub) * 2 + uc + rel_eps(a, c);
	case REL_RATIO:
	case REL_SHARE: {
		if (b->v == 0 || c->intd > 4)
			return 0;
		double q = a->v / b->v;
		double want = kind == REL_RATIO ? (q - 1) * 100 : q * 100;
		double tol = 0.5 * uc * 1.001 +
		             100 * (ua / fabs(b->v) + fabs(a->v) * ub / (b->v * b->v)) + 1e-9;
		return fabs(c->v - want) <= tol;
	}
	}
	return 0;
}

/* The number the checks give the k-th row of a segment (0 past the first 1024 rows). */
static inline int body_number(const int *bodyno, int k)
{
	return k >= 0 && k < 1024 ? bodyno[k] : 0;
}

/* 10^e, e >= 0 or not. */
static inline double pow10i(int e)
{
	double p = 1;
	for (int k = 0; k < e; k++)
		p *= 10;
	for (int k = e; k < 0; k++)
		p /= 10;
	return p;
}

#endif
