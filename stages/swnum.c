/*
 * swnum.c - the Swedish number grammar: when a cell is a number, and its value.
 *
 * The grammar is the one DESIGN.md gives for table cells and that score-tables applies:
 *
 *   cell   = space* body space* [unit] space*
 *   body   = "(" number ")" | number
 *   number = [sign] [sep] groups [",", digit+] [sep] ["%"]
 *   groups = digit{1,3} (sep digit{3})*  |  digit+
 *   sep    = " " | U+00A0 | U+202F
 *   sign   = "-" | U+2212 | U+2013
 *
 * The unit table below is data: add a unit there, not in the code.
 */
#include "swnum.h"
#include "scan16.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Units a cell may end with, longest first so "miljoner kronor" wins over "kronor". */
#define UW(text, unit)                                                                             \
	{                                                                                          \
		text, sizeof text - 1, unit                                                        \
	}
static const struct unit_word {
	const char *text;
	size_t len; /* strlen(text), counted once at build time */
	tv_swunit unit;
} unit_words[] = {
    UW("miljarder kronor", TV_UNIT_MDKR),
    UW("miljoner kronor", TV_UNIT_MNKR),
    UW("miljarder", TV_UNIT_MILJARDER),
    UW("miljoner", TV_UNIT_MILJONER),
    UW("procent", TV_UNIT_PERCENT),
    UW("kronor", TV_UNIT_KR),
    UW("mdkr", TV_UNIT_MDKR),
    UW("mnkr", TV_UNIT_MNKR),
    UW("mkr", TV_UNIT_MNKR),
    UW("tkr", TV_UNIT_TKR),
    UW("kr", TV_UNIT_KR),
    UW("st", TV_UNIT_ST),
};

/* Units of amounts in running text, each word longest first. A scale word may be
 * followed by a currency word ("miljoner kronor"); alone it makes a bare count. */
static const struct prose_unit {
	const char *text;
	int scale;
	const char *unit;
} prose_compact[] =
    {
        {"procentenheter", 0, "pp"}, {"procentenhet", 0, "pp"},
        {"procent", 0, "%"},         {"%", 0, "%"},
        {"kronor", 0, "SEK"},        {"krona", 0, "SEK"},
        {"mdkr", 9, "SEK"},          {"mdsek", 9, "SEK"},
        {"mnkr", 6, "SEK"},          {"msek", 6, "SEK"},
        {"mkr", 6, "SEK"},           {"tkr", 3, "SEK"},
        {"tsek", 3, "SEK"},          {"ksek", 3, "SEK"},
        {"sek", 0, "SEK"},           {"kr", 0, "SEK"},
        {"euro", 0, "EUR"},          {"eur", 0, "EUR"},
},
  prose_scale[] =
      {
          {"miljarder", 9, NULL}, {"miljard", 9, NULL}, {"miljoner", 6, NULL},
          {"miljon", 6, NULL},    {"mdr", 9, NULL},     {"tusen", 3, NULL},
},
  prose_currency[] = {
      {"kronor", 0, "SEK"}, {"krona", 0, "SEK"}, {"sek", 0, "SEK"},
      {"kr", 0, "SEK"},     {"euro", 0, "EUR"},  {"eur", 0, "EUR"},
};

static const char *const unit_names[] = {
    [TV_UNIT_NONE] = "",
    [TV_UNIT_PERCENT] = "%",
    [TV_UNIT_KR] = "kr",
    [TV_UNIT_TKR] = "tkr",
    [TV_UNIT_MNKR] = "mnkr",
    [TV_UNIT_MDKR] = "mdkr",
    [TV_UNIT_MILJONER] = "miljoner",
    [TV_UNIT_MILJARDER] = "miljarder",
    [TV_UNIT_ST] = "st",
};

/* The longest digit string we turn into a value; longer ones are not numbers. */
#define MAX_DIGITS 60

const char *tv_swunit_name(tv_swunit u)
{
	return (size_t)u < sizeof unit_names / sizeof unit_names[0] ? unit_names[u] : "";
}

/* Length of the separator at p (space, U+00A0 or U+202F), or 0. */
static size_t sep_len(const char *p, const char *end)
{
	if (p < end && *p == ' ')
		return 1;
	if (end - p >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
		return 2;
	if (end - p >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
	    (unsigned char)p[2] == 0xAF)
		return 3;
	return 0;
}

/* Length of the white space at p (a separator or a tab), or 0. */
static size_t space_len(const char *p, const char *end)
{
	if (p < end && *p == '\t')
		return 1;
	return sep_len(p, end);
}

/* Length of the white space that ends at end (one character), or 0. */
static size_t space_len_back(const char *start, const char *end)
{
	if (end > start && (end[-1] == ' ' || end[-1] == '\t'))
		return 1;
	if (end - start >= 2 && (unsigned char)end[-2] == 0xC2 && (unsigned char)end[-1] == 0xA0)
		return 2;
	if (end - start >= 3 && (unsigned char)end[-3] == 0xE2 && (unsigned char)end[-2] == 0x80 &&
	    (unsigned char)end[-1] == 0xAF)
		return 3;
	return 0;
}

/* Length of a minus sign at p ("-", U+2212, U+2013), or 0. */
static size_t sign_len(const char *p, const char *end)
{
	if (p < end && *p == '-')
		return 1;
	if (end - p >= 3 && (unsigned char)p[0] == 0xE2 &&
	    (((unsigned char)p[1] == 0x88 && (unsigned char)p[2] == 0x92) ||
	     ((unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x93)))
		return 3;
	return 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ASCII lower case without the locale. */
static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Removes a unit word (and a period after it) from the end of [s, *end); returns it. */
static tv_swunit strip_unit(const char *s, const char **end)
{
	const char *e = *end;
	if (e > s && e[-1] == '.')
		e--;
	if (e == s || is_digit(e[-1]) || e[-1] == '%' || e[-1] == ')')
		return TV_UNIT_NONE; /* every unit is a word: most cells end in a digit */
	for (size_t i = 0; i < sizeof unit_words / sizeof unit_words[0]; i++) {
		size_t k = unit_words[i].len;
		if ((size_t)(e - s) <= k || lower(e[-1]) != unit_words[i].text[k - 1])
			continue; /* too short, or the last letter already differs */
		const char *w = e - k;
		size_t j = 0;
		while (j < k && lower(w[j]) == unit_words[i].text[j])
			j++;
		if (j == k) {
			while (w > s && space_len_back(s, w))
				w -= space_len_back(s, w);
			*end = w;
			return unit_words[i].unit;
		}
	}
	return TV_UNIT_NONE;
}

/* Reads the number body [p, end) (no unit, no parentheses); 1 when it is all a number. */
static int read_number(const char *p, const char *end, tv_swnum *num, char *digits, size_t *nd)
{
	size_t k = sign_len(p, end);
	if (k) {
		num->negative = 1;
		p += k;
		p += sep_len(p, end);
	}
	/* integer part: groups of three after a first group of one to three, or one run */
	const char *start = p;
	while (p < end && is_digit(*p))
		p++;
	size_t first = (size_t)(p - start);
	if (first == 0)
		return 0;
	size_t n = 0;
	for (const char *q = start; q < p; q++)
		if (n < MAX_DIGITS)
			digits[n++] = *q;
		else
			return 0;
	num->intdigits = (int)first;
	if (first <= 3) {
		for (;;) {
			size_t s = sep_len(p, end);
			if (!s || end - (p + s) < 3 || !is_digit(p[s]) || !is_digit(p[s + 1]) ||
			    !is_digit(p[s + 2]) || (p + s + 3 < end && is_digit(p[s + 3])))
				break;
			if (n + 3 > MAX_DIGITS)
				return 0;
			memcpy(digits + n, p + s, 3);
			n += 3;
			num->intdigits += 3;
			num->grouped = 1;
			p += s + 3;
		}
	}
	if (p < end && *p == ',') {
		const char *d = ++p;
		while (p < end && is_digit(*p)) {
			if (n >= MAX_DIGITS)
				return 0;
			digits[n++] = *p++;
		}
		num->decimals = (int)(p - d);
		if (num->decimals == 0)
			return 0;
	}
	const char *before_pct = p;
	p += sep_len(p, end);
	if (p < end && *p == '%') {
		num->unit = TV_UNIT_PERCENT;
		p++;
	} else {
		p = before_pct;
	}
	*nd = n;
	return p == end;
}

/* tv_swnum_cell, with the value left 0 unless with_value is set (tv_swnum_decimal
 * needs only the shape and the digits, and strtod is the dearest step); the digits of
 * the number (integer part, then decimals) go to digits[0..*ndigits). */
static int read_cell(const char *s, size_t n, tv_swnum *out, int with_value,
                     char digits[MAX_DIGITS + 1], size_t *ndigits)
{
	tv_swnum num;
	memset(&num, 0, sizeof num);
	const char *p = s, *end = s + n;
	while (p < end && space_len(p, end))
		p += space_len(p, end);
	while (end > p && space_len_back(p, end))
		end -= space_len_back(p, end);
	if (p == end)
		return 0;
	tv_swunit unit = strip_unit(p, &end);
	if (p < end && *p == '(') {
		if (end[-1] != ')' || end - p < 3)
			return 0;
		num.paren = 1;
		p++;
		end--;
	}
	size_t nd = 0;
	if (!read_number(p, end, &num, digits, &nd))
		return 0;
	*ndigits = nd;
	/* in parentheses only the grouped form, as score-tables reads it: "(7 824,92)" and
	 * "(824,92)" are numbers, "(7824,92)" is text */
	if (num.paren && num.intdigits > 3 && !num.grouped)
		return 0;
	if (num.unit == TV_UNIT_PERCENT && unit != TV_UNIT_NONE && unit != TV_UNIT_PERCENT)
		return 0; /* "12 % kr" */
	if (unit != TV_UNIT_NONE)
		num.unit = unit;
	if (with_value) {
		/* digits holds the integer digits then the decimals; "123.45" for strtod */
		char text[MAX_DIGITS + 3];
		size_t ni = (size_t)num.intdigits, k = 0;
		memcpy(text, digits, ni);
		k = ni;
		if (num.decimals) {
			text[k++] = '.';
			memcpy(text + k, digits + ni, nd - ni);
			k += nd - ni;
		}
		text[k] = '\0';
		num.value = strtod(text, NULL);
	}
	if (num.paren)
		num.negative = !num.negative;
	if (num.negative)
		num.value = -num.value;
	if (out)
		*out = num;
	return 1;
}

int tv_swnum_cell(const char *s, size_t n, tv_swnum *out)
{
	char digits[MAX_DIGITS + 1];
	size_t nd;
	return read_cell(s, n, out, 1, digits, &nd);
}

/* Bytes that tv_swnum_normalise copies as they are wherever they stand. */
static const unsigned char plain_byte[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['-'] = 1, [','] = 1, ['.'] = 1, ['%'] = 1, ['('] = 1, [')'] = 1};

/* Is s[0..n) (n > 0) normal already: plain bytes, and single spaces between digits (the
 * usual cell, "-1 086 437,5")? tv_swnum_normalise would copy it unchanged. */
static int is_normal(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == ' ' ? !i || i + 1 == n || !is_digit(s[i - 1]) || !is_digit(s[i + 1])
		                : !plain_byte[(unsigned char)s[i]])
			return 0;
	return 1;
}

tv_status tv_swnum_normalise(const char *s, size_t n, tv_buf *dst)
{
	if (n && is_normal(s, n))
		return tv_buf_append(dst, s, n);
	const char *p = s, *end = s + n;
	while (p < end && space_len(p, end))
		p += space_len(p, end);
	while (end > p && space_len_back(p, end))
		end -= space_len_back(p, end);
	tv_status rc = tv_buf_reserve(dst, (size_t)(end - p) + 1);
	if (rc)
		return rc;
	/* the bytes between digit-group separators are copied a run at a time, straight
	 * into the room reserved: the text never grows (a run of separators, one byte or
	 * more, becomes one space) */
	char *o = dst->data + dst->len;
	const char *run = p;
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		if ((c == ' ' || c == 0xC2 || c == 0xE2) && p > s && is_digit(p[-1]) &&
		    sep_len(p, end)) {
			const char *q = p;
			while (q < end && sep_len(q, end))
				q += sep_len(q, end);
			if (q < end && is_digit(*q)) {
				memcpy(o, run, (size_t)(p - run));
				o += p - run;
				*o++ = ' ';
				p = run = q;
				continue;
			}
		}
		p++;
	}
	memcpy(o, run, (size_t)(p - run));
	o += p - run;
	dst->len = (size_t)(o - dst->data);
	dst->data[dst->len] = '\0';
	return TV_OK;
}

/*
 * The usual table cell in one pass: "-" or nothing, then digits in groups of three
 * after a first group of one to three, single spaces between ("-1 086 437"), or one run
 * of digits, perhaps a decimal comma and digits after it; nothing else, no more than
 * MAX_DIGITS digits. Writes what tv_swnum_decimal writes for it with scale 0 (the sign,
 * the digits without leading zeros but the last, "." and the decimals) and returns 1;
 * returns 0, writing nothing, for any other text, which read_cell then reads.
 */
static int plain_decimal(const char *s, size_t n, tv_buf *dst, tv_status *rc)
{
	char text[MAX_DIGITS + 3];
	size_t i = 0, k = 0, nd = 0;
	if (n && s[0] == '-')
		text[k++] = '-', i++;
	size_t istart = k, d0 = i;
	while (i < n && is_digit(s[i]) && nd < MAX_DIGITS)
		text[k++] = s[i++], nd++;
	size_t first = i - d0;
	if (!first || (i < n && is_digit(s[i])))
		return 0;
	/* digit groups: a space and exactly three digits, after a first group of three at
	 * most (read_number takes no group after a longer one) */
	while (first <= 3 && i + 4 <= n && s[i] == ' ' && is_digit(s[i + 1]) &&
	       is_digit(s[i + 2]) && is_digit(s[i + 3]) && (i + 4 == n || !is_digit(s[i + 4]))) {
		if (nd + 3 > MAX_DIGITS)
			return 0;
		memcpy(text + k, s + i + 1, 3);
		k += 3, nd += 3, i += 4;
	}
	size_t iend = k;
	if (i < n && s[i] == ',') {
		size_t c = ++i;
		text[k++] = '.';
		while (i < n && is_digit(s[i]) && nd < MAX_DIGITS)
			text[k++] = s[i++], nd++;
		if (i == c || (i < n && is_digit(s[i])))
			return 0;
	}
	if (i != n)
		return 0;
	size_t lead = 0;
	while (istart + lead + 1 < iend && text[istart + lead] == '0')
		lead++;
	if (lead) {
		memmove(text + istart, text + istart + lead, k - istart - lead);
		k -= lead;
	}
	*rc = tv_buf_append(dst, text, k);
	return 1;
}

tv_status tv_swnum_decimal(const char *s, size_t n, int scale, tv_buf *dst)
{
	tv_status rc;
	if (scale == 0 && plain_decimal(s, n, dst, &rc))
		return rc;
	tv_swnum num;
	/* the number's digits, integer part then decimals, as read_number met them */
	char digits[MAX_DIGITS + 1];
	size_t nd = 0;
	if (!read_cell(s, n, &num, 0, digits, &nd) || scale < 0 || scale > 18)
		return TV_EINPUT;
	size_t ni = (size_t)num.intdigits, nfrac = nd - ni, shift = (size_t)scale;
	/* integer part: the integer digits, then as many decimals as the scale moves over,
	 * then zeros for the rest of the scale */
	char text[2 * MAX_DIGITS + 24];
	size_t k = 0, lead = 0;
	if (num.negative)
		text[k++] = '-';
	size_t istart = k;
	for (size_t i = 0; i < ni + (shift < nfrac ? shift : nfrac); i++)
		text[k++] = digits[i];
	for (size_t i = nfrac; i < shift; i++)
		text[k++] = '0';
	while (istart + lead + 1 < k && text[istart + lead] == '0')
		lead++;
	if (lead) {
		memmove(text + istart, text + istart + lead, k - istart - lead);
		k -= lead;
	}
	if (shift < nfrac) {
		text[k++] = '.';
		for (size_t i = ni + shift; i < nd; i++)
			text[k++] = digits[i];
	}
	return tv_buf_append(dst, text, k);
}

/* ------------------------------------------------------------------ prose ---------- */

static int is_alpha_ascii(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* True when a word may not go on at p: end, or not a letter or digit (bytes from 0xC3 up
 * lead the letters å, ä, ö, é and the rest). */
static int word_ends(const char *p, const char *end)
{
	return p >= end || !(is_alpha_ascii(*p) || is_digit(*p) || (unsigned char)*p >= 0xc3);
}

/* Length of the unit word w (ASCII, lower case) at p, case-insensitively and ending a
 * word, or 0. */
static size_t unit_at(const char *p, const char *end, const char *w)
{
	if (p >= end || lower(*p) != w[0])
		return 0; /* most places: the first letter already differs */
	size_t k = strlen(w);
	if ((size_t)(end - p) < k)
		return 0;
	for (size_t i = 0; i < k; i++)
		if (lower(p[i]) != w[i])
			return 0;
	return w[0] == '%' || word_ends(p + k, end) ? k : 0;
}

/* The bytes a unit of the tables above can start with, in either case: most numbers in
 * text are followed by some other word, which is then refused at one look-up instead of
 * one try per unit. (A unit starting with another byte must be added here too.) */
static const unsigned char unit_first[256] = {
    ['%'] = 1, ['e'] = 1, ['E'] = 1, ['k'] = 1, ['K'] = 1, ['m'] = 1, ['M'] = 1,
    ['p'] = 1, ['P'] = 1, ['s'] = 1, ['S'] = 1, ['t'] = 1, ['T'] = 1,
};

/* Matches the first unit of table t[0..nt) at p; returns its length and sets *u. */
static size_t match_unit(const char *p, const char *end, const struct prose_unit *t, size_t nt,
                         const struct prose_unit **u)
{
	for (size_t i = 0; i < nt; i++) {
		size_t k = unit_at(p, end, t[i].text);
		if (k) {
			*u = &t[i];
			return k;
		}
	}
	return 0;
}

/* Code points that may stand before a number in text (UTF-8): no-break spaces, dashes,
 * quotation marks. */
static const char *const before_number[] = {
    "\xc2\xa0",     "\xe2\x80\xaf", "\xe2\x80\x93", "\xe2\x80\x94", "\xe2\x80\x9c",
    "\xe2\x80\x9d", "\xe2\x80\x98", "\xe2\x80\x99", "\xc2\xab",     "\xc2\xbb",
};

/* True when a number may start at s + i: not glued to a word, a code or a date. */
static int number_boundary(const char *s, size_t i)
{
	if (i == 0)
		return 1;
	unsigned char c = (unsigned char)s[i - 1];
	if (c < 0x80)
		return !(is_alpha_ascii((char)c) || is_digit((char)c) ||
		         strchr(".,/:-_+=&#", (int)c));
	for (size_t k = 0; k < sizeof before_number / sizeof before_number[0]; k++) {
		size_t l = strlen(before_number[k]);
		if (i >= l && memcmp(s + i - l, before_number[k], l) == 0)
			return 1;
	}
	return 0;
}

/* The end of the number that starts at p (a sign already passed), by the grammar:
 * groups of three after one to three digits, or a run of digits; a decimal comma. */
static const char *number_end(const char *p, const char *end)
{
	const char *start = p;
	while (p < end && is_digit(*p))
		p++;
	if (p - start > MAX_DIGITS)
		return NULL;
	if (p - start <= 3)
		for (;;) {
			size_t s = sep_len(p, end);
			if (!s || end - (p + s) < 3 || !is_digit(p[s]) || !is_digit(p[s + 1]) ||
			    !is_digit(p[s + 2]) || (p + s + 3 < end && is_digit(p[s + 3])))
				break;
			p += s + 3;
		}
	if (end - p >= 2 && *p == ',' && is_digit(p[1])) {
		p++;
		while (p < end && is_digit(*p))
			p++;
	}
	return p;
}

/* The bytes a number in text can start with: a digit, '-' or the lead byte of U+2212
 * and U+2013 (0xE2); sign_len says which signs those are. */
static const unsigned char number_lead[256] = {
    ['-'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
    ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, [0xe2] = 1,
};

/* True when one of the eight bytes at p is in number_lead: a digit ('0' to '9' are the
 * bytes below 10 once xor-ed with '0'), '-' or 0xE2. Any byte below k in a word is seen
 * by (x - k*0x01..) & ~x & 0x80..: no borrow starts at a byte that is not. */
static int lead8(const char *p)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t x;
	memcpy(&x, p, 8);
	uint64_t d = x ^ (ones * '0'), m = x ^ (ones * '-'), e = x ^ (ones * 0xe2);
	return (((d - ones * 10) & ~d) | ((m - ones) & ~m) | ((e - ones) & ~e)) & highs ? 1 : 0;
}

#if defined(__SSE2__)
/* The bytes of the 16 at p that are in number_lead, as a bit mask (bit k for p[k]): a
 * digit is a byte whose distance above '0' is at most 9 (unsigned, so bytes below '0'
 * wrap round to large ones). */
static inline unsigned lead16(const unsigned char *p)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i d = _mm_sub_epi8(x, _mm_set1_epi8('0'));
	__m128i m = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
	m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('-')));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xe2)));
	return (unsigned)_mm_movemask_epi8(m);
}
#endif

/* Where in s[0..n), from i on, the next byte in number_lead stands, or n. With SSE2 that
 * byte at once, 16 bytes at a time (a text of 16 bytes or more ends with one more look
 * at its last 16, from i); else a place before it, past the runs of eight bytes with
 * none. */
static size_t next_lead(const char *s, size_t i, size_t n)
{
#if defined(__SSE2__)
	if (n >= 16)
		return tv_scan16((const unsigned char *)s, i, n, lead16);
#endif
	while (n - i >= 8 && !lead8(s + i))
		i += 8;
	return i;
}

int tv_swnum_find(const char *s, size_t n, size_t *pos, tv_swamount *out)
{
	const char *end = s + n;
	size_t i = *pos;
	while (i < n) {
		if (!number_lead[(unsigned char)s[i]]) {
			/* neither a digit nor the first byte of a sign: most of the text */
			i = next_lead(s, i + 1, n);
			continue;
		}
		size_t k = is_digit(s[i]) ? 0 : sign_len(s + i, end);
		if (!(is_digit(s[i]) || (k && i + k < n && is_digit(s[i + k]))) ||
		    !number_boundary(s, i)) {
			i++;
			continue;
		}
		const char *ne = number_end(s + i + k, end);
		if (!ne) { /* an absurd run of digits: skip it */
			for (i += k; i < n && is_digit(s[i]);)
				i++;
			continue;
		}
		size_t num_end = (size_t)(ne - s);
		/* the unit follows after at most one space; a number going on as a code
		 * ("12.5", "3/4") or glued to a word ("2a") finds none */
		const char *u = ne + sep_len(ne, end);
		const struct prose_unit *pu = NULL, *cu = NULL;
		int may_unit = u < end && unit_first[(unsigned char)*u];
		size_t ul = may_unit
		                ? match_unit(u, end, prose_compact,
		                             sizeof prose_compact / sizeof prose_compact[0], &pu)
		                : 0;
		int scale = 0;
		const char *unit = NULL;
		const char *ue = NULL;
		if (ul) {
			scale = pu->scale;
			unit = pu->unit;
			ue = u + ul;
		} else if (may_unit &&
		           (ul = match_unit(u, end, prose_scale,
		                            sizeof prose_scale / sizeof prose_scale[0], &pu))) {
			scale = pu->scale;
			ue = u + ul;
			const char *c = ue + sep_len(ue, end);
			size_t cl =
			    c > ue
			        ? match_unit(c, end, prose_currency,
			                     sizeof prose_currency / sizeof prose_currency[0], &cu)
			        : 0;
			if (cl) {
				unit = cu->unit;
				ue = c + cl;
			}
		}
		if (ue) {
			out->start = i;
			out->num_end = num_end;
			out->end = (size_t)(ue - s);
			out->scale = scale;
			out->unit = unit;
			*pos = out->end;
			return 1;
		}
		i = num_end > i ? num_end : i + 1;
	}
	*pos = n;
	return 0;
}
