/*
 * records.c - the records stage: reads the Markdown that reflow writes (with the tvatt
 * comments of the stream between stages) and writes one JSON record per block, as
 * DESIGN.md ("Records") and stages/records.schema.json define them: a `document` record
 * first, then `heading`, `paragraph`, `list_item`, `table` and, with --keep-furniture,
 * `furniture` and `figure` records, each with id, page, lines and section.
 *
 * Blocks are separated by blank lines and comment lines; a "<!-- tvatt page=P lines=A-B
 * -->" comment gives the provenance of the block after it, a "<!-- tvatt table ... -->"
 * comment the title, unit, header rows and checks of the pipe table after it (the table
 * block contract in README.md), and "<!-- tvatt furniture|figure lines=N -->" covers the N
 * raw lines after it. Input without comments (plain text, hand-written Markdown) works
 * too: pages are then counted by form feeds and lines are this stage's own. Reflow's
 * "<!-- tvatt pages=N -->" counts pages no block's comment names.
 *
 * The document record comes first but carries the page count and metadata found anywhere
 * in the head of the document, so the records of one input are held until its end: in
 * memory up to SPOOL_MEM bytes, then in a temporary file, so memory stays bounded.
 * --format csv writes only the tables, as CSV; --format md writes clean Markdown without
 * the comments; both stream.
 */
#include "records.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "records_int.h"
#include "swnum.h"

const tv_optdef tv_records_optdefs[] = {
    {"format", "FORMAT", "jsonl (records, the default), csv (the tables) or md (Markdown)"},
    {"keep-furniture", NULL, "write furniture and figure records for lines clean kept"},
    {NULL, NULL, NULL}};

/* Records held in memory before they go to a temporary file. */
#define SPOOL_MEM ((size_t)4 << 20)
/* Heading levels, and so the depth of a section path. */
#define MAX_LEVEL 6
/* Amounts and dates written per block at most (a table of prose numbers stays bounded). */
#define MAX_FOUND 200
/* The head of a document, where its metadata stand: blocks before the first paragraph of
 * HEAD_WORDS words or more, at most HEAD_BLOCKS blocks, on its first page. */
#define HEAD_WORDS  30
#define HEAD_BLOCKS 25
/* A block of at most SHORT_WORDS words is a line of a letterhead, a title or a label. */
#define SHORT_WORDS 15
/* The document's own date and paragraph stand on a line of a few words ("Datum
 * 2024-05-20", "§ 55 Årsrapport Regionstyrelsen 2024"). */
#define LINE_WORDS 8
/* Metadata values kept per kind, and body names counted. */
#define MAX_META   10
#define MAX_BODIES 16
/* Bodies are counted in the first COUNT_BLOCKS blocks: enough to know the document's. */
#define COUNT_BLOCKS 400
#define BODY_MAX     80

enum format { F_JSONL = 0, F_CSV, F_MD };
#define PARA_MAX (1u << 20) /* bytes of a paragraph record's text, at most about */

enum kind { K_NONE = 0, K_PARA, K_HEAD, K_LIST, K_TABLE, K_FURN, K_FIG };

static const struct {
	const char *name;
	enum format f;
} formats[] = {
    {"jsonl", F_JSONL}, {"json", F_JSONL}, {"csv", F_CSV}, {"md", F_MD}, {"markdown", F_MD}};

static const char *const kind_names[] = {
    [K_NONE] = "",       [K_PARA] = "paragraph", [K_HEAD] = "heading", [K_LIST] = "list_item",
    [K_TABLE] = "table", [K_FURN] = "furniture", [K_FIG] = "figure",
};

/* The attributes of a table's comment that records reads. */
enum { TA_PAGE, TA_LINES, TA_HEADER, TA_TITLE, TA_UNIT, TA_CHECKS, TA_LAST_PAGE, TA_N };
static const char *const table_attr_names[TA_N] = {"page", "lines",  "header",   "title",
                                                   "unit", "checks", "last_page"};

typedef struct state {
	const tv_opts *opts;
	tv_writer *out;
	enum format format;
	int keep;
	const char *source;
	const char *base;   /* what ids start with: opts' id_name, else source's file
	                     * name */
	tv_buf base_json;   /* base as a JSON string without its closing quote, made
	                     * once: every record's id starts with it */
	unsigned long nrec; /* records written (the document is 0) */

	/* the block being read */
	enum kind kind;
	int level;          /* heading level */
	char marker[8];     /* list marker: "-" or "1." */
	tv_buf text;        /* its text, lines joined by a space (furniture: by '\n') */
	tv_buf table;       /* a table's pipe rows, each ended by '\n' */
	tv_buf tattr[TA_N]; /* the attributes of the table's comment, read once */
	unsigned thas;      /* which of them it has, bit TA_x */
	unsigned long page, first, last;
	int prov;            /* page and lines came from a comment */
	unsigned long cover; /* raw lines still covered by a furniture/figure comment */

	/* a provenance comment waiting for its block */
	int pend;
	unsigned long pend_page, pend_first, pend_last;

	/* headings above, outermost first */
	tv_buf path;               /* their JSON strings joined by ", ", as a record's section
	                            * list holds them: written in one piece per record */
	size_t sec_end[MAX_LEVEL]; /* the length of path through each heading */
	int sec_level[MAX_LEVEL];
	int nsec;

	/* the document */
	unsigned long ffpage; /* page by form feeds of this input */
	int ffpage_text;      /* a line with text since the last form feed */
	unsigned long maxpage, maxline;
	tv_buf title;         /* a title line found in the head */
	tv_buf first_heading; /* the first heading, the title when no line was found */
	int in_head;          /* still in the head of the document */
	unsigned long head_blocks;
	tv_buf meta[3]; /* JSON list items: diarienummer, dates, paragraf */
	size_t nmeta[3];
	tv_buf body; /* a body named alone on a line of the head */
	struct body_count {
		char name[BODY_MAX];
		size_t len;
		unsigned long count;
	} bodies[MAX_BODIES];
	size_t nbodies;

	/* output */
	tv_buf rec;   /* the record being built */
	tv_buf spool; /* records held until the document record is written */
	FILE *spill;  /* ... and beyond SPOOL_MEM, here (the spool then holds the
	               * last ones, less than SPOOL_MEM) */
	tv_buf tmp;
} state;

/* ------------------------------------------------------------------ small helpers --- */

/* The white space trim takes, by byte value: a look-up, not four comparisons, as trim
 * runs on every line and every table cell. */
static const unsigned char space_bytes[256] = {[' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\v'] = 1};

static int is_space(char c)
{
	return space_bytes[(unsigned char)c];
}

/* True when s[0..n) holds more than white space and a newline. */
static int has_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_space(s[i]) && s[i] != '\n' && s[i] != '\f')
			return 1;
	return 0;
}

static void trim(const char **s, size_t *n)
{
	while (*n && is_space(**s))
		(*s)++, (*n)--;
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

static int starts(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && memcmp(s, prefix, k) == 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads "A-B" (or "A") into *a and *b; 0 when it is not that. */
static int parse_range(const char *s, unsigned long *a, unsigned long *b)
{
	char *e;
	if (!is_digit(*s))
		return 0;
	*a = strtoul(s, &e, 10);
	*b = *a;
	if (*e == '-' && is_digit(e[1]))
		*b = strtoul(e + 1, &e, 10);
	if (*b < *a)
		*b = *a;
	return *e == '\0';
}

/* ------------------------------------------------------------------ output ---------- */

/* Appends a string literal: its length known at compile time, no strlen per call. */
#define PUT_LIT(b, lit) tv_buf_append((b), (lit), sizeof(lit) - 1)

static tv_status put_ulong(tv_buf *b, unsigned long v)
{
	char d[24];
	return tv_buf_append(b, d, (size_t)(tv_put_ulong(d, v) - d));
}

/* Writes a string literal at o; the end. */
#define PUT_LIT_AT(o, lit) (memcpy((o), (lit), sizeof(lit) - 1), (o) + sizeof(lit) - 1)

/* Moves the finished record in st->rec to the output (or the spool) with a newline. */
static tv_status emit(state *st)
{
	tv_status rc = tv_buf_putc(&st->rec, '\n');
	if (rc)
		return rc;
	if (st->format != F_JSONL || !st->out) {
		rc = tv_writer_write(st->out, st->rec.data, st->rec.len);
	} else {
		/* the spool fills to SPOOL_MEM; then it goes to the temporary file in one write
		 * and fills again (stdio's own buffer would make a system call of 4 KiB each:
		 * glibc takes no size from setvbuf without a buffer) */
		if (st->spool.len + st->rec.len > SPOOL_MEM && st->spool.len) {
			if (!st->spill && !(st->spill = tmpfile()))
				return TV_ESYSTEM;
			if (fwrite(st->spool.data, 1, st->spool.len, st->spill) != st->spool.len)
				return TV_ESYSTEM;
			tv_buf_clear(&st->spool);
		}
		rc = tv_buf_append(&st->spool, st->rec.data, st->rec.len);
	}
	tv_buf_clear(&st->rec);
	return rc;
}

/* Starts a record: {"type": ..., "id": ..., "page": ..., "lines": [...], "section": [...] */
static tv_status begin_record(state *st, const char *type, unsigned long page, unsigned long first,
                              unsigned long last, int with_section)
{
	tv_buf *r = &st->rec;
	tv_buf_clear(r);
	if (!first)
		first = 1;
	/* a block covers its first line at least; the document of an input without text
	 * covers none, [1, 0] (it said [1, 1], as for a one-line input) */
	if (last < first && (last || strcmp(type, "document") != 0))
		last = first;
	/* written by hand, not by printf, into room made once: this runs once per block.
	 * The id's JSON is the base's JSON string with "#N" put in before its closing
	 * quote: '#' and digits need no escaping and end any byte sequence the base leaves
	 * open, so this is the JSON string of "BASE#N" without building that first. The
	 * sections are a JSON list's items already (push_section). */
	tv_status rc;
	if (!st->base_json.len) {
		if ((rc = tv_records_json_str(&st->base_json, st->base, strlen(st->base))))
			return rc;
		st->base_json.data[--st->base_json.len] = '\0'; /* written after the number */
	}
	size_t tl = strlen(type), pl = with_section ? st->path.len : 0;
	/* the literals below (60 bytes) and four numbers of at most 20 digits */
	if ((rc = tv_buf_reserve(r, tl + st->base_json.len + pl + 160)))
		return rc;
	char *o = r->data;
	o = PUT_LIT_AT(o, "{\"type\": \"");
	memcpy(o, type, tl);
	o = PUT_LIT_AT(o + tl, "\", \"id\": ");
	memcpy(o, st->base_json.data, st->base_json.len);
	o += st->base_json.len;
	*o++ = '#';
	o = tv_put_ulong(o, st->nrec);
	o = PUT_LIT_AT(o, "\", \"page\": ");
	o = tv_put_ulong(o, page ? page : 1);
	o = PUT_LIT_AT(o, ", \"lines\": [");
	o = tv_put_ulong(o, first);
	o = PUT_LIT_AT(o, ", ");
	o = tv_put_ulong(o, last);
	o = PUT_LIT_AT(o, "], \"section\": [");
	if (pl)
		memcpy(o, st->path.data, pl);
	o += pl;
	*o++ = ']';
	*o = '\0';
	r->len = (size_t)(o - r->data);
	return TV_OK;
}

static tv_status put_key_null(tv_buf *r, const char *key)
{
	tv_status rc;
	if ((rc = tv_buf_append(r, ", \"", 3)) || (rc = tv_buf_puts(r, key)))
		return rc;
	return tv_buf_append(r, "\": null", 7);
}

static tv_status put_key_str(tv_buf *r, const char *key, const char *s, size_t n)
{
	/* ", \"KEY\": " by hand: printf cost more than the value's escaping */
	tv_status rc;
	if ((rc = tv_buf_append(r, ", \"", 3)) || (rc = tv_buf_puts(r, key)) ||
	    (rc = tv_buf_append(r, "\": ", 3)))
		return rc;
	return tv_records_json_str(r, s, n);
}

/* ------------------------------------------------------------------ tables ---------- */

/* Splits the pipe row s[0..n) into cells: calls cell(ctx, i, text, len) for each, with
 * "\|" turned into "|" and the spaces around trimmed. Returns the number of cells. */
typedef tv_status (*cell_fn)(state *st, size_t i, const char *s, size_t n, void *ctx);

static tv_status split_row(state *st, const char *s, size_t n, cell_fn cell, void *ctx,
                           size_t *ncells)
{
	tv_buf c = TV_BUF_INIT; /* a cell with "\|" in it, unescaped; most cells have none */
	tv_status rc = TV_OK;
	size_t i = 1, k = 0; /* skip the leading '|' */
	size_t last = n;     /* the closing '|' */
	if (last > 1 && s[last - 1] == '|' && s[last - 2] != '\\')
		last--;
	while (i <= last && !rc) {
		/* the cell runs to the next '|' that is not escaped */
		/* the next '|' with no backslash before it in the cell ("\\|" is escaped
		 * however many backslashes stand before it: no pair can take the last one) */
		size_t j = i;
		int escaped = 0;
		for (;;) {
			const char *bar = j < last ? memchr(s + j, '|', last - j) : NULL;
			j = bar ? (size_t)(bar - s) : last;
			if (!bar || j == i || s[j - 1] != '\\')
				break;
			escaped = 1, j++;
		}
		const char *p = s + i;
		size_t len = j - i;
		if (escaped) {
			tv_buf_clear(&c);
			for (size_t q = i; q < j && !rc; q++) {
				if (s[q] == '\\' && q + 1 < j && s[q + 1] == '|')
					q++;
				rc = tv_buf_putc(&c, s[q]);
			}
			p = tv_buf_str(&c);
			len = c.len;
		}
		trim(&p, &len);
		if (!rc)
			rc = cell(st, k++, p, len, ctx);
		i = j + 1;
	}
	tv_buf_free(&c);
	*ncells = k;
	return rc;
}

/* A delimiter row cell: ":--", "--:", "---", ":-:". */
static tv_status delim_cell(state *st, size_t i, const char *s, size_t n, void *ctx)
{
	(void)st, (void)i;
	int *ok = ctx;
	size_t dashes = 0;
	for (size_t j = 0; j < n; j++) {
		if (s[j] == '-')
			dashes++;
		else if (!(s[j] == ':' && (j == 0 || j == n - 1)))
			*ok = 0;
	}
	if (!dashes)
		*ok = 0;
	return TV_OK;
}

static tv_status empty_cell(state *st, size_t i, const char *s, size_t n, void *ctx)
{
	(void)st, (void)i, (void)s;
	if (n)
		*(int *)ctx = 0;
	return TV_OK;
}

/* False when s holds no ASCII digit, so that no number in Swedish notation can be read
 * in it (tv_swnum_cell reads digits): the labels of a table, at the cost of a scan, eight
 * bytes at a time: a byte is a digit when its XOR with '0' is below 10, and a word holds
 * a byte below 10 when subtracting 10 from every byte sets the top bit of a byte whose top
 * bit was clear (the borrows make no false yes for a bound up to 128). */
static int has_digit(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		w ^= ones * '0';
		if ((w - ones * 10) & ~w & highs)
			return 1;
	}
	for (; i < n; i++)
		if (is_digit(s[i]))
			return 1;
	return 0;
}

/* Cells as JSON: header cells are strings; body cells numbers when tv_swnum_cell takes
 * the whole cell, null when empty, strings otherwise. */
static tv_status json_cell(state *st, size_t i, const char *s, size_t n, void *ctx)
{
	int header = *(int *)ctx;
	tv_buf *r = &st->rec;
	tv_status rc = i ? PUT_LIT(r, ", ") : TV_OK;
	if (rc)
		return rc;
	if (!header && !n)
		return PUT_LIT(r, "null");
	if (!header && has_digit(s, n) && tv_swnum_decimal(s, n, 0, r) == TV_OK)
		return TV_OK;
	return tv_records_json_str(r, s, n);
}

/* Cells as CSV (RFC 4180): numbers as exact decimals, text quoted when it must be. */
static tv_status csv_cell(state *st, size_t i, const char *s, size_t n, void *ctx)
{
	int header = *(int *)ctx;
	tv_buf *r = &st->rec;
	tv_status rc = i ? tv_buf_putc(r, ',') : TV_OK;
	if (rc || !n)
		return rc;
	if (!header && has_digit(s, n) && tv_swnum_decimal(s, n, 0, r) == TV_OK)
		return TV_OK;
	int quote = 0;
	for (size_t j = 0; j < n; j++)
		if (s[j] == ',' || s[j] == '"' || s[j] == '\n' || s[j] == '\r')
			quote = 1;
	if (quote && (rc = tv_buf_putc(r, '"')))
		return rc;
	for (size_t j = 0; j < n && !rc; j++)
		rc = s[j] == '"' ? PUT_LIT(r, "\"\"") : tv_buf_putc(r, s[j]);
	return rc || !quote ? rc : tv_buf_putc(r, '"');
}

/* Column-wise joining of header rows for CSV's one header line. */
typedef struct header_join {
	tv_buf *cols;
	size_t ncols;
} header_join;

static tv_status join_cell(state *st, size_t i, const char *s, size_t n, void *ctx)
{
	(void)st;
	header_join *h = ctx;
	if (i >= h->ncols || !n)
		return TV_OK;
	tv_status rc = h->cols[i].len ? tv_buf_putc(&h->cols[i], ' ') : TV_OK;
	return rc ? rc : tv_buf_append(&h->cols[i], s, n);
}

/* The next row of a table's raw text at *pos, trimmed; 0 at the end. */
static int next_row(const tv_buf *t, size_t *pos, const char **s, size_t *n)
{
	if (*pos >= t->len)
		return 0;
	const char *p = t->data + *pos;
	const char *nl = memchr(p, '\n', t->len - *pos);
	size_t len = nl ? (size_t)(nl - p) : t->len - *pos;
	*pos += len + (nl != NULL);
	*s = p;
	*n = len;
	trim(s, n);
	return 1;
}

/* The table's checks attribute as a JSON list of {kind, relation, held}. */
static tv_status json_checks(tv_buf *r, const char *s, size_t n)
{
	tv_status rc = PUT_LIT(r, ", \"checks\": [");
	int first = 1;
	const char *end = s + n;
	while (!rc && s < end) {
		const char *e = memchr(s, ';', (size_t)(end - s));
		if (!e)
			e = end;
		const char *c1 = memchr(s, ':', (size_t)(e - s));
		const char *c2 = e;
		while (c2 > s && c2[-1] != ':')
			c2--;
		if (c1 && c2 - 1 > c1) {
			if (!first)
				rc = PUT_LIT(r, ", ");
			first = 0;
			if (!rc && !(rc = PUT_LIT(r, "{\"kind\": ")) &&
			    !(rc = tv_records_json_str(r, s, (size_t)(c1 - s))) &&
			    !(rc = PUT_LIT(r, ", \"relation\": ")) &&
			    !(rc = tv_records_json_str(r, c1 + 1, (size_t)(c2 - 1 - c1 - 1))))
				rc = (size_t)(e - c2) == 4 && !memcmp(c2, "held", 4)
				         ? PUT_LIT(r, ", \"held\": true}")
				         : PUT_LIT(r, ", \"held\": false}");
		}
		s = e + 1;
	}
	return rc ? rc : tv_buf_putc(r, ']');
}

/* How the rows of a table divide: whether the second row is a delimiter row, and how
 * many rows (counting the pipe header row) are header rows. */
static void table_shape(state *st, int *has_delim, size_t *nheader, int *drop_first)
{
	size_t pos = 0, nc;
	const char *s;
	size_t n;
	const char *r0 = NULL;
	size_t n0 = 0;
	*has_delim = 0;
	*drop_first = 0;
	if (next_row(&st->table, &pos, &s, &n)) {
		r0 = s, n0 = n;
		if (next_row(&st->table, &pos, &s, &n)) {
			int ok = 1;
			split_row(st, s, n, delim_cell, &ok, &nc);
			*has_delim = ok;
		}
	}
	*nheader = *has_delim ? 1 : 0;
	if (st->thas >> TA_HEADER & 1u) {
		char *e;
		unsigned long h = strtoul(tv_buf_str(&st->tattr[TA_HEADER]), &e, 10);
		if (!*e && h < 1000) {
			*nheader = h;
			if (h == 0 && *has_delim && r0) {
				int empty = 1;
				split_row(st, r0, n0, empty_cell, &empty, &nc);
				*drop_first =
				    empty; /* header=0: the pipe header row is all empty */
				*nheader = empty ? 0 : 1;
			}
		}
	}
}

static tv_status write_table_json(state *st)
{
	tv_buf *r = &st->rec;
	tv_buf *t = st->tattr;
	unsigned has = st->thas;
	unsigned long page = st->page, a = st->first, b = st->last;
	if (has >> TA_PAGE & 1u) {
		char *e;
		unsigned long p = strtoul(tv_buf_str(&t[TA_PAGE]), &e, 10);
		if (!*e && p)
			page = p;
	}
	if (has >> TA_LINES & 1u)
		if (!parse_range(tv_buf_str(&t[TA_LINES]), &a, &b))
			a = st->first, b = st->last;
	if (page > st->maxpage)
		st->maxpage = page;
	/* a table stitched across the input's last page break names the page it ends on */
	if (has >> TA_LAST_PAGE & 1u) {
		char *e;
		unsigned long q = strtoul(tv_buf_str(&t[TA_LAST_PAGE]), &e, 10);
		if (!*e && q > st->maxpage && q < 1000000)
			st->maxpage = q;
	}
	if (b > st->maxline)
		st->maxline = b;
	int has_delim, drop_first;
	size_t nheader;
	table_shape(st, &has_delim, &nheader, &drop_first);
	tv_status rc = begin_record(st, "table", page, a, b, 1);
	if (rc)
		return rc;
	for (int i = TA_TITLE; i <= TA_UNIT && !rc; i++) {
		if (t[i].len)
			rc = put_key_str(r, table_attr_names[i], t[i].data, t[i].len);
		else
			rc = put_key_null(r, table_attr_names[i]);
	}
	if (rc || (rc = PUT_LIT(r, ", \"header\": [")))
		return rc;
	size_t pos = 0, row = 0, real = 0, nhead = 0, nbody = 0, nc;
	const char *s;
	size_t n;
	while (!rc && next_row(&st->table, &pos, &s, &n)) {
		size_t i = row++;
		if ((i == 1 && has_delim) || (i == 0 && drop_first))
			continue;
		int header = real++ < nheader;
		if (header)
			rc = nhead++ ? PUT_LIT(r, ", ") : TV_OK;
		else
			rc = nbody++ ? PUT_LIT(r, ", ") : PUT_LIT(r, "], \"rows\": [");
		if (rc || (rc = tv_buf_putc(r, '[')) ||
		    (rc = split_row(st, s, n, json_cell, &header, &nc)) ||
		    (rc = tv_buf_putc(r, ']')))
			return rc;
	}
	if (!rc && nbody == 0)
		rc = PUT_LIT(r, "], \"rows\": [");
	if (rc || (rc = tv_buf_putc(r, ']')))
		return rc;
	if (has >> TA_CHECKS & 1u)
		rc = json_checks(r, t[TA_CHECKS].data, t[TA_CHECKS].len);
	else
		rc = PUT_LIT(r, ", \"checks\": []");
	return rc ? rc : tv_buf_putc(r, '}');
}

/* One table as CSV: one header line (the header rows joined column by column), then
 * the body rows, then a blank line. The blank line ends each table rather than comes
 * between two, so the tables of several inputs, or of several runs appended to one file,
 * stay apart (the last of one input ran into the first of the next). */
static tv_status write_table_csv(state *st)
{
	int has_delim, drop_first;
	size_t nheader, pos = 0, row = 0, real = 0, nc, ncols = 0;
	const char *s;
	size_t n;
	table_shape(st, &has_delim, &nheader, &drop_first);
	tv_buf *r = &st->rec;
	tv_buf_clear(r);
	tv_status rc = TV_OK;
	/* the widest row gives the columns */
	while (next_row(&st->table, &pos, &s, &n)) {
		int ok = 1;
		split_row(st, s, n, empty_cell, &ok, &nc);
		if (nc > ncols)
			ncols = nc;
	}
	header_join h = {calloc(ncols ? ncols : 1, sizeof(tv_buf)), ncols};
	if (!h.cols)
		return TV_ESYSTEM;
	pos = 0;
	int wrote_header = 0;
	while (!rc && next_row(&st->table, &pos, &s, &n)) {
		size_t i = row++;
		if ((i == 1 && has_delim) || (i == 0 && drop_first))
			continue;
		int header = real++ < nheader;
		if (header) {
			rc = split_row(st, s, n, join_cell, &h, &nc);
			continue;
		}
		if (!wrote_header && nheader) {
			for (size_t k = 0; k < ncols && !rc; k++)
				rc =
				    csv_cell(st, k, tv_buf_str(&h.cols[k]), h.cols[k].len, &header);
			if (!rc)
				rc = tv_buf_putc(r, '\n');
		}
		wrote_header = 1;
		if (!rc && !(rc = split_row(st, s, n, csv_cell, &header, &nc)))
			rc = tv_buf_putc(r, '\n');
	}
	if (!rc && !wrote_header && nheader) {
		int header = 1;
		for (size_t k = 0; k < ncols && !rc; k++)
			rc = csv_cell(st, k, tv_buf_str(&h.cols[k]), h.cols[k].len, &header);
		if (!rc)
			rc = tv_buf_putc(r, '\n');
	}
	for (size_t k = 0; k < ncols; k++)
		tv_buf_free(&h.cols[k]);
	free(h.cols);
	if (!rc && !(rc = tv_buf_putc(r, '\n')))
		rc = tv_writer_write(st->out, r->data, r->len);
	tv_buf_clear(r);
	return rc;
}

/* ------------------------------------------------------------------ metadata -------- */

enum meta { M_DNR = 0, M_DATES, M_PARAGRAF };
static const char *const meta_names[] = {"diarienummer", "dates", "paragraf"};

typedef struct meta_add {
	state *st;
	enum meta m;
	size_t hits;
	tv_status rc;
} meta_add;

/* Adds a value to a metadata list unless it is there already. */
static int add_meta(void *ctx, const char *p, size_t n)
{
	meta_add *a = ctx;
	state *st = a->st;
	tv_buf *b = &st->meta[a->m];
	a->hits++;
	if (st->nmeta[a->m] >= MAX_META)
		return 1;
	tv_buf_clear(&st->tmp);
	if ((a->rc = tv_records_json_str(&st->tmp, p, n)))
		return 1;
	const char *dup = b->len ? strstr(b->data, st->tmp.data) : NULL;
	if (dup)
		return 0;
	if (st->nmeta[a->m]++ && (a->rc = PUT_LIT(b, ", ")))
		return 1;
	a->rc = tv_buf_append(b, st->tmp.data, st->tmp.len);
	return a->rc != TV_OK;
}

static int add_date_meta(void *ctx, const char *iso, size_t n)
{
	return add_meta(ctx, iso, n);
}

/* Counts a body name; names differing only in the case of the first letter are one. */
static int count_body(void *ctx, const char *p, size_t n)
{
	state *st = ctx;
	if (n >= BODY_MAX)
		return 0;
	for (size_t i = 0; i < st->nbodies; i++) {
		struct body_count *b = &st->bodies[i];
		if (b->len == n && !memcmp(b->name + 1, p + 1, n - 1) &&
		    (b->name[0] | 0x20) == (p[0] | 0x20)) {
			b->count++;
			return 0;
		}
	}
	if (st->nbodies < MAX_BODIES) {
		struct body_count *b = &st->bodies[st->nbodies++];
		memcpy(b->name, p, n);
		b->len = n;
		b->count = 1;
	}
	return 0;
}

typedef struct span {
	const char *p;
	size_t n;
} span;

static int first_span(void *ctx, const char *p, size_t n)
{
	span *sp = ctx;
	sp->p = p;
	sp->n = n;
	return 1;
}

static size_t count_words(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		w += s[i] != ' ' && (i == 0 || s[i - 1] == ' ');
	return w;
}

static int is_date_probe(void *ctx, const char *iso, size_t n)
{
	(void)ctx, (void)iso, (void)n;
	return 1;
}

/* A line of the head that reads as the document's title: two to fifteen words, no
 * sentence end, no address, code or date, and not a bare name ("Sandra Hedman"). s has
 * any "§ 55" in front removed. */
static int title_like(const char *s, size_t n)
{
	size_t words = count_words(s, n);
	if (words < 2 || words > SHORT_WORDS || n < 8)
		return 0;
	char e = s[n - 1];
	if (e == '.' || e == ':' || e == ',' || e == ';' || memchr(s, '@', n) ||
	    memmem(s, n, "www.", 4) || memmem(s, n, "://", 3))
		return 0;
	span sp = {NULL, 0};
	if (tv_records_diarienummer(s, n, first_span, &sp) ||
	    tv_records_dates(s, n, is_date_probe, NULL))
		return 0;
	if (words <= 3) {
		/* every word capitalised and no digit: a person's or a place's name */
		int digits = 0, lower = 0;
		for (size_t i = 0; i < n; i++) {
			digits |= is_digit(s[i]);
			if (i == 0 || s[i - 1] == ' ')
				lower |= (s[i] >= 'a' && s[i] <= 'z') ||
				         ((unsigned char)s[i] == 0xc3 && i + 1 < n &&
				          (unsigned char)s[i + 1] >= 0xa0);
		}
		if (!digits && !lower)
			return 0;
	}
	return 1;
}

/* Reads the metadata of the document from a text block: in its head the diarienummer,
 * and on its short lines dates, "§ 55", a body named alone and the title; in every block
 * the bodies named, to find the one named most. */
static tv_status collect(state *st, const char *s, size_t n)
{
	if (st->nrec <= COUNT_BLOCKS)
		tv_records_bodies(s, n, count_body, st);
	if (!st->in_head)
		return TV_OK;
	size_t words = count_words(s, n);
	if ((st->kind == K_PARA && words >= HEAD_WORDS) || st->page > 1 ||
	    ++st->head_blocks > HEAD_BLOCKS) {
		st->in_head = 0;
		return TV_OK;
	}
	meta_add a = {st, M_DNR, 0, TV_OK};
	tv_records_diarienummer(s, n, add_meta, &a);
	if (a.rc || words > SHORT_WORDS)
		return a.rc;
	/* the document's own date and "§ 55" stand on a line of their own, not in a
	 * sentence that cites another meeting */
	if (words <= LINE_WORDS && st->kind != K_LIST) {
		a.m = M_DATES;
		tv_records_dates(s, n, add_date_meta, &a);
		a.m = M_PARAGRAF;
		tv_records_paragraf(s, n, add_meta, &a);
	}
	if (a.rc)
		return a.rc;
	span sp = {NULL, 0};
	tv_records_bodies(s, n, first_span, &sp);
	if (sp.p && !st->body.len && sp.p == s && (sp.n == n || (sp.n + 1 == n && s[n - 1] == 's')))
		if ((a.rc = tv_buf_append(&st->body, s, sp.n)))
			return a.rc;
	if (st->kind == K_HEAD && !st->first_heading.len &&
	    (a.rc = tv_buf_append(&st->first_heading, s, n)))
		return a.rc;
	if (!st->title.len && (st->kind == K_HEAD || st->kind == K_PARA)) {
		/* "§ 55 Årsrapport Regionstyrelsen 2024": the title follows the paragraph */
		sp.p = NULL;
		tv_records_paragraf(s, n, first_span, &sp);
		const char *t = s;
		size_t tn = n;
		if (sp.p == s && sp.n < n && s[sp.n] == ' ')
			t += sp.n + 1, tn -= sp.n + 1;
		if (title_like(t, tn))
			a.rc = tv_buf_append(&st->title, t, tn);
	}
	return a.rc;
}

/* Writes a name with its first letter in upper case (ASCII, å, ä, ö, é). */
static tv_status json_capitalised(tv_buf *r, const char *s, size_t n)
{
	char first[2];
	size_t k = 0;
	if (n && s[0] >= 'a' && s[0] <= 'z')
		first[0] = (char)(s[0] - 32), k = 1;
	else if (n >= 2 && (unsigned char)s[0] == 0xc3 && (unsigned char)s[1] >= 0xa0 &&
	         (unsigned char)s[1] <= 0xbe)
		first[0] = s[0], first[1] = (char)(s[1] - 0x20), k = 2;
	tv_buf t = TV_BUF_INIT;
	tv_status rc = tv_buf_append(&t, first, k);
	if (!rc)
		rc = tv_buf_append(&t, s + k, n - k);
	if (!rc)
		rc = tv_records_json_str(r, tv_buf_str(&t), t.len);
	tv_buf_free(&t);
	return rc;
}

/* ------------------------------------------------------------------ blocks ---------- */

/* "2.1" from "2.1 Perioden som gått", "1" from "Mål 1. Trygga uppväxtvillkor"; the
 * length of the number, or 0. */
static size_t heading_number(const char *s, size_t n, const char **num)
{
	static const char *const prefixes[] = {"Mål ", "Mal ", "Bilaga ", "Kapitel ", "Avsnitt "};
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (starts(s, n, prefixes[i])) {
			size_t k = strlen(prefixes[i]);
			s += k, n -= k;
			break;
		}
	size_t i = 0;
	while (i < n) {
		size_t d = 0;
		while (i < n && is_digit(s[i]) && d < 4)
			i++, d++;
		if (!d || (i < n && is_digit(s[i])))
			return 0;
		if (i + 1 < n && s[i] == '.' && is_digit(s[i + 1])) {
			i++;
			continue;
		}
		break;
	}
	size_t len = i;
	if (i < n && (s[i] == '.' || s[i] == ')'))
		i++;
	if (i < n && s[i] != ' ')
		return 0;
	*num = s;
	return len;
}

/* Drops the headings at level or deeper from the section path. */
static void pop_sections(state *st, int level)
{
	while (st->nsec > 0 && st->sec_level[st->nsec - 1] >= level)
		st->nsec--;
	tv_buf_truncate(&st->path, st->nsec ? st->sec_end[st->nsec - 1] : 0);
}

/* Pushes a heading onto the section path, dropping those at its level or deeper. */
static tv_status push_section(state *st, int level, const char *s, size_t n)
{
	pop_sections(st, level);
	if (st->nsec >= MAX_LEVEL)
		return TV_OK;
	tv_status rc = st->nsec ? PUT_LIT(&st->path, ", ") : TV_OK;
	if (!rc) /* as begin_record writes it */
		rc = tv_records_json_str(&st->path, s, n);
	st->sec_end[st->nsec] = st->path.len;
	st->sec_level[st->nsec++] = level;
	return rc;
}

static tv_status write_text_json(state *st)
{
	const char *s = tv_buf_str(&st->text);
	size_t n = st->text.len;
	if (st->kind == K_HEAD)
		pop_sections(st, st->level); /* the section of a heading is the headings above it */
	tv_status rc = begin_record(st, kind_names[st->kind], st->page, st->first, st->last, 1);
	if (rc || (rc = put_key_str(&st->rec, "text", s, n)))
		return rc;
	tv_buf *r = &st->rec;
	if (st->kind == K_HEAD) {
		const char *num = NULL;
		size_t nl = heading_number(s, n, &num);
		rc = PUT_LIT(r, ", \"level\": ");
		if (!rc)
			rc = put_ulong(r, (unsigned long)st->level);
		if (!rc)
			rc = PUT_LIT(r, ", \"number\": ");
		if (!rc)
			rc = nl ? tv_records_json_str(r, num, nl) : PUT_LIT(r, "null");
	} else if (st->kind == K_PARA || st->kind == K_LIST) {
		if (st->kind == K_LIST)
			rc = put_key_str(r, "marker", st->marker, strlen(st->marker));
		if (!rc)
			rc = PUT_LIT(r, ", \"amounts\": ");
		if (!rc)
			rc = tv_records_amounts(r, s, n, MAX_FOUND);
		if (!rc)
			rc = PUT_LIT(r, ", \"dates\": ");
		if (!rc)
			rc = tv_records_dates_json(r, s, n, MAX_FOUND);
	}
	if (rc || (rc = tv_buf_putc(r, '}')))
		return rc;
	if (!rc && st->kind == K_HEAD)
		rc = push_section(st, st->level, s, n);
	return rc;
}

/* One block as Markdown, then a blank line: after each block, not between two, for the
 * reason write_table_csv gives. */
static tv_status write_md(state *st)
{
	tv_buf *r = &st->rec;
	tv_buf_clear(r);
	tv_status rc = TV_OK;
	if (st->kind == K_TABLE) {
		tv_buf *ti = &st->tattr[TA_TITLE], *un = &st->tattr[TA_UNIT];
		if (ti->len) {
			rc = PUT_LIT(r, "Table: ");
			if (!rc)
				rc = tv_buf_append(r, ti->data, ti->len);
			if (!rc && un->len)
				rc = tv_buf_printf(r, " (%s)", un->data);
			if (!rc)
				rc = PUT_LIT(r, "\n\n");
		}
		if (!rc)
			rc = tv_buf_append(r, st->table.data, st->table.len);
	} else {
		if (st->kind == K_HEAD)
			for (int i = 0; i < st->level && !rc; i++)
				rc = tv_buf_putc(r, '#');
		if (!rc && st->kind == K_LIST)
			rc = tv_buf_puts(r, st->marker);
		if (!rc && st->kind != K_PARA)
			rc = tv_buf_putc(r, ' ');
		if (!rc)
			rc = tv_buf_append(r, st->text.data, st->text.len);
		if (!rc)
			rc = tv_buf_putc(r, '\n');
	}
	if (!rc && !(rc = tv_buf_putc(r, '\n')))
		rc = tv_writer_write(st->out, r->data, r->len);
	tv_buf_clear(r);
	return rc;
}

/* Writes the block being read as its record (or CSV, or Markdown) and forgets it. */
static tv_status finish(state *st)
{
	tv_status rc = TV_OK;
	enum kind k = st->kind;
	if (k == K_NONE)
		return TV_OK;
	if (k != K_TABLE) {
		if (st->page > st->maxpage)
			st->maxpage = st->page;
		if (st->last > st->maxline)
			st->maxline = st->last;
	}
	if (st->format == F_CSV) {
		if (k == K_TABLE)
			rc = write_table_csv(st);
	} else if (st->format == F_MD) {
		if (k != K_FURN && k != K_FIG)
			rc = write_md(st);
	} else if (k == K_TABLE) {
		st->nrec++;
		if (!(rc = write_table_json(st)))
			rc = emit(st);
	} else if (k != K_FURN && k != K_FIG) {
		st->nrec++;
		rc = collect(st, tv_buf_str(&st->text), st->text.len);
		if (!rc && !(rc = write_text_json(st)))
			rc = emit(st);
	} else if (st->keep) {
		st->nrec++;
		if (!(rc = begin_record(st, kind_names[k], st->page, st->first, st->last, 1)) &&
		    !(rc = put_key_str(&st->rec, "text", tv_buf_str(&st->text), st->text.len)) &&
		    !(rc = tv_buf_putc(&st->rec, '}')))
			rc = emit(st);
	}
	if (k == K_HEAD && st->format != F_JSONL)
		rc = rc ? rc : push_section(st, st->level, st->text.data, st->text.len);
	st->kind = K_NONE;
	tv_buf_clear(&st->text);
	tv_buf_clear(&st->table);
	st->thas = 0;
	for (int i = 0; i < TA_N; i++)
		tv_buf_clear(&st->tattr[i]);
	return rc;
}

/* Starts a block of kind k at input line ln, taking a waiting provenance comment. */
static tv_status start(state *st, enum kind k, unsigned long ln)
{
	tv_status rc = finish(st);
	st->kind = k;
	st->prov = st->pend;
	if (st->pend) {
		st->page = st->pend_page;
		st->first = st->pend_first;
		st->last = st->pend_last;
		st->pend = 0;
	} else {
		st->page = st->ffpage;
		st->first = st->last = ln;
	}
	return rc;
}

/* True when s[0..n) holds a tab or two spaces in a row: a run of white space inside a
 * line, which add_text makes one space. With SSE2 16 bytes at a time (a space that ends
 * one block and one that opens the next are a pair too), the rest byte by byte. */
static int layout_space(const char *s, size_t n)
{
	size_t i = 0;
	int last = 0; /* the byte before s + i is a space */
#if defined(__SSE2__)
	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')));
		unsigned tab = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('\t')));
		if (tab || (sp & (sp >> 1)) || (last && (sp & 1)))
			return 1;
		last = (sp >> 15) & 1;
	}
#endif
	for (; i < n; i++) {
		if (s[i] == '\t' || (s[i] == ' ' && last))
			return 1;
		last = s[i] == ' ';
	}
	return 0;
}

/* Adds a line to the block's text: joined by a space (by '\n' for furniture). */
static tv_status add_text(state *st, const char *s, size_t n, unsigned long ln)
{
	if (!st->prov)
		st->last = ln;
	int raw = st->kind == K_FURN || st->kind == K_FIG;
	tv_status rc = TV_OK;
	if (st->text.len)
		rc = tv_buf_putc(&st->text, raw ? '\n' : ' ');
	if (raw || rc || !layout_space(s, n))
		return rc ? rc : tv_buf_append(&st->text, s, n);
	/* a run of spaces or tabs inside a line is layout, not text: one space */
	for (size_t i = 0; i < n && !rc;) {
		size_t j = i;
		while (j < n && s[j] != ' ' && s[j] != '\t')
			j++;
		rc = tv_buf_append(&st->text, s + i, j - i);
		if (j < n && !rc)
			rc = tv_buf_putc(&st->text, ' ');
		while (j < n && (s[j] == ' ' || s[j] == '\t'))
			j++;
		i = j;
	}
	return rc;
}

/* A comment line: provenance, a table, furniture, or another comment (ignored). */
/* Reads up to nine digits at *p (no more follow) into *v; 0 when there are none. */
static int short_number(const char **p, const char *end, unsigned long *v)
{
	const char *q = *p;
	*v = 0;
	while (q < end && is_digit(*q) && q - *p < 10)
		*v = *v * 10 + (unsigned long)(*q++ - '0');
	if (q == *p || q - *p > 9)
		return 0;
	*p = q;
	return 1;
}

/* The comment reflow writes before every block, "<!-- tvatt page=P lines=A-B -->", read
 * at once (as the attribute reading below reads it: P not 0, B not below A); 0 for any
 * other form, which is left to that reading. */
static int page_comment(const char *s, size_t n, unsigned long *page, unsigned long *a,
                        unsigned long *b)
{
	static const char head[] = "<!-- tvatt page=", mid[] = " lines=", tail[] = " -->";
	const char *p = s + sizeof head - 1, *end = s + n;
	if (n < sizeof head - 1 || memcmp(s, head, sizeof head - 1) ||
	    !short_number(&p, end, page) || !*page || (size_t)(end - p) < sizeof mid - 1 ||
	    memcmp(p, mid, sizeof mid - 1))
		return 0;
	p += sizeof mid - 1;
	if (!short_number(&p, end, a))
		return 0;
	*b = *a;
	if (p < end && *p == '-') {
		p++;
		if (!short_number(&p, end, b))
			return 0;
		if (*b < *a)
			*b = *a;
	}
	return (size_t)(end - p) == sizeof tail - 1 && !memcmp(p, tail, sizeof tail - 1);
}

static tv_status comment_line(state *st, const char *s, size_t n, unsigned long ln)
{
	tv_status rc = finish(st);
	if (rc)
		return rc;
	tv_buf *v = &st->tmp;
	if (starts(s, n, "<!-- tvatt table ") || starts(s, n, "<!-- tvatt table-->")) {
		st->pend = 0;
		if ((rc = start(st, K_TABLE, ln)))
			return rc;
		st->thas = tv_records_attrs(s, n, table_attr_names, TA_N, st->tattr);
		return TV_OK;
	}
	int furn = starts(s, n, "<!-- tvatt furniture ");
	if (furn || starts(s, n, "<!-- tvatt figure ")) {
		unsigned long c = 0;
		if (tv_records_attr(s, n, "lines", v)) {
			char *e;
			c = strtoul(tv_buf_str(v), &e, 10);
			if (*e || c > 1000)
				c = 0;
		}
		st->pend = 0;
		if (!c)
			return TV_OK;
		st->cover = c;
		if ((rc = start(st, furn ? K_FURN : K_FIG, ln + 1)))
			return rc;
		/* clean says where the lines were: page P, from line A of its input */
		unsigned long pg = 0, from = 0;
		char *e;
		if (tv_records_attr(s, n, "page", v))
			pg = strtoul(tv_buf_str(v), &e, 10);
		if (tv_records_attr(s, n, "from", v))
			from = strtoul(tv_buf_str(v), &e, 10);
		if (pg && from) {
			st->page = pg;
			st->first = from;
			st->last = from + c - 1;
			st->prov = 1;
		}
		return TV_OK;
	}
	if (starts(s, n, "<!-- tvatt pages=")) {
		/* reflow's count of pages no block comment names */
		char *e;
		unsigned long p = strtoul(s + 17, &e, 10);
		if (e > s + 17 && p < 1000000 && p > st->maxpage)
			st->maxpage = p;
		return TV_OK;
	}
	unsigned long fp, fa, fb;
	if (page_comment(s, n, &fp, &fa, &fb)) {
		st->pend = 1;
		st->pend_page = fp;
		st->pend_first = fa;
		st->pend_last = fb;
		return TV_OK;
	}
	if (starts(s, n, "<!-- tvatt ") && tv_records_attr(s, n, "page", v)) {
		char *e;
		unsigned long p = strtoul(tv_buf_str(v), &e, 10), a, b;
		if (!*e && p && tv_records_attr(s, n, "lines", v) &&
		    parse_range(tv_buf_str(v), &a, &b)) {
			st->pend = 1;
			st->pend_page = p;
			st->pend_first = a;
			st->pend_last = b;
		}
	}
	return TV_OK;
}

/* A Markdown list marker at the start of s: "- ", "* ", "+ ", "1. ", "1) ". Its length
 * with the space, or 0. */
static size_t list_marker(const char *s, size_t n)
{
	if (n >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ')
		return 2;
	size_t i = 0;
	while (i < n && i < 3 && is_digit(s[i]))
		i++;
	if (i && i + 1 < n && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ')
		return i + 2;
	return 0;
}

/* One input line (without its newline), ln its number in this input. */
static tv_status line_in(state *st, const char *s, size_t n, unsigned long ln)
{
	tv_status rc;
	if (st->cover) {
		st->cover--;
		if (st->kind != K_FURN && st->kind != K_FIG)
			return TV_OK;
		rc = add_text(st, s, n, ln);
		if (!st->cover && !rc)
			rc = finish(st);
		return rc;
	}
	trim(&s, &n);
	if (!n)
		return finish(st);
	if (starts(s, n, "<!--") && n >= 7 && !memcmp(s + n - 3, "-->", 3))
		return comment_line(st, s, n, ln);
	if (s[0] == '|' && n >= 2 && s[n - 1] == '|') {
		if (st->kind != K_TABLE && (rc = start(st, K_TABLE, ln)))
			return rc;
		if (!st->prov)
			st->last = ln;
		if ((rc = tv_buf_append(&st->table, s, n)))
			return rc;
		return tv_buf_putc(&st->table, '\n');
	}
	size_t h = 0;
	while (h < n && s[h] == '#')
		h++;
	if (h >= 1 && h <= MAX_LEVEL && h < n && s[h] == ' ') {
		if ((rc = start(st, K_HEAD, ln)))
			return rc;
		st->level = (int)h;
		s += h, n -= h;
		trim(&s, &n);
		while (n && s[n - 1] == '#') /* a closing "##" */
			n--;
		trim(&s, &n);
		if ((rc = add_text(st, s, n, ln)))
			return rc;
		return finish(st);
	}
	size_t m = list_marker(s, n);
	if (m && n > m) {
		if ((rc = start(st, K_LIST, ln)))
			return rc;
		size_t ml = m - 1 < sizeof st->marker - 1 ? m - 1 : sizeof st->marker - 1;
		memcpy(st->marker, s, ml);
		st->marker[ml] = '\0';
		if (st->marker[0] == '*' || st->marker[0] == '+')
			st->marker[0] = '-';
		s += m, n -= m;
		trim(&s, &n);
		return add_text(st, s, n, ln);
	}
	if (st->kind != K_PARA && st->kind != K_LIST && (rc = start(st, K_PARA, ln)))
		return rc;
	return add_text(st, s, n, ln);
}

/* ------------------------------------------------------------------ document -------- */

static tv_status write_document(state *st)
{
	unsigned long pages = tv_ff_pages(st->ffpage, st->ffpage_text);
	if (st->maxpage > pages)
		pages = st->maxpage;
	unsigned long saved = st->nrec;
	st->nrec = 0;
	tv_status rc = begin_record(st, "document", 1, 1, st->maxline, 0);
	st->nrec = saved;
	tv_buf *r = &st->rec;
	if (rc || (rc = put_key_str(r, "source", st->source, strlen(st->source))) ||
	    (rc = tv_buf_printf(r, ", \"pages\": %lu, \"title\": ", pages)))
		return rc;
	const tv_buf *title = st->title.len ? &st->title : &st->first_heading;
	rc = title->len ? tv_records_json_str(r, title->data, title->len) : PUT_LIT(r, "null");
	for (int m = 0; m < 3 && !rc; m++)
		if (!(rc = tv_buf_printf(r, ", \"%s\": [", meta_names[m])) &&
		    !(rc = tv_buf_append(r, st->meta[m].data, st->meta[m].len)))
			rc = tv_buf_putc(r, ']');
	/* the body: named alone in the head, else the one the document names most */
	const char *body = st->body.len ? st->body.data : NULL;
	size_t blen = st->body.len;
	unsigned long best = 0;
	for (size_t i = 0; !body && i < st->nbodies; i++)
		if (st->bodies[i].count > best)
			best = st->bodies[i].count;
	for (size_t i = 0; !body && best && i < st->nbodies; i++)
		if (st->bodies[i].count == best)
			body = st->bodies[i].name, blen = st->bodies[i].len;
	if (!rc)
		rc = PUT_LIT(r, ", \"body\": ");
	if (!rc)
		rc = body ? json_capitalised(r, body, blen) : PUT_LIT(r, "null");
	if (rc || (rc = tv_buf_putc(r, '}')) || (rc = tv_buf_putc(r, '\n')))
		return rc;
	rc = tv_writer_write(st->out, r->data, r->len);
	tv_buf_clear(r);
	return rc;
}

/* Writes the document record, then the held records. */
static tv_status write_all(state *st)
{
	tv_status rc = write_document(st);
	if (rc)
		return rc;
	if (st->spill) {
		/* the spool's last records go after the others, then the file is read back into
		 * the spool's memory, SPOOL_MEM bytes at a time (writes that big go straight
		 * out) */
		if (fwrite(st->spool.data, 1, st->spool.len, st->spill) != st->spool.len ||
		    fflush(st->spill) != 0 || fseek(st->spill, 0, SEEK_SET) != 0)
			return TV_ESYSTEM;
		tv_buf_clear(&st->spool);
		if (tv_buf_reserve(&st->spool, SPOOL_MEM))
			return TV_ESYSTEM;
		size_t k;
		while (!rc && (k = fread(st->spool.data, 1, SPOOL_MEM, st->spill)) > 0)
			rc = tv_writer_write(st->out, st->spool.data, k);
		if (!rc && ferror(st->spill))
			rc = TV_ESYSTEM;
		return rc;
	}
	return tv_writer_write(st->out, st->spool.data, st->spool.len);
}

/* ------------------------------------------------------------------ entry point ----- */

tv_status tv_records_run(tv_reader *in, tv_writer *out, const tv_opts *opts)
{
	state st;
	memset(&st, 0, sizeof st);
	st.opts = opts;
	st.out = out;
	st.ffpage = 1;
	st.in_head = 1;
	st.keep = tv_opt(opts, "keep-furniture") != NULL;
	st.source = tv_reader_name(in);
	st.base = strrchr(st.source, '/') ? strrchr(st.source, '/') + 1 : st.source;
	if (opts && opts->id_name)
		st.base = opts->id_name;
	const char *f = tv_opt(opts, "format");
	if (f) {
		size_t i;
		for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
			if (!strcmp(f, formats[i].name))
				break;
		if (i == sizeof formats / sizeof formats[0]) {
			return tv_usage(opts, "--format wants jsonl, csv or md, not '%s'", f);
		}
		st.format = formats[i].f;
	}
	tv_status rc;
	const char *line;
	size_t len;
	int cont = 0; /* the last line came in pieces and this is the next piece */
	int gap = 0;  /* that piece ended in white space */
	while (!(rc = tv_reader_view(in, &line, &len)) && line) {
		unsigned long ln = tv_reader_lineno(in);
		int partial = tv_reader_partial(in);
		if (partial && !cont && !tv_opt(opts, "long-lines-said"))
			tv_report(opts, TV_WARNING, st.source, ln, 1,
			          "a line longer than %zu bytes: handled in pieces", TV_LINE_MAX);
		if (len && line[len - 1] == '\n')
			len--;
		if (cont && st.kind == K_NONE)
			rc = start(&st, K_PARA, ln);
		if (rc)
			break;
		if (cont) {
			/* the rest of a line longer than the reader's cap: more of the same text,
			 * after the space the last piece ended with (line_in trimmed it away) */
			tv_buf *b = st.kind == K_TABLE ? &st.table : &st.text;
			while (!partial && len &&
			       (line[len - 1] == ' ' || line[len - 1] == '\t' ||
			        line[len - 1] == '\r'))
				len--; /* the line's end, trimmed as every line's is */
			if (gap && b->len && b->data[b->len - 1] != ' ')
				rc = tv_buf_putc(b, ' ');
			if (!rc)
				rc = tv_buf_append(b, line, len);
		} else {
			while (len && line[0] == '\f')
				st.ffpage++, st.ffpage_text = 0, line++, len--;
			if (has_text(line, len))
				st.ffpage_text = 1;
			rc = line_in(&st, line, len, ln);
		}
		/* a paragraph longer than PARA_MAX (no paragraph ends in the input) becomes
		 * several records, so memory stays bounded */
		if (!rc && st.kind == K_PARA && st.text.len >= PARA_MAX) {
			while (st.text.len && st.text.data[st.text.len - 1] == ' ')
				st.text.data[--st.text.len] = '\0'; /* a piece's end (cont above) */
			rc = finish(&st);
			/* cut inside a line, the next record is the rest of the same input lines:
			 * it keeps the comment's page and lines (it took this stream's line
			 * number, a line of reflow's output, not of the input) */
			if (partial && st.prov) {
				st.pend = 1;
				st.pend_page = st.page;
				st.pend_first = st.first;
				st.pend_last = st.last;
			}
		}
		if (rc)
			break;
		cont = partial;
		gap = len && (line[len - 1] == ' ' || line[len - 1] == '\t');
	}
	if (!rc)
		rc = finish(&st);
	if (!rc && st.format == F_JSONL)
		rc = write_all(&st);
	if (rc == TV_ESYSTEM && !tv_writer_flush(out)) /* write errors: the command's */
		tv_report(opts, TV_ERROR, st.source, 0, 0,
		          "out of memory or temporary file failed");
	if (st.spill)
		fclose(st.spill);
	tv_buf_free(&st.text);
	tv_buf_free(&st.table);
	for (int i = 0; i < TA_N; i++)
		tv_buf_free(&st.tattr[i]);
	tv_buf_free(&st.title);
	tv_buf_free(&st.first_heading);
	tv_buf_free(&st.body);
	for (int i = 0; i < 3; i++)
		tv_buf_free(&st.meta[i]);
	tv_buf_free(&st.rec);
	tv_buf_free(&st.spool);
	tv_buf_free(&st.tmp);
	tv_buf_free(&st.base_json);
	tv_buf_free(&st.path);
	return rc;
}
