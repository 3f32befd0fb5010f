/*
 * clean.c - the clean stage: removes page furniture (running headers and footers found by
 * repetition at page edges, page numbers, web-address lines at page edges), chart and
 * figure debris (lone numbers, rows of bare numbers, legends, period labels) and fixes
 * stray glyphs and bullets at line starts. It holds two pages at a time: a page is decided
 * when the next one has been read, so a running header is seen on both neighbours. With
 * --keep-furniture removed lines stay, each group preceded by the one-line comment
 * "<!-- tvatt furniture lines=N page=P from=A -->" (or "figure"), which covers the N lines
 * that follow it (page P, from line A of this input); such covered lines are passed
 * through untouched on a rerun.
 * Markdown table rows ('|' first and last) and HTML comment lines are never altered.
 * Where a dump lost its form feeds, a page guessed with evidence (furniture at its bound,
 * or a dump that marks its pages by one space) gets its form feed back (flush_page).
 */
#include "clean.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "swnum.h"

const tv_optdef tv_clean_optdefs[] = {
    {"keep-furniture", NULL,
     "keep removed lines, each group after <!-- tvatt furniture|figure lines=N -->"},
    {"mark-removed", NULL,
     "put <!-- tvatt removed lines=N --> where N lines were removed, for reflow to count"},
    {NULL, NULL, NULL}};

/* Lines at each page edge examined for furniture (page numbers only in the outer
 * PAGENO_EDGE), pages remembered for repetition, pages read ahead before one is decided,
 * and the fields of a running line (parts split by wide gaps) compared. */
#define EDGE        3
#define PAGENO_EDGE 2
#define KEEP_PAGES  6
#define LOOKAHEAD   2
/* A page longer than this (lines or bytes; a dump with no page breaks at all) is cut, so
 * that memory stays bounded; the lines at a cut are not page edges. */
#define PAGE_MAX_LINES 4000
#define PAGE_MAX_BYTES (4u << 20)
#define KEY_MAX        64
#define MAX_PARTS      4
#define MAX_WORDS      8  /* word starts kept in a one-field edge line's key */
#define SECTION_MAX    16 /* longest leading section number kept, with its NUL */

/* Prefixes (UTF-8) replaced by "- " when followed by a space: bullets as OCR reads them. */
static const char *const bullet_prefixes[] = {
    "e ", "\xe2\x80\xa2 ", "\xef\x82\xb7 ", "\xe2\x80\x93 ", "\xc2\xb7 ", "o ", NULL};
/* Stray glyphs dropped at a line start when followed by a space. */
static const char *const stray_prefixes[] = {"\xe2\x80\x98 ", "\xe2\x80\x99 ", "[ ", ". ", NULL};

enum kind { K_BODY = 0, K_FURN, K_FIG, K_KEPT };

/* Facts of a line's text, found as it is read (line_facts): blank, a page number in
 * words (page_number marked), all_numbers and is_lone_number. */
enum fact { F_BLANK = 1, F_PAGENO = 2, F_NUMS = 4, F_LONE = 8 };

/* The last line written, as a page mark sees it (flush_page): none yet, blank, opening
 * with one space, or other text. Comment lines leave it as it was. */
enum last_line { L_NONE = 0, L_BLANK, L_MARK, L_TEXT };

/* A line at a page edge as repetition sees it: its fields (split at gaps of two or more
 * spaces, as running headers are laid out), each reduced to its letters. */
typedef struct edge_line {
	char parts[MAX_PARTS][KEY_MAX];
	int nparts;                /* fields with letters */
	int numbered;              /* a field of digits only: a page number beside the text */
	char section[SECTION_MAX]; /* its leading dotted section number ("2.1.3", "3."), or "" */
	long lead;    /* a number before its text with one space ("2 Digitalisering"), or -1 */
	int sec_lead; /* that number is a heading's, not the page's: a section under it
	               * follows on the page ("2.1 E-tjänster" under "2 Digitalisering") */
	int outer;    /* the first (top) or last (bottom) line of the page's text */
	size_t line;  /* index of the line in its page */
	unsigned char word[MAX_WORDS]; /* one field: where its words after the first start
	                                * in parts[0] (pdftotext -raw joins a header's
	                                * fields with one space) */
	int nwords;
	char tail[KEY_MAX]; /* the key of the line's end (its last KEY_MAX - 1 letters) */
	int cells;          /* a label and this many number tokens after it (row_cells), or 0 */
	int in_rows;        /* the line inward of it is a row of as many cells: a table's row */
} edge_line;

typedef struct edges {
	edge_line at[2][EDGE]; /* [0] top lines, [1] bottom lines */
	size_t n[2];
	int trusted; /* the page's bounds are form feeds */
	int first;   /* the input's first page (a cover lacks running lines) */
} edges;

typedef struct page {
	tv_buf text;         /* the page's lines, each with its '\n' if it had one */
	tv_buf offs;         /* size_t start offsets into text, one per line, plus the end */
	tv_buf lens;         /* size_t lengths of the lines without their newlines, one per line:
	                      * page_line runs on every line in every pass of the rules */
	tv_buf kinds;        /* one char (enum kind) per line */
	tv_buf facts;        /* one char per line: what its text is (enum fact), found once, as
	                      * the rules ask it of a line more than once */
	unsigned long first; /* input line number of the first line */
	size_t n;            /* number of lines */
	int ff;              /* 1 when the page was begun by a form feed (repetition is trusted) */
	int guessed; /* begun by a line opening with one space, in a dump without form feeds */
	size_t ffs;  /* form feeds written before the page */
	int cut[2];  /* top, bottom: a bound made by PAGE_MAX, not a page's edge */
	edges e;     /* its edge lines, once found */
	int have_edges;
	size_t glue_line, glue_at; /* a running footer glued to line glue_line from byte
	                            * glue_at (glued_footer); glue_at 0: none */
} page;

typedef struct state {
	const tv_opts *opts;
	tv_writer *out;
	int keep;
	int mark;               /* --mark-removed */
	edges hist[KEEP_PAGES]; /* edge lines of the pages written, newest first */
	size_t nhist;
	int bottom_furn;      /* furniture was removed at the bottom of the last page */
	int space_marks;      /* the dump may mark its pages by one space (tv_clean_run) */
	int last_line;        /* the last line written: enum last_line */
	unsigned long page;   /* the page being written, counted by form feeds */
	unsigned long judged; /* pages classified so far */
	int table_open;       /* the last page classified ends in a run of a table's cells */
	unsigned char prefix_lead[256]; /* first bytes of bullet_prefixes and stray_prefixes */
} state;

static size_t line_start(const page *p, size_t i)
{
	return ((const size_t *)(const void *)p->offs.data)[i];
}

/* Line i of p without its newline. */
static void page_line(const page *p, size_t i, const char **s, size_t *n)
{
	*s = p->text.data + line_start(p, i);
	*n = ((const size_t *)(const void *)p->lens.data)[i];
}

/* ASCII white space and digits, without the locale's tables: isspace and isdigit of the
 * C locale (tvatt sets no locale), for the loops that run on every byte. */
static const unsigned char blank_bytes[256] = {
    [' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1,
};
static int blank_byte(char c)
{
	return blank_bytes[(unsigned char)c];
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!blank_byte(s[i]))
			return 0;
	return 1;
}

/* The first byte of s[0..n) at or after i that is not blank, or n. */
static size_t skip_blanks(const char *s, size_t i, size_t n)
{
	while (i < n && blank_byte(s[i]))
		i++;
	return i;
}

/* Narrows *s[0..*n) to what lies between its leading and trailing blanks. */
static void trim_blanks(const char **s, size_t *n)
{
	while (*n && blank_byte(**s))
		(*s)++, (*n)--;
	while (*n && blank_byte((*s)[*n - 1]))
		(*n)--;
}

/* Line i of p is blank. */
static int line_blank(const page *p, size_t i)
{
	return p->facts.data[i] & F_BLANK;
}

/* Normalised key of a line for repetition: letters lowercased, digits and spaces gone. */
static void line_key(const char *s, size_t n, char *key)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < KEY_MAX; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isdigit(c) || isspace(c) || c == '.' || c == '-' || c == '/')
			continue;
		key[k++] = (char)tolower(c);
	}
	key[k] = 0;
}

/* True when the edit distance of the keys a and b (lengths la, lb, at most KEY_MAX) is
 * at most k: a banded dynamic programme that only looks k cells off the diagonal and
 * stops as soon as a whole row is past k, so a mismatch costs little. */
static int within_distance(const char *a, size_t la, const char *b, size_t lb, size_t k)
{
	size_t big = k + 1, row[KEY_MAX + 1];
	if ((la > lb ? la - lb : lb - la) > k)
		return 0;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j <= k ? j : big;
	for (size_t i = 1; i <= la; i++) {
		size_t lo = i > k ? i - k : 1, hi = i + k < lb ? i + k : lb;
		size_t diag = row[lo - 1];
		row[lo - 1] = lo - 1 == 0 && i <= k ? i : big;
		size_t best = row[lo - 1];
		for (size_t j = lo; j <= hi; j++) {
			size_t up = row[j];
			size_t v = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v > big ? big : v;
			diag = up;
			if (row[j] < best)
				best = row[j];
		}
		if (hi < lb)
			row[hi + 1] = big;
		if (best > k)
			return 0;
	}
	return row[lb] <= k;
}

/* True when two keys name the same running line (fuzzy: 1 edit per 8 bytes). */
static int keys_match(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la < 4 || lb < 4)
		return 0;
	if (la == lb && !memcmp(a, b, la))
		return 1;
	return within_distance(a, la, b, lb, (la < lb ? la : lb) / 8);
}

static int is_number_token(const char *s, size_t n)
{
	size_t d = 0;
	if (n == 1 && s[0] == '%')
		return 1; /* "80 %": the sign of a tick written apart */
	for (size_t i = 0; i < n; i++) {
		if (is_digit(s[i]))
			d++;
		else if (!(s[i] == ',' || s[i] == '%' || (i == 0 && s[i] == '-')))
			return 0;
	}
	return d > 0 && d <= 7;
}

/* Page numbers as lines print them; npar is how many numbers the pattern reads (two:
 * the page and the page count, which is not smaller). */
static const struct {
	const char *fmt;
	int npar;
	int marked; /* says it is a page number in words or dashes: found anywhere */
} page_number_formats[] = {
    {"Sidan %u av %u%n", 2, 1}, {"sidan %u av %u%n", 2, 1},
    {"Sida %u av %u%n", 2, 1},  {"sida %u av %u%n", 2, 1},
    {"Sid %u av %u%n", 2, 1},   {"Page %u of %u%n", 2, 1},
    {"%u av %u%n", 2, 0},       {"%u (%u)%n", 2, 0},
    {"%u/%u%n", 2, 0},          {"Sida %u (%u)%n", 2, 1},
    {"Sidan %u%n", 1, 1},       {"sidan %u%n", 1, 1},
    {"Sida %u%n", 1, 1},        {"sida %u%n", 1, 1},
    {"Sid %u%n", 1, 0},         {"Sid. %u%n", 1, 0},
    {"s. %u%n", 1, 0},          {"Page %u%n", 1, 1},
    {"- %u -%n", 1, 1},         {"\xe2\x80\x93 %u \xe2\x80\x93%n", 1, 1},
    {"[%u]%n", 1, 0},
};

/* The first bytes of the patterns above that start with a literal (the rest start with
 * a number): a line starting with any other byte but a digit is no page number, decided
 * at one look-up. A pattern starting with another byte must be added here too. */
static const unsigned char page_number_first[256] = {
    ['S'] = 1, ['s'] = 1, ['P'] = 1, ['-'] = 1, [0xe2] = 1, ['['] = 1,
};

/* True when every byte the pattern f must match literally (not a space, which matches
 * any white space or none, and not a conversion) is somewhere in t[0..n): without that
 * sscanf cannot match f up to its final %n. Table rows of numbers fail it at once. */
static int literals_in(const char *f, const char *t, size_t n)
{
	for (; *f; f++) {
		if (*f == '%') {
			if (!*++f)
				break;
			continue;
		}
		if (!blank_byte(*f) && !memchr(t, *f, n))
			return 0;
	}
	return 1;
}

/* A page number line: one of the patterns above, or a lone number of up to four
 * digits. With marked set, only the patterns that say so in words or dashes ("Sidan 3
 * av 12", "- 3 -"), which are page numbers wherever they stand. */
static int page_number(const char *s, size_t n, int marked)
{
	trim_blanks(&s, &n);
	if (!n || n > 24 || (!is_digit(*s) && !page_number_first[(unsigned char)*s]))
		return 0;
	if (marked && is_digit(*s))
		return 0; /* no pattern that says it is a page number opens with the number */
	char t[32];
	memcpy(t, s, n);
	t[n] = 0;
	for (size_t i = 0; i < sizeof page_number_formats / sizeof page_number_formats[0]; i++) {
		const char *f = page_number_formats[i].fmt;
		if ((marked && !page_number_formats[i].marked) ||
		    (f[0] == '%' ? !is_digit(t[0]) : f[0] != t[0]) || !literals_in(f, t, n))
			continue; /* cheap refusals before sscanf */
		unsigned a, b = 0;
		int used = -1; /* %n: the whole line must match, up to its last literal */
		int got = page_number_formats[i].npar == 2
		              ? sscanf(t, page_number_formats[i].fmt, &a, &b, &used)
		              : sscanf(t, page_number_formats[i].fmt, &a, &used);
		if (got == page_number_formats[i].npar && used == (int)n &&
		    (page_number_formats[i].npar == 1 || a <= b))
			return 1;
	}
	if (marked)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(t[i]))
			return 0;
	return n <= 4;
}

/* Line s[0..n) is a year alone ("2023" under "Ekonomiskt utfall**": a header's, at the
 * page's foot above its table on the next page), no page number alone: a document
 * does not run to nineteen hundred pages. (Where it recurs, it is furniture still.) */
static int lone_year(const char *s, size_t n)
{
	trim_blanks(&s, &n);
	int y = 0;
	for (size_t i = 0; i < n && n == 4; i++)
		y = is_digit(s[i]) ? 10 * y + (s[i] - '0') : -1 - 10000;
	return y >= 1900 && y <= 2100;
}

/* A short line naming a web address (logo or footer): "regionvasterbotten.se ...". */
static int is_web_line(const char *s, size_t n)
{
	if (n > 80)
		return 0;
	for (size_t i = 0; i + 3 <= n; i++)
		if (s[i] == '.' && i > 2 && isalpha((unsigned char)s[i - 1]) &&
		    (!strncmp(s + i, ".se", 3) || !strncmp(s + i, ".nu", 3) ||
		     !strncmp(s + i, ".com", 4)) &&
		    (i + 3 == n || !isalpha((unsigned char)s[i + 3]) || !strncmp(s + i, ".com", 4)))
			return 1;
	return 0;
}

/* The bytes of blank_bytes and '.': the first word's scan in is_logo_line stops at
 * either, one look per byte. */
static const unsigned char blank_or_dot[256] = {
    [' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['.'] = 1,
};

/* A logo or address line found anywhere: its first word is a web address
 * ("regionvasterbotten.se m re..gion"), it has at most six words and does not end a
 * sentence. */
static int is_logo_line(const char *s, size_t n)
{
	while (n && blank_byte(*s))
		s++, n--;
	/* the first word, which must hold the "." of a web address: most do not, and are
	 * refused at its end */
	size_t w = 0, words = 1;
	while (w < n && !blank_or_dot[(unsigned char)s[w]])
		w++;
	if (w == n || s[w] != '.')
		return 0;
	while (w < n && !blank_byte(s[w]))
		w++;
	if (!is_web_line(s, w))
		return 0;
	while (n && blank_byte(s[n - 1]))
		n--;
	for (size_t i = w; i < n; i++)
		words += blank_byte(s[i]) && i + 1 < n && !blank_byte(s[i + 1]);
	return n && words <= 6 && s[n - 1] != '.' && is_web_line(s, w);
}

/* True when the em dash U+2014 is in s[0..n): memchr for its lead byte, which outside
 * quotation marks and dashes is rare in Swedish text, rather than memmem per line. */
static int has_em_dash(const char *s, size_t n)
{
	const char *end = s + n;
	for (const char *p = s; (p = memchr(p, 0xe2, (size_t)(end - p))) != NULL; p++)
		if (end - p >= 3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x94)
			return 1;
	return 0;
}

/* Line s, holding an em dash, is prose rather than a chart's legend: a sentence ends
 * inside it (". " before a capital), or an em dash joins two numbers as a range
 * ("under 16:e—19:e graviditetsveckan", "2020—2024"). A legend's line sample stands
 * between words or spaces ("[ Utfall —— Mål", "Utfall (%) —e—Mal"). */
static int prose_dash(const char *s, size_t n)
{
	for (size_t i = 0; i + 2 < n; i++) {
		unsigned char c = (unsigned char)s[i + 2];
		if (s[i] == '.' && s[i + 1] == ' ' &&
		    (isupper(c) || (c == 0xc3 && i + 3 < n && (unsigned char)s[i + 3] >= 0x80 &&
		                    (unsigned char)s[i + 3] <= 0x9e)))
			return 1;
	}
	const char *end = s + n;
	for (const char *p = s; (p = memchr(p, 0xe2, (size_t)(end - p))) != NULL; p++) {
		if (end - p < 4 || (unsigned char)p[1] != 0x80 || (unsigned char)p[2] != 0x94 ||
		    !is_digit(p[3]))
			continue;
		/* the token before the dash holds a digit */
		for (const char *q = p; q > s && !blank_byte(q[-1]); q--)
			if (is_digit(q[-1]))
				return 1;
	}
	return 0;
}

/* Splits a line into whitespace tokens; returns their count (at most max). */
static size_t tokens(const char *s, size_t n, const char **tok, size_t *tl, size_t max)
{
	size_t k = 0, i = 0;
	while (i < n && k < max) {
		i = skip_blanks(s, i, n);
		if (i >= n)
			break;
		size_t j = i;
		while (j < n && !blank_byte(s[j]))
			j++;
		tok[k] = s + i;
		tl[k++] = j - i;
		i = j;
	}
	return k;
}

/* A number behind the glyphs a ruling line leaves where the OCR read it as an em dash:
 * the dashes and a "1" glued before the minus sign ("—1-47426", "1-77", "—-15569,3"). */
static int ruled_number_token(const char *s, size_t n)
{
	size_t i = 0;
	while (n - i >= 3 && !memcmp(s + i, "\xe2\x80\x94", 3))
		i += 3;
	if (n - i >= 2 && s[i] == '1' && s[i + 1] == '-')
		i++;
	return i > 0 && i < n && s[i] == '-' && is_number_token(s + i, n - i);
}

/* A line with a letter in it. */
static int has_letter(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0xc3)
			return 1;
	return 0;
}

/* The bytes a line that is_figure_line takes by its first word can open with: a marker
 * ('.', '[', 'B'), a number token (is_number_token) or a period label ('T', 'Q'). */
static const unsigned char figure_first[256] = {
    ['.'] = 1, ['['] = 1, ['B'] = 1, ['T'] = 1, ['Q'] = 1, [','] = 1,
    ['%'] = 1, ['-'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1,
    ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
};

/* Chart debris: bare numbers, period labels ("T2 2024"), legends ("[ Utfall —— Mal"). */
static int is_figure_line(const char *s, size_t n)
{
	const char *tok[16];
	size_t tl[16];
	/* most lines are prose: the first word (after a marker) is no number and no period
	 * label, and there is no line sample, so none of the tests below can hold. A first
	 * byte that can open neither a marker, a number nor a period label decides it
	 * before the word is cut out: then only a line sample can make debris */
	size_t b = skip_blanks(s, 0, n);
	if (b < n && !figure_first[(unsigned char)s[b]] && !has_em_dash(s, n))
		return 0;
	size_t k = tokens(s, n, tok, tl, 1), f = 0;
	if (!k)
		return 0;
	if (tl[0] == 1 && (tok[0][0] == '.' || tok[0][0] == '[' || tok[0][0] == 'B'))
		f = tokens(s, n, tok, tl, 2) > 1; /* (the word after the marker) */
	if (tok[0][0] != '[' && !is_number_token(tok[f], tl[f]) &&
	    !(tl[f] == 2 && (tok[f][0] == 'T' || tok[f][0] == 'Q') && tok[f][1] >= '1' &&
	      tok[f][1] <= '4') &&
	    !has_em_dash(s, n))
		return 0;
	k = tokens(s, n, tok, tl, 16);
	if (!k || k >= 16)
		return 0;
	size_t i0 = 0;
	if (tl[0] == 1 && (tok[0][0] == '.' || tok[0][0] == '[' || tok[0][0] == 'B'))
		i0 = 1;
	size_t nums = 0, periods = 0, ruled = 0;
	for (size_t i = i0; i < k; i++) {
		ruled += ruled_number_token(tok[i], tl[i]);
		if (is_number_token(tok[i], tl[i]))
			nums++;
		else if (tl[i] == 2 && (tok[i][0] == 'T' || tok[i][0] == 'Q') && tok[i][1] >= '1' &&
		         tok[i][1] <= '4')
			periods++;
	}
	if (k > i0 && periods && periods + nums == k - i0)
		return 1; /* period labels */
	if (nums == k && k >= 3) {
		/* evenly spaced numbers (axis ticks) or all the same: not a row of years */
		long v[16];
		for (size_t i = 0; i < k; i++)
			v[i] = strtol(tok[i], NULL, 10);
		int even = 1;
		for (size_t i = 2; i < k; i++)
			if (v[i] - v[i - 1] != v[1] - v[0])
				even = 0;
		if (even && !(v[1] - v[0] == 1 && v[0] >= 1900 && v[0] <= 2100))
			return 1;
	}
	/* a legend with a line sample; a word followed by two numbers or more, the last at
	 * the end, is a table row whatever dash the OCR read into it ("Kollektivtrafik -28
	 * -79 —1-25 -26"), its last number too ("Helsingborg -41707 —1-47426") */
	int last_num =
	    is_number_token(tok[k - 1], tl[k - 1]) || ruled_number_token(tok[k - 1], tl[k - 1]);
	if (n < 80 && k <= 10 && has_em_dash(s, n) && !memchr(s, '|', n) && s[n - 1] != '.' &&
	    !prose_dash(s, n) &&
	    !(nums + ruled >= 2 && last_num && tl[0] >= 3 && has_letter(tok[0], tl[0])))
		return 1;
	if (tok[0][0] == '[' && k <= 3 && n <= 30)
		return 1;
	return 0;
}

/* A line that starts with a word and ends with two numbers or more: a table row
 * ("Personal 12 222"; one number may be a chart's tick after a line of text). */
static int is_label_row(const char *s, size_t n)
{
	const char *tok[16];
	size_t tl[16];
	size_t k = tokens(s, n, tok, tl, 16);
	if (k < 2)
		return 0;
	int word = 0;
	for (size_t i = 0; i < tl[0]; i++)
		word |= isalpha((unsigned char)tok[0][i]) || (unsigned char)tok[0][i] >= 0xc3;
	return word && k >= 3 && is_number_token(tok[k - 1], tl[k - 1]) &&
	       is_number_token(tok[k - 2], tl[k - 2]);
}

/* Line i is a row of a table: a label and two numbers or more, no chart debris. */
static int row_line(const page *p, const char *kind, size_t i)
{
	const char *t;
	size_t tn;
	page_line(p, i, &t, &tn);
	return kind[i] == K_BODY && is_label_row(t, tn) && !is_figure_line(t, tn);
}

/*
 * Line i, all numbers, belongs to a table rather than a chart: it sits between two lines of
 * text (the wrapped label of its row, as pdftotext -layout centres it), or a row with a
 * label and numbers is within three lines of it, with no blank line between. Budget rows of one
 * amount each year
 * ("7 7 7") or of even steps ("0 -60 -120") look like axis ticks otherwise.
 */
static int in_table(const page *p, const char *kind, size_t i)
{
	const char *t;
	size_t tn;
	if (i > 0 && i + 1 < p->n) {
		int text = 1;
		for (size_t j = i - 1; j <= i + 1; j += 2) {
			page_line(p, j, &t, &tn);
			text &= kind[j] == K_BODY && !line_blank(p, j) && has_letter(t, tn) &&
			        !is_figure_line(t, tn);
		}
		if (text)
			return 1;
	}
	for (int dir = -1; dir <= 1; dir += 2)
		for (size_t d = 1; d <= 3; d++) {
			if ((dir < 0 && d > i) || (dir > 0 && i + d >= p->n))
				break;
			size_t j = dir < 0 ? i - d : i + d;
			if (line_blank(p, j))
				break; /* the table ends at a blank line */
			if (row_line(p, kind, j))
				return 1;
		}
	return 0;
}

/* Line i is the label of a table row: a line of text shorter than cap bytes (a name, or
 * a name and its first numbers: "Norrköping 9 850"), no sentence, no chart debris. */
static int label_within(const page *p, const char *kind, size_t i, size_t cap)
{
	const char *t;
	size_t tn;
	page_line(p, i, &t, &tn);
	while (tn && (t[tn - 1] == '\n' || t[tn - 1] == '\r' || t[tn - 1] == ' '))
		tn--;
	return kind[i] == K_BODY && tn && tn < cap && has_letter(t, tn) && t[tn - 1] != '.' &&
	       t[tn - 1] != ':' && !is_figure_line(t, tn) && !has_em_dash(t, tn);
}

/* A short label: one that fits a table's label column (under 60 bytes). */
static int is_row_label(const page *p, const char *kind, size_t i)
{
	return label_within(p, kind, i, 60);
}

/* False when the line's first token cannot be a number token (is_number_token): its
 * first byte is no digit, ',', '%' or '-'. Decided at that byte, before the token is
 * cut out; most lines are prose and stop here. */
static int may_start_number(const char *s, size_t n)
{
	size_t i = skip_blanks(s, 0, n);
	return i < n && (is_digit(s[i]) || s[i] == ',' || s[i] == '%' || s[i] == '-');
}

/* Every token of the line is a bare number. */
static int all_numbers(const char *s, size_t n)
{
	const char *tok[16];
	size_t tl[16];
	if (!may_start_number(s, n) || !tokens(s, n, tok, tl, 1) || !is_number_token(tok[0], tl[0]))
		return 0; /* quickly, for the lines of prose */
	size_t k = tokens(s, n, tok, tl, 16);
	if (!k || k >= 16)
		return 0;
	for (size_t i = 0; i < k; i++)
		if (!is_number_token(tok[i], tl[i]))
			return 0;
	return 1;
}

/* The line is two numbers or more and nothing else. */
static int bare_row(const char *s, size_t n)
{
	const char *tok[2];
	size_t tl[2];
	return all_numbers(s, n) && tokens(s, n, tok, tl, 2) == 2;
}

/* The line is one amount with decimals of more digits than a number token allows
 * ("3947059,4", "-42357062,0"): a table's cell (a phone or an id number has no comma). */
static int is_amount(const char *s, size_t n)
{
	const char *tok[2];
	size_t tl[2];
	if (!may_start_number(s, n) || tokens(s, n, tok, tl, 2) != 1)
		return 0;
	size_t i = tok[0][0] == '-', d = 0, commas = 0;
	for (; i < tl[0]; i++) {
		if (is_digit(tok[0][i]))
			d++;
		else if (tok[0][i] == ',' && d && i + 1 < tl[0])
			commas++;
		else
			return 0;
	}
	return commas == 1 && d <= 15;
}

static int is_lone_number(const char *s, size_t n)
{
	const char *tok[2];
	size_t tl[2];
	return may_start_number(s, n) && tokens(s, n, tok, tl, 2) == 1 &&
	       is_number_token(tok[0], tl[0]);
}

/* all_numbers of line i of p. */
static int line_all_numbers(const page *p, size_t i)
{
	return p->facts.data[i] & F_NUMS;
}

/* is_lone_number of line i of p. */
static int line_lone_number(const page *p, size_t i)
{
	return p->facts.data[i] & F_LONE;
}

/* Line i of p may be a table's cell in a run of numbers one cell a line: a body line of
 * bare numbers or one long amount ("3947059,4"). */
static int run_cell(const page *p, const char *kind, size_t i)
{
	const char *t;
	size_t tn;
	page_line(p, i, &t, &tn);
	return kind[i] == K_BODY && (line_all_numbers(p, i) || is_amount(t, tn));
}

/* Line i of p is one digit group of a number and nothing else: three digits, the first
 * a zero ("035"). A chart's tick or a number in prose never opens with a zero; -raw
 * prints a table's cell one digit group a line ("73" / "035"). */
static int group_alone(const page *p, size_t i)
{
	const char *t;
	size_t tn;
	page_line(p, i, &t, &tn);
	size_t b = skip_blanks(t, 0, tn), e = tn;
	while (e > b && (t[e - 1] == '\n' || t[e - 1] == '\r' || blank_byte(t[e - 1])))
		e--;
	return line_lone_number(p, i) && e - b == 3 && t[b] == '0' && is_digit(t[b + 1]) &&
	       is_digit(t[b + 2]);
}

/* A line of the run [h, j) is a digit group alone (group_alone). */
static int run_has_group(const page *p, size_t h, size_t j)
{
	for (size_t i = h; i < j; i++)
		if (group_alone(p, i))
			return 1;
	return 0;
}

/* The facts (enum fact) of the line s[0..n), kind k as read, blank or not. */
static char line_facts(const char *s, size_t n, char k, int blank)
{
	if (blank)
		return F_BLANK;
	int f = k == K_BODY && page_number(s, n, 1) ? F_PAGENO : 0;
	if (may_start_number(s, n)) /* (most lines are refused here at once) */
		f |= (all_numbers(s, n) ? F_NUMS : 0) | (is_lone_number(s, n) ? F_LONE : 0);
	return (char)f;
}

static int is_protected(const char *s, size_t n)
{
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	if (n >= 2 && s[0] == '|' && s[n - 1] == '|')
		return 1;
	return n >= 4 && !memcmp(s, "<!--", 4);
}

/* The leading dotted section number of s ("1.4", "2.1.3", "3.") into sec without its
 * final dot, or "" when s (after its indent) does not open with digits and dots holding
 * a dot, then a space and more text. A page number ("12 Rapport") has no dot. */
static void section_number(const char *s, size_t n, char sec[SECTION_MAX])
{
	size_t i = skip_blanks(s, 0, n), k = 0, dots = 0;
	sec[0] = 0;
	if (i >= n || !is_digit(s[i]))
		return;
	for (; i < n && (is_digit(s[i]) || s[i] == '.'); i++) {
		if (s[i] == '.' && s[i - 1] == '.')
			return; /* a leader of dots, no section number */
		if (k + 1 >= SECTION_MAX)
			return;
		dots += s[i] == '.';
		sec[k++] = s[i];
	}
	if (!dots || i >= n || s[i] != ' ') {
		sec[0] = 0;
		return;
	}
	if (sec[k - 1] == '.')
		k--;
	sec[k] = 0;
}

/* The number that opens s (after its indent) when one to four digits stand before a
 * letter with one space between ("2 Digitalisering", "12 Årsrapport 2024"): a heading's
 * number or a page number in front of a running header; -1 for other lines. */
static long lead_number(const char *s, size_t n)
{
	size_t i = skip_blanks(s, 0, n), d;
	long v = 0;
	for (d = 0; i < n && is_digit(s[i]) && d < 5; i++, d++)
		v = v * 10 + (s[i] - '0');
	if (d == 0 || d > 4 || i + 1 >= n || s[i] != ' ')
		return -1;
	unsigned char c = (unsigned char)s[i + 1];
	return isalpha(c) || c >= 0xc0 ? v : -1;
}

/* True when a line of p opens with the dotted section number lead.N ("2.1 Ekonomi"
 * under "2 Digitalisering"). */
static int has_subsection(const page *p, long lead)
{
	for (size_t i = 0; i < p->n; i++) {
		const char *s;
		size_t n, k = 0;
		long v = 0;
		char sec[SECTION_MAX];
		page_line(p, i, &s, &n);
		section_number(s, n, sec);
		while (is_digit(sec[k]) && k < 5)
			v = v * 10 + (sec[k++] - '0');
		if (k && v == lead && sec[k] == '.' && is_digit(sec[k + 1]))
			return 1;
	}
	return 0;
}

/* The number tokens that end the line s after a label of words ("Patientavgifter 2472
 * 896 6382": 3), or 0. */
static int row_cells(const char *s, size_t n)
{
	const char *tok[16];
	size_t tl[16];
	size_t k = tokens(s, n, tok, tl, 16), c = 0;
	if (k >= 16 || !k || !has_letter(tok[0], tl[0]))
		return 0;
	while (c < k && is_number_token(tok[k - 1 - c], tl[k - 1 - c]))
		c++;
	return (int)c;
}

/* The edge line key of s: its fields, whether one is a bare number, and its leading
 * section number. */
static void edge_key(const char *s, size_t n, edge_line *e)
{
	e->nparts = 0;
	e->numbered = 0;
	e->cells = row_cells(s, n);
	e->in_rows = 0;
	e->lead = lead_number(s, n);
	e->sec_lead = 0;
	section_number(s, n, e->section);
	size_t i = 0;
	while (i < n) {
		i = skip_blanks(s, i, n);
		size_t j = i;
		while (j < n && !(blank_byte(s[j]) && j + 1 < n && blank_byte(s[j + 1])) &&
		       s[j] != '\t')
			j++;
		while (j > i && blank_byte(s[j - 1]))
			j--;
		if (j > i) {
			char key[KEY_MAX];
			line_key(s + i, j - i, key);
			if (key[0] && e->nparts < MAX_PARTS)
				memcpy(e->parts[e->nparts++], key, KEY_MAX);
			else if (!key[0])
				for (size_t k = i; k < j; k++)
					e->numbered |= is_digit(s[k]) != 0;
		}
		i = j + 1;
	}
	/* the key of the line's end, where a footer glued to a line of text stands */
	size_t t = KEY_MAX - 1;
	e->tail[t] = 0;
	for (i = n; i > 0 && t > 0; i--) {
		unsigned char c = (unsigned char)s[i - 1];
		if (!(isdigit(c) || isspace(c) || c == '.' || c == '-' || c == '/'))
			e->tail[--t] = (char)tolower(c);
	}
	memmove(e->tail, e->tail + t, KEY_MAX - t);
	e->nwords = 0;
	if (e->nparts == 1) {
		/* the key's length where each word but the first starts, counted as line_key
		 * counts (the fields of digits only add nothing to the one key) */
		size_t k = 0;
		int gap = 0;
		for (i = 0; i < n && k + 1 < KEY_MAX; i++) {
			unsigned char c = (unsigned char)s[i];
			if (isspace(c)) {
				gap = 1;
				continue;
			}
			if (isdigit(c) || c == '.' || c == '-' || c == '/')
				continue;
			if (gap && k && e->nwords < MAX_WORDS)
				e->word[e->nwords++] = (unsigned char)k;
			gap = 0;
			k++;
		}
	}
}

/* A running header as it is laid out, seen once: two or three fields of text (each with
 * three or more letters, none ending a sentence) held apart by a gap of eight or more
 * spaces ("Dnr RS/595/2023          Tjänsteskrivelse"). */
static int header_layout(const char *s, size_t n)
{
	size_t fields = 0, wide = 0, i = 0;
	while (i < n && s[i] == ' ')
		i++;
	size_t first = i; /* where the first field starts, after the indent */
	while (i < n) {
		size_t j = i, letters = 0, digits = 0;
		while (j < n && !(s[j] == ' ' && j + 1 < n && s[j + 1] == ' ')) {
			letters += isalpha((unsigned char)s[j]) || (unsigned char)s[j] >= 0xc0;
			digits += is_digit(s[j]) != 0;
			j++;
		}
		size_t e = j;
		while (e > i && s[e - 1] == ' ')
			e--;
		if (digits == e - i && digits <= 4 && (i == first || j >= n))
			; /* a page number beside the header */
		else if (letters < 3 || (e > i && s[e - 1] && strchr(".!?", s[e - 1])) ||
		         ++fields > 3)
			return 0;
		size_t g = j;
		while (g < n && s[g] == ' ')
			g++;
		if (g < n && g - j >= 8)
			wide++;
		i = g;
	}
	return fields >= 2 && wide >= 1;
}

/* Two fields are the same running text: fuzzily when long enough, else exactly. */
static int part_match(const char *a, const char *b)
{
	if (strlen(a) >= 4 && strlen(b) >= 4)
		return keys_match(a, b);
	return strcmp(a, b) == 0;
}

/* One-field edge lines a and b hold the same words with their order turned at a word
 * start of a: "Tjänsteskrivelse Dnr RS/595/2023" and "Dnr RS/595/2023 Tjänsteskrivelse",
 * a header whose fields swap on even pages as pdftotext -raw writes it (one space
 * between the fields, so they are one field here). Exactly, as pdftotext writes it. */
static int rotated(const edge_line *a, const edge_line *b)
{
	size_t n = strlen(a->parts[0]);
	if (!a->nwords || !b->nwords || strlen(b->parts[0]) != n)
		return 0;
	for (int w = 0; w < a->nwords; w++) {
		size_t r = a->word[w];
		if (r < n && a->parts[0][r] == b->parts[0][0] &&
		    !memcmp(b->parts[0], a->parts[0] + r, n - r) &&
		    !memcmp(b->parts[0] + n - r, a->parts[0], r))
			return 1;
	}
	return 0;
}

/* Two edge lines have the same fields, in any order (alternating headers swap them), and
 * the same leading section number: the keys drop digits, so two numbered headings at the
 * top of pages ("1.4 Tillgänglighet", "1.5 Tillgänglighet") are told apart by it, while
 * a page number beside the text still varies freely. */
static int lines_match(const edge_line *a, const edge_line *b)
{
	if (!a->nparts || a->nparts != b->nparts || strcmp(a->section, b->section))
		return 0;
	/* rows of two tables with one label ("Patientavgifter 70" at the foot of a page in a
	 * run of rows of one number, "Patientavgifter 2472 896 6382" at the next one's) */
	if (a->cells != b->cells && (a->in_rows || b->in_rows))
		return 0;
	/* nor is a heading's number without a dot a page number ("2 Digitalisering" and "3
	 * Digitalisering"): where either page has a section under it ("2.1"), the numbers
	 * must be equal */
	if (a->lead >= 0 && b->lead >= 0 && a->lead != b->lead && (a->sec_lead || b->sec_lead))
		return 0;
	if (a->nparts == 1 && rotated(a, b))
		return 1;
	int used[MAX_PARTS] = {0};
	for (int i = 0; i < a->nparts; i++) {
		int found = 0;
		for (int j = 0; j < b->nparts && !found; j++)
			if (!used[j] && part_match(a->parts[i], b->parts[j]))
				used[j] = found = 1;
		if (!found)
			return 0;
	}
	return 1;
}

/* The edge lines of p into e: the first and last EDGE lines with text that are still
 * body (a line judged furniture or debris is passed by, as a rerun would not see it). */
static void collect_edges(const page *p, edges *e, const edges *prev)
{
	memset(e, 0, sizeof *e);
	const char *kind = p->kinds.data;
	for (int side = 0; side < 2; side++)
		for (size_t k = 0; !p->cut[side] && k < p->n && e->n[side] < EDGE; k++) {
			size_t i = side ? p->n - 1 - k : k;
			const char *s;
			size_t n;
			page_line(p, i, &s, &n);
			if (is_blank(s, n) || kind[i] != K_BODY)
				continue;
			if (is_protected(s, n))
				break;
			edge_line *l = &e->at[side][e->n[side]];
			size_t j = 0;
			while (prev && j < prev->n[side] && prev->at[side][j].line != i)
				j++;
			if (prev && j < prev->n[side])
				*l = prev->at[side][j]; /* keyed in the round before */
			else {
				edge_key(s, n, l);
				/* a number in front of an edge line is a heading's where its
				 * section follows */
				if (l->lead >= 0)
					l->sec_lead = has_subsection(p, l->lead);
				if (l->cells && (side ? i > 0 : i + 1 < p->n)) {
					const char *t;
					size_t tn;
					page_line(p, side ? i - 1 : i + 1, &t, &tn);
					l->in_rows = row_cells(t, tn) == l->cells;
				}
			}
			l->outer = e->n[side] == 0;
			l->line = i;
			e->n[side]++;
		}
}

/* Finds the edge lines of p (collect_edges) once, into p->e: what its neighbours and
 * the pages after it compare their own edges with. */
static void find_edges(page *p)
{
	if (p->have_edges)
		return;
	collect_edges(p, &p->e, NULL);
	p->have_edges = 1;
}

/* A web address line at a page edge that is furniture, not text: a logo line (the
 * address first, no sentence) that the next line does not go on in lower case, or an
 * address among fields ("Region X | Box 123 | www.x.se", or laid out with wide gaps). */
static int web_furniture(const page *p, size_t i)
{
	const char *s, *t;
	size_t n, tn;
	page_line(p, i, &s, &n);
	if (!is_web_line(s, n))
		return 0;
	if ((memchr(s, '|', n) || memmem(s, n, "   ", 3)) && s[n - 1] != '.')
		return 1;
	if (!is_logo_line(s, n))
		return 0;
	for (size_t j = i + 1; j < p->n; j++) {
		page_line(p, j, &t, &tn);
		while (tn && blank_byte(*t))
			t++, tn--;
		if (!tn)
			continue;
		return !islower((unsigned char)*t) &&
		       !((unsigned char)*t == 0xc3 && tn > 1 && (unsigned char)t[1] >= 0xa0);
	}
	return 1;
}

/* In how many of the given pages the edge line l recurs on the same side. */
static size_t recurs(const edge_line *l, int side, const edges *const *pages, size_t np)
{
	size_t c = 0;
	for (size_t q = 0; q < np; q++) {
		if (!pages[q])
			continue;
		int hit = 0;
		for (size_t j = 0; j < pages[q]->n[side] && !hit; j++)
			hit = lines_match(l, &pages[q]->at[side][j]);
		c += (size_t)hit;
	}
	return c;
}

/* Shortest key of a running footer that is looked for glued to a line of text. */
#define GLUE_MIN 12

/* The bottom edge line e ends with the footer f glued to it (glued_at), as far as
 * their keys tell. */
static int ends_with_footer(const edge_line *e, const edge_line *f, int side)
{
	size_t et = strlen(e->tail), fl = strlen(f->parts[0]);
	return side == 1 && f->nparts == 1 && fl >= GLUE_MIN && fl + 1 < KEY_MAX && et > fl &&
	       !strcmp(e->tail + et - fl, f->parts[0]);
}

/* The pages an edge line is compared with: the two written last and the LOOKAHEAD read
 * after (close), the older ones remembered (far), and all of them with their place
 * from the page judged (-1 the page before, 1 the page after). */
typedef struct neighbours {
	const edges *close[2 + LOOKAHEAD], *far[KEEP_PAGES];
	size_t nn, nf;
	const edges *all[KEEP_PAGES + LOOKAHEAD];
	int off[KEEP_PAGES + LOOKAHEAD];
	size_t na;
} neighbours;

/* Whether a page lacks the edge line l that recurs on one neighbour only: a running line
 * is on every page, or on every other one (headers of even and odd pages), but a cover
 * (the input's first page); a heading that ends or opens two pages by chance ("Förslag
 * till beslut" at the foot of pages 1 and 2 of 3) is on those two only. With the one
 * page it recurs on next to this one, every neighbour is looked at; two pages off, the
 * pages an even number of pages off. */
static int missed(const edge_line *l, int side, const neighbours *nb)
{
	int at = 0;
	for (size_t q = 0; q < nb->na && !at; q++)
		for (size_t j = 0; nb->all[q] && j < nb->all[q]->n[side] && !at; j++)
			if (lines_match(l, &nb->all[q]->at[side][j]))
				at = nb->off[q];
	for (size_t q = 0; q < nb->na; q++) {
		const edges *e = nb->all[q];
		if (!e || !e->n[side] || e->first || nb->off[q] == at ||
		    ((at == 2 || at == -2) && nb->off[q] % 2))
			continue;
		int hit = 0;
		for (size_t j = 0; j < e->n[side] && !hit; j++)
			hit = lines_match(l, &e->at[side][j]) ||
			      ends_with_footer(&e->at[side][j], l, side);
		if (!hit)
			return 1;
	}
	return 0;
}

/* A lone number (is_lone_number) that reads as a year, 1900 to 2100. */
static int is_year(const char *s, size_t n)
{
	trim_blanks(&s, &n);
	if (n != 4)
		return 0;
	int v = 0;
	for (size_t i = 0; i < 4; i++) {
		if (!is_digit(s[i]))
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v >= 1900 && v <= 2100;
}

/* Line i (a lone number) and the start of the line after it read as an amount: "655" /
 * "miljoner kronor", "12" / "procent" (the number grammar's units, swnum.c). */
static int amount_on_next(const page *p, size_t i)
{
	if (i + 1 >= p->n)
		return 0;
	const char *s, *t;
	size_t n, tn;
	page_line(p, i, &s, &n);
	page_line(p, i + 1, &t, &tn);
	trim_blanks(&s, &n);
	char buf[64];
	size_t k = tn < 32 ? tn : 32;
	if (!n || n + 1 + k > sizeof buf)
		return 0;
	memcpy(buf, s, n);
	buf[n] = ' ';
	memcpy(buf + n + 1, t, k);
	size_t pos = 0;
	tv_swamount a;
	return tv_swnum_find(buf, n + 1 + k, &pos, &a) && a.start == 0 && a.num_end == n;
}

/* The nearest line to line i in direction dir (-1 up, 1 down), past at most one blank
 * line, when it is chart debris (K_FIG); SIZE_MAX otherwise. */
static size_t debris_near(const page *p, const char *kind, size_t i, int dir)
{
	for (int blanks = 0; blanks <= 1; blanks++) {
		if ((dir < 0 && i == 0) || (dir > 0 && i + 1 >= p->n))
			return SIZE_MAX;
		i = dir < 0 ? i - 1 : i + 1;
		if (kind[i] == K_FIG)
			return i;
		if (kind[i] != K_BODY || !line_blank(p, i))
			return SIZE_MAX;
	}
	return SIZE_MAX;
}

/* Rounds of judge_edges after the first: each judges the edge lines left once the
 * furniture found is taken away. */
#define EDGE_ROUNDS 4
#define MEMO_MAX    (2 * EDGE * (EDGE_ROUNDS + 1))

/* How often the edge lines of a page recur on its neighbours (recurs: close, far), by
 * line, so that the rounds of judge_edges count a line once. */
typedef struct recurrence {
	size_t line[MEMO_MAX], cn[MEMO_MAX], cf[MEMO_MAX];
	int side[MEMO_MAX];
	size_t n;
} recurrence;

/* The line opens with a word (a row's label): a letter is its first character. */
static int opens_word(const char *s, size_t n)
{
	size_t i = skip_blanks(s, 0, n);
	return i < n && (isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0xc3);
}

/* Line i of p (a lone number) ends a number -layout wrapped in its cell: a number
 * opens one of the two lines above it and ends in the decimal mark ("1224879," /
 * "Göteborg  501019,8" / "4"), or the line two above is numbers alone starting in its
 * column, its row's label between ("-429" / "Norrköping  279 120" / "279", "4 343" /
 * "Finansiella kostnader  1 428 817" / "401"). It is that number's rest, not a page
 * number. */
static int wrapped_tail(const page *p, size_t i)
{
	for (size_t j = i >= 2 ? i - 2 : 0; j < i; j++) {
		const char *t;
		size_t tn;
		page_line(p, j, &t, &tn);
		while (tn && blank_byte(t[tn - 1]))
			tn--;
		size_t a = skip_blanks(t, 0, tn);
		if (tn - a >= 2 && t[tn - 1] == ',' && is_digit(t[tn - 2]) && is_digit(t[a]))
			return 1;
	}
	if (i < 2)
		return 0;
	const char *s, *t, *u;
	size_t n, tn, un;
	page_line(p, i, &s, &n);
	page_line(p, i - 1, &t, &tn);
	page_line(p, i - 2, &u, &un);
	size_t xs = 0, xu = 0;
	while (xs < n && s[xs] == ' ')
		xs++;
	while (xu < un && u[xu] == ' ')
		xu++;
	/* a number that goes on ends its line in a digit: "20 %" over a web address and
	 * the page number is a chart's last tick, complete */
	while (un && blank_byte(u[un - 1]))
		un--;
	/* (columns counted in bytes: both lines open with spaces before their digits) */
	return line_all_numbers(p, i - 2) && un && is_digit(u[un - 1]) && xu + 2 >= xs &&
	       xu <= xs + 2 && opens_word(t, tn);
}

/* Digits after the decimal mark of number token s[0..n) (0: none). */
static size_t token_decimals(const char *s, size_t n)
{
	const char *c = memchr(s, ',', n);
	size_t d = 0;
	for (size_t i = c ? (size_t)(c - s) + 1 : n; i < n; i++)
		d += is_digit(s[i]);
	return d;
}

/* Line i of p (a lone number) is the last digit group of a number -raw wrapped in its
 * cell, the number's head on the line above, alone, under the row's line or its other
 * cells' ("Södermanland 5 004 666" / "7 790" / "274", "Transporter" / "6 935" / "629" /
 * "1 680" / "857", a page break after): three digits under a line of numbers alone that
 * ends in a digit group after a space, under a row of a label and numbers or a line of
 * numbers alone. A page number is no digit group. */
static int wrapped_group(const page *p, const char *kind, size_t i)
{
	const char *s, *t, *tok[16], *g[2];
	size_t n, tn, tl[16], gl[2];
	if (i < 2 || !line_all_numbers(p, i - 1) ||
	    !(row_line(p, kind, i - 2) || line_all_numbers(p, i - 2)))
		return 0;
	page_line(p, i, &s, &n);
	page_line(p, i - 1, &t, &tn);
	size_t k = tokens(t, tn, tok, tl, 16);
	if (tokens(s, n, g, gl, 2) != 1 || k < 2 || k >= 16)
		return 0;
	return gl[0] == 3 && is_digit(g[0][0]) && is_digit(g[0][1]) && is_digit(g[0][2]) &&
	       tl[k - 1] == 3 && is_digit(tok[k - 1][0]) && is_digit(tok[k - 2][tl[k - 2] - 1]);
}

/* Line i of p (a lone number) is the cell of a table row whose label wrapped over one
 * or two lines of words right above it, under a row of a label and numbers whose last
 * has its decimals ("Ortopedi 7" / "Medel till länsstyrelserna för tillsyn och
 * vägledning enligt" / "miljöbalken" / "7"; -layout writes the number between the
 * label's lines). It is that row's number, not a page number. A line with a digit, a
 * colon or a full stop is no label's part ("Källa: SCB"). */
static int wrapped_label_cell(const page *p, size_t i)
{
	const char *s, *t, *tok[16];
	size_t n, tn, tl[16], j = i;
	page_line(p, i, &s, &n);
	if (tokens(s, n, tok, tl, 1) != 1)
		return 0;
	size_t dec = token_decimals(tok[0], tl[0]);
	while (j > 0 && i - j < 2) {
		page_line(p, j - 1, &t, &tn);
		if (!opens_word(t, tn) || memchr(t, ':', tn) || line_blank(p, j - 1))
			break;
		size_t d = 0;
		while (d < tn && !is_digit(t[d]))
			d++;
		while (tn && blank_byte(t[tn - 1]))
			tn--;
		if (d < tn || t[tn - 1] == '.')
			break;
		j--;
	}
	if (j == i || j == 0 || line_blank(p, j - 1))
		return 0;
	page_line(p, j - 1, &t, &tn);
	size_t k = tokens(t, tn, tok, tl, 16);
	return k >= 2 && k < 16 && opens_word(t, tn) && is_number_token(tok[k - 1], tl[k - 1]) &&
	       token_decimals(tok[k - 1], tl[k - 1]) == dec;
}

/* Line i is the unit of a -layout table's cell, wrapped under its number: one unit word
 * alone ("mnkr", "tkr"), indented, and one of the two lines above holds a number that
 * starts in its column ("-6,59" / "Generella statsbidrag och utjämning" / "mnkr"). A
 * table whose every cell wraps so repeats it at the foot of each page: it is data. */
static int wrapped_unit(const page *p, size_t i)
{
	const char *s, *tok[2];
	size_t n, tl[2];
	page_line(p, i, &s, &n);
	if (tokens(s, n, tok, tl, 2) != 1 || tok[0] - s < 8 || tl[0] > 16)
		return 0;
	char buf[20] = "1 ";
	memcpy(buf + 2, tok[0], tl[0]);
	tv_swnum v;
	if (!tv_swnum_cell(buf, tl[0] + 2, &v) || v.unit == TV_UNIT_NONE)
		return 0;
	size_t x = tv_utf8_chars(s, (size_t)(tok[0] - s));
	for (size_t j = i; j-- > 0 && j + 2 >= i;) {
		const char *t, *w[16];
		size_t tn, wl[16];
		page_line(p, j, &t, &tn);
		size_t k = tokens(t, tn, w, wl, 16);
		for (size_t q = 0; q < k; q++) {
			size_t xq = tv_utf8_chars(t, (size_t)(w[q] - t));
			if (is_number_token(w[q], wl[q]) && xq + 2 >= x && xq <= x + 2)
				return 1;
		}
	}
	return 0;
}

/* Line i of p is a sentence that goes on: eight words or more, no sentence end or colon
 * at its end, and the next line opens in lower case ("Tabellen nedan visar fördelningen
 * per område. Beloppen avser helår och anges i" / "löpande priser. ..."). A running line
 * stands by itself; a report's opening sentence that recurs at the top of another page,
 * its figures changed, is text. */
static int sentence_goes_on(const page *p, size_t i)
{
	const char *s, *t, *tok[8];
	size_t n, tn, tl[8];
	page_line(p, i, &s, &n);
	while (n && blank_byte(s[n - 1]))
		n--;
	if (i + 1 >= p->n || tokens(s, n, tok, tl, 8) < 8 || strchr(".!?:", s[n - 1]))
		return 0;
	page_line(p, i + 1, &t, &tn);
	while (tn && blank_byte(*t))
		t++, tn--;
	return tn && (islower((unsigned char)*t) ||
	              ((unsigned char)*t == 0xc3 && tn > 1 && (unsigned char)t[1] >= 0xa0));
}

/* Judges the edge lines e of p (page numbers, web addresses, lines recurring at the same
 * edge of the neighbours, a running header seen once); returns how many lines it made
 * furniture. */
static size_t judge_edges(const state *st, page *p, const edges *e, const neighbours *nb,
                          int trusted, recurrence *memo)
{
	char *kind = p->kinds.data;
	size_t made = 0;
	int pageno[2][EDGE] = {{0}}, lone[2][EDGE] = {{0}};
	for (int side = 0; side < 2; side++)
		for (size_t k = 0; k < e->n[side]; k++) {
			const char *s;
			size_t n;
			page_line(p, e->at[side][k].line, &s, &n);
			pageno[side][k] =
			    k < PAGENO_EDGE && page_number(s, n, 0) && !lone_year(s, n);
			lone[side][k] = is_lone_number(s, n);
		}
	/* a lone number is a page number only alone: one beside another is data or an axis;
	 * so is one with a table's row nearer the edge than it, a cell of the row above
	 * that row ("(Länsstyrelserna)" / "19" / "Digital identitetsplånbok 24 32 34"), or
	 * one between two lines of numbers, a cell's groups that -raw wrote over two lines
	 * ("4 343" / "401" / "1 428 817") */
	for (int side = 0; side < 2; side++)
		for (size_t k = 0; k < e->n[side] && k < PAGENO_EDGE; k++)
			if (lone[side][k] &&
			    ((k > 0 && lone[side][k - 1]) ||
			     (k > 0 && k + 1 < e->n[side] &&
			      line_all_numbers(p, e->at[side][k - 1].line) &&
			      line_all_numbers(p, e->at[side][k + 1].line)) ||
			     (k + 1 < e->n[side] && lone[side][k + 1]) ||
			     (k > 0 && row_line(p, kind, e->at[side][k - 1].line)) ||
			     wrapped_tail(p, e->at[side][k].line) ||
			     wrapped_group(p, kind, e->at[side][k].line) ||
			     wrapped_label_cell(p, e->at[side][k].line)))
				pageno[side][k] = 0;
	for (int side = 0; side < 2; side++)
		for (size_t k = 0; k < e->n[side]; k++) {
			const edge_line *l = &e->at[side][k];
			if (kind[l->line] != K_BODY)
				continue;
			if (k < PAGENO_EDGE && (pageno[side][k] || web_furniture(p, l->line))) {
				kind[l->line] = K_FURN;
				made++;
				continue;
			}
			/* a row of bare numbers ("79,1  46,0  49,9": a table's cells, its label
			 * on the line above) runs over no pages: it is data, whatever lines of
			 * numbers the neighbours hold at that edge; so is one amount with
			 * decimals, a cell -raw wrote on a line of its own ("7 905" / "117,12"),
			 * which no page number or running line is */
			const char *s;
			size_t n;
			page_line(p, l->line, &s, &n);
			if (bare_row(s, n) || is_amount(s, n) || wrapped_unit(p, l->line) ||
			    (!side && sentence_goes_on(p, l->line)))
				continue;
			size_t cn, cf, m = 0;
			while (m < memo->n && (memo->line[m] != l->line || memo->side[m] != side))
				m++;
			if (m < memo->n) {
				cn = memo->cn[m];
				cf = memo->cf[m];
			} else {
				cn = recurs(l, side, nb->close, nb->nn);
				cf = recurs(l, side, nb->far, nb->nf);
				if (memo->n < MEMO_MAX) {
					memo->line[memo->n] = l->line;
					memo->side[memo->n] = side;
					memo->cn[memo->n] = cn;
					memo->cf[memo->n++] = cf;
				}
			}
			/* laid out as a running line: fields, a page number in it or beside it */
			int layout = l->nparts > 1 || l->numbered ||
			             (k > 0 && pageno[side][k - 1]) ||
			             (k + 1 < EDGE && pageno[side][k + 1]);
			/* on one other page only, it must be on every page there is (but a
			 * cover) */
			if (trusted ? (cn + cf >= 2 ||
			               (cn >= 1 && (l->outer || layout) && !missed(l, side, nb)))
			            : (layout && cn + cf >= 1)) {
				kind[l->line] = K_FURN;
				made++;
			}
		}
	/* the top line of a page after a form feed laid out as a running header, a blank line
	 * under it and no table row after: a running header seen once (a short document); so
	 * too after a lost form feed (a line opening with one space) where furniture was
	 * removed at the bottom of the page before ("1" / " Årsrapport 2024    Region X") */
	if ((p->ff || (p->guessed && st->bottom_furn)) && e->n[0] &&
	    kind[e->at[0][0].line] == K_BODY) {
		size_t i = e->at[0][0].line;
		const char *s, *t = "", *u = "";
		size_t n, tn = 0, un = 0;
		page_line(p, i, &s, &n);
		if (i + 1 < p->n)
			page_line(p, i + 1, &t, &tn);
		if (e->n[0] > 1)
			page_line(p, e->at[0][1].line, &u, &un);
		while (un && *u == ' ')
			u++, un--;
		if (header_layout(s, n) && i + 1 < p->n && is_blank(t, tn) &&
		    !memmem(u, un, "  ", 2)) {
			kind[i] = K_FURN;
			made++;
		}
	}
	return made;
}

/* Where the footer of key f starts in line s when the line ends with it glued to a word
 * of text: the letters of the line's tail (counted from its end as line_key counts them)
 * are f, and the byte before the tail is a lower-case letter with the tail opening in
 * upper case ("... förödande konsePostadress: Kommunhuset, ..."), or a space where the
 * tail is no prose (a '|' or a web address in it: "... Siriusprojektet Region Exempel |
 * Box 123 | ..."). pdftotext writes so where a page's last line of text ends in a hyphen:
 * it drops the hyphen and joins the next line, the footer. 0 when the line does not end
 * so. */
static size_t glued_at(const char *s, size_t n, const char *f)
{
	size_t k = strlen(f), i = n;
	while (n && blank_byte(s[n - 1]))
		n--;
	i = n;
	while (i > 0 && k > 0) {
		unsigned char c = (unsigned char)s[--i];
		if (isdigit(c) || isspace(c) || c == '.' || c == '-' || c == '/')
			continue;
		if ((char)tolower(c) != f[--k])
			return 0;
	}
	if (k || i < 2 || !has_letter(s, i))
		return 0;
	unsigned char b = (unsigned char)s[i - 1], t = (unsigned char)s[i];
	if (b == ' ')
		return (memchr(s + i, '|', n - i) || is_web_line(s + i, n - i)) &&
		               !blank_byte(s[i - 2])
		           ? i
		           : 0;
	int lower = islower(b) || (s[i - 2] == (char)0xc3 && b >= 0xa0 && b <= 0xbf);
	int upper = isupper(t) || (t == 0xc3 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
	                           (unsigned char)s[i + 1] <= 0x9e);
	return lower && upper ? i : 0;
}

/* How many of the pages pages[0..np) have a one-field bottom edge line of key f. */
static size_t footer_pages(const char *f, const edges *const *pages, size_t np)
{
	size_t c = 0;
	for (size_t q = 0; q < np; q++) {
		int hit = 0;
		for (size_t j = 0; pages[q] && j < pages[q]->n[1] && !hit; j++)
			hit = pages[q]->at[1][j].nparts == 1 &&
			      !strcmp(pages[q]->at[1][j].parts[0], f);
		c += (size_t)hit;
	}
	return c;
}

/* A running footer glued to the last line of text of p (glued_at): the footer is the
 * bottom line of two other pages or more; it is noted in p->glue_line and p->glue_at. */
static void glued_footer(page *p, const neighbours *nb, const edges *prev)
{
	edges left;
	collect_edges(p, &left, prev);
	p->glue_at = 0;
	if (!left.n[1])
		return;
	size_t i = left.at[1][0].line;
	const char *s;
	size_t n;
	page_line(p, i, &s, &n);
	const edges *const *sets[2] = {nb->close, nb->far};
	size_t sizes[2] = {nb->nn, nb->nf};
	for (int w = 0; w < 2; w++)
		for (size_t q = 0; q < sizes[w]; q++)
			for (size_t j = 0; sets[w][q] && j < sets[w][q]->n[1]; j++) {
				const edge_line *l = &sets[w][q]->at[1][j];
				size_t fl = strlen(l->parts[0]), at;
				if (l->nparts != 1 || fl < GLUE_MIN || fl + 1 >= KEY_MAX ||
				    !(at = glued_at(s, n, l->parts[0])) ||
				    footer_pages(l->parts[0], nb->close, nb->nn) +
				            footer_pages(l->parts[0], nb->far, nb->nf) <
				        2)
					continue;
				p->glue_line = i;
				p->glue_at = at;
				return;
			}
}

/* Classifies every line of p. Page furniture is what recurs at the same edge of other
 * pages (the KEEP_PAGES before and the LOOKAHEAD after): on two other pages, or on one
 * of the nearest when the line is the outermost, has several fields or a page number.
 * Where the page bounds are guesses (no form feeds), only a line with several fields or
 * a page number counts. Page numbers and web addresses at an edge are furniture. Once
 * furniture is found at an edge, the lines it covered become the edge and are judged
 * again, as a rerun on this output would judge them (idempotence: the header's second
 * line under its first, a footer's page number above the footer). */
static void classify(state *st, page *p, page *const *next)
{
	char *kind = p->kinds.data;
	find_edges(p);
	for (size_t k = 0; k < LOOKAHEAD; k++)
		if (next[k])
			find_edges(next[k]);
	int trusted = p->ff || (next[0] && next[0]->ff);
	p->e.trusted = trusted;
	p->e.first = st->judged++ == 0;
	neighbours nb;
	nb.nn = nb.nf = 0;
	for (size_t q = 0; q < st->nhist; q++) {
		if (q < 2)
			nb.close[nb.nn++] = &st->hist[q];
		else
			nb.far[nb.nf++] = &st->hist[q];
	}
	for (size_t k = 0; k < LOOKAHEAD; k++)
		nb.close[nb.nn++] = next[k] ? &next[k]->e : NULL;
	nb.na = 0;
	for (size_t q = 0; q < st->nhist; q++) {
		nb.all[nb.na] = &st->hist[q];
		nb.off[nb.na++] = -(int)q - 1;
	}
	for (size_t k = 0; k < LOOKAHEAD; k++) {
		nb.all[nb.na] = next[k] ? &next[k]->e : NULL;
		nb.off[nb.na++] = (int)k + 1;
	}
	recurrence memo;
	memo.n = 0;
	edges cur = p->e, left;
	size_t made = judge_edges(st, p, &cur, &nb, trusted, &memo);
	for (int round = 0; made && round < EDGE_ROUNDS; round++) {
		collect_edges(p, &left, &cur);
		cur = left;
		made = judge_edges(st, p, &cur, &nb, trusted, &memo);
	}
	if (trusted)
		glued_footer(p, &nb, &cur);
	const edges *close[2 + LOOKAHEAD], *far[KEEP_PAGES];
	size_t nn = nb.nn, nf = nb.nf;
	memcpy(close, nb.close, sizeof close);
	memcpy(far, nb.far, sizeof far);
	/* where form feeds were lost and the next page opens without the one space that
	 * marks it (an indented first line), a page's footer is inside the page guessed: a
	 * line with a page number under it that is the bottom line of two pages, this one or
	 * others ("Postadress: Kommunhuset ..." / "2") */
	if (!p->ff && p->e.n[1])
		for (size_t i = 0; i + 1 < p->n; i++) {
			const char *s, *t;
			size_t n, tn;
			page_line(p, i + 1, &t, &tn);
			if (kind[i] != K_BODY || kind[i + 1] != K_BODY ||
			    !may_start_number(t, tn) || !page_number(t, tn, 0) ||
			    i + 1 >= p->e.at[1][p->e.n[1] - 1].line)
				continue;
			if (i + 2 < p->n) {
				const char *u;
				size_t un;
				page_line(p, i + 2, &u, &un);
				if (is_lone_number(u, un))
					continue; /* a run of numbers: a table's or a chart's */
			}
			page_line(p, i, &s, &n);
			if (line_blank(p, i) || is_protected(s, n) || !has_letter(s, n))
				continue;
			edge_line l;
			edge_key(s, n, &l);
			const edges *own = &p->e;
			size_t c = recurs(&l, 1, close, nn) + recurs(&l, 1, far, nf) +
			           recurs(&l, 1, &own, 1);
			if (c >= 2)
				kind[i] = kind[i + 1] = K_FURN;
		}
	memmove(&st->hist[1], &st->hist[0], sizeof st->hist[0] * (KEEP_PAGES - 1));
	st->hist[0] = p->e;
	if (st->nhist < KEEP_PAGES)
		st->nhist++;
	/* a page number in words ("Sidan 3 av 12") is furniture wherever it stands */
	for (size_t i = 0; i < p->n; i++)
		if (kind[i] == K_BODY && (p->facts.data[i] & F_PAGENO))
			kind[i] = K_FURN;
	/* a logo line standing alone between blank lines, with the rest of its name wrapped
	 * onto the next line ("regionvasterbotten.se m re..gion" / "vasterbotten") */
	for (size_t i = 0; i < p->n; i++) {
		const char *s, *t;
		size_t n, tn;
		page_line(p, i, &s, &n);
		if ((kind[i] != K_BODY && kind[i] != K_FURN) || !is_logo_line(s, n))
			continue;
		if (i > 0 && !line_blank(p, i - 1) && kind[i - 1] == K_BODY)
			continue;
		size_t end = i + 1;
		if (end < p->n) {
			page_line(p, end, &t, &tn);
			char key[KEY_MAX], whole[KEY_MAX];
			line_key(t, tn, key);
			line_key(s, n, whole);
			if (!line_blank(p, end) && key[0] && strlen(key) >= 4 &&
			    strstr(whole, key) && tn < 40)
				end++; /* the wrapped rest of the name */
		}
		if (end < p->n && !line_blank(p, end) && kind[end] == K_BODY)
			continue;
		for (size_t j = i; j < end; j++)
			kind[j] = K_FURN;
	}
	/* chart debris: figure lines, and lone numbers next to blank or figure lines */
	for (size_t i = 0; i < p->n; i++) {
		const char *s;
		size_t n;
		page_line(p, i, &s, &n);
		if (kind[i] != K_BODY || line_blank(p, i) || is_protected(s, n))
			continue;
		if (is_figure_line(s, n) && !(line_all_numbers(p, i) && in_table(p, kind, i)))
			kind[i] = K_FIG;
	}
	size_t run_end = 0; /* lines before this are in a run of lone numbers already judged */
	/* the end of the last run kept as a table's cells; the page's first line when the
	 * page before ended in one (a table going on over the page break) */
	size_t table_end = st->table_open ? 0 : SIZE_MAX;
	for (size_t i = 0; i < p->n; i++) {
		const char *s;
		size_t n;
		page_line(p, i, &s, &n);
		if (kind[i] != K_BODY || !line_lone_number(p, i))
			continue;
		if (i >= run_end) {
			/* a run of lone numbers between two row labels is a table's cells, one per
			 * line as pdftotext -raw writes some tables ("Visby" / "51" / "902" /
			 * "60" / "893" / "Luleå 5 919"; a cell's digit groups may share a line:
			 * "89" / "981" / "6 926"): it stays for the tables stage. The run starts
			 * at the label, before the lines of two groups or more that open it and
			 * are no lone numbers ("Gävle" / "5 519" / "200,38" / "767") */
			size_t h = i, j = i;
			while (h > run_end && run_cell(p, kind, h - 1))
				h--;
			while (j < p->n && run_cell(p, kind, j))
				j++;
			run_end = j;
			/* the table's last row may end at a blank line, prose or the page's end
			 * when the run before its label (of one line or two, the first of two as
			 * wide as the column: "Utveckling av digitala tjänster för företag och
			 * myndigheter") was a table's too, or its label stands right under a row
			 * of the table ("Kommunikation 66 385,28 52 191,07" / "Summa totalt" /
			 * "228" / "596,11" / ...), or a line of the run is a digit group that
			 * no chart prints ("Summa" / "73" / "035" / ...) */
			if (j - h >= 2 && h > 0 && is_row_label(p, kind, h - 1) &&
			    ((j < p->n && is_row_label(p, kind, j)) || table_end == h - 1 ||
			     run_has_group(p, h, j) ||
			     (h > 1 && table_end == h - 2 && label_within(p, kind, h - 2, 90)) ||
			     (h > 1 && row_line(p, kind, h - 2)))) {
				table_end = j;
				i = j - 1;
				continue;
			}
		}
		int before = 1, after = 1;
		if (i > 0)
			before = line_blank(p, i - 1) || kind[i - 1] == K_FIG ||
			         line_lone_number(p, i - 1);
		if (i + 1 < p->n)
			after = line_blank(p, i + 1) || kind[i + 1] == K_FIG ||
			        line_lone_number(p, i + 1);
		if (((before && after) || (i > 0 && kind[i - 1] == K_FIG && before)) && n < 12)
			kind[i] = K_FIG;
	}
	st->table_open = table_end == p->n;
	/* an axis: three or more lines of one number each ("80 %", "60 %", "40 %"), in even
	 * steps, one under the other */
	for (size_t i = 0; i < p->n;) {
		long prev = 0, step = 0;
		size_t j = i;
		for (; j < p->n; j++) {
			const char *s;
			size_t n;
			page_line(p, j, &s, &n);
			const char *tok[3];
			size_t tl[3];
			size_t nt = kind[j] == K_BODY && may_start_number(s, n)
			                ? tokens(s, n, tok, tl, 3)
			                : 0;
			if (!(nt == 1 || (nt == 2 && tl[1] == 1 && tok[1][0] == '%')) ||
			    !is_number_token(tok[0], tl[0]) || tok[0][0] == '%')
				break;
			long x = strtol(tok[0], NULL, 10);
			if (j == i + 1)
				step = x - prev;
			else if (j > i + 1 && x - prev != step)
				break;
			if (j == i + 1 && step == 0)
				break;
			prev = x;
		}
		if (j - i >= 3)
			for (size_t q = i; q < j; q++)
				kind[q] = K_FIG;
		i = j > i ? j : i + 1;
	}
	/* an isolated line of bare numbers ("100 000", "2022 2024") near chart debris */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < p->n; i++) {
			if (kind[i] != K_BODY || line_blank(p, i) || !line_all_numbers(p, i))
				continue;
			int iso = 1, near = 0;
			if (i > 0)
				iso &= line_blank(p, i - 1) || kind[i - 1] == K_FIG;
			if (i + 1 < p->n)
				iso &= line_blank(p, i + 1) || kind[i + 1] == K_FIG;
			for (size_t j = i > 4 ? i - 4 : 0; j < p->n && j <= i + 4; j++)
				near |= kind[j] == K_FIG;
			/* or the axis under a chart: right after its ticks or legend */
			if (((iso && near) || (i > 0 && kind[i - 1] == K_FIG)) &&
			    !in_table(p, kind, i))
				kind[i] = K_FIG;
		}
	/* the first or last tick of an axis, which the rules above keep because a line of text
	 * touches it: a lone number whose other side proves a chart, the nearest line there
	 * (past at most one blank line) a tick already judged debris and the next line past
	 * that debris too ("[ Utfall —— Mal" / "15" / "10" / "Antal gånger ..."; "Diagram 1."
	 * / "12" / "405" / "7"). A number in prose or a table's cell has no such neighbours;
	 * years are left alone on both lines (a table's column heads taken for debris, one a
	 * line: "2027" / "2028" / "655" / "miljoner"), and so is a number whose unit opens
	 * the next line ("655" / "miljoner"): an amount, not a tick. */
	for (size_t i = 0; i < p->n; i++) {
		const char *s;
		size_t n;
		page_line(p, i, &s, &n);
		if (kind[i] != K_BODY || n >= 12 || !line_lone_number(p, i))
			continue;
		for (int dir = -1; dir <= 1; dir += 2) {
			size_t j = debris_near(p, kind, i, dir), k;
			const char *t;
			size_t tn;
			if (j == SIZE_MAX || (page_line(p, j, &t, &tn), !line_lone_number(p, j)) ||
			    is_year(t, tn) || is_year(s, n) || amount_on_next(p, i) ||
			    (k = debris_near(p, kind, j, dir)) == SIZE_MAX || in_table(p, kind, i))
				continue;
			kind[i] = K_FIG;
			break;
		}
	}
	for (size_t i = 0; i < p->n; i++) {
		if (kind[i] != K_FIG && kind[i] != K_FURN)
			continue;
		const char *s;
		size_t n;
		char was[256];
		page_line(p, i, &s, &n);
		if (n >= sizeof was) {
			n = sizeof was - 1;
			while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
				n--; /* cut at a character boundary */
		}
		memcpy(was, s, n);
		was[n] = 0;
		tv_audit(st->opts, p->first + i, 1, was, "",
		         kind[i] == K_FIG ? "figure-debris" : "page-furniture", 0.8);
	}
}

/* The length of an opening quotation mark at s ('"', U+201C, U+201D, U+00AB), or 0. */
static size_t open_quote(const char *s, size_t n)
{
	static const char *const quotes[] = {"\"", "\xe2\x80\x9c", "\xe2\x80\x9d", "\xc2\xab",
	                                     NULL};
	for (int i = 0; quotes[i]; i++) {
		size_t k = strlen(quotes[i]);
		if (n > k && !memcmp(s, quotes[i], k))
			return k;
	}
	return 0;
}

/* Lines apart that two en-dash lines of one list may be. */
#define DASH_REACH 6

/* Line s starts (after its indentation) with an en dash and a space. */
static int dash_start(const char *s, size_t n)
{
	while (n && *s == ' ')
		s++, n--;
	return n > 4 && !memcmp(s, "\xe2\x80\x93 ", 4); /* (no NUL in it: as strncmp) */
}

/* Words that attribute a quotation: "– Vi satsar nu, säger ministern." */
static const char *const quote_verbs[] = {"säger", "sade", NULL};

/* Lines after an en-dash line that its quotation's attribution may stand on. */
#define QUOTE_REACH 10

/* The word w (a lower-case word) stands in line s as a whole word. */
static int has_word(const char *s, size_t n, const char *w)
{
	size_t wn = strlen(w);
	for (const char *q = s; (q = memmem(q, n - (size_t)(q - s), w, wn)); q++) {
		size_t at = (size_t)(q - s);
		int before = at == 0 || s[at - 1] == ' ' || s[at - 1] == ',';
		int after = at + wn == n || (s[at + wn] && strchr(" ,.:;", s[at + wn]));
		if (before && after)
			return 1;
	}
	return 0;
}

/* The en-dash line i of page p opens a quotation: it or a line after it, up to the next
 * blank or en-dash line, attributes one (quote_verbs). Press releases quote so, and
 * often twice on a page ("– I många skolor ..., säger skolministern." / "– Tyvärr ..."). */
static int dash_quote(const page *p, size_t i)
{
	const char *t;
	size_t tn;
	for (size_t d = 0; d <= QUOTE_REACH && i + d < p->n; d++) {
		page_line(p, i + d, &t, &tn);
		if (is_blank(t, tn) || (d && dash_start(t, tn)))
			break;
		for (int k = 0; quote_verbs[k]; k++)
			if (has_word(t, tn, quote_verbs[k]))
				return 1;
	}
	return 0;
}

/*
 * Line i of page p is an item of a list of en-dash lines: another line within DASH_REACH
 * of it (an item may wrap over several lines), with no blank line between, starts with an
 * en dash too. A lone "– " opens a quotation in
 * Swedish ("– Vi satsar nu, säger ministern."), which stays as it is, and so does one
 * whose quotation is attributed (dash_quote), however many follow.
 */
static int dash_list(const page *p, size_t i)
{
	const char *t;
	size_t tn;
	if (dash_quote(p, i))
		return 0;
	for (int dir = -1; dir <= 1; dir += 2)
		for (size_t d = 1; d <= DASH_REACH; d++) {
			if ((dir < 0 && d > i) || (dir > 0 && i + d >= p->n))
				break;
			page_line(p, dir < 0 ? i - d : i + d, &t, &tn);
			if (is_blank(t, tn))
				break;
			if (dash_start(t, tn))
				return 1;
		}
	return 0;
}

/* Writes line s (no newline) with stray glyphs and bullets fixed; audited. An en dash is
 * a bullet only in a list (dash_list: in_list). */
static tv_status write_fixed(state *st, unsigned long lineno, const char *s, size_t n, int nl,
                             int in_list)
{
	tv_status rc;
	if (!is_protected(s, n)) {
		size_t ind = 0;
		while (ind < n && s[ind] == ' ')
			ind++;
		const char *r = s + ind;
		size_t rn = n - ind;
		/* (most lines open with no prefix's first byte: neither loop below is walked) */
		int lead = rn && st->prefix_lead[(unsigned char)r[0]];
		for (int i = 0; lead && bullet_prefixes[i]; i++) {
			if (!rn || r[0] != bullet_prefixes[i][0])
				continue; /* the first byte differs: most lines, at once */
			size_t pl = strlen(bullet_prefixes[i]);
			if (rn <= pl || strncmp(r, bullet_prefixes[i], pl))
				continue;
			size_t q = pl + open_quote(r + pl, rn - pl); /* the word after a quote */
			unsigned char c = q < rn ? (unsigned char)r[q] : 0;
			int upper = isupper(c) || (c == 0xc3 && rn > q + 1 &&
			                           ((unsigned char)r[q + 1] == 0x85 ||
			                            (unsigned char)r[q + 1] == 0x84 ||
			                            (unsigned char)r[q + 1] == 0x96));
			int letter = isalpha(c) || c == 0xc3;
			/* "•" and its private-use form are bullets before any word; "e" (OCR's •)
			 * before a letter; "o" and the en dash, which also go on sentences, only
			 * before a capital or a digit */
			int dash = !strncmp(bullet_prefixes[i], "\xe2\x80\x93", 3);
			if (dash          ? in_list && (upper || isdigit(c))
			    : pl > 2      ? (letter || isdigit(c))
			    : r[0] == 'e' ? letter
			                  : upper) {
				tv_audit(st->opts, lineno, ind + 1, bullet_prefixes[i], "- ",
				         "bullet", 0.8);
				if ((rc = tv_writer_write(st->out, s, ind)) ||
				    (rc = tv_writer_puts(st->out, "- ")))
					return rc;
				s = r + pl, n = rn - pl;
				goto rest;
			}
		}
		for (int i = 0; lead && stray_prefixes[i]; i++) {
			if (!rn || r[0] != stray_prefixes[i][0])
				continue;
			size_t pl = strlen(stray_prefixes[i]);
			if (rn > pl && !strncmp(r, stray_prefixes[i], pl) &&
			    isalpha((unsigned char)r[pl])) {
				tv_audit(st->opts, lineno, ind + 1, stray_prefixes[i], "",
				         "stray-glyph", 0.8);
				s = r + pl, n = rn - pl;
				goto rest;
			}
		}
		if (rn > 2 && r[0] == '|' && r[1] == ' ' && isalpha((unsigned char)r[2]) &&
		    !memchr(r + 1, '|', rn - 1)) {
			tv_audit(st->opts, lineno, ind + 1, "|", "I", "stray-glyph", 0.8);
			if ((rc = tv_writer_write(st->out, s, ind)) ||
			    (rc = tv_writer_puts(st->out, "I")))
				return rc;
			s = r + 1, n = rn - 1;
		}
	}
rest:
	if (nl && s[n] == '\n')
		return tv_writer_write(st->out, s, n + 1); /* the line and its newline at once */
	if ((rc = tv_writer_write(st->out, s, n)))
		return rc;
	return nl ? tv_writer_write(st->out, "\n", 1) : TV_OK;
}

/* The comment that tells the stages after clean (--mark-removed) that n lines were removed.
 * It stands where they stood, one for each run of removed lines (furniture, chart debris
 * or both), so every line after it, inside a page too, has its input's number in the
 * stages after clean. Those stages read it as no line of the text: tables holds it for
 * the next line (a table is not cut by it), reflow counts it and joins the paragraph
 * around it. */
static tv_status mark_removed(state *st, size_t n)
{
	return tv_writer_printf(st->out, "<!-- tvatt removed lines=%zu -->\n", n);
}

/* Line s opens with exactly one space before its text: where form feeds were lost, the
 * mark of a page's first line (seed 003). */
static int opens_one_space(const char *s, size_t n)
{
	return n > 2 && s[0] == ' ' && s[1] != ' ' && s[1] != '\n' && s[1] != '\t';
}

/* Line s, a row of a table under another row (the last line of page p), goes on that
 * table: a line opening with one space so (-layout's indent of a total: " Totalt  775
 * 26 660") starts no page. */
static int row_goes_on(const page *p, const char *s, size_t n)
{
	const char *t;
	size_t tn;
	if (!p->n || !is_label_row(s, n))
		return 0;
	page_line(p, p->n - 1, &t, &tn);
	return is_label_row(t, tn);
}

/* Line s is indented: two spaces or a tab before text. A dump that indents its lines
 * (paragraph indents, pdftotext -layout) does not mark its pages with one space. */
static int indented(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i < n && s[i] != '\n' && s[i] != '\r' && (i >= 2 || (i == 1 && s[0] == '\t'));
}

/* Notes line s as the last one written (enum last_line); a comment line is passed by. */
static void note_line(state *st, const char *s, size_t n)
{
	if (n >= 4 && !memcmp(s, "<!--", 4))
		return;
	st->last_line = is_blank(s, n) ? L_BLANK : opens_one_space(s, n) ? L_MARK : L_TEXT;
}

/* Writes line i of p, which a running footer is glued to (glued_footer): its text with
 * the hyphen pdftotext dropped put back ("konse-"), so reflow joins the word across the
 * page, and the footer removed; audited. With --keep-furniture the line is written as it
 * came: the footer is no line of the input, and a line of its own after a furniture
 * comment would shift every line number counted after it. */
static tv_status write_glued(state *st, page *p, size_t i)
{
	const char *s;
	size_t n;
	tv_status rc;
	page_line(p, i, &s, &n);
	note_line(st, s, n);
	int nl = s[n] == '\n';
	if (st->keep)
		return tv_writer_write(st->out, s, n + (size_t)nl);
	size_t at = p->glue_at, tn = n - at;
	while (tn && blank_byte(s[at + tn - 1]))
		tn--;
	if ((rc = write_fixed(st, p->first + i, s, at, 0, 0)) ||
	    (rc = tv_writer_puts(st->out, nl ? "-\n" : "-")))
		return rc;
	char was[256];
	size_t wn = tn < sizeof was ? tn : sizeof was - 1;
	while (wn < tn && wn > 0 && ((unsigned char)s[at + wn] & 0xc0) == 0x80)
		wn--; /* cut at a character boundary */
	memcpy(was, s + at, wn);
	was[wn] = 0;
	tv_audit(st->opts, p->first + i, at + 1, was, "-", "page-furniture", 0.8);
	return TV_OK;
}

static tv_status flush_page(state *st, page *p, page *const *next)
{
	tv_status rc = TV_OK;
	if (p->n)
		classify(st, p, next);
	char *kind = p->kinds.data;
	/* a page guessed from a line opening with one space is made a real page (a form
	 * feed) when furniture was removed at its bound, or, in a dump that may mark its
	 * pages so (space_marks), when the mark stands where a lost form feed leaves it:
	 * right after a line of text (a page's last line; a blank line before it, or a mark,
	 * is a layout's: a list of one-space items, a heading) and with more of its page
	 * after it (a run of marks is such a list too). That is evidence of a page break:
	 * records then count the page, and reflow joins a paragraph or a hyphenated word
	 * across it. The line before is the last one written, so a rerun, which reads what
	 * this run wrote, decides alike. */
	int top_furn = 0, bottom_furn = 0;
	for (size_t k = 0; p->n && k < p->e.n[0]; k++)
		top_furn |= kind[p->e.at[0][k].line] == K_FURN;
	for (size_t k = 0; p->n && k < p->e.n[1]; k++)
		bottom_furn |= kind[p->e.at[1][k].line] == K_FURN;
	int mark = 0;
	if (p->guessed && st->space_marks && p->n >= 2 && st->last_line == L_TEXT) {
		const char *s;
		size_t n;
		page_line(p, 0, &s, &n);
		mark = opens_one_space(s, n);
	}
	if (p->guessed && !p->ffs && (top_furn || st->bottom_furn || mark))
		p->ffs = 1;
	st->bottom_furn = bottom_furn;
	for (; p->ffs; p->ffs--) {
		st->page++;
		if ((rc = tv_writer_puts(st->out, "\f")))
			return rc;
	}
	if (!p->n)
		return TV_OK;
	for (size_t i = 0; i < p->n; i++) {
		const char *s;
		size_t n;
		page_line(p, i, &s, &n);
		int nl = line_start(p, i + 1) > line_start(p, i) && s[n] == '\n';
		if (kind[i] == K_BODY && p->glue_at && i == p->glue_line) {
			if ((rc = write_glued(st, p, i)))
				return rc;
			continue;
		}
		if (kind[i] == K_KEPT || kind[i] == K_BODY) {
			note_line(st, s, n);
			rc = kind[i] == K_KEPT ? tv_writer_write(st->out, s, n + (size_t)nl)
			                       : write_fixed(st, p->first + i, s, n, nl,
			                                     dash_start(s, n) && dash_list(p, i));
			if (rc)
				return rc;
			continue;
		}
		size_t j = i;
		if (st->mark && !st->keep) {
			/* one comment for the whole run, furniture and debris alike */
			while (j < p->n && (kind[j] == K_FURN || kind[j] == K_FIG))
				j++;
			if ((rc = mark_removed(st, j - i)))
				return rc;
			i = j - 1;
			continue;
		}
		while (j < p->n && kind[j] == kind[i])
			j++;
		if (st->keep) {
			if ((rc = tv_writer_printf(
			         st->out, "<!-- tvatt %s lines=%zu page=%lu from=%lu -->\n",
			         kind[i] == K_FURN ? "furniture" : "figure", j - i, st->page,
			         p->first + i)))
				return rc;
			if ((rc = tv_writer_write(st->out, p->text.data + line_start(p, i),
			                          line_start(p, j) - line_start(p, i))))
				return rc;
			const char *t;
			size_t tn;
			page_line(p, j - 1, &t, &tn);
			note_line(st, t, tn);
		}
		i = j - 1;
	}
	tv_buf_clear(&p->text);
	tv_buf_clear(&p->offs);
	tv_buf_clear(&p->lens);
	tv_buf_clear(&p->kinds);
	tv_buf_clear(&p->facts);
	p->n = 0;
	p->have_edges = 0;
	p->cut[0] = p->cut[1] = 0;
	p->glue_at = 0;
	return TV_OK;
}

static tv_status page_add(page *p, const char *s, size_t n, char kind, char facts,
                          unsigned long lineno)
{
	tv_status rc;
	if (!p->n && !p->offs.len) {
		size_t z = p->text.len;
		if ((rc = tv_buf_append(&p->offs, &z, sizeof z)))
			return rc;
		p->first = lineno;
	}
	if ((rc = tv_buf_append(&p->text, s, n)) || (rc = tv_buf_append(&p->kinds, &kind, 1)) ||
	    (rc = tv_buf_append(&p->facts, &facts, 1)))
		return rc;
	size_t e = p->text.len, len = n && s[n - 1] == '\n' ? n - 1 : n;
	if ((rc = tv_buf_append(&p->offs, &e, sizeof e)) ||
	    (rc = tv_buf_append(&p->lens, &len, sizeof len)))
		return rc;
	p->n++;
	return TV_OK;
}

static void page_free(page *p)
{
	tv_buf_free(&p->text);
	tv_buf_free(&p->offs);
	tv_buf_free(&p->lens);
	tv_buf_free(&p->kinds);
	tv_buf_free(&p->facts);
}

/* The start of a line longer than the reader's cap (tv_clean_run): every page read so far
 * is written (the waiting ones wait[0..*nwait), then cur), so the line can follow them
 * as it is, and the reader is warned of it once, except in a chain (run says it). */
static tv_status long_line(state *st, tv_reader *in, page **wait, size_t *nwait, page *cur)
{
	if (!tv_opt(st->opts, "long-lines-said"))
		tv_report(st->opts, TV_WARNING, tv_reader_name(in), tv_reader_lineno(in), 1,
		          "a line longer than %zu bytes: passed through unchanged", TV_LINE_MAX);
	tv_status rc = TV_OK;
	page *all[LOOKAHEAD + 2];
	size_t n = 0;
	for (size_t i = 0; i < *nwait; i++)
		all[n++] = wait[i];
	if (cur->n || cur->ffs)
		all[n++] = cur;
	for (size_t i = 0; !rc && i < n; i++) {
		page *next[LOOKAHEAD];
		for (size_t k = 0; k < LOOKAHEAD; k++)
			next[k] = i + 1 + k < n ? all[i + 1 + k] : NULL;
		rc = flush_page(st, all[i], next);
	}
	*nwait = 0;
	cur->ff = cur->guessed = cur->cut[0] = 0;
	return rc;
}

tv_status tv_clean_run(tv_reader *in, tv_writer *out, const tv_opts *opts)
{
	state st;
	memset(&st, 0, sizeof st);
	st.opts = opts;
	st.out = out;
	st.keep = tv_opt(opts, "keep-furniture") != NULL;
	st.mark = tv_opt(opts, "mark-removed") != NULL;
	st.page = 1;
	for (int i = 0; bullet_prefixes[i]; i++)
		st.prefix_lead[(unsigned char)bullet_prefixes[i][0]] = 1;
	for (int i = 0; stray_prefixes[i]; i++)
		st.prefix_lead[(unsigned char)stray_prefixes[i][0]] = 1;
	/* pages read but not yet written: the oldest is decided when LOOKAHEAD more are in */
	page pg[LOOKAHEAD + 2];
	memset(pg, 0, sizeof pg);
	page *wait[LOOKAHEAD + 2];
	size_t nwait = 0;
	page *cur = &pg[LOOKAHEAD + 1];
	for (size_t i = 0; i <= LOOKAHEAD; i++)
		wait[i] = &pg[i];
	int seen_ff = 0;    /* once a form feed is seen, single-space lines no longer start pages */
	size_t covered = 0; /* lines still covered by a furniture/figure comment */
	int after_pageno = 0;
	int never_marks = 0; /* an indented line was read: space_marks is off for good */
	int cont = 0;        /* the last line read was a piece of a long line: this is more */
	tv_status rc = TV_OK;
	const char *line;
	size_t len;
	for (;;) {
		if ((rc = tv_reader_view(in, &line, &len)))
			break;
		if (!line)
			break;
		unsigned long ln = tv_reader_lineno(in);
		if (cont || tv_reader_partial(in)) {
			/* a line longer than the reader's cap is no page furniture, and a page
			 * holding it is no page to judge: the pages before it are decided with
			 * what is in, and the line goes out as it came, piece by piece */
			if (!cont && (rc = long_line(&st, in, wait, &nwait, cur)))
				break;
			size_t ff = 0;
			while (!cont && ff < len && line[ff] == '\f')
				ff++;
			st.page += ff;
			seen_ff |= ff > 0;
			if ((rc = tv_writer_write(out, line, len)))
				break;
			if (!cont)
				note_line(&st, line + ff, len - ff);
			cont = tv_reader_partial(in);
			after_pageno = 0;
			continue;
		}
		size_t ff = 0;
		while (ff < len && line[ff] == '\f')
			ff++;
		/* the dump marks its pages with one space when its very first line opens so and
		 * none read so far is indented: then every page so begun is a page (flush_page),
		 * furniture or not; after one indented line only furniture says so */
		if (!never_marks && indented(line + ff, len - ff))
			never_marks = 1;
		st.space_marks = !never_marks &&
		                 (st.space_marks || (ln == 1 && !ff && opens_one_space(line, len)));
		/* a form feed before a line opening with one space in such a dump is one that
		 * clean wrote on an earlier run: the page is still a guess, so a rerun judges it
		 * as the first run did (idempotence) */
		int marked = ff && st.space_marks && opens_one_space(line + ff, len - ff);
		/* a form feed, or a line opening with exactly one space, starts a page */
		if (ff && !marked)
			seen_ff = 1;
		/* the page a page number ended opens at the next line with text: blank lines
		 * under the number stay on its page, and a form feed after them is the page's
		 * true bound, not a second page after an empty guessed one */
		int blank = is_blank(line + ff, len - ff);
		int newpage =
		    ff > 0 ||
		    (!seen_ff && ((opens_one_space(line, len) && !row_goes_on(cur, line, len)) ||
		                  (after_pageno && !blank)));
		int cut = !newpage && (cur->n >= PAGE_MAX_LINES || cur->text.len >= PAGE_MAX_BYTES);
		if (cut)
			cur->cut[1] = 1, newpage = 1;
		if (newpage && (cur->n || cur->ffs)) {
			if (nwait == LOOKAHEAD + 1) {
				page *next[LOOKAHEAD];
				for (size_t k = 0; k < LOOKAHEAD; k++)
					next[k] = wait[k + 1];
				if ((rc = flush_page(&st, wait[0], next)))
					break;
				page *t = wait[0];
				memmove(wait, wait + 1, sizeof wait[0] * LOOKAHEAD);
				wait[LOOKAHEAD] = t;
				nwait--;
			}
			page *t = wait[nwait];
			wait[nwait++] = cur;
			cur = t;
			cur->ff = ff > 0 && !marked;
			cur->guessed = (ff == 0 || marked) && !cut;
			cur->cut[0] = cut;
		}
		if (ff) {
			cur->ffs += ff;
			line += ff, len -= ff;
			if (!len)
				continue;
		}
		char kind = K_BODY;
		if (covered) {
			kind = K_KEPT;
			covered--;
		} else if (len > 20 && !memcmp(line, "<!-- tvatt ", 11)) {
			const char *l = memmem(line, len, "lines=", 6);
			if (l && (!memcmp(line + 11, "furniture ", 10) ||
			          !memcmp(line + 11, "figure ", 7))) {
				covered = strtoul(l + 6, NULL, 10);
				if (covered > 1000)
					covered = 1000;
			}
			kind = K_KEPT;
		}
		char facts = line_facts(line, len, kind, blank);
		if ((rc = page_add(cur, line, len, kind, facts, ln)))
			break;
		/* where form feeds were lost, a page number in words ends a page */
		if (!blank || kind != K_BODY)
			after_pageno = (facts & F_PAGENO) != 0;
	}
	if (!rc && (cur->n || cur->ffs))
		wait[nwait++] = cur;
	for (size_t i = 0; !rc && i < nwait; i++) {
		page *next[LOOKAHEAD];
		for (size_t k = 0; k < LOOKAHEAD; k++)
			next[k] = i + 1 + k < nwait ? wait[i + 1 + k] : NULL;
		rc = flush_page(&st, wait[i], next);
	}
	for (size_t i = 0; i < LOOKAHEAD + 2; i++)
		page_free(&pg[i]);
	return rc;
}
