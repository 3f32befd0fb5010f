/*
 * records_json.c - the text side of the records stage: JSON strings that stay valid for
 * any input bytes, and the attributes of tvatt comments ("<!-- tvatt table page=12
 * title="3.1 Ekonomiskt resultat" -->"), whose quoting rule is the table block contract
 * of README.md ("The stream between stages").
 */
#include "records_int.h"
#include "scan16.h"

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static const char hex[] = "0123456789abcdef";

/* The bytes a JSON string takes as they are, by value (rows of 16 from 0x00; 0x80 up
 * are 0): printable ASCII but '"' (0x22) and '\\' (0x5c), one table look-up per byte
 * instead of four comparisons. */
static const unsigned char plain[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
};

/* True when all eight bytes at p are plain: none at 0x80 or above, below 0x20, '"',
 * '\\' or 0x7f. A byte below k in a word x shows in (x - k*0x01..) & ~x & 0x80.. (no
 * borrow starts at a byte that is not), and a byte equal to c as one below 1 in x ^ c. */
static int plain8(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101u;
	uint64_t x;
	memcpy(&x, p, 8);
	uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\'), d = x ^ (ones * 0x7f);
	uint64_t bad = x | ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b) |
	               ((d - ones) & ~d);
	return (bad & (ones * 0x80)) == 0;
}

#if defined(__SSE2__)
/* The bytes of the 16 at p that are not plain, as a bit mask (bit k for p[k]): one
 * signed comparison takes those below 0x20 and those from 0x80 (negative) at once. */
static inline unsigned odd16(const unsigned char *p)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i bad = _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
	                           _mm_cmpeq_epi8(x, _mm_set1_epi8('"')));
	bad = _mm_or_si128(bad, _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));
	bad = _mm_or_si128(bad, _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f)));
	return (unsigned)_mm_movemask_epi8(bad);
}
#endif

/* Past the plain bytes from q on in the string s[0..end): with SSE2 16 at a time, to the
 * first byte that is not plain at once (a string of 16 bytes or more ends with one more
 * look at its last 16, from q); a shorter one, or any without SSE2, 8 at a time. */
static const unsigned char *skip_plain(const unsigned char *s, const unsigned char *q,
                                       const unsigned char *end)
{
#if defined(__SSE2__)
	if (end - s >= 16)
		return s + tv_scan16(s, (size_t)(q - s), (size_t)(end - s), odd16);
#else
	(void)s;
#endif
	while (end - q >= 8 && plain8(q))
		q += 8; /* plain ASCII, the common case: eight bytes at a time */
	while (q < end && plain[*q])
		q++;
	return q;
}

/* Length of the well-formed UTF-8 sequence at p (1 to 4), or 0 when the byte at p does
 * not start one. Follows RFC 3629: no overlong forms, no surrogates, nothing past
 * U+10FFFF. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0];
	size_t need;
	unsigned char lo = 0x80, hi = 0xbf;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		need = 1;
	else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if ((size_t)(end - p) <= need)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i <= need; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return need + 1;
}

tv_status tv_records_json_str(tv_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	tv_status rc = TV_OK;
	if (b->cap - b->len < n + 3) /* room for the string, its quotes and the NUL */
		rc = tv_buf_reserve(b, n + 2);
	if (rc || (rc = tv_buf_putc(b, '"')))
		return rc;
	while (p < end) {
		/* copy the longest run that needs no escaping in one go */
		const unsigned char *q = p;
		size_t k;
		for (;;) {
			q = skip_plain((const unsigned char *)s, q, end);
			if (q < end && *q >= 0x80 && (k = utf8_len(q, end)) != 0)
				q += k;
			else
				break;
		}
		if (q > p && (rc = tv_buf_append(b, p, (size_t)(q - p))))
			return rc;
		p = q;
		if (p == end)
			break;
		unsigned char c = *p++;
		char esc[8];
		size_t len = 2;
		esc[0] = '\\';
		switch (c) {
		case '"':
			esc[1] = '"';
			break;
		case '\\':
			esc[1] = '\\';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\t':
			esc[1] = 't';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		case '\b':
			esc[1] = 'b';
			break;
		case '\f':
			esc[1] = 'f';
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				memcpy(esc + 1, "u00", 3);
				esc[4] = hex[c >> 4];
				esc[5] = hex[c & 15];
				len = 6;
			} else {
				/* a byte outside well-formed UTF-8 becomes U+FFFD */
				memcpy(esc, "\xef\xbf\xbd", 3);
				len = 3;
			}
		}
		if ((rc = tv_buf_append(b, esc, len)))
			return rc;
	}
	return tv_buf_putc(b, '"');
}

/* Entities a quoted attribute value may hold (the table block contract). */
static const struct {
	const char *ent;
	char c;
} entities[] = {{"&quot;", '"'}, {"&amp;", '&'}, {"&#45;", '-'}};

/* Appends the quoted value v[0..e) to val with its entities decoded. */
static int decode_value(const char *v, const char *e, tv_buf *val)
{
	for (const char *q = v; q < e;) {
		if (*q != '&') { /* every entity starts with '&' */
			const char *t = q + 1;
			while (t < e && *t != '&')
				t++;
			if (tv_buf_append(val, q, (size_t)(t - q)))
				return 0;
			q = t;
			continue;
		}
		size_t i, k = 0;
		for (i = 0; i < sizeof entities / sizeof entities[0]; i++) {
			k = strlen(entities[i].ent);
			if ((size_t)(e - q) >= k && memcmp(q, entities[i].ent, k) == 0)
				break;
		}
		if (i < sizeof entities / sizeof entities[0]) {
			if (tv_buf_putc(val, entities[i].c))
				return 0;
			q += k;
		} else {
			if (tv_buf_putc(val, *q))
				return 0;
			q++;
		}
	}
	return 1;
}

unsigned tv_records_attrs(const char *s, size_t n, const char *const *names, size_t k, tv_buf *vals)
{
	unsigned found = 0, all = k >= 32 ? ~0u : (1u << k) - 1;
	for (size_t i = 0; i < k; i++)
		tv_buf_clear(&vals[i]);
	const char *end = s + n;
	/* attributes are the words with '=' after "<!-- tvatt" (a KIND word has none) */
	if (n < 10 || memcmp(s, "<!-- tvatt", 10) != 0)
		return 0;
	const char *p = s + 10;
	while (p < end && found != all) {
		while (p < end && *p == ' ')
			p++;
		const char *a = p;
		while (p < end && *p != '=' && *p != ' ')
			p++;
		if (p >= end)
			break;
		if (*p != '=')
			continue; /* the KIND word, or "-->" */
		size_t m = k, al = (size_t)(p - a);
		for (size_t i = 0; i < k && m == k; i++)
			if (!(found >> i & 1u) && strlen(names[i]) == al &&
			    memcmp(a, names[i], al) == 0)
				m = i;
		p++;
		const char *v = p;
		int quoted = p < end && *p == '"';
		if (quoted) {
			v = ++p;
			while (p < end && *p != '"')
				p++;
		} else {
			while (p < end && *p != ' ')
				p++;
		}
		if (m < k) {
			int ok = quoted ? decode_value(v, p, &vals[m])
			                : tv_buf_append(&vals[m], v, (size_t)(p - v)) == TV_OK;
			if (!ok) {
				tv_buf_clear(&vals[m]);
				return found; /* out of memory: taken as absent */
			}
			found |= 1u << m;
		}
		if (quoted && p < end)
			p++;
	}
	return found;
}

int tv_records_attr(const char *s, size_t n, const char *name, tv_buf *val)
{
	return tv_records_attrs(s, n, &name, 1, val) != 0;
}
