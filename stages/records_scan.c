/*
 * records_scan.c - what the records stage finds inside text: amounts and percentages
 * (through the number grammar of swnum.c), dates in ISO form, and the metadata of a
 * document: diarienummer ("RS/595/2023"), paragraphs of minutes ("§ 55") and the names of
 * bodies ("Regionstyrelsen"). Every scanner is one pass over its text; the words it knows
 * are the tables at the top of this file.
 */
#include "records_int.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "swnum.h"

/* Month names, with the abbreviations that cannot be read as another word ("jul" is
 * Christmas, so it is not here). */
#define WORD(s) s, sizeof s - 1
static const struct month {
	const char *name;
	size_t len;
	int month;
} months[] = {
    {WORD("januari"), 1},   {WORD("februari"), 2}, {WORD("mars"), 3},      {WORD("april"), 4},
    {WORD("maj"), 5},       {WORD("juni"), 6},     {WORD("juli"), 7},      {WORD("augusti"), 8},
    {WORD("september"), 9}, {WORD("oktober"), 10}, {WORD("november"), 11}, {WORD("december"), 12},
    {WORD("sept"), 9},      {WORD("jan"), 1},      {WORD("feb"), 2},       {WORD("mar"), 3},
    {WORD("apr"), 4},       {WORD("jun"), 6},      {WORD("aug"), 8},       {WORD("sep"), 9},
    {WORD("okt"), 10},      {WORD("nov"), 11},     {WORD("dec"), 12},
};
/* The letters a month name can start with, for a quick refusal of other words. */
static const char month_initials[] = "jfmasond";

/* Word endings that name a body (nämnd, styrelse, fullmäktige ...), in UTF-8 and as OCR
 * and ASCII folding leave them. */
static const struct ending {
	const char *text;
	size_t len;
} body_endings[] = {
    {WORD("styrelsen")},   {WORD("nämnden")},   {WORD("namnden")},     {WORD("fullmäktige")},
    {WORD("fullmaktige")}, {WORD("utskottet")}, {WORD("beredningen")}, {WORD("direktionen")},
};

/* Letter prefixes of codes that are not diarienummer: laws, official prints, standards. */
static const char *const not_dnr[] = {"SFS", "SOU", "PROP", "DS", "NJA", "ISO", "SS",    "EN",
                                      "EU",  "HFD", "AD",   "MD", "RÅ",  "COM", "CELEX", "ISBN"};

/* Words a diarienummer follows. */
static const char *const dnr_words[] = {"diarienummer", "diarienr", "dnr"};

/* ------------------------------------------------------------------ helpers --------- */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_ascii_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* wordish() by byte value, rows of 16 from 0x00: digits, ASCII letters, 0x80 and up. */
static const unsigned char wordish_bytes[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* True when p is inside a word: a letter or digit (bytes from 0xC3 up lead å ä ö é ...
 * and continue them). */
static int wordish(unsigned char c)
{
	return wordish_bytes[c]; /* a table: this runs on nearly every byte (next_word) */
}

/* True when c (either case) is a letter a month name can start with (month_initials);
 * a switch, not a memchr call, as this runs at nearly every word of the text. */
static int is_month_initial(char c)
{
	switch (lower(c)) {
	case 'j':
	case 'f':
	case 'm':
	case 'a':
	case 's':
	case 'o':
	case 'n':
	case 'd':
		return 1;
	default:
		return 0;
	}
}

/* Past the word at p, or past the one byte at p when it is not in a word. */
static const char *next_word(const char *p, const char *end)
{
	if (!wordish((unsigned char)*p))
		return p + 1;
	while (p < end && wordish((unsigned char)*p))
		p++;
	return p;
}

/* Length of the upper-case letter at p: A-Z, or Å Ä Ö É (UTF-8). */
static size_t upper_at(const char *p, const char *end)
{
	if (p < end && *p >= 'A' && *p <= 'Z')
		return 1;
	if (end - p >= 2 && (unsigned char)p[0] == 0xc3 &&
	    ((unsigned char)p[1] == 0x85 || (unsigned char)p[1] == 0x84 ||
	     (unsigned char)p[1] == 0x96 || (unsigned char)p[1] == 0x89))
		return 2;
	return 0;
}

/* Reads up to max digits at p; returns how many (0 when none) and their value. */
static size_t digits_at(const char *p, const char *end, size_t max, int *value)
{
	size_t k = 0;
	int v = 0;
	while (p + k < end && k < max && is_digit(p[k]))
		v = v * 10 + (p[k++] - '0');
	if (p + k < end && is_digit(p[k]))
		return 0; /* more digits than max */
	*value = v;
	return k;
}

static int days_in(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return days[month - 1] + (month == 2 && leap);
}

/* ------------------------------------------------------------------ amounts --------- */

tv_status tv_records_amounts(tv_buf *b, const char *s, size_t n, size_t max)
{
	tv_status rc = tv_buf_putc(b, '[');
	size_t pos = 0, found = 0;
	tv_swamount a;
	while (!rc && found < max && tv_swnum_find(s, n, &pos, &a)) {
		if (found++ && (rc = tv_buf_puts(b, ", ")))
			break;
		if ((rc = tv_buf_puts(b, "{\"text\": ")) ||
		    (rc = tv_records_json_str(b, s + a.start, a.end - a.start)) ||
		    (rc = tv_buf_puts(b, ", \"value\": ")) ||
		    (rc = tv_swnum_decimal(s + a.start, a.num_end - a.start, a.scale, b)) ||
		    (rc = tv_buf_puts(b, ", \"unit\": ")))
			break;
		if (!a.unit)
			rc = tv_buf_puts(b, "null}");
		else if (!(rc = tv_buf_putc(b, '"')) && !(rc = tv_buf_puts(b, a.unit)))
			rc = tv_buf_puts(b, "\"}");
	}
	return rc ? rc : tv_buf_putc(b, ']');
}

/* ------------------------------------------------------------------ dates ----------- */

/* A month name at p ending a word; its length and number. */
static size_t month_at(const char *p, const char *end, int *month)
{
	if (!strchr(month_initials, lower(*p)) || !*p)
		return 0;
	for (size_t i = 0; i < sizeof months / sizeof months[0]; i++) {
		size_t k = months[i].len, j = 0;
		if ((size_t)(end - p) < k)
			continue;
		while (j < k && lower(p[j]) == months[i].name[j])
			j++;
		if (j < k)
			continue;
		if (p + k < end && p[k] == '.' && k <= 4)
			k++; /* "dec." */
		else if (p + k < end && wordish((unsigned char)p[k]))
			continue;
		*month = months[i].month;
		return k;
	}
	return 0;
}

/* A year 1900-2099 at p, not going on in digits; its length (4) or 0. */
static size_t year_at(const char *p, const char *end, int *year)
{
	size_t k = digits_at(p, end, 4, year);
	return k == 4 && *year >= 1900 && *year <= 2099 ? 4 : 0;
}

/* Bytes from the start of a date to the start of its year, at most: "31. september 2024"
 * (two digits, a dot, a space, the longest month name, a space). */
#define YEAR_REACH 16

/* True when one of the eight bytes at p is a digit: xor-ed with '0' the digits are the
 * bytes below 10, and (x - 10*0x01..) & ~x & 0x80.. sees any byte below 10 (no borrow
 * starts at a byte that is not). */
static int digit8(const char *p)
{
	const uint64_t ones = 0x0101010101010101u;
	uint64_t x;
	memcpy(&x, p, 8);
	x ^= ones * '0';
	return ((x - ones * 10) & ~x & (ones * 0x80)) ? 1 : 0;
}

/* The first digit at or after p, or end: with SSE2 16 bytes at a time, landing on it;
 * then (or without SSE2) eight at a time past runs of none, and byte by byte. */
static const char *next_digit(const char *p, const char *end)
{
#if defined(__SSE2__)
	for (; end - p >= 16; p += 16) {
		__m128i d = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(const void *)p),
		                         _mm_set1_epi8('0'));
		unsigned m = (unsigned)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d));
		if (m)
			return p + __builtin_ctz(m);
	}
#endif
	while (end - p >= 8 && !digit8(p))
		p += 8; /* most of the text: no digit in eight bytes */
	while (p < end && !is_digit(*p))
		p++;
	return p;
}

/* The first year at or after p (a run of exactly four digits, 1900-2099), or end. Every
 * date holds one, and starts at most YEAR_REACH bytes before it. */
static const char *next_year(const char *p, const char *end)
{
	while (p < end) {
		p = next_digit(p, end);
		const char *q = p;
		while (q < end && is_digit(*q))
			q++;
		if (q - p == 4 && (p[0] == '1' ? p[1] == '9' : p[0] == '2' && p[1] == '0'))
			return p;
		p = q;
	}
	return end;
}

int tv_records_dates(const char *s, size_t n, tv_records_date_fn found, void *ctx)
{
	const char *end = s + n;
	char iso[32];
	const char *year = next_year(s, end);
	for (const char *p = s; p < end;) {
		/* no date starts more than YEAR_REACH bytes before the next year: go on from
		 * there, at a byte this loop would have come to (outside a word, or a word's
		 * first), so what is found is what a byte-by-byte pass finds */
		if (year < p)
			year = next_year(p, end);
		if (year == end)
			break;
		if (year - p > YEAR_REACH) {
			p = year - YEAR_REACH;
			while (wordish((unsigned char)p[0]) && wordish((unsigned char)p[-1]))
				p++;
		}
		unsigned char prev = p > s ? (unsigned char)p[-1] : ' ';
		int y, m, d, r;
		size_t k;
		if (is_digit(*p) && !is_digit((char)prev) && prev != '-' && prev != '/' &&
		    prev != '.' && prev != ',') {
			/* 2024-05-01 */
			if ((k = year_at(p, end, &y)) && end - p >= 10 && p[4] == '-' &&
			    digits_at(p + 5, end, 2, &m) == 2 && p[7] == '-' &&
			    digits_at(p + 8, end, 2, &d) == 2 && m >= 1 && m <= 12 && d >= 1 &&
			    d <= days_in(y, m) &&
			    (p + 10 == end || (!is_digit(p[10]) && p[10] != '-'))) {
				snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
				if ((r = found(ctx, iso, 10)))
					return r;
				p += 10;
				continue;
			}
			/* 31 december 2024, 1. januari 2024 */
			size_t dl = digits_at(p, end, 2, &d);
			const char *q = p + dl;
			if (dl && !wordish(prev) && q < end && *q == '.')
				q++;
			if (dl && !wordish(prev) && q < end && *q == ' ' && d >= 1 && d <= 31 &&
			    (k = month_at(q + 1, end, &m)) && q + 1 + k < end && q[1 + k] == ' ' &&
			    year_at(q + 2 + k, end, &y) && d <= days_in(y, m)) {
				snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
				if ((r = found(ctx, iso, 10)))
					return r;
				p = q + 2 + k + 4;
				continue;
			}
		}
		/* maj 2024: a word and then a year, before the month names are tried (only
		 * where a month name can start: most words are done at their first letter) */
		const char *we = p;
		if (is_month_initial(*p))
			while (we < end && is_ascii_alpha(*we))
				we++;
		if (we > p && we < end && *we == '.')
			we++;
		if (we > p && end - we >= 5 && *we == ' ' && is_digit(we[1]) && !wordish(prev) &&
		    (k = month_at(p, end, &m)) && p + k < end && p[k] == ' ' &&
		    year_at(p + k + 1, end, &y)) {
			snprintf(iso, sizeof iso, "%04d-%02d", y, m);
			if ((r = found(ctx, iso, 7)))
				return r;
			p += k + 5;
			continue;
		}
		p = next_word(p, end);
	}
	return 0;
}

typedef struct json_list {
	tv_buf *b;
	size_t n, max;
	tv_status rc;
} json_list;

static int add_date(void *ctx, const char *iso, size_t len)
{
	json_list *l = ctx;
	if (l->n >= l->max)
		return 1;
	if (l->n++ && (l->rc = tv_buf_puts(l->b, ", ")))
		return 1;
	l->rc = tv_records_json_str(l->b, iso, len);
	return l->rc != TV_OK;
}

tv_status tv_records_dates_json(tv_buf *b, const char *s, size_t n, size_t max)
{
	json_list l = {b, 0, max, TV_OK};
	tv_status rc = tv_buf_putc(b, '[');
	if (rc)
		return rc;
	tv_records_dates(s, n, add_date, &l);
	return l.rc ? l.rc : tv_buf_putc(b, ']');
}

/* ------------------------------------------------------------------ diarienummer ---- */

/* The letters of a code's prefix at p (upper case, 1 to 8 letters); their byte length. */
static size_t prefix_at(const char *p, const char *end)
{
	size_t k = 0, letters = 0, u;
	while ((u = upper_at(p + k, end)) != 0 && letters < 9)
		k += u, letters++;
	return letters >= 1 && letters <= 8 ? k : 0;
}

static int is_not_dnr(const char *p, size_t k)
{
	for (size_t i = 0; i < sizeof not_dnr / sizeof not_dnr[0]; i++)
		if (strlen(not_dnr[i]) == k && memcmp(p, not_dnr[i], k) == 0)
			return 1;
	return 0;
}

/* The diarienummer that starts at p (its prefix letters first), or 0: "RS/595/2023",
 * "RS 1179-2024", "KS 2023/123", "KS2023-0042". */
static size_t dnr_at(const char *p, const char *end)
{
	size_t k = prefix_at(p, end);
	if (!k || is_not_dnr(p, k))
		return 0;
	const char *q = p + k;
	int v, w;
	if (q < end && *q == '/') {
		/* RS/595/2023, RS/2023/595 */
		size_t a = digits_at(q + 1, end, 6, &v);
		if (!a || q + 1 + a >= end || q[1 + a] != '/')
			return 0;
		size_t b = digits_at(q + 2 + a, end, 6, &w);
		if (!b ||
		    (!(a == 4 && v >= 1900 && v <= 2099) && !(b == 4 && w >= 1900 && w <= 2099)))
			return 0;
		return k + 2 + a + b;
	}
	if (q < end && *q == ' ')
		q++;
	size_t a = digits_at(q, end, 6, &v);
	if (!a || q + a >= end || (q[a] != '-' && q[a] != '/'))
		return 0;
	size_t b = digits_at(q + a + 1, end, 6, &w);
	if (!b || (!(a == 4 && v >= 1900 && v <= 2099) && !(b == 4 && w >= 1900 && w <= 2099)))
		return 0;
	const char *e = q + a + 1 + b;
	if (e < end && (wordish((unsigned char)*e) || *e == '-' || *e == '/'))
		return 0;
	return (size_t)(e - p);
}

int tv_records_diarienummer(const char *s, size_t n, tv_records_span_fn found, void *ctx)
{
	const char *end = s + n;
	for (const char *p = s; p < end;) {
		int boundary = p == s || !wordish((unsigned char)p[-1]);
		size_t k = boundary ? dnr_at(p, end) : 0;
		if (k) {
			int r = found(ctx, p, k);
			if (r)
				return r;
			p += k;
			continue;
		}
		/* "Dnr 2023/456", "Diarienummer: 123-2023": the code after the word */
		for (size_t i = 0; boundary && i < sizeof dnr_words / sizeof dnr_words[0]; i++) {
			size_t wl = strlen(dnr_words[i]), j = 0;
			while (j < wl && p + j < end && lower(p[j]) == dnr_words[i][j])
				j++;
			if (j < wl || (p + j < end && wordish((unsigned char)p[j])))
				continue;
			const char *q = p + j;
			while (q < end && (*q == '.' || *q == ':' || *q == ' '))
				q++;
			const char *c = q;
			if ((k = dnr_at(c, end)) == 0) {
				while (c < end && (wordish((unsigned char)*c) || *c == '/' ||
				                   *c == '-' || *c == '.' || *c == ':'))
					c++;
				while (c > q && (c[-1] == '.' || c[-1] == ':' || c[-1] == '-'))
					c--;
				k = (size_t)(c - q);
				int digit = 0;
				for (const char *d = q; d < c; d++)
					digit |= is_digit(*d);
				if (!digit || k > 40)
					k = 0;
			}
			if (k) {
				int r = found(ctx, q, k);
				if (r)
					return r;
				p = q + k;
			}
			break;
		}
		if (!k)
			p = next_word(p, end);
	}
	return 0;
}

/* ------------------------------------------------------------------ § and bodies ---- */

int tv_records_paragraf(const char *s, size_t n, tv_records_span_fn found, void *ctx)
{
	const char *end = s + n;
	for (const char *p = s; end - p >= 3; p++) {
		if ((unsigned char)p[0] != 0xc2 || (unsigned char)p[1] != 0xa7)
			continue;
		const char *q = p + 2;
		if (q < end && *q == ' ')
			q++;
		int v;
		size_t k = digits_at(q, end, 4, &v);
		if (!k || (q + k < end && wordish((unsigned char)q[k]) && !is_ascii_alpha(q[k])))
			continue;
		if (q + k < end && is_ascii_alpha(q[k]) &&
		    (q + k + 1 >= end || !wordish((unsigned char)q[k + 1])))
			k++; /* "§ 12a" */
		else if (q + k < end && wordish((unsigned char)q[k]))
			continue;
		int r = found(ctx, p, (size_t)(q + k - p));
		if (r)
			return r;
		p = q + k - 1;
	}
	return 0;
}

int tv_records_bodies(const char *s, size_t n, tv_records_span_fn found, void *ctx)
{
	const char *end = s + n;
	for (const char *p = s; p < end;) {
		if (!wordish((unsigned char)*p)) {
			p++;
			continue;
		}
		const char *w = p;
		while (p < end && (wordish((unsigned char)*p) || *p == '-'))
			p++;
		const char *we = p;
		if (we > w && we[-1] == 's')
			we--; /* the genitive: "regionstyrelsens" */
		char last = we > w ? we[-1] : 0;
		for (size_t i = 0; (last == 'n' || last == 'e' || last == 't') &&
		                   i < sizeof body_endings / sizeof body_endings[0];
		     i++) {
			size_t k = body_endings[i].len;
			if ((size_t)(we - w) <= k + 1 ||
			    memcmp(we - k, body_endings[i].text, k) != 0)
				continue;
			/* "Hälso- och sjukvårdsnämnden": take the suspended first part too */
			const char *start = w;
			static const char och[] = "- och ";
			if (w - s >= 8 && memcmp(w - 6, och, 6) == 0) {
				const char *a = w - 6;
				while (a > s && wordish((unsigned char)a[-1]))
					a--;
				if (a < w - 6)
					start = a;
			}
			int r = found(ctx, start, (size_t)(we - start));
			if (r)
				return r;
			break;
		}
	}
	return 0;
}
