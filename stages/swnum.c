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

#include <stdlib.h>
#include <string.h>

/* Units a cell may end with, longest first so "miljoner kronor" wins over "kronor". */
static const struct unit_word {
	const char *text;
	tv_swunit unit;
} unit_words[] = {
	{"miljarder kronor", TV_UNIT_MDKR},
	{"miljoner kronor", TV_UNIT_MNKR},
	{"miljarder", TV_UNIT_MILJARDER},
	{"miljoner", TV_UNIT_MILJONER},
	{"procent", TV_UNIT_PERCENT},
	{"kronor", TV_UNIT_KR},
	{"mdkr", TV_UNIT_MDKR},
	{"mnkr", TV_UNIT_MNKR},
	{"mkr", TV_UNIT_MNKR},
	{"tkr", TV_UNIT_TKR},
	{"kr", TV_UNIT_KR},
	{"st", TV_UNIT_ST},
};

static const char *const unit_names[] = {
	[TV_UNIT_NONE] = "",          [TV_UNIT_PERCENT] = "%",         [TV_UNIT_KR] = "kr",
	[TV_UNIT_TKR] = "tkr",        [TV_UNIT_MNKR] = "mnkr",         [TV_UNIT_MDKR] = "mdkr",
	[TV_UNIT_MILJONER] = "miljoner", [TV_UNIT_MILJARDER] = "miljarder", [TV_UNIT_ST] = "st",
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
	if (end - start >= 3 && (unsigned char)end[-3] == 0xE2 &&
	    (unsigned char)end[-2] == 0x80 && (unsigned char)end[-1] == 0xAF)
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
	for (size_t i = 0; i < sizeof unit_words / sizeof unit_words[0]; i++) {
		size_t k = strlen(unit_words[i].text);
		if ((size_t)(e - s) <= k)
			continue;
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
static int read_number(const char *p, const char *end, tv_swnum *num, char *digits,
		       size_t *nd)
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

int tv_swnum_cell(const char *s, size_t n, tv_swnum *out)
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
	char digits[MAX_DIGITS + 1];
	size_t nd = 0;
	if (!read_number(p, end, &num, digits, &nd))
		return 0;
	if (num.unit == TV_UNIT_PERCENT && unit != TV_UNIT_NONE && unit != TV_UNIT_PERCENT)
		return 0; /* "12 % kr" */
	if (unit != TV_UNIT_NONE)
		num.unit = unit;
	/* digits holds the integer digits then the decimals; make "123.45" for strtod */
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
	if (num.paren)
		num.negative = !num.negative;
	if (num.negative)
		num.value = -num.value;
	if (out)
		*out = num;
	return 1;
}

tv_status tv_swnum_normalise(const char *s, size_t n, tv_buf *dst)
{
	const char *p = s, *end = s + n;
	while (p < end && space_len(p, end))
		p += space_len(p, end);
	while (end > p && space_len_back(p, end))
		end -= space_len_back(p, end);
	tv_status rc = tv_buf_reserve(dst, (size_t)(end - p) + 1);
	if (rc)
		return rc;
	while (p < end) {
		size_t k = sep_len(p, end);
		if (k && p > s && is_digit(p[-1])) {
			const char *q = p;
			while (q < end && sep_len(q, end))
				q += sep_len(q, end);
			if (q < end && is_digit(*q)) {
				if ((rc = tv_buf_putc(dst, ' ')))
					return rc;
				p = q;
				continue;
			}
		}
		if ((rc = tv_buf_putc(dst, *p)))
			return rc;
		p++;
	}
	return TV_OK;
}

tv_status tv_swnum_decimal(const char *s, size_t n, int scale, tv_buf *dst)
{
	tv_swnum num;
	if (!tv_swnum_cell(s, n, &num) || scale < 0 || scale > 18)
		return TV_EINPUT;
	/* the cell's digits are the number's digits: units and signs hold none */
	char digits[MAX_DIGITS + 1];
	size_t nd = 0;
	for (size_t i = 0; i < n && nd < MAX_DIGITS; i++)
		if (is_digit(s[i]))
			digits[nd++] = s[i];
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
	memmove(text + istart, text + istart + lead, k - istart - lead);
	k -= lead;
	if (shift < nfrac) {
		text[k++] = '.';
		for (size_t i = ni + shift; i < nd; i++)
			text[k++] = digits[i];
	}
	return tv_buf_append(dst, text, k);
}
