/*
 * tables_row.c - one line of a table as PDF dumps and OCR print it: tokens, the label at
 * its start and the tail of numbers at its end, split into atoms (runs of digits that may
 * be whole numbers or digit groups of one number).
 *
 * Stray glyphs of ruling lines ("|", "[", "‘", "'", "\", "=", "—") are not part of any number:
 * glued to a number ("58|", "[5590") they are cut off, standing alone they mark a column
 * gap, which no digit group crosses. A "1", "l" or "I" glued before a sign or a bracket
 * ("1-5", "1I-120", "1(55,93)") is a ruling line read as a letter, since no number has
 * digits before them; so is one letter or sign glued to a "|" after a number
 * ("J|14253"), and a "(" that nothing after it in the row closes ("(25 136,90 18 889,48").
 * Wide gaps (two or more spaces, as pdftotext -layout prints between columns) are column
 * gaps too.
 * Everything here is linear in the length of the line.
 */
#include "tables_int.h"

#include <string.h>

/* Words a row label does not end with but a sentence running into a number does, by
 * their length in bytes (tb_stopword looks only among the words as long as its word). */
#define STOP_MAX_LEN 11
static const char *const stop_words[STOP_MAX_LEN + 1][16] = {
    [1] = {"i"},
    [2] = {"av", "om", "ca", "de", "en", "kl", "nr"},
    [3] = {"och", "med", "på", "än", "som", "att", "den", "det", "ett", "är", "var", "har", "vid",
           "mot", "sid"},
    [4] = {"samt", "till", "för", "hade", "blev", "inom", "där", "när"},
    [5] = {"eller", "från", "under", "över", "cirka", "drygt", "efter", "före", "sedan", "både",
           "varav", "vilka", "sidan"},
    [6] = {"mellan", "knappt", "ökade", "utgör", "senast", "vilket"},
    [7] = {"nästan", "uppgick", "uppgår", "kapitel"},
    [8] = {"närmare", "minskade", "utgjorde", "paragraf"},
    [9] = {"motsvarar"},
    [11] = {"motsvarande"},
};

/* Unit words that may follow a number in a cell, and the unit they name. */
static const struct {
	const char *w;
	tv_swunit u;
} unit_tokens[] = {{"%", TV_UNIT_PERCENT},
                   {"procent", TV_UNIT_PERCENT},
                   {"kr", TV_UNIT_KR},
                   {"kronor", TV_UNIT_KR},
                   {"tkr", TV_UNIT_TKR},
                   {"mnkr", TV_UNIT_MNKR},
                   {"mkr", TV_UNIT_MNKR},
                   {"mdkr", TV_UNIT_MDKR},
                   {"miljoner", TV_UNIT_MILJONER},
                   {"miljarder", TV_UNIT_MILJARDER},
                   {NULL, TV_UNIT_NONE}};
#define UNIT_WORD_MAX 9 /* bytes of the longest ("miljarder") */

/* Glyphs of ruling lines, as UTF-8: cut from a number's edges, and alone a column gap. */
static const char *const rule_glyphs[] = {"|",
                                          "[",
                                          "]",
                                          "\\",
                                          "{",
                                          "}",
                                          "=",
                                          "_",
                                          "~",
                                          "'",
                                          "`",
                                          "\xe2\x80\x98",
                                          "\xe2\x80\x99",
                                          "\xc2\xa6",
                                          "\xe2\x80\x94",
                                          NULL};

/* Tesseract's readings of a "%" set apart from its number ("84 Yo", "52 Ho"): after a
 * number at the end of a row they are the percent sign, nothing else. */
static const char *const pct_misreads[] = {"Yo", "Ho", "%o", "9o", "\"0", "°o", "Y%", NULL};
#define PCT_MISREAD_MAX 3 /* bytes of the longest ("°o") */

static int is_pct_misread(const char *w, size_t n)
{
	if (n < 2 || n > PCT_MISREAD_MAX) /* most words: no length of the list */
		return 0;
	for (int i = 0; pct_misreads[i]; i++)
		if (pct_misreads[i][0] == w[0] && strlen(pct_misreads[i]) == n &&
		    memcmp(pct_misreads[i], w, n) == 0)
			return 1;
	return 0;
}

/* Signs of a negative number: "-", U+2212 minus, U+2013 en dash. */
static const char *const minus_signs[] = {"-", "\xe2\x88\x92", "\xe2\x80\x93", NULL};

enum tok { T_WORD, T_NUM, T_UNIT, T_GLYPH, T_DASH };

/* Length of the string of list at p (before end), or 0. The strings are at most three
 * bytes (ASCII or one UTF-8 character). */
static inline size_t match_any(const char *const *list, const char *p, const char *end)
{
	if (p >= end)
		return 0;
	/* no string of the lists starts with a letter or a digit */
	unsigned char c = (unsigned char)*p;
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 0;
	for (int i = 0; list[i]; i++) {
		const char *g = list[i];
		if (g[0] != *p)
			continue;
		size_t k = g[1] ? g[2] ? 3 : 2 : 1;
		if ((size_t)(end - p) >= k && memcmp(p, g, k) == 0)
			return k;
	}
	return 0;
}

/* Length of a string of list ending at end (after start), or 0. */
static size_t match_any_back(const char *const *list, const char *start, const char *end)
{
	if (end <= start)
		return 0;
	/* no string of the lists ends in a letter or a digit: most tokens are done here */
	unsigned char c = (unsigned char)end[-1];
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 0;
	for (int i = 0; list[i]; i++) {
		const char *g = list[i];
		size_t k = g[1] ? g[2] ? 3 : 2 : 1;
		if (g[k - 1] == end[-1] && (size_t)(end - start) >= k && memcmp(end - k, g, k) == 0)
			return k;
	}
	return 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of the token separator at p: space, tab, U+00A0, U+202F; 0 if none. */
static size_t sep_at(const char *p, const char *end)
{
	if (p >= end)
		return 0;
	unsigned char c = (unsigned char)*p;
	if (c == ' ' || c == '\t')
		return 1;
	if (c != 0xC2 && c != 0xE2) /* most bytes: not the lead of a separator */
		return 0;
	if (end - p >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
		return 2;
	if (end - p >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
	    (unsigned char)p[2] == 0xAF)
		return 3;
	return 0;
}

/* ASCII and Swedish capitals (Å Ä Ö É, two bytes) lowered into dst; returns its length. */
static size_t fold_word(const char *w, size_t n, char *dst, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < cap; i++) {
		unsigned char c = (unsigned char)w[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		else if (c >= 0x80 && c <= 0x9E && i > 0 && (unsigned char)w[i - 1] == 0xC3)
			c = (unsigned char)(c + 32);
		dst[k++] = (char)c;
	}
	dst[k] = '\0';
	return k;
}

int tb_stopword(const char *w, size_t n)
{
	char low[32];
	if (n > STOP_MAX_LEN || !n)
		return 0;
	const char *const *list = stop_words[n]; /* (folding keeps the length) */
	size_t i = 0, nl = sizeof stop_words[0] / sizeof list[0];
	/* the first word of the list with the word's first byte, lowered as fold_word
	 * lowers it: most words have none, and are not folded */
	char c0 = w[0] >= 'A' && w[0] <= 'Z' ? (char)(w[0] + 32) : w[0];
	while (i < nl && list[i] && list[i][0] != c0)
		i++;
	if (i == nl || !list[i])
		return 0;
	size_t k = fold_word(w, n, low, sizeof low);
	for (; i < nl && list[i]; i++)
		if (list[i][0] == low[0] && memcmp(low, list[i], k) == 0)
			return 1;
	return 0;
}

/* Could c start a unit word ("%", "procent", "kr", "tkr", "mnkr", ...)? */
static int unit_lead(char c)
{
	return c == '%' || c == 'p' || c == 'P' || c == 'k' || c == 'K' || c == 't' || c == 'T' ||
	       c == 'm' || c == 'M';
}

static tv_swunit unit_of(const char *w, size_t n)
{
	char low[16];
	if (n >= 2 && w[n - 1] == '/') /* "mnkr/|344": the rule after it read as "/" */
		n--;
	if (n >= sizeof low || !n || !unit_lead(w[0]))
		return TV_UNIT_NONE;
	fold_word(w, n, low, sizeof low);
	for (int i = 0; unit_tokens[i].w; i++)
		if (unit_tokens[i].w[0] == low[0] && strcmp(low, unit_tokens[i].w) == 0)
			return unit_tokens[i].u;
	return TV_UNIT_NONE;
}

int tb_unit_word(const char *w, size_t n)
{
	return (int)unit_of(w, n);
}

/* Tesseract's readings of a lone digit in a table cell: "D" for 5, "Le)" for 8 (a sign
 * before them is read as printed). */
static const struct {
	const char *w;
	char d;
} glyph_digits[] = {{"D", '5'}, {"-D", '5'}, {"Le)", '8'}, {"le)", '8'}, {NULL, 0}};

char tb_glyph_digit(const char *w, size_t n)
{
	if (n < 1 || n > 3) /* (most tokens: not the list's length) */
		return 0;
	for (int i = 0; glyph_digits[i].w; i++)
		if (glyph_digits[i].w[0] == w[0] && strlen(glyph_digits[i].w) == n &&
		    memcmp(glyph_digits[i].w, w, n) == 0)
			return glyph_digits[i].d;
	return 0;
}

double tb_join_value(const tb_atom *a, int n)
{
	double v = 0;
	for (int i = 0; i < n; i++)
		v = i ? v * 1000 + a[i].ival : a[i].ival;
	v += a[n - 1].frac;
	int neg = a[0].neg;
	if (a[0].popen && a[n - 1].pclose)
		neg = !neg;
	return neg ? -v : v;
}

/*
 * Reads [p, end) as one number: "(" sign digits [",." digits] "%" ")". Fills *a (offsets
 * relative to base) and returns 1 when all of it is that; 0 otherwise.
 */
static int read_num(const char *base, const char *p, const char *end, tb_atom *a)
{
	memset(a, 0, sizeof *a);
	a->off = (unsigned short)(p - base);
	if (p < end && *p == '(') {
		a->popen = 1;
		p++;
	}
	size_t k = match_any(minus_signs, p, end);
	if (k) {
		a->neg = 1;
		p += k;
	}
	const char *d = p;
	double v = 0;
	while (p < end && is_digit(*p)) {
		v = v * 10 + (*p - '0');
		p++;
	}
	size_t nd = (size_t)(p - d);
	if (nd == 0 || nd > 15)
		return 0;
	a->intd = (unsigned char)nd;
	a->ival = v;
	a->lead0 = nd > 1 && d[0] == '0';
	if (p < end && (*p == ',' || *p == '.') && p + 1 < end && is_digit(p[1])) {
		const char *q = p + 1;
		double f = 0, scale = 1;
		while (q < end && is_digit(*q) && q - p <= 6) {
			f = f * 10 + (*q - '0');
			scale *= 10;
			q++;
		}
		if (q < end && is_digit(*q))
			return 0;
		/* a point before exactly three digits is a thousands point, not OCR's comma */
		if (*p == '.' && q - p - 1 == 3)
			return 0;
		a->point = *p == '.';
		a->dec = (unsigned char)(q - p - 1);
		a->frac = f / scale;
		p = q;
	}
	if (p < end && *p == '%') {
		a->pct = 1;
		a->unit = TV_UNIT_PERCENT;
		p++;
	}
	if (p < end && *p == ')') {
		a->pclose = 1;
		p++;
	}
	a->len = (unsigned short)(p - base - a->off);
	a->end = (unsigned short)(p - base);
	return p == end;
}

/* Is [p, end) as long as two to four years glued by rules read as 1 or "/" (and one
 * before them), with such a rule after its first year? (year_run reads it) */
static int years_shape(const char *p, const char *end)
{
	long n = end - p;
	if (n < 9 || n > 20 || (n % 5 != 4 && n % 5 != 0))
		return 0;
	char c = p[n % 5 == 0 ? 5 : 4];
	return c == '1' || c == '/';
}

/*
 * The usual number, read in one pass: "-" or nothing, 1 to 15 digits, perhaps a decimal
 * comma and 1 to 6 digits, all of [p, end) and not shaped as glued years ("202612027",
 * "1202712028": year_run reads them). Fills *a as read_num does (the same values, made by
 * the same operations) and returns 1; returns 0, *a undefined, for anything else, which
 * read_num and the closer readings of classify_token then look at.
 */
static int fast_num(const char *base, const char *p, const char *end, tb_atom *a)
{
	const char *q = p + (p < end && *p == '-'), *d = q;
	/* the digits as an integer, then a double: below 10^15 every step of read_num's
	 * sum in doubles is exact, so the value is the same */
	unsigned long long iv = 0;
	while (q < end && is_digit(*q)) {
		iv = iv * 10 + (unsigned long long)(*q - '0');
		q++;
	}
	size_t nd = (size_t)(q - d);
	if (nd == 0 || nd > 15 || (nd >= 9 && years_shape(d, q)))
		return 0;
	double v = (double)iv;
	double f = 0, scale = 1;
	size_t dec = 0;
	if (q < end && *q == ',') {
		const char *c = ++q;
		unsigned long fv = 0;
		while (q < end && is_digit(*q) && q - c < 6) {
			fv = fv * 10 + (unsigned long)(*q - '0');
			scale *= 10;
			q++;
		}
		f = (double)fv;
		dec = (size_t)(q - c);
		if (!dec)
			return 0;
	}
	if (q != end)
		return 0;
	memset(a, 0, sizeof *a);
	a->off = (unsigned short)(p - base);
	a->neg = (unsigned char)(d > p);
	a->intd = (unsigned char)nd;
	a->ival = v;
	a->lead0 = nd > 1 && d[0] == '0';
	if (dec) {
		a->dec = (unsigned char)dec;
		a->frac = f / scale;
	}
	a->len = (unsigned short)(end - p);
	a->end = (unsigned short)(end - base);
	return 1;
}

typedef struct token {
	size_t a, b;  /* bytes */
	int x, xend;  /* display columns */
	int gap;      /* display columns of white space before it */
	unsigned cls; /* the byte classes of its bytes (byte_class, or-ed; 0 for a "|") */
	int kind;
	int natoms; /* T_NUM: 1, 2 for "01-60", up to TOK_ATOMS for "-5,711-5,911-8,97" */
	int glued;  /* a ruling line read as a glyph glued to a word and a number (glued_glyph) */
	tb_atom atom[4];
} token;
#define TOK_ATOMS 4

/* What a byte is to the tokenizer: it ends a token (space, tab, "|"), it may start a
 * separator of two or three bytes (U+00A0, U+202F), it is a digit, it is a rule glyph
 * the fitter looks for in the gaps of a row ("[", "]"; "|" is a token of its own), it is
 * not ASCII, it may start a ruling glyph or a sign (the glyph table's first bytes and
 * "-": a token starting so is looked at closer), it ends a token going back (a space, a
 * tab, a "|", the last byte of U+00A0 or U+202F: last_token checks the bytes before). */
/* clang-format off */
enum {
	BC_END = 1, BC_SEP_LEAD = 2, BC_DIGIT = 4, BC_RULE = 8, BC_HIGH = 16, BC_LEAD = 32,
	BC_BACK = 64
};
#define BC_H16 BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, \
	BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH
static const unsigned char byte_class[256] = {
	['\t'] = BC_END | BC_BACK, [' '] = BC_END | BC_BACK, ['|'] = BC_END | BC_LEAD | BC_BACK,
	['['] = BC_RULE | BC_LEAD, [']'] = BC_RULE | BC_LEAD, ['\\'] = BC_LEAD, ['{'] = BC_LEAD,
	['}'] = BC_LEAD, ['='] = BC_LEAD, ['_'] = BC_LEAD, ['~'] = BC_LEAD, ['-'] = BC_LEAD,
	['0'] = BC_DIGIT, ['1'] = BC_DIGIT, ['2'] = BC_DIGIT, ['3'] = BC_DIGIT, ['4'] = BC_DIGIT,
	['5'] = BC_DIGIT, ['6'] = BC_DIGIT, ['7'] = BC_DIGIT, ['8'] = BC_DIGIT, ['9'] = BC_DIGIT,
	[0x80] = BC_H16, BC_H16,
	[0xA0] = BC_HIGH | BC_BACK, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH,
	BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH,
	BC_HIGH | BC_BACK, BC_H16,
	[0xC0] = BC_HIGH, BC_HIGH, BC_HIGH | BC_SEP_LEAD | BC_LEAD, BC_HIGH, BC_HIGH, BC_HIGH,
	BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH,
	BC_HIGH, BC_H16,
	[0xE0] = BC_HIGH, BC_HIGH, BC_HIGH | BC_SEP_LEAD | BC_LEAD, BC_HIGH, BC_HIGH, BC_HIGH,
	BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH, BC_HIGH,
	BC_HIGH, BC_H16};
/* clang-format on */

/* Could byte c start a ruling glyph or a sign? (The glyph table's first bytes, and "-".) */
static int lead_byte(unsigned char c)
{
	return byte_class[c] & BC_LEAD;
}

/* The end of the token at *p (before m): up to a separator (sep_at) or a line's end;
 * *p goes there. Returns the classes of its bytes (byte_class). */
static inline unsigned token_end(const char *s, size_t *p, size_t m, const char *end)
{
	unsigned cls = 0;
	const unsigned char *u = (const unsigned char *)s + *p;
	const unsigned char *ue = (const unsigned char *)s + m;
	for (;;) {
		unsigned bc = 0;
		while (u < ue && !((bc = byte_class[*u]) & (BC_END | BC_SEP_LEAD)))
			cls |= bc, u++;
		/* the lead byte of no separator ("ö", "–") goes on */
		if (u == ue || (bc & BC_END) || sep_at((const char *)u, end))
			break;
		cls |= bc, u++;
	}
	*p = (size_t)((const char *)u - s);
	return cls;
}

/* Token t holds two numbers (atoms 0 and 1, read) with a ruling line between them that the
 * OCR read as a glyph or a digit; gpre and gsuf are the token's own outer glyphs, and a
 * hard second number may not be joined to the first as a digit group. */
static void rule_pair(token *t, int gpre, int gsuf, int hard)
{
	t->atom[0].glyph = t->atom[1].glyph = 1;
	t->atom[0].gpre = (unsigned char)gpre;
	t->atom[0].gsuf = 1;
	t->atom[1].gpre = 1;
	t->atom[1].gsuf = (unsigned char)gsuf;
	t->atom[1].hard = (unsigned char)hard;
	t->kind = T_NUM;
	t->natoms = 2;
}

/* The n numbers of token t read as a date: day, month and year (two or four digits),
 * plain integers. */
static int slash_date(const token *t, int n)
{
	const tb_atom *a = t->atom;
	for (int k = 0; k < n; k++)
		if (a[k].neg || a[k].dec || a[k].pct || a[k].popen || a[k].pclose)
			return 0;
	return n == 3 && a[0].intd <= 2 && a[1].intd <= 2 && (a[2].intd == 2 || a[2].intd == 4);
}

/*
 * "1571/3", "130,5/217,5", "2168811/2673804/8045439", "-258,0/95,8": two numbers or more
 * (up to TOK_ATOMS) with the ruling lines between them read as "/" (no number holds one),
 * and one before the first ("/9258057/1975889": no number starts so). A negative number
 * after a rule ("945/-458") is hard: no digit group joins it. A date ("15/3/2024") is
 * none. Fills t with the numbers and returns 1; returns 0 (t->natoms 0) when [p, end) is
 * not such a run.
 */
static int slash_run(const char *s, const char *p, const char *end, token *t, int gpre, int gsuf)
{
	int lead = p < end && *p == '/', n = 0;
	const char *q = p + lead;
	while (q < end && n < TOK_ATOMS) {
		const char *sl = memchr(q, '/', (size_t)(end - q)), *e = sl ? sl : end;
		if (e == q || (sl && !is_digit(sl[-1])) || !read_num(s, q, e, &t->atom[n]))
			break;
		n++;
		q = sl ? sl + 1 : end;
		if (!sl)
			break;
	}
	if (q != end || n < 2 || end[-1] == '/' || slash_date(t, n)) {
		t->natoms = 0;
		return 0;
	}
	for (int k = 0; k < n; k++) {
		t->atom[k].glyph = 1;
		t->atom[k].gpre = (unsigned char)(k ? 1 : gpre | lead);
		t->atom[k].gsuf = (unsigned char)(k + 1 < n ? 1 : gsuf);
		t->atom[k].hard = (unsigned char)(k > 0 && t->atom[k].neg);
	}
	t->kind = T_NUM;
	t->natoms = n;
	return 1;
}

/*
 * "-5,711-5,911-8,97": three or more numbers (all but the first negative) with as many
 * decimals each, the ruling lines between them read as 1 glued to the decimals before a
 * sign. Fills t with the numbers, each but the first hard, and returns 1; returns 0 (t->natoms 0)
 * when [p, end) is not such a run.
 */
static int rule_run(const char *s, const char *p, const char *end, token *t, int gpre, int gsuf)
{
	int n = 0;
	while (p < end && n < TOK_ATOMS) {
		const char *q = p + match_any(minus_signs, p, end);
		if (q == p && n)
			break;
		while (q < end && is_digit(*q))
			q++;
		if (q + 1 >= end || *q != ',' || !is_digit(q[1]))
			break;
		for (q++; q < end && is_digit(*q); q++)
			;
		const char *e = q; /* the number's end: before a rule's 1 and the next sign */
		if (q < end) {
			if (q[-1] != '1' || !match_any(minus_signs, q, end))
				break;
			e = q - 1;
		}
		if (!read_num(s, p, e, &t->atom[n]) || !t->atom[n].dec ||
		    (n && t->atom[n].dec != t->atom[0].dec))
			break;
		n++;
		p = q;
	}
	if (p != end || n < 3) {
		t->natoms = 0;
		return 0;
	}
	for (int k = 0; k < n; k++) {
		t->atom[k].glyph = 1;
		t->atom[k].gpre = (unsigned char)(k ? 1 : gpre);
		t->atom[k].gsuf = (unsigned char)(k + 1 < n ? 1 : gsuf);
		t->atom[k].hard = (unsigned char)(k > 0);
	}
	t->kind = T_NUM;
	t->natoms = n;
	return 1;
}

/* Is [p, p + 4) a year, and above the year before it (prev; 0 for none)? */
static int rising_year(const char *p, int prev)
{
	int y = 0;
	for (int k = 0; k < 4; k++) {
		if (!is_digit(p[k]))
			return 0;
		y = y * 10 + (p[k] - '0');
	}
	return y >= 1900 && y <= 2100 && y > prev ? y : 0;
}

/*
 * "202612027", "1202712028", "2025120261202712028", "202712028/202912030": two or more
 * rising years with the ruling lines between them (and one before them) read as 1 or "/",
 * as a years header prints them where the OCR lost the gaps. No number is printed so (a
 * digit group has three digits, and no group of four or five would rise so). [p, end)
 * has years_shape. Fills t with the years, each hard, and returns 1; returns 0 (t
 * untouched) for any other token.
 */
static int year_run(const char *s, const char *p, const char *end, token *t, int gpre, int gsuf)
{
	int n = (int)(end - p), lead = n % 5 == 0;
	if ((n + 1 - lead) / 5 > TOK_ATOMS || (lead && *p != '1' && *p != '/'))
		return 0;
	int prev = 0;
	for (const char *q = p + lead; q < end; q += 5)
		if (!(prev = rising_year(q, prev)) || (q + 4 < end && q[4] != '1' && q[4] != '/'))
			return 0;
	int k = 0;
	for (const char *q = p + lead; q < end; q += 5, k++)
		read_num(s, q, q + 4, &t->atom[k]);
	for (int j = 0; j < k; j++) {
		t->atom[j].glyph = 1;
		t->atom[j].gpre = (unsigned char)(j || lead ? 1 : gpre);
		t->atom[j].gsuf = (unsigned char)(j + 1 < k ? 1 : gsuf);
		t->atom[j].hard = (unsigned char)(j > 0);
	}
	t->kind = T_NUM;
	t->natoms = k;
	return 1;
}

/* "-I60", ":I65", "<:I12", "-1I58", ":I-372": a ruling line read as dashes, colons or
 * "<" and then 1s with an l or I among them, before the digits or the sign of a number
 * (no number has a letter between its sign and its digits). Returns where the 1s start,
 * for the readings after to take them off as they take off "I60"; p for any other
 * token. */
static const char *rule_signs(const char *p, const char *end)
{
	const char *q = p, *r;
	while (q < end && (*q == '-' || *q == ':' || *q == '<'))
		q++;
	int letter = 0;
	for (r = q; r < end && (*r == '1' || *r == 'l' || *r == 'I'); r++)
		letter |= *r != '1';
	size_t k = match_any(minus_signs, r, end);
	return q > p && letter && r + k < end && is_digit(r[k]) ? q : p;
}

/* Classifies the token s[a, b); fills t. */
static void classify_token(const char *s, token *t)
{
	const char *p = s + t->a, *end = s + t->b;
	t->natoms = 0;
	/* the usual number, read at once: "-" or nothing, digits, perhaps a decimal comma
	 * and digits; none of the readings below changes it (but glued years may be read
	 * there, "202612027": year_run) */
	if (fast_num(s, p, end, &t->atom[0])) {
		t->kind = T_NUM;
		t->natoms = 1;
		return;
	}
	/* most tokens are words: without a digit a token is a word, a unit, a dash or glyphs */
	{
		int digit = 0;
		for (const char *q = p; q < end && !digit; q++)
			digit = is_digit(*q);
		if (!digit) {
			unsigned char c = (unsigned char)*p;
			if (!lead_byte(c)) {
				t->kind = end - p <= UNIT_WORD_MAX && unit_of(p, (size_t)(end - p))
				              ? T_UNIT
				              : T_WORD;
				return;
			}
		}
	}
	if (match_any(minus_signs, p, end) == (size_t)(end - p) ||
	    ((size_t)(end - p) == 3 && memcmp(p, "\xe2\x80\x94", 3) == 0)) {
		t->kind = T_DASH;
		return;
	}
	int glyph = 0, gsuf = 0, gpre = 0;
	size_t k;
	while (p < end && (k = match_any(rule_glyphs, p, end)))
		p += k, glyph = 1, gpre = 1;
	while (end > p && (k = match_any_back(rule_glyphs, p, end)) && *(end - k) != '%')
		end -= k, glyph = 1, gsuf = 1;
	/* "345/": a ruling line read as "/" after the digits (no number ends so) */
	if (end - p >= 2 && end[-1] == '/' && is_digit(end[-2]))
		end--, glyph = 1, gsuf = 1;
	/* "/625,66", "/-8,38": the ruling line read as "/" before a decimal number (none
	 * starts so) */
	if (end - p >= 2 && p[0] == '/' && (is_digit(p[1]) || match_any(minus_signs, p + 1, end)) &&
	    memchr(p, ',', (size_t)(end - p)) && !memchr(p + 1, '/', (size_t)(end - p - 1)))
		p++, glyph = 1, gpre = 1;
	if (p == end) {
		t->kind = T_GLYPH;
		return;
	}
	const char *ones = rule_signs(p, end);
	if (ones != p)
		p = ones, glyph = gpre = 1;
	/* "1-5", "l-5", "1I-120": a ruling line read as 1, l or I before the sign; "-1-30":
	 * a dash in the gap before it */
	size_t m0 = match_any(minus_signs, p, end);
	for (int dash = m0 ? 1 : 0; dash >= 0; dash--) {
		const char *q0 = dash ? p + m0 : p, *q = q0;
		while (q < end && (*q == '1' || *q == 'l' || *q == 'I'))
			q++;
		if (q > q0 && match_any(minus_signs, q, end) &&
		    q + match_any(minus_signs, q, end) < end &&
		    is_digit(q[match_any(minus_signs, q, end)])) {
			p = q;
			glyph = gpre = 1;
			break;
		}
	}
	/* "1(55,93)", "l(12)": a ruling line read as 1, l or I before a bracket (no number
	 * has digits before its "(") */
	const char *q = p;
	while (q < end && (*q == '1' || *q == 'l' || *q == 'I'))
		q++;
	if (q > p && q + 1 < end && *q == '(' && is_digit(q[1])) {
		p = q;
		glyph = gpre = 1;
	}
	/* "l15", "I15", "1I63": a ruling line read as a letter (and a 1) glued to the digits
	 * (no word is so) */
	const char *cut = p;
	for (q = p; q < end && (*q == '1' || *q == 'l' || *q == 'I'); q++)
		if (*q != '1')
			cut = q + 1;
	if (cut > p && cut < end && is_digit(*cut)) {
		p = cut;
		glyph = gpre = 1;
	}
	if (years_shape(p, end) && year_run(s, p, end, t, gpre, gsuf))
		return;
	tb_atom *a = &t->atom[0];
	if (read_num(s, p, end, a)) {
		a->glyph = (unsigned char)glyph;
		a->gpre = (unsigned char)gpre;
		a->gsuf = (unsigned char)gsuf;
		t->kind = T_NUM;
		t->natoms = 1;
		return;
	}
	if (slash_run(s, p, end, t, gpre, gsuf))
		return;
	/* "01-60", "-5,451-6,55": a number, a ruling line read as 1, and a negative number */
	q = p + match_any(minus_signs, p, end);
	while (q < end && is_digit(*q))
		q++;
	if (q > p && q + 1 < end && *q == ',' && is_digit(q[1]))
		for (q++; q < end && is_digit(*q); q++)
			;
	if (q - p >= 2 && q < end && match_any(minus_signs, q, end) && q[-1] == '1' &&
	    is_digit(q[-2]) && read_num(s, p, q - 1, &t->atom[0]) &&
	    read_num(s, q, end, &t->atom[1])) {
		rule_pair(t, gpre, gsuf, 1);
		return;
	}
	if (rule_run(s, p, end, t, gpre, gsuf))
		return;
	t->kind = unit_of(s + t->a, t->b - t->a) ? T_UNIT : T_WORD;
}

/* Words of a years line's label that name the unit of the table's money ("(i miljoner
 * kronor) 2026 2027 2028"): such a label heads the label column, so the line is the
 * header however many words it has. */
static const char *const money_words[] = {"kronor",   "mnkr",      "mdkr", "tkr",
                                          "miljoner", "miljarder", NULL};

static int ascii_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* True when s[0, n) holds one of money_words as a word of its own. */
static int names_money(const char *s, size_t n)
{
	for (int k = 0; money_words[k]; k++) {
		size_t w = strlen(money_words[k]);
		for (size_t i = 0; i + w <= n; i++)
			if (!memcmp(s + i, money_words[k], w) &&
			    (i == 0 || !ascii_letter(s[i - 1])) &&
			    (i + w == n || !ascii_letter(s[i + w])))
				return 1;
	}
	return 0;
}

static int is_year(const tb_atom *a, const char *s)
{
	if (a->neg || a->dec || a->pct || a->popen || a->pclose || a->unit)
		return 0;
	if (a->intd == 4 && a->ival >= 1900 && a->ival <= 2100)
		return 1;
	/* "12026": a ruling line read as 1 before a year */
	return a->intd == 5 && s[a->off] == '1' && a->ival - 10000 >= 1900 &&
	       a->ival - 10000 <= 2100;
}

/* Does the line's last token s[a, m) (no separator in it, a > the line's start or at it)
 * read as a word, whatever the line before it? Then the line's numeric tail is empty and
 * tb_line_parse finds no row in it. A word: no digit in it, no glyph or dash to start it
 * (classify_token looks closer at those), no unit word ("kr", "%"), no misread "%"; or,
 * digits or not, a token ending in ".", ",", ":", ";", "!" or "?" ("2023.", "5,2:"): every
 * reading of classify_token takes a number to the token's end (read_num, fast_num and the
 * ruled pairs and runs end in a digit, "%" or ")"), no ruling glyph ends so to be cut
 * off, and no unit word or misread "%" does, so such a token is a word. */
static int ends_in_word(const char *s, size_t a, size_t m, unsigned cls)
{
	unsigned char z = (unsigned char)s[m - 1];
	if (z == '.' || z == ',' || z == ':' || z == ';' || z == '!' || z == '?')
		return 1;
	unsigned char c = (unsigned char)s[a];
	if (lead_byte(c) || (cls & BC_DIGIT)) /* (cls: the byte classes of its bytes, or-ed) */
		return 0;
	if (tb_glyph_digit(s + a, m - a))
		return 0;
	if (m - a <= UNIT_WORD_MAX && unit_of(s + a, m - a))
		return 0;
	return !is_pct_misread(s + a, m - a);
}

/* Start of the token that ends at m (> i): after the last space, tab, U+00A0, U+202F or
 * "|" before m, or i. The bytes that end a token going forward end it going back too:
 * the tokenizer looks at every byte of a token, so every separator in the line parts
 * two tokens. ("|" is a token of its own; a line ending in one is no word.) *cls is set
 * to the byte classes of the token's bytes, or-ed. */
static size_t last_token(const char *s, size_t i, size_t m, unsigned *cls)
{
	size_t a = m;
	unsigned k = 0;
	while (a > i) {
		unsigned char c = (unsigned char)s[a - 1];
		unsigned bc = byte_class[c];
		if (bc & BC_BACK) { /* (a byte of few that may end a token) */
			if (c == ' ' || c == '\t' || c == '|')
				break;
			if (c == 0xA0 && a - 1 > i && (unsigned char)s[a - 2] == 0xC2)
				break;
			if (c == 0xAF && a >= i + 3 && (unsigned char)s[a - 2] == 0x80 &&
			    (unsigned char)s[a - 3] == 0xE2)
				break;
		}
		k |= bc;
		a--;
	}
	*cls = k;
	return a;
}

/* The digits at d read as three, then a ruling read as 1 before a group that does not
 * open with 0 ("986183": 986, the rule, 83). */
static int rule_one_at(const char *d)
{
	return d[3] == '1' && d[4] != '0';
}

/* Atom a (of text s) may be the last digit group of a number: one to three digits, or
 * a 1 and three ("1553 1141175": the ruling line before the cell read as 1, which
 * rule_columns takes off where the column proves it). */
static int ends_group(const char *s, const tb_atom *a)
{
	return a->intd - (a->rule1 != 0) <= 3 ||
	       (a->intd == 4 && !a->neg && !a->popen && s[a->off] == '1');
}

/* Token t as one integer of three digits, a 1 and one to three more ("986183"): the last
 * digit group of one number, the ruling line after its cell read as 1, and the first
 * group of the next cell's number, glued where the column is as narrow as its numbers. */
static int glued_rule(const char *s, const token *t)
{
	const tb_atom *x = &t->atom[0];
	if (t->kind != T_NUM || t->natoms != 1 || x->intd < 5 || x->intd > 7 || x->dec || x->neg ||
	    x->popen || x->pclose || x->pct || x->unit || x->glyph || x->hlen)
		return 0;
	return rule_one_at(s + x->off);
}

/* "72 986183 951193 599" is 72 986, 83 951 and 93 599: a glued token (glued_rule) after
 * a group of one to three digits (ends_group) and before a group of three (or another
 * glued token), one space either side, is split after its third digit; the head it
 * starts keeps the 1, marked as a rule that the fitter takes off and logs
 * (tb_atom.rule1). A number printed without digit groups is never read so: it would not
 * sit between two groups. From left to right, so that a split token is the group before
 * the next. */
static void split_glued_rules(const char *s, token *tok, int nt)
{
	for (int j = 1; j + 1 < nt; j++) {
		token *p = &tok[j - 1], *t = &tok[j], *u = &tok[j + 1];
		if (!glued_rule(s, t) || p->kind != T_NUM || u->kind != T_NUM || t->gap != 1 ||
		    u->gap != 1)
			continue;
		const tb_atom *h = &p->atom[p->natoms - 1], *y = &u->atom[0];
		if (!ends_group(s, h) || h->dec || h->pct || h->unit || h->gsuf || h->pclose ||
		    !(glued_rule(s, u) || (y->intd == 3 && !y->neg && !y->popen && !y->gpre)))
			continue;
		const char *d = s + t->atom[0].off, *e = d + t->atom[0].len;
		tb_atom a0, a1;
		if (!read_num(s, d, d + 3, &a0) || !read_num(s, d + 3, e, &a1))
			continue;
		a1.hard = a1.glyph = a1.gpre = 1;
		a1.rule1 = 2; /* (the block may join them again: tb_block_glued_rules) */
		t->atom[0] = a0;
		t->atom[1] = a1;
		t->natoms = 2;
	}
}

/* Counts, in line l's tail, the glued tokens split_glued_rules split (*glued) and the
 * integers of five digits or more that no such split explains (*plain): numbers printed
 * without digit groups (a year after the rule read as 1, "12025", is none). */
static void glued_counts(const tb_line *l, int *glued, int *plain)
{
	for (int k = 0; k < l->natoms; k++) {
		const tb_atom *a = &l->atoms[k];
		if (a->rule1 == 2) {
			(*glued)++;
			continue;
		}
		if (a->intd < 5 || a->dec)
			continue; /* (most atoms: their digits need no look) */
		const char *d = l->s + a->off, *de = d + a->len;
		while (d < de && !is_digit(*d)) /* (past a sign or a bracket; "-D" has none) */
			d++;
		if (!rule_one_at(d) && !(a->intd == 5 && d[0] == '1' && a->ival - 1e4 >= 1900 &&
		                         a->ival - 1e4 <= 2100))
			(*plain)++;
	}
}

/* Line l with every token split_glued_rules split joined again, as it was read. */
static void join_glued(tb_line *l)
{
	int n = 0;
	for (int k = 0; k < l->natoms; k++) {
		const tb_atom *z = &l->atoms[k];
		if (z->rule1 != 2 || n == 0) {
			l->atoms[n++] = *z;
			continue;
		}
		tb_atom *m = &l->atoms[n - 1];
		for (int q = 0; q < z->intd; q++)
			m->ival *= 10;
		m->ival += z->ival;
		m->intd = (unsigned char)(m->intd + z->intd);
		m->len = (unsigned short)(z->off + z->len - m->off);
		m->end = z->end;
		m->xend = z->xend;
		m->gsuf = z->gsuf;
		m->unit = z->unit;
		m->pct = z->pct;
	}
	l->natoms = n;
}

void tb_block_glued_rules(tb_line *lines, int n)
{
	for (int i0 = 0, i1; i0 < n; i0 = i1 + 1) {
		int glued = 0, plain = 0;
		for (i1 = i0; i1 < n && lines[i1].cls != TB_TEXT && lines[i1].cls != TB_KEEP; i1++)
			if (lines[i1].cls == TB_ROW)
				glued_counts(&lines[i1], &glued, &plain);
		for (int i = i0; glued && 4 * plain > glued && i < i1; i++)
			if (lines[i].cls == TB_ROW)
				join_glued(&lines[i]);
	}
}

/* Atom k of line l (k >= 1) as two digit groups that the OCR read without the space
 * between them: six integer digits, no sign, bracket or glyph before them, one space
 * after a group of one to three digits (ends_group) that ends its number nowhere else
 * ("9 151808" for 9 151 808; "583 283514 264" for 583 283 and 514 264, the last group of
 * one cell and the first of the next). A 1 after the third digit is split_glued_rules'
 * ruling line ("986183"), not a group. */
static int glued_groups(const tb_line *l, int k)
{
	const tb_atom *p = &l->atoms[k - 1], *a = &l->atoms[k];
	const char *d = l->s + a->off;
	return a->intd == 6 && !a->neg && !a->popen && !a->gpre && !a->hard && !a->point &&
	       !a->rule1 && !a->hlen && ends_group(l->s, p) && !p->dec && !p->pct && !p->unit &&
	       !p->gsuf && !p->pclose && a->off == p->end + 1 && l->s[p->end] == ' ' &&
	       !(d[3] == '1' && d[4] != '0');
}

/* Counts in line l the atoms that go on a number as a digit group (*groups: three digits
 * one space after one to three), the integers of five digits or more (*plain) and among
 * these the glued groups (*glued: glued_groups). */
static void group_counts(const tb_line *l, int *groups, int *plain, int *glued)
{
	for (int k = 0; k < l->natoms; k++) {
		const tb_atom *a = &l->atoms[k];
		if (a->intd >= 5 && !a->dec) {
			(*plain)++;
			*glued += k > 0 && glued_groups(l, k);
		} else if (k > 0 && a->intd == 3 && !a->hard && !a->neg && !a->popen &&
		           l->atoms[k - 1].intd <= 3 && !l->atoms[k - 1].dec &&
		           a->off == l->atoms[k - 1].end + 1) {
			(*groups)++;
		}
	}
}

/* Splits the glued groups of line l (glued_groups) into their two groups, the second
 * free to go on the first or to start the next cell's number. */
static void split_glued_groups(tb_line *l)
{
	for (int k = l->natoms - 1; k > 0; k--) {
		if (l->natoms == TB_MAX_ATOMS || !glued_groups(l, k))
			continue;
		memmove(&l->atoms[k + 1], &l->atoms[k],
		        (size_t)(l->natoms - k) * sizeof l->atoms[0]);
		l->natoms++;
		tb_atom *a0 = &l->atoms[k], *a1 = &l->atoms[k + 1];
		long v = (long)a0->ival;
		a0->ival = (double)(v / 1000);
		a1->ival = (double)(v % 1000);
		a0->intd = a1->intd = 3;
		a0->len = 3;
		a0->end = (unsigned short)(a0->off + 3);
		a0->xend = (unsigned short)(a0->x + 3);
		a0->dec = a0->pct = a0->unit = a0->pclose = a0->gsuf = a0->glyph = 0;
		a0->frac = 0;
		a1->off = (unsigned short)(a1->off + 3);
		a1->len = (unsigned short)(a1->len - 3);
		a1->x = (unsigned short)(a1->x + 3);
		a1->lead0 = l->s[a1->off] == '0';
	}
}

/* Where the rows of a run of lines[0..n) between lines of text print their numbers in
 * digit groups (four groups or more for every integer of five digits or more: a table
 * that prints "275563" and "1154242" beside "266 266" prints numbers whole), an integer
 * of six digits after a group is two groups glued (glued_groups): each is split. */
void tb_block_glued_groups(tb_line *lines, int n)
{
	for (int i0 = 0, i1; i0 < n; i0 = i1 + 1) {
		int groups = 0, plain = 0, glued = 0;
		for (i1 = i0; i1 < n && lines[i1].cls != TB_TEXT && lines[i1].cls != TB_KEEP; i1++)
			if (lines[i1].cls == TB_ROW)
				group_counts(&lines[i1], &groups, &plain, &glued);
		for (int i = i0; glued && groups >= 4 * plain && i < i1; i++)
			if (lines[i].cls == TB_ROW)
				split_glued_groups(&lines[i]);
	}
}

/* The one way to read the n digits at d as two or three whole numbers of lo to hi
 * digits each, a 1 (a ruling line) between each and the next, none opening with 0
 * ("6483371761857": 648337, the rule, 761857): the widths in w[], their count returned;
 * 0 where there is no such way, or more than one (then the digits prove nothing). */
static int whole_parts(const char *d, int n, int lo, int hi, int *w)
{
	int ways = 0, p = 0;
	for (int w0 = lo; w0 <= hi && ways < 2; w0++) {
		if (w0 + 1 >= n || d[w0] != '1' || d[w0 + 1] == '0')
			continue;
		int rest = n - w0 - 1;
		if (rest >= lo && rest <= hi) {
			ways++;
			p = 2, w[0] = w0, w[1] = rest;
		}
		for (int w1 = lo; w1 <= hi && w0 + w1 + 2 < n; w1++) {
			int w2 = n - w0 - w1 - 2, at = w0 + 1 + w1;
			if (w2 >= lo && w2 <= hi && d[at] == '1' && d[at + 1] != '0') {
				ways++;
				p = 3, w[0] = w0, w[1] = w1, w[2] = w2;
			}
		}
	}
	return d[0] != '0' && ways == 1 ? p : 0;
}

/* Atom k of line l, read as one integer and no more (no sign, bracket, decimals, unit
 * or wrapped head), whose digits are the p whole numbers of widths w[] that whole_parts
 * found, is split into them; each after the first keeps the 1 before it, marked as a
 * rule (tb_atom.rule1) that the fitter takes off and logs. */
static void split_glued_whole(tb_line *l, int k, const int *w, int p)
{
	tb_atom whole = l->atoms[k];
	memmove(&l->atoms[k + p], &l->atoms[k + 1],
	        (size_t)(l->natoms - k - 1) * sizeof l->atoms[0]);
	l->natoms += p - 1;
	const char *d = l->s + whole.off;
	for (int q = 0, b = 0; q < p; q++) {
		int e = b + (q > 0) + w[q];
		tb_atom *a = &l->atoms[k + q];
		*a = whole;
		a->ival = 0;
		for (int c = b; c < e; c++)
			a->ival = a->ival * 10 + (d[c] - '0');
		a->intd = (unsigned char)(e - b);
		a->off = (unsigned short)(whole.off + b);
		a->len = (unsigned short)(e - b);
		a->end = q + 1 < p ? (unsigned short)(a->off + a->len) : whole.end;
		a->x = (unsigned short)(whole.x + b);
		a->xend = q + 1 < p ? (unsigned short)(a->x + a->len) : whole.xend;
		a->lead0 = 0;
		a->gsuf = q + 1 < p ? 0 : whole.gsuf;
		if (q) /* (the 1 is the rule: the fitter takes it off) */
			a->hard = a->glyph = a->gpre = a->rule1 = 1;
		else
			a->glyph = whole.gpre;
		b = e;
	}
}

/* Atom a may be whole numbers glued by rules read as 1 (split_glued_whole). */
static int glued_whole_atom(const tb_atom *a)
{
	return !a->dec && !a->neg && !a->popen && !a->pclose && !a->pct && !a->unit && !a->hlen &&
	       !a->rule1;
}

/*
 * Where the rows of a run of lines[0..n) between lines of text print their numbers whole
 * (integers of five to seven digits, most of one width W, and four of them or more for
 * every digit group), a row that prints an integer whose digits read, one way only, as
 * two or three numbers of W or W - 1 digits with a 1 between each (whole_parts:
 * "Kollektivtrafik 6483371761857 |776957" among "Psykiatri 176716 [537940 |847009") has
 * the rules of a ruled table read as 1 and the spaces lost: the integer is split into
 * those numbers (split_glued_whole), where the row then holds no more numbers than two
 * other rows of the block hold.
 */
void tb_block_glued_wholes(tb_line *lines, int n)
{
	int count[TB_MAX_ATOMS + 1] = {0}, most = 0;
	for (int i = 0; i < n; i++)
		count[lines[i].natoms] += lines[i].cls == TB_ROW;
	for (int k = 1; k <= TB_MAX_ATOMS; k++)
		most = count[k] >= 2 ? k : most;
	for (int i0 = 0, i1; i0 < n; i0 = i1 + 1) {
		int width[8] = {0}, groups = 0, plain = 0, glued = 0, wide = 0;
		for (i1 = i0; i1 < n && lines[i1].cls != TB_TEXT && lines[i1].cls != TB_KEEP;
		     i1++) {
			const tb_line *l = &lines[i1];
			if (l->cls != TB_ROW)
				continue;
			group_counts(l, &groups, &plain, &glued);
			for (int k = 0; k < l->natoms; k++)
				if (l->atoms[k].intd >= 5 && l->atoms[k].intd <= 7 &&
				    !l->atoms[k].dec)
					width[l->atoms[k].intd]++;
		}
		for (int w = 5; w <= 7; w++)
			wide = width[w] > width[wide] ? w : wide;
		if (!wide || width[wide] < 4 || 4 * groups > plain)
			continue;
		for (int i = i0; i < i1; i++) {
			tb_line *l = &lines[i];
			for (int k = 0; l->cls == TB_ROW && k < l->natoms; k++) {
				const tb_atom *a = &l->atoms[k];
				int w[3], p;
				if (a->intd < 2 * wide - 1 || !glued_whole_atom(a) ||
				    !(p = whole_parts(l->s + a->off, a->intd, wide - 1, wide, w)) ||
				    l->natoms + p - 1 > most)
					continue;
				split_glued_whole(l, k, w, p);
				k += p - 1;
			}
		}
	}
}

static void set_label(tb_line *out, size_t a, size_t b);

/* Where line l's label ends in a lone "D" after a word, spaces alone between it and the
 * first number ("Kollektivtrafik D 3"): the D's byte; else 0. */
static size_t label_d(const tb_line *l)
{
	if (l->cls != TB_ROW || !l->natoms || l->natoms == TB_MAX_ATOMS || l->lab1 < l->lab0 + 3)
		return 0;
	const char *s = l->s;
	size_t d = l->lab1 - 1;
	unsigned char c = (unsigned char)s[d - 2];
	if (s[d] != 'D' || s[d - 1] != ' ' || !(c >= 0x80 || (c >= 'a' && c <= 'z') || c == ')'))
		return 0;
	for (size_t p = d + 1; p < l->atoms[0].off; p++)
		if (s[p] != ' ')
			return 0;
	return d;
}

/*
 * In a run of rows between lines of text, a row whose label ends in a lone "D" (label_d)
 * and which holds one number less than most of the run's other rows (more than half,
 * two at least), and no row more, has a 5 there that Tesseract read as D ("Kollektivtrafik
 * D 3" among rows of two numbers): the D becomes its first atom, which the writer prints
 * as 5 and logs (tb_glyph_digit). A label word D ("Hepatit D 12") stays where the rows
 * agree with it. Where some row holds more numbers than most, the rows leave cells empty
 * ("D 9 9" under four years, most rows three), so one number short proves no number lost;
 * the D's cell would move the table's placement of its other rows, and the ruled-column
 * proofs, which strip a rule's 1 by the column a cell sits in, would strip wrong digits.
 */
void tb_block_label_fives(tb_line *lines, int n)
{
	for (int i0 = 0, i1; i0 < n; i0 = i1 + 1) {
		int count[TB_MAX_ATOMS + 1] = {0}, rows = 0, usual = 0, nd = 0, most = 0;
		for (i1 = i0; i1 < n && lines[i1].cls != TB_TEXT && lines[i1].cls != TB_KEEP;
		     i1++) {
			if (lines[i1].cls != TB_ROW)
				continue;
			if (label_d(&lines[i1])) {
				nd++;
				continue;
			}
			count[lines[i1].natoms]++;
			most = lines[i1].natoms > most ? lines[i1].natoms : most;
			rows++;
		}
		for (int k = 1; nd && k <= TB_MAX_ATOMS; k++)
			usual = count[k] > count[usual] ? k : usual;
		if (!nd || most > usual || count[usual] < 2 || 2 * count[usual] <= rows)
			continue;
		for (int i = i0; i < i1; i++) {
			tb_line *l = &lines[i];
			size_t d = label_d(l);
			if (!d || l->natoms + 1 != usual)
				continue;
			memmove(&l->atoms[1], &l->atoms[0], (size_t)l->natoms * sizeof l->atoms[0]);
			l->natoms++;
			tb_atom *a = &l->atoms[0];
			unsigned short x = (unsigned short)(a[1].x - (a[1].off - d));
			memset(a, 0, sizeof *a);
			a->off = (unsigned short)d;
			a->len = 1;
			a->end = (unsigned short)(d + 1);
			a->x = x;
			a->xend = (unsigned short)(x + 1);
			a->line = a[1].line;
			a->intd = 1;
			a->ival = 5;
			set_label(l, l->lab0, d - 1);
		}
	}
}

/* Is "D" at token j a lone 5 (tb_glyph_digit) rather than a word? A word of a label
 * ("Hepatit D 12") or a letter that sorts a list ("(4 kap. 2 § 1) D") unless a number, a
 * glyph or another such reading stands before it, not closed by ")", or such a reading
 * after it ("D D D"). */
static int d_is_five(const char *s, const token *tok, int nt, int j)
{
	if (j + 1 < nt && tb_glyph_digit(s + tok[j + 1].a, tok[j + 1].b - tok[j + 1].a))
		return 1;
	if (j == 0)
		return 0;
	const token *p = &tok[j - 1];
	return p->kind != T_WORD && p->kind != T_UNIT &&
	       (s[p->b - 1] != ')' || tb_glyph_digit(s + p->a, p->b - p->a));
}

/* "7 D 2", "Le) 4 3": a lone digit that Tesseract read as letters (tb_glyph_digit) is
 * a number of one digit, its value the digit's; the writer prints the digit and logs it.
 * "Le)" and "-D" are no word of a label; "D" may be one (d_is_five). */
static void glyph_digit_atoms(const char *s, token *tok, int nt)
{
	for (int j = 0; j < nt; j++) {
		token *t = &tok[j];
		char d = t->kind == T_WORD ? tb_glyph_digit(s + t->a, t->b - t->a) : 0;
		if (!d || (s[t->a] == 'D' && !d_is_five(s, tok, nt, j)))
			continue;
		tb_atom *a = &t->atom[0];
		memset(a, 0, sizeof *a);
		a->off = (unsigned short)t->a;
		a->len = (unsigned short)(t->b - t->a);
		a->end = (unsigned short)t->b;
		a->neg = s[t->a] == '-';
		a->intd = 1;
		a->ival = d - '0';
		t->kind = T_NUM;
		t->natoms = 1;
	}
}

/* The label of line out: the bytes [a, b) of its tokens, less a glyph glued to their
 * ends ("intdkter|") and the spaces that leaves at its start. */
static void set_label(tb_line *out, size_t a, size_t b)
{
	const char *s = out->s;
	size_t k;
	out->lab0 = a;
	out->lab1 = b;
	while (out->lab1 > out->lab0 &&
	       (k = match_any_back(rule_glyphs, s + out->lab0, s + out->lab1)))
		out->lab1 -= k;
	while (out->lab1 > out->lab0 && (k = match_any(rule_glyphs, s + out->lab0, s + out->lab1)))
		out->lab0 += k;
	while (out->lab0 < out->lab1 && s[out->lab0] == ' ')
		out->lab0++;
}

/*
 * "Fastighetskostnader!8 026 662", "-192 mnkr/255 mnkr": the ruling line between a label
 * or a cell's unit and the next cell's number read as "!" or "/" glued to both. Token
 * s[a, b) (a digit in it, a letter or a word's byte first) as a word ending in a letter
 * (or a byte of one not ASCII), that glyph and a number (digits and decimal commas,
 * perhaps a "-" first): returns the glyph's offset, for a token of its own as a "|" is;
 * 0 for any other token. No word is glued to a number by "!"; "/" is ("kr/100 kg",
 * "covid/19"), so it is taken only after a unit word that follows its number (prev: the
 * end of the token before, 0 for none).
 */
static size_t glued_glyph(const char *s, size_t a, size_t b, size_t prev)
{
	size_t d = a;
	while (d < b && !is_digit(s[d]))
		d++;
	size_t g = d - (d > a && s[d - 1] == '-');
	if (g < a + 2 || (s[g - 1] != '!' && s[g - 1] != '/'))
		return 0;
	g--;
	unsigned char z = (unsigned char)s[g - 1];
	if (!ascii_letter((char)z) && z < 0x80)
		return 0;
	for (size_t q = d; q < b; q++)
		if (!is_digit(s[q]) && s[q] != ',')
			return 0;
	if (s[g] == '/' && !(prev && is_digit(s[prev - 1]) && unit_of(s + a, g - a)))
		return 0;
	return g;
}

/* tb_line_parse; with lazy, a line whose last token is a word is left at its class
 * (tb_line_scan); with text, the line is one tb_line_scan left so (tb_line_finish): its
 * numeric tail is empty, and only the tokens its label drops from its start (glyphs) are
 * classified, the rest taken for words, which gives the same label. */
static void line_parse(const char *s, size_t n, tb_line *out, int lazy, int text)
{
	memset(out, 0, offsetof(tb_line, atoms));
	out->s = s;
	out->n = n;
	const char *end = s + n;
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	if (i == n) {
		out->cls = TB_BLANK;
		return;
	}
	out->indent = (int)i;
	size_t m = n;
	while (m > i && (s[m - 1] == ' ' || s[m - 1] == '\t' || s[m - 1] == '\r'))
		m--;
	if ((m - i >= 4 && memcmp(s + i, "<!--", 4) == 0) ||
	    (m - i >= 2 && s[i] == '|' && s[m - 1] == '|')) {
		out->cls = TB_KEEP;
		return;
	}
	out->cls = TB_TEXT;
	out->lab0 = i;
	out->lab1 = m;
	if (n > TB_LINE_MAX)
		return;
	if (lazy) {
		unsigned cls;
		size_t a = last_token(s, i, m, &cls);
		if (a < m && ends_in_word(s, a, m, cls)) {
			out->lazy = 1;
			return;
		}
	}
	/* the tokens first, then what they are: a line without a digit has no numbers, and
	 * its words need no closer look (a word and a unit word are alike in a label); only
	 * tokens that may be glyphs or dashes do */
	token tok[TB_MAX_TOKENS];
	int nt = 0, col = 0, digits = 0, seen = 0; /* seen: byte classes of the tokens */
	size_t p = 0, glued = 0;                   /* glued: glued_glyph's last, or 0 */
	while (p < m) {
		int gap = 0;
		/* the separators before the token: a space or a tab at once, U+00A0 and U+202F
		 * by sep_at */
		while (p < m) {
			unsigned char c = (unsigned char)s[p];
			if (c == ' ') {
				col++, gap++, p++;
				continue;
			}
			if (c == '\t') {
				col = (col / 8 + 1) * 8, gap += 2, p++;
				continue;
			}
			size_t k;
			if (!(byte_class[c] & BC_SEP_LEAD) || !(k = sep_at(s + p, end)))
				break;
			col++, gap++, p += k;
		}
		if (p >= m)
			break;
		if (nt == TB_MAX_TOKENS)
			return;
		token *t = &tok[nt++];
		t->a = p;
		t->x = col;
		t->gap = gap;
		/* a "|" is a token of its own: a ruling line glued to a word or a number
		 * ("ungdomsmedicin|1 697", "58|") parts them; so is a glyph glued_glyph
		 * found */
		t->glued = glued && p == glued;
		if (s[p] == '|' || t->glued) {
			if (!t->glued) /* (norule: a "|", "[" or "]", what rule_before looks for) */
				seen |= BC_RULE;
			t->cls = 0;
			col++;
			p++;
		} else {
			/* the token's bytes, their classes and whether one is not ASCII; its
			 * display columns after (a column a character, not a byte) */
			size_t a = p;
			unsigned cls = token_end(s, &p, m, end);
			/* (a word's lead byte and a digit in the token: most tokens are not so) */
			if (!text && (cls & BC_DIGIT) &&
			    !(byte_class[(unsigned char)s[a]] & (BC_DIGIT | BC_LEAD)) &&
			    (glued = glued_glyph(s, a, p, nt >= 2 ? tok[nt - 2].b : 0))) {
				p = a;
				cls = token_end(s, &p, glued, end);
			}
			seen |= (int)cls;
			t->cls = cls;
			if (text) {
				/* (a line of text: no atom of it is placed, its columns are not
				 * read) */
			} else if (cls & BC_HIGH) {
				for (size_t q = a; q < p; q++)
					col += ((unsigned char)s[q] & 0xC0) != 0x80;
			} else {
				col += (int)(p - a);
			}
		}
		t->b = p;
		t->xend = col;
		if (nt > 1 && gap >= 2)
			out->wide = 1;
	}
	digits = seen & BC_DIGIT;
	out->norule = !(seen & BC_RULE);
	int lead = 1; /* the tokens so far are glyphs */
	int dec2 = 0; /* a number token of one atom with two decimals or more */
	/* a word short enough to be a digit's glyph reading (tb_glyph_digit), a number that
	 * may be glued over a rule (glued_rule): most rows have neither, and their passes
	 * below are left out */
	int short_word = 0, glued5 = 0;
	for (int j = 0; j < nt; j++) {
		token *t = &tok[j];
		if (text && !lead) {
			/* (what the label keeps: the last token, a word, ends the tail) */
			t->kind = T_WORD, t->natoms = 0;
			continue;
		}
		unsigned char c0 = (unsigned char)s[t->a];
		int plain = !lead_byte(c0);
		if (t->glued) {
			t->kind = T_GLYPH, t->natoms = 0;
		} else if (plain && !(t->cls & BC_DIGIT)) {
			/* a word (or a unit word, where the line holds a number): classify_token
			 * would find no digit in it and say so, without the closer readings */
			t->natoms = 0;
			t->kind =
			    digits && t->b - t->a <= UNIT_WORD_MAX && unit_of(s + t->a, t->b - t->a)
			        ? T_UNIT
			        : T_WORD;
		} else {
			classify_token(s, t); /* (a digit in it: the line has one too) */
		}
		/* "1|", "-1|", "l|": a ruling line read as 1 (or a dash) glued to one read as
		 * "|" */
		if (t->b < m && s[t->b] == '|' && t->kind != T_WORD && t->kind != T_UNIT) {
			size_t q = t->a + match_any(minus_signs, s + t->a, end);
			while (q < t->b && (s[q] == '1' || s[q] == 'l' || s[q] == 'I'))
				q++;
			if (q == t->b && t->b - t->a <= 3)
				t->kind = T_GLYPH;
		}
		/* "12422 J|13 098", "147297 <|41457": after a number, one letter or sign glued to
		 * a "|" is the same ruling line read twice */
		if (t->b < m && s[t->b] == '|' && t->b - t->a == 1 && j >= 1 &&
		    tok[j - 1].kind == T_NUM && (unsigned char)s[t->a] < 0x80 &&
		    !is_digit(s[t->a]) && s[t->a] != '(')
			t->kind = T_GLYPH;
		lead = lead && t->kind == T_GLYPH;
		dec2 |= t->kind == T_NUM && t->natoms == 1 && t->atom[0].dec >= 2;
		short_word |= t->kind == T_WORD && t->b - t->a <= 3;
		glued5 |= t->kind == T_NUM && t->natoms == 1 && t->atom[0].intd >= 5 &&
		          t->atom[0].intd <= 7;
	}
	if (!text && short_word)
		glyph_digit_atoms(s, tok, nt);
	/* "605,0141 879,3": OCR lost the gap after a decimal number, and the next cell's first
	 * digit group (with the ruling line, read as 1) ran into its decimals. The number
	 * after it, a group of three digits with e decimals, shows how many this one has:
	 * the digits past e start a number of their own, which that group continues. From
	 * right to left, so that a repaired number tells the one before it. */
	for (int j = dec2 ? nt - 2 : -1; j >= 0; j--) {
		token *t = &tok[j], *u = &tok[j + 1];
		tb_atom *x = &t->atom[0], *y = &u->atom[0];
		if (t->kind != T_NUM || u->kind != T_NUM || t->natoms != 1 || u->gap != 1 ||
		    y->intd != 3 || !y->dec || y->neg || y->popen || y->point || x->dec < 2 ||
		    x->dec <= y->dec || x->pct || x->pclose || x->unit || x->point || x->gsuf)
			continue;
		/* two decimals ("51 259,66 739,3 65 998,6"): only where every other decimal
		 * number of the row prints as many decimals as that group, two at least */
		if (x->dec == 2) {
			int same = 0, other = 0;
			for (int k = 0; k < nt; k++)
				for (int q = 0; k != j && tok[k].kind == T_NUM && q < tok[k].natoms;
				     q++)
					if (tok[k].atom[q].dec)
						same += tok[k].atom[q].dec == y->dec,
						    other += tok[k].atom[q].dec != y->dec;
			if (same < 2 || other)
				continue;
		}
		const char *cut = s + x->off + x->len - (x->dec - y->dec);
		/* the digits past the cut start with the rule read as 1 when more follow
		 * ("920,319 012,3" is 920,3 and 9 012,3): the gap was read as that glyph */
		int rule = cut[0] == '1' && x->dec - y->dec >= 2;
		tb_atom a0, a1;
		if (!read_num(s, s + x->off, cut, &a0) ||
		    !read_num(s, cut, s + x->off + x->len, &a1) || a1.intd > 3 + rule)
			continue;
		a0.glyph = x->glyph;
		a0.gpre = x->gpre;
		a0.hard = x->hard;
		a1.hard = 1;
		if (rule) /* the fitter takes the 1 off (and logs it) */
			a1.glyph = a1.gpre = a1.rule1 = 1;
		t->atom[0] = a0;
		t->atom[1] = a1;
		t->natoms = 2;
	}
	if (glued5)
		split_glued_rules(s, tok, nt);
	/* "84 Yo": the percent sign misread, after a number and ending the row */
	int pct_word = -1;
	if (nt >= 2 && tok[nt - 1].kind == T_WORD && tok[nt - 2].kind == T_NUM &&
	    is_pct_misread(s + tok[nt - 1].a, tok[nt - 1].b - tok[nt - 1].a) &&
	    !tok[nt - 2].atom[tok[nt - 2].natoms - 1].pct) {
		tok[nt - 1].kind = T_UNIT;
		pct_word = nt - 1;
	}
	/* the tail: numbers, units, glyphs and dashes at the end */
	int tail = nt;
	while (tail > 0 && tok[tail - 1].kind != T_WORD)
		tail--;
	/* unit words before the first number are words of the label ("Siffror i miljoner
	 * kronor 2026 2027"): a unit follows its number */
	while (tail < nt && tok[tail].kind == T_UNIT)
		tail++;
	int natoms = 0, prev_hard = 0; /* the fitter decides about the first */
	int paren = 0;                 /* an atom with a "(" or a ")" */
	for (int j = tail; j < nt; j++) {
		token *t = &tok[j];
		if (t->kind == T_GLYPH || t->kind == T_DASH) {
			prev_hard = 1;
			continue;
		}
		if (t->kind == T_UNIT) {
			tb_atom *z = natoms ? &out->atoms[natoms - 1] : NULL;
			/* the rule read as "/" after the unit (unit_of) is not printed with it */
			int rule = s[t->b - 1] == '/';
			unsigned short ue = (unsigned short)(t->b - (size_t)rule);
			if (z && z->unit && z->end == tok[j - 1].b && t->gap == 1 &&
			    j != pct_word) {
				/* "3,1 miljoner kronor": the unit's words all go with the cell */
				z->end = ue;
				z->gsuf |= (unsigned char)rule;
			} else if (natoms && !out->atoms[natoms - 1].unit) {
				tb_atom *a = &out->atoms[natoms - 1];
				a->unit =
				    (unsigned char)(j == pct_word ? TV_UNIT_PERCENT
				                                  : unit_of(s + t->a, t->b - t->a));
				a->pct = a->unit == TV_UNIT_PERCENT;
				/* a misread sign is not printed with the cell */
				if (j != pct_word)
					a->end = ue;
				a->gsuf |= (unsigned char)rule;
			}
			prev_hard = 1;
			continue;
		}
		for (int q = 0; q < t->natoms; q++) {
			if (natoms == TB_MAX_ATOMS)
				return;
			tb_atom *a = &out->atoms[natoms];
			*a = t->atom[q];
			a->x = (unsigned short)(q ? t->xend - (int)a->len : t->x);
			a->xend = (unsigned short)(q ? t->xend : t->x + (int)a->len);
			if (q == 0) {
				/* glyphs cut from the front move the start */
				a->x = (unsigned short)(t->x + (int)(a->off - t->a));
				a->xend = (unsigned short)(a->x + a->len);
			}
			/* a glyph glued before it, or after the atom before, is a column gap */
			a->hard = (unsigned char)(a->hard || prev_hard || t->gap >= 2 || a->gpre ||
			                          (natoms && out->atoms[natoms - 1].gsuf));
			paren |= a->popen | a->pclose;
			natoms++;
			prev_hard = 0;
		}
		if (out->atoms[natoms - 1].unit || out->atoms[natoms - 1].dec)
			prev_hard = 1;
	}
	/* "Rikskriminalpolisen700 000 kr": the number's head glued to the label, so the
	 * number cannot be read; the line is no row */
	if (natoms && tail > 0 && tail < nt && tok[tail].gap == 1 && out->atoms[0].intd == 3 &&
	    !out->atoms[0].neg && !out->atoms[0].popen && is_digit(s[tok[tail - 1].b - 1]))
		natoms = 0;
	/* the label: tokens before the tail (all of a line without numbers), glyphs
	 * trimmed from both ends */
	int l0 = 0, l1 = tail;
	if (!natoms)
		l1 = nt;
	while (l0 < l1 && (tok[l0].kind == T_GLYPH))
		l0++;
	while (l1 > l0 && (tok[l1 - 1].kind == T_GLYPH || tok[l1 - 1].kind == T_DASH))
		l1--;
	if (l1 > l0) {
		set_label(out, tok[l0].a, tok[l1 - 1].b);
	} else {
		out->lab0 = out->lab1 = tail < nt ? tok[tail].a : m;
	}
	out->nlabwords = l1 - l0;
	if (!natoms)
		return;
	out->natoms = natoms;
	/* "0)" with no "(" before it in the row: the parenthesis is a ruling line */
	for (int j = 0, open = 0; paren && j < natoms; j++) {
		tb_atom *a = &out->atoms[j];
		if (a->popen)
			open = 1;
		if (a->pclose && !open) {
			a->pclose = 0;
			a->glyph = a->gsuf = 1;
			if (a->end == a->off + a->len)
				a->end--;
			a->len--;
			a->xend--;
			if (j + 1 < natoms)
				out->atoms[j + 1].hard = 1;
		}
		if (a->pclose)
			open = 0;
	}
	/* "(25 136,90 18 889,48": a "(" that nothing after it in the row closes, and no
	 * other bracket follows, is a ruling line (a "(" ending the row may close on the
	 * next line: "(100" / "024,1)") */
	for (int j = paren ? natoms - 2 : -1, later = 0; j >= 0; j--) {
		tb_atom *a = &out->atoms[j], *z = &out->atoms[j + 1];
		later |= z->popen || z->pclose;
		if (a->popen && !a->pclose && !later) {
			a->popen = 0;
			a->glyph = a->gpre = a->hard = 1;
			a->off++;
			a->len--;
			a->x++;
		}
		later |= a->popen || a->pclose;
	}
	int years = 0, real_years = 0;
	for (int j = 0; j < natoms && years == j; j++) { /* (one that is no year settles it) */
		int y = is_year(&out->atoms[j], s);
		years += y;
		real_years += y && out->atoms[j].intd == 4;
	}
	if (years == natoms && natoms >= 2 && real_years &&
	    (out->nlabwords <= 3 ||
	     (out->nlabwords <= 8 && names_money(s + out->lab0, out->lab1 - out->lab0))))
		out->cls = TB_YEARS;
	else
		out->cls = TB_ROW;
}

void tb_line_parse(const char *s, size_t n, tb_line *out)
{
	line_parse(s, n, out, 0, 0);
}

void tb_line_scan(const char *s, size_t n, tb_line *out)
{
	line_parse(s, n, out, 1, 0);
}

/*
 * tb_line_finish for a line of words: its first token a word (no digit in it, and no byte
 * that may start a glyph or a sign), no "|" in the line, fewer than TB_MAX_TOKENS tokens.
 * line_parse classifies such a line's first token alone and takes the rest, after a word,
 * for words: all of it is label. So only what its tokenizer reads of the tokens is read
 * here (their bounds, the gaps between them and their bytes' classes), in one pass, and l
 * is left as line_parse leaves it. Returns 0, l untouched, for any other line. (The loop
 * is line_parse's tokenizer without the display columns: a change to one is a change to
 * the other.)
 */
static int text_finish(tb_line *l)
{
	const char *s = l->s, *end = s + l->n;
	size_t n = l->n, i = 0, m = n;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	while (m > i && (s[m - 1] == ' ' || s[m - 1] == '\t' || s[m - 1] == '\r'))
		m--;
	size_t p = 0, a = 0, b = 0;
	int nt = 0, wide = 0;
	unsigned seen = 0; /* the byte classes of the tokens */
	while (p < m) {
		/* the separators before the token, as line_parse counts its gap */
		int gap = 0;
		size_t k;
		while (p < m) {
			unsigned char c = (unsigned char)s[p];
			if (c == ' ')
				gap++, p++;
			else if (c == '\t')
				gap += 2, p++;
			else if ((byte_class[c] & BC_SEP_LEAD) && (k = sep_at(s + p, end)))
				gap++, p += k;
			else
				break;
		}
		if (p >= m)
			break;
		unsigned char c0 = (unsigned char)s[p];
		if (nt == TB_MAX_TOKENS || c0 == '|' || (!nt && lead_byte(c0)))
			return 0;
		size_t q = p;
		unsigned cls = token_end(s, &q, m, end);
		if (!nt && (cls & BC_DIGIT))
			return 0;
		if (!nt)
			a = p;
		p = b = q;
		seen |= cls;
		nt++;
		if (nt > 1 && gap >= 2)
			wide = 1;
	}
	if (!nt)
		return 0;
	memset(l, 0, offsetof(tb_line, atoms));
	l->s = s;
	l->n = n;
	l->cls = TB_TEXT;
	l->indent = (int)i;
	l->wide = wide;
	l->norule = !(seen & BC_RULE);
	l->nlabwords = nt;
	set_label(l, a, b);
	return 1;
}

void tb_line_finish(tb_line *l)
{
	if (l->lazy && !text_finish(l))
		line_parse(l->s, l->n, l, 0, 1);
}
