/*
 * decode_detect.c - which encoding makes a text read as Swedish.
 *
 * The 8-bit code pages decode tells apart (Windows-1252, ISO-8859-15, ISO-8859-1, CP850,
 * CP437, Mac Roman) are tables of 256 code points built once with iconv. A byte that is not
 * part of valid UTF-8 is evidence: read in each code page it becomes a character, and the
 * character is scored by how Swedish it is where it stands (letter statistics: å ä ö
 * inside lower-case words are common, a capital or a dash between two lower-case letters is
 * not, box-drawing signs never are), and each word it is part of earns a bonus when it is
 * in the word list (dicts/decode_words.txt, compiled in). The evidence of every line read
 * adds up, so the choice is never made from one byte and can change as a long file goes on.
 * 7-bit Swedish (ISO 646-SE: "}" å, "{" ä, "|" ö, "]" Å, "[" Ä, "\\" Ö) is scored the same
 * way on all-ASCII lines, and only when the document holds no letter beyond ASCII.
 */
#include "decode_int.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ------------------------------------------------------------------ data ------------ */

static const char *const cp_names[NCP] = {"WINDOWS-1252", "ISO-8859-15", "ISO-8859-1",
                                          "CP850",        "CP437",       "MACINTOSH"};

/* The code page families whose members read Swedish letters alike: a choice inside a
 * family changes only rare signs, so confidence is measured against the other families. */
static const int cp_family[NCP] = {0, 0, 0, 1, 1, 2};

/* Letter statistics: how each character beyond ASCII scores when a byte read in some code
 * page gives it. Swedish letters score highest (in the statutes and interpellations å, ä, ö
 * make 2.8 % of letters, é and ü 0.01 %); letters of names and loan words a little; the
 * punctuation and signs of Swedish text a little when they stand outside a word. */
enum kind {
	K_OTHER = 0,
	K_SWE_LOWER,
	K_SWE_UPPER,
	K_E_ACUTE,
	K_LAT_LOWER,
	K_LAT_UPPER,
	K_PUNCT,
	K_SIGN
};
static const struct {
	const char *chars;
	enum kind kind;
} kinds[] = {
    {"åäö", K_SWE_LOWER},
    {"ÅÄÖ", K_SWE_UPPER},
    {"éÉ", K_E_ACUTE},
    {"àáâçèêëíîïñóôøúùûüæß", K_LAT_LOWER},
    {"ÀÁÇÈÊËÍÑÓÔØÚÜÆ", K_LAT_UPPER},
    {"”“’‘–—…•«»„‚‹›·", K_PUNCT},
    {"§°½¼¾€£\u00a0±×²³µ©®™", K_SIGN},
};

/* The Swedish word list, generated from dicts/decode_words.txt by stages/decode.mk. */
static const char *const words[] = {
#include "decode_words.inc"
};

/* ------------------------------------------------------------------ tables ---------- */

static uint32_t cp_table[NCP][256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

/* What scoring needs of a character, computed once per byte of each code page. */
typedef struct chinfo {
	uint32_t u;     /* the character */
	uint32_t lower; /* its lower case */
	unsigned char kind, letter, small;
} chinfo;
static chinfo cp_info[NCP][256];

/* The word list as an open-addressing hash set of indices into words[]. */
#define WORD_SLOTS 8192
static uint16_t word_slot[WORD_SLOTS]; /* index + 1; 0 is empty */
static unsigned char word_len[sizeof words / sizeof words[0]];
static int tables_ok;
static unsigned char kind_of_latin[256]; /* kind of U+0080..U+00FF */

static uint32_t kind_hi_cp[32];   /* the characters of the table beyond U+00FF ... */
static unsigned char kind_hi[32]; /* ... and their kinds */
static size_t nkind_hi;

/* Kind of a code point beyond ASCII, from the table above. */
static enum kind kind_of(uint32_t u)
{
	if (u < 0x100)
		return (enum kind)kind_of_latin[u];
	for (size_t i = 0; i < nkind_hi; i++)
		if (kind_hi_cp[i] == u)
			return (enum kind)kind_hi[i];
	return K_OTHER;
}

int dec_table_for(const char *name, uint32_t table[256])
{
	iconv_t cd = iconv_open("UTF-32LE", name);
	if (cd == (iconv_t)-1)
		return 0;
	int ok = 1;
	for (unsigned b = 0; b < 256; b++) {
		char in = (char)b, outb[8];
		char *ip = &in, *op = outb;
		size_t il = 1, ol = sizeof outb;
		iconv(cd, NULL, NULL, NULL, NULL);
		size_t r = iconv(cd, &ip, &il, &op, &ol);
		if (r == (size_t)-1 && errno == EINVAL) {
			ok = -1; /* the byte begins a longer character */
			break;
		}
		if (r == (size_t)-1 || sizeof outb - ol != 4) {
			table[b] = DEC_UNDEF;
			continue;
		}
		const unsigned char *u = (const unsigned char *)outb;
		table[b] = (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 |
		           (uint32_t)u[3] << 24;
	}
	iconv_close(cd);
	return ok;
}

static void build_info(void);
static void build_word_set(void);

static void build_tables(void)
{
	tables_ok = 1;
	for (int cp = 0; cp < NCP; cp++)
		if (dec_table_for(cp_names[cp], cp_table[cp]) != 1)
			tables_ok = 0;
	for (uint32_t u = 0x80; u < 0x100; u++)
		kind_of_latin[u] = K_OTHER;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		const unsigned char *s = (const unsigned char *)kinds[i].chars;
		size_t n = strlen(kinds[i].chars);
		for (size_t k = 0; k < n;) {
			uint32_t c;
			int len = dec_utf8_seq(s + k, n - k, &c);
			if (len == 0)
				break;
			if (c < 0x100) {
				kind_of_latin[c] = (unsigned char)kinds[i].kind;
			} else if (nkind_hi < sizeof kind_hi_cp / sizeof kind_hi_cp[0]) {
				kind_hi_cp[nkind_hi] = c;
				kind_hi[nkind_hi++] = (unsigned char)kinds[i].kind;
			}
			k += (size_t)len;
		}
	}
	build_info();
	build_word_set();
}

tv_status dec_tables_init(void)
{
	pthread_once(&tables_once, build_tables);
	return tables_ok ? TV_OK : TV_ESYSTEM;
}

const uint32_t *dec_cp_table(int cp)
{
	return cp_table[cp];
}

const char *dec_cp_name(int cp)
{
	return cp_names[cp];
}

int dec_enc1252(uint32_t u)
{
	if (u < 0x100)
		return (int)u;
	/* Windows-1252's signs at 0x80..0x9F (0x81, 0x8D, 0x8F, 0x90 and 0x9D it lacks); a
	 * switch, as this is asked of every character of a line of mojibake */
	switch (u) {
	case 0x20AC:
		return 0x80;
	case 0x201A:
		return 0x82;
	case 0x0192:
		return 0x83;
	case 0x201E:
		return 0x84;
	case 0x2026:
		return 0x85;
	case 0x2020:
		return 0x86;
	case 0x2021:
		return 0x87;
	case 0x02C6:
		return 0x88;
	case 0x2030:
		return 0x89;
	case 0x0160:
		return 0x8A;
	case 0x2039:
		return 0x8B;
	case 0x0152:
		return 0x8C;
	case 0x017D:
		return 0x8E;
	case 0x2018:
		return 0x91;
	case 0x2019:
		return 0x92;
	case 0x201C:
		return 0x93;
	case 0x201D:
		return 0x94;
	case 0x2022:
		return 0x95;
	case 0x2013:
		return 0x96;
	case 0x2014:
		return 0x97;
	case 0x02DC:
		return 0x98;
	case 0x2122:
		return 0x99;
	case 0x0161:
		return 0x9A;
	case 0x203A:
		return 0x9B;
	case 0x0153:
		return 0x9C;
	case 0x017E:
		return 0x9E;
	case 0x0178:
		return 0x9F;
	default:
		return -1;
	}
}

/* ------------------------------------------------------------------ UTF-8 ----------- */

int dec_utf8_seq(const unsigned char *p, size_t n, uint32_t *u)
{
	unsigned c = p[0];
	int len;
	uint32_t v, min;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, v = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, v = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, v = c & 0x07, min = 0x10000;
	else
		return 0;
	if (n < (size_t)len)
		return 0;
	for (int i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (p[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*u = v;
	return len;
}

int dec_utf8_put(uint32_t u, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF))
		u = DEC_FFFD;
	if (u < 0x80) {
		o[0] = (unsigned char)u;
		return 1;
	}
	if (u < 0x800) {
		o[0] = (unsigned char)(0xC0 | u >> 6);
		o[1] = (unsigned char)(0x80 | (u & 0x3F));
		return 2;
	}
	if (u < 0x10000) {
		o[0] = (unsigned char)(0xE0 | u >> 12);
		o[1] = (unsigned char)(0x80 | (u >> 6 & 0x3F));
		o[2] = (unsigned char)(0x80 | (u & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | u >> 18);
	o[1] = (unsigned char)(0x80 | (u >> 12 & 0x3F));
	o[2] = (unsigned char)(0x80 | (u >> 6 & 0x3F));
	o[3] = (unsigned char)(0x80 | (u & 0x3F));
	return 4;
}

int dec_embedded_utf8(const unsigned char *p, int len)
{
	uint32_t u;
	if (dec_utf8_seq(p, (size_t)len, &u) != len)
		return 0;
	if (p[0] == 0xC2 || p[0] == 0xC3)
		return u >= 0xA0; /* Latin-1 letters and signs, not C1 controls */
	if (p[0] == 0xE2)
		return u >= 0x2000 && u <= 0x2BFF; /* punctuation, currency, arrows, signs */
	if (p[0] == 0xEF)
		return u == 0xFEFF || (u >= 0xFB00 && u <= 0xFB06);
	if (p[0] == 0xF0)
		return u >= 0x1F000; /* emoji */
	return 0;
}

/* ------------------------------------------------------------------ 7-bit Swedish --- */

static const char sv646_bytes[] = "}{|][\\";
static const uint32_t sv646_letters[] = {0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6};

int dec_is646(unsigned c)
{
	return c && memchr(sv646_bytes, (int)c, 6) != NULL;
}

uint32_t dec_646_letter(unsigned c)
{
	const char *p = memchr(sv646_bytes, (int)c, 6);
	return p ? sv646_letters[p - sv646_bytes] : c;
}

/* ------------------------------------------------------------------ word list ------- */

static uint32_t word_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void build_word_set(void)
{
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		size_t n = strlen(words[i]);
		word_len[i] = (unsigned char)(n < 255 ? n : 255);
		uint32_t h = word_hash(words[i], n) & (WORD_SLOTS - 1);
		while (word_slot[h])
			h = (h + 1) & (WORD_SLOTS - 1);
		word_slot[h] = (uint16_t)(i + 1);
	}
}

int dec_word_known(const char *s, size_t n)
{
	for (uint32_t h = word_hash(s, n) & (WORD_SLOTS - 1); word_slot[h];
	     h = (h + 1) & (WORD_SLOTS - 1)) {
		size_t i = word_slot[h] - 1u;
		if (word_len[i] == n && !memcmp(words[i], s, n))
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ scoring --------- */

/* The scoring facts of any code point (slow: for the tables and for rare characters). */
static chinfo info_of(uint32_t u)
{
	chinfo c = {u, u, K_OTHER, 0, 0};
	if (u == DEC_UNDEF)
		return c;
	if (u < 0x80) {
		c.letter = (u | 0x20) >= 'a' && (u | 0x20) <= 'z';
		c.small = u >= 'a' && u <= 'z';
		c.lower = c.letter ? (u | 0x20) : u;
		return c;
	}
	utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)u);
	c.letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
	c.small = cat == UTF8PROC_CATEGORY_LL;
	c.lower = (uint32_t)utf8proc_tolower((utf8proc_int32_t)u);
	c.kind = (unsigned char)kind_of(u);
	return c;
}

static void build_info(void)
{
	for (int cp = 0; cp < NCP; cp++)
		for (unsigned b = 0; b < 256; b++)
			cp_info[cp][b] = info_of(b < 0x80 ? b : cp_table[cp][b]);
}

/* How plausible character c is in Swedish text between l and r (NULL at a line edge). */
static double plausibility(const chinfo *c, const chinfo *l, const chinfo *r)
{
	if (c->u == DEC_UNDEF || c->u < 0xA0)
		return -10; /* undefined, or a C1 control: no text has those */
	int inside = l && r && l->letter && r->letter;
	int alone = !(l && l->letter) && !(r && r->letter); /* a one-letter word */
	int by_digit = (l && l->u >= '0' && l->u <= '9') || (r && r->u >= '0' && r->u <= '9');
	int after_lower = l && l->small;
	switch ((enum kind)c->kind) {
	case K_SWE_LOWER:
		return 4; /* "å" and "ö" are words too */
	case K_SWE_UPPER:
		return after_lower ? -2 : 3;
	case K_E_ACUTE:
		return alone ? -2 : c->u == 0xC9 && after_lower ? -2 : 2;
	case K_LAT_LOWER:
		return alone ? -2 : 1;
	case K_LAT_UPPER:
		return alone ? -2 : after_lower ? -2 : 1;
	case K_PUNCT:
		return inside ? -3 : 1;
	case K_SIGN:
		/* a no-break space is a thousands separator between digits, § and signs stand
		 * by numbers; elsewhere they prove little */
		if (inside)
			return -3;
		if (c->u == 0xA0)
			return l && r && l->u >= '0' && l->u <= '9' && r->u >= '0' && r->u <= '9'
			           ? 1
			           : 0;
		return by_digit || (l && l->u == ' ') || (r && r->u == ' ') ? 1 : 0;
	case K_OTHER:
		break;
	}
	if (c->letter)
		return alone ? -2 : c->small || !after_lower ? -1 : -3;
	return -4; /* box drawing, mathematics, controls, rare signs */
}

#define WORD_MAX   64
#define WORD_BONUS 6.0

/* 1 when the letters of w[0..n) (other characters at either end dropped) make a word of
 * the list, lower-cased. */
static int known_word(const chinfo *w, size_t n)
{
	char buf[WORD_MAX * 4];
	size_t a = 0, b = n, k = 0;
	while (a < b && !w[a].letter)
		a++;
	while (b > a && !w[b - 1].letter)
		b--;
	if (b - a < 2)
		return 0;
	for (size_t i = a; i < b; i++) {
		if (!w[i].letter)
			return 0;
		if (w[i].lower < 0x80)
			buf[k++] = (char)w[i].lower;
		else
			k += (size_t)dec_utf8_put(w[i].lower, buf + k);
	}
	return dec_word_known(buf, k);
}

/* Length of the UTF-8 sequence at p that a line in an 8-bit document still reads as UTF-8,
 * or 0 when the byte there is a byte of the code page. */
static int embedded_len(const unsigned char *p, size_t n)
{
	uint32_t u;
	int len = dec_utf8_seq(p, n, &u);
	return len && dec_embedded_utf8(p, len) ? len : 0;
}

static int word_byte(unsigned c)
{
	return c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

void dec_score_legacy(dec_evidence *ev, const unsigned char *p, size_t n)
{
	size_t i = 0;
	ev->legacy_lines++;
	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		int el = embedded_len(p + i, n - i);
		if (el) {
			i += (size_t)el;
			continue;
		}
		/* the word around the byte: letters and bytes beyond ASCII */
		size_t a = i, b = i + 1;
		while (a > 0 && i - a < WORD_MAX / 2 && word_byte(p[a - 1]))
			a--;
		while (b < n && b - a < WORD_MAX && word_byte(p[b]))
			b++;
		chinfo l = info_of(a > 0 ? p[a - 1] : ' '), r = info_of(b < n ? p[b] : ' ');
		for (int cp = 0; cp < NCP; cp++) {
			chinfo w[WORD_MAX];
			unsigned char legacy[WORD_MAX];
			size_t k = 0;
			for (size_t j = a; j < b && k < WORD_MAX;) {
				int len = p[j] >= 0x80 ? embedded_len(p + j, b - j) : 0;
				legacy[k] = p[j] >= 0x80 && !len;
				if (len) {
					uint32_t u;
					dec_utf8_seq(p + j, b - j, &u);
					w[k++] = info_of(u);
					j += (size_t)len;
				} else {
					w[k++] = cp_info[cp][p[j]];
					j++;
				}
			}
			double sc = 0;
			for (size_t j = 0; j < k; j++)
				if (legacy[j])
					sc += plausibility(&w[j], j ? &w[j - 1] : &l,
					                   j + 1 < k ? &w[j + 1] : &r);
			if (known_word(w, k))
				sc += WORD_BONUS;
			ev->score[cp] += sc;
		}
		i = b;
	}
	double conf, score;
	int best = dec_best_cp(ev, &conf, &score);
	for (i = 0; i < n; i++) {
		int el = p[i] >= 0x80 ? embedded_len(p + i, n - i) : 0;
		if (el)
			i += (size_t)el - 1;
		else if (p[i] >= 0x80 && cp_table[best][p[i]] != 0xAD) {
			ev->beyond_lines++; /* stays beyond ASCII (a soft hyphen is dropped) */
			break;
		}
	}
}

/* 1 when the 7-bit Swedish letters of the word p[0..k), read as w, keep its case: no
 * capital after a small letter, no small letter alone among capitals. */
static int consistent_646(const unsigned char *p, const chinfo *w, size_t k)
{
	for (size_t j = 0; j < k; j++) {
		if (!dec_is646(p[j]))
			continue;
		if (!w[j].small && j > 0 && w[j - 1].small)
			return 0;
		if (w[j].small && j > 0 && !w[j - 1].small && j + 1 < k && !w[j + 1].small)
			return 0;
		if (w[j].small && j + 1 < k && w[j + 1].letter && !w[j + 1].small)
			return 0; /* "äFiskeriverket": a small letter before a capital */
		if (!w[j].small && j + 2 < k && w[j + 1].letter && !w[j + 1].small &&
		    w[j + 2].small)
			return 0; /* "ÄJan": a capital before a capitalised word */
	}
	return 1;
}

void dec_score_646(dec_evidence *ev, const unsigned char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (!word_byte(p[i]) && !dec_is646(p[i])) {
			i++;
			continue;
		}
		size_t a = i;
		int n646 = 0, nletter = 0;
		while (i < n && i - a < WORD_MAX && (word_byte(p[i]) || dec_is646(p[i]))) {
			n646 += dec_is646(p[i]);
			nletter += p[i] < 0x80 && !dec_is646(p[i]);
			i++;
		}
		if (!n646 || !nletter)
			continue;
		chinfo w[WORD_MAX];
		size_t k = i - a;
		for (size_t j = 0; j < k; j++)
			w[j] = info_of(dec_646_letter(p[a + j]));
		ev->words646++;
		/* "{key}", "[1a]": braces or brackets around a word, a shape few words of
		 * Swedish have with ä...å or Ä...Å */
		int wrapped =
		    k > 2 && ((p[a] == '{' && p[i - 1] == '}') || (p[a] == '[' && p[i - 1] == ']'));
		if (known_word(w, k)) {
			ev->s646 += WORD_BONUS;
			ev->hits646++;
		} else {
			ev->s646 += consistent_646(p + a, w, k) && !wrapped ? 0.5 : -3;
		}
	}
}

int dec_646_word_maps(const unsigned char *p, size_t n)
{
	chinfo w[WORD_MAX];
	if (n == 0 || n > WORD_MAX)
		return n > 0 ? DEC646_MAP : 0;
	for (size_t j = 0; j < n; j++)
		w[j] = info_of(dec_646_letter(p[j]));
	if (known_word(w, n))
		return DEC646_MAP;
	/* a bracket at either end may be a bracket: "[utesluter]", "studiest|dslagen]" */
	size_t lead = p[0] == '[' || p[0] == '{',
	       trail = n > 1 && (p[n - 1] == ']' || p[n - 1] == '}');
	int keep = (lead ? DEC646_KEEP_FIRST : 0) | (trail ? DEC646_KEEP_LAST : 0);
	size_t a = lead, b = n - trail;
	int inner = 0;
	for (size_t j = a; j < b; j++)
		inner |= dec_is646(p[j]);
	/* "[" before a known word or one letter in small letters: "[utesluter]", "[den",
	 * "[fr}n", "[i" (a capital Ä before those is rare; "[DEL" is "ÄDEL", "{ges" "äges") */
	if (p[0] == '[' && b > a && w[a].small && (b == a + 1 || known_word(w + a, b - a)))
		return DEC646_MAP | keep;
	if (consistent_646(p, w, n))
		return DEC646_MAP;
	if (keep && inner && b > a &&
	    (known_word(w + a, b - a) || consistent_646(p + a, w + a, b - a)))
		return DEC646_MAP | keep;
	return 0;
}

int dec_best_cp(const dec_evidence *ev, double *conf, double *score)
{
	int best = 0;
	for (int cp = 1; cp < NCP; cp++)
		if (ev->score[cp] > ev->score[best])
			best = cp;
	double other = 0;
	for (int cp = 0; cp < NCP; cp++)
		if (cp_family[cp] != cp_family[best] && ev->score[cp] > other)
			other = ev->score[cp];
	*score = ev->score[best];
	*conf = *score > 0 ? *score / (*score + other) : 0;
	return best;
}

int dec_is_646_doc(const dec_evidence *ev)
{
	/* Swedish prose read so has most of those words in the list; code ("a[i]", "{key}")
	 * has almost none */
	return ev->beyond_lines == 0 && ev->hits646 >= 2 && ev->hits646 * 4 >= ev->words646 &&
	       ev->s646 > 0;
}
