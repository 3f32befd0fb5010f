/*
 * decode_fix.c - repairs of decoded text, each a pass over one line of code points:
 *
 *   mojibake     UTF-8 read as Windows-1252 or Latin-1, once or more ("Ã¥" å,
 *                "Ã¢â‚¬â€œ" –), span by span, so a lone "Ã¥ret" is mended too
 *   references   HTML and XML character references (&auml; &#229; &#xE5;)
 *   diacritics   spacing accents as PDFs emit them ("a˚", "¨o", "o¨") and combining
 *                marks put before their letter, attached to the right letter
 *   cleanup      ligatures (ﬁ ﬂ ﬀ ﬃ ﬄ) spelt out; a lone C1 control read as the
 *                Windows-1252 sign it was; soft hyphens, byte-order marks and control
 *                characters (tab and form feed stay) removed
 *   NFC          composition with utf8proc, only for lines that are not already NFC
 *
 * What never changes: text that reads right. A character sequence is only treated as
 * mojibake when its bytes in Windows-1252 are valid UTF-8 of the forms mojibake of Swedish
 * text has ("Ã" "Â" "â" leads), or when a rarer lead stands inside a word of letters
 * ("Å‚" in a name); "Å”" at the end of a quoted word in capitals stays. Quotation marks,
 * no-break spaces and everything else that is valid text pass through as they are.
 */
#include "decode_int.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ------------------------------------------------------------------ data ------------ */

static const struct entity {
	const char *name;
	uint32_t cp1, cp2;
} entities[] = {
#include "decode_entities.inc"
};

/* Ligatures spelt out. */
static const struct {
	uint32_t cp;
	const char *letters;
} ligatures[] = {
    {0xFB00, "ff"},  {0xFB01, "fi"}, {0xFB02, "fl"}, {0xFB03, "ffi"},
    {0xFB04, "ffl"}, {0xFB05, "st"}, {0xFB06, "st"},
};

/* Spacing accents as PDF text carries them, the combining mark each stands for, and the
 * letters it may be put on. The acute accent goes on e only: elsewhere "´" is an
 * apostrophe ("Donald´s"). */
static const struct {
	uint32_t spacing, combining;
	const char *bases;
} spacing_marks[] = {
    {0x00A8, 0x0308, "aouAOUeiEI"},   /* ¨ diaeresis */
    {0x02DA, 0x030A, "aAuU"},         /* ˚ ring above */
    {0x00B4, 0x0301, "eE"},           /* ´ acute */
    {0x02C6, 0x0302, "aeiouAEIOU"},   /* ˆ circumflex */
    {0x02DC, 0x0303, "anoANO"},       /* ˜ tilde */
    {0x00B8, 0x0327, "cCsS"},         /* ¸ cedilla */
    {0x02C7, 0x030C, "cszrenCSZREN"}, /* ˇ caron */
};

/* The letters a combining mark put before its letter is moved onto. */
static const char swedish_marked[] = "åäöÅÄÖéÉüÜ";

#define CONF_MOJIBAKE    0.99 /* "Ã¥": the lead cannot stand there in text */
#define CONF_MOJIBAKE_IN 0.9  /* a rarer lead inside a word */
#define CONF_BARE_QUOTE  0.7  /* "â€" whose third byte was lost: most often ” */
#define CONF_REFERENCE   1.0
#define CONF_SPACING     0.95
#define CONF_MOVED_MARK  0.9
#define CONF_C1          0.9 /* a lone C1 control as the Windows-1252 sign it was */

/* ------------------------------------------------------------------ helpers --------- */

void dvec_free(dvec *v)
{
	tv_buf_free(&v->b);
	v->n = 0;
}

/* Empties v and makes room for n characters; returns where they go, or NULL when memory
 * runs out. */
static dch *dvec_room(dvec *v, size_t n)
{
	dvec_setlen(v, 0);
	if (tv_buf_reserve(&v->b, (n + 1) * sizeof(dch)))
		return NULL;
	return dvec_at(v);
}

void dvec_setlen(dvec *v, size_t n)
{
	v->n = n;
	v->b.len = n * sizeof(dch);
}

static int is_letter(uint32_t u)
{
	if (u < 0x80)
		return (u | 0x20) >= 'a' && (u | 0x20) <= 'z';
	utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)u);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static int is_small(uint32_t u)
{
	if (u < 0x80)
		return u >= 'a' && u <= 'z';
	return utf8proc_category((utf8proc_int32_t)u) == UTF8PROC_CATEGORY_LL;
}

static int is_capital(uint32_t u)
{
	if (u < 0x80)
		return u >= 'A' && u <= 'Z';
	return utf8proc_category((utf8proc_int32_t)u) == UTF8PROC_CATEGORY_LU;
}

static int in_utf8_list(const char *list, uint32_t u)
{
	const unsigned char *s = (const unsigned char *)list;
	size_t n = strlen(list);
	for (size_t k = 0; k < n;) {
		uint32_t c = s[k];
		int len = 1;
		if (c >= 0x80 && !(len = dec_utf8_seq(s + k, n - k, &c)))
			return 0;
		if (c == u)
			return 1;
		k += (size_t)len;
	}
	return 0;
}

/* The one character base + mark composes to in NFC, or 0 (utf8proc says). */
static uint32_t compose_slow(uint32_t base, uint32_t mark)
{
	char s[8];
	int n = dec_utf8_put(base, s);
	n += dec_utf8_put(mark, s + n);
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t len =
	    utf8proc_map((const utf8proc_uint8_t *)s, n, &out, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	uint32_t r = 0;
	if (len > 0) {
		utf8proc_int32_t c;
		if (utf8proc_iterate(out, len, &c) == len)
			r = (uint32_t)c;
	}
	free(out);
	return r;
}

/* compose_slow, remembered for a Latin letter and a combining diacritic. */
static uint32_t compose(dec_fix *fx, uint32_t base, uint32_t mark)
{
	if (base < 'A' || base > 'z' || mark < 0x300 || mark > 0x36F)
		return compose_slow(base, mark);
	uint32_t *c = &fx->composed[base - 'A'][mark - 0x300];
	if (!*c) {
		uint32_t r = compose_slow(base, mark);
		*c = r ? r : 1;
	}
	return *c == 1 ? 0 : *c;
}

void dec_audit(dec_fix *fx, uint32_t col, const dch *before, size_t nb, const uint32_t *after,
               size_t na, const char *rule, double conf)
{
	if (!fx->logging)
		return;
	tv_buf b = TV_BUF_INIT, a = TV_BUF_INIT;
	char u[4];
	for (size_t i = 0; i < nb; i++)
		tv_buf_append(&b, u, (size_t)dec_utf8_put(before[i].cp, u));
	for (size_t i = 0; i < na; i++)
		tv_buf_append(&a, u, (size_t)dec_utf8_put(after[i], u));
	tv_audit(fx->opts, fx->line, col, tv_buf_str(&b), tv_buf_str(&a), rule, conf);
	tv_buf_free(&b);
	tv_buf_free(&a);
}

static int removable_control(uint32_t u)
{
	return (u < 0x20 && u != '\t' && u != '\f') || (u >= 0x7F && u < 0xA0);
}

static int spacing_index(uint32_t u);

int dec_char_needs(uint32_t u)
{
	if (u < 0x80)
		return u == '&' ? NEED_REFS : removable_control(u) ? NEED_CLEANUP : 0;
	if (u < 0x300)
		return u < 0xA0 || u == 0xAD   ? NEED_CLEANUP
		       : spacing_index(u) >= 0 ? NEED_MARKS
		                               : 0;
	if (u <= 0x36F)
		return NEED_MARKS;
	return u == 0xFEFF || (u >= 0xFB00 && u <= 0xFB06) ? NEED_CLEANUP : 0;
}

/* ------------------------------------------------------------------ mojibake -------- */

static int lead_len(int b)
{
	return b >= 0xC2 && b <= 0xDF   ? 1
	       : b >= 0xE0 && b <= 0xEF ? 2
	       : b >= 0xF0 && b <= 0xF4 ? 3
	                                : 0;
}

static int cont(int b)
{
	return b >= 0x80 && b <= 0xBF;
}

/* A character that can be part of mojibake: beyond ASCII and held by Windows-1252. */
static int moji_char(uint32_t u)
{
	return u >= 0x80 && (u < 0x100 || (u >= 0x152 && u <= 0x2122 && dec_enc1252(u) >= 0));
}

/* 1 when the run r[0..n) holds a sure sign of mojibake: a C1 control, or "Ã", "Â" or "â"
 * starting a valid UTF-8 sequence. */
static int run_is_mojibake(const dch *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int b = dec_enc1252(r[i].cp);
		if (r[i].cp < 0xA0)
			return 1;
		if ((b == 0xC2 || b == 0xC3 || b == 0xE2) && i + (size_t)lead_len(b) < n) {
			int ok = 1;
			for (int k = 1; k <= lead_len(b); k++)
				ok &= cont(dec_enc1252(r[i + (size_t)k].cp));
			if (ok)
				return 1;
		}
	}
	return 0;
}

/*
 * One round of repair over the run r[0..n) (all moji_char), between the characters left
 * and right (0 at a line edge), into out (room for n), its length to *nout. In a round
 * after the first, fresh[i] says r[i] was mended in the round before, and only sequences
 * that such a character leads are mended again: mojibake of mojibake decodes to what the
 * first round gave. Nor is a sequence mended whose result would pair with an unmended lead
 * before it or with a continuation left after it. Without that, "ÂÂÂ«" and "Ãƒƒƒ" would
 * lose a character a round and a run, and decode would not be idempotent. out_fresh[] gets which
 * characters of out this round mended. Returns their number; *conf gets the lowest confidence of
 * them.
 */
static size_t mend_run(const dch *r, size_t n, const unsigned char *fresh, uint32_t left,
                       uint32_t right, dch *out, unsigned char *out_fresh, size_t *nout,
                       double min_conf, double *conf)
{
	int sure = run_is_mojibake(r, n);
	size_t mended = 0, o = 0;
	for (size_t i = 0; i < n;) {
		int b = dec_enc1252(r[i].cp), need = lead_len(b);
		uint32_t u = 0;
		double c = 0;
		if (need && i + (size_t)need < n && (!fresh || fresh[i])) {
			unsigned char bytes[4];
			int ok = 1;
			bytes[0] = (unsigned char)b;
			for (int k = 1; k <= need; k++) {
				int x = dec_enc1252(r[i + (size_t)k].cp);
				ok &= cont(x);
				bytes[k] = (unsigned char)x;
			}
			if (ok && dec_utf8_seq(bytes, (size_t)need + 1, &u) == need + 1) {
				/* the text before as mended so far: a second run sees it so */
				uint32_t before = o ? out[o - 1].cp : left;
				uint32_t after =
				    i + (size_t)need + 1 < n ? r[i + (size_t)need + 1].cp : right;
				if (b == 0xC2 || b == 0xC3 || b == 0xE2)
					c = CONF_MOJIBAKE;
				else if (b == 0xEF)
					c = u == 0xFEFF || (u >= 0xFB00 && u <= 0xFB06)
					        ? CONF_MOJIBAKE
					        : 0;
				else if (b == 0xF0)
					c = u >= 0x1F000 ? CONF_MOJIBAKE : 0;
				else if (need == 1 && is_letter(u) &&
				         (sure ||
				          (is_letter(before) &&
				           (is_letter(after) || is_letter(r[i + 1].cp))) ||
				          (is_small(before) && is_capital(r[i].cp))))
					/* "Å‚" inside a word, "ÅŸ" after one, "Ä‡" after a small
					 * letter (where a capital is out of place) */
					c = CONF_MOJIBAKE_IN;
				else if (need == 1 && u >= 0x300 && u <= 0x36F && is_letter(before))
					c = CONF_MOJIBAKE_IN; /* "aÌŠ": a combining mark after its
					                         letter */
			}
		}
		if (c == 0 && !fresh && b == 0xE2 && i + 1 < n &&
		    dec_enc1252(r[i + 1].cp) == 0x80 &&
		    (i + 2 >= n || !cont(dec_enc1252(r[i + 2].cp)))) {
			/* "â€" whose last byte was lost: most often the closing quote ” */
			u = 0x201D, need = 1, c = CONF_BARE_QUOTE;
		}
		if (c > 0 && cont(dec_enc1252(u)) && o > 0 && !out_fresh[o - 1]) {
			/* an unmended lead just before would pair with what this gives ("ÂÂ«"):
			 * not mojibake, where a character's last byte never leads */
			int b1 = dec_enc1252(out[o - 1].cp);
			if (lead_len(b1) == 1 || (o > 1 && !out_fresh[o - 2] && cont(b1) &&
			                          lead_len(dec_enc1252(out[o - 2].cp)) == 2))
				c = 0;
		}
		size_t end = i + (size_t)need + 1;
		if (c > 0 && end < n && cont(dec_enc1252(r[end].cp)) &&
		    lead_len(dec_enc1252(u)) > 0)
			/* nor would what this gives lead a continuation left over after it
			 * ("Ãƒƒƒ"): in mojibake a continuation byte only follows its lead */
			c = 0;
		if (c > 0 && c >= min_conf) {
			out_fresh[o] = 1;
			out[o].cp = u;
			out[o++].col = r[i].col;
			mended++;
			if (c < *conf)
				*conf = c;
			i += (size_t)need + 1;
		} else {
			out_fresh[o] = 0;
			out[o++] = r[i++];
		}
	}
	*nout = o;
	return mended;
}

/* Mends every run of mojibake characters in v, each until it reads as text (mojibake of
 * mojibake takes two rounds, a third is allowed). *needed gets the NEED_ flags of the
 * characters the mending gave, *count the number of runs mended. */
static tv_status fix_mojibake(dec_fix *fx, dvec *v, int *needed, size_t *count)
{
	dch *d = dvec_at(v);
	size_t n = v->n, w = 0;
	dvec a = fx->run, b = fx->run2;
	tv_status rc = TV_OK;
	*needed = 0;
	*count = 0;
	for (size_t i = 0; i < n;) {
		if (!moji_char(d[i].cp)) {
			d[w++] = d[i++];
			continue;
		}
		size_t s = i;
		while (i < n && moji_char(d[i].cp))
			i++;
		uint32_t left = w ? d[w - 1].cp : 0, right = i < n ? d[i].cp : 0;
		if (i - s < 2) {
			d[w++] = d[s];
			continue;
		}
		dch *ra = dvec_room(&a, i - s), *rb = dvec_room(&b, i - s);
		if (!ra || !rb) {
			rc = TV_ESYSTEM;
			break;
		}
		memcpy(ra, d + s, (i - s) * sizeof(dch));
		dvec_setlen(&a, i - s);
		double conf = 1;
		size_t rounds = 0;
		if (tv_buf_reserve(&fx->fresh, i - s) || tv_buf_reserve(&fx->fresh2, i - s)) {
			rc = TV_ESYSTEM;
			break;
		}
		unsigned char *fa = (unsigned char *)fx->fresh.data;
		unsigned char *fb = (unsigned char *)fx->fresh2.data;
		for (int round = 0; round < 3; round++) {
			size_t nb;
			if (!mend_run(dvec_at(&a), a.n, round ? fa : NULL, left, right, dvec_at(&b),
			              fb, &nb, fx->min_conf, &conf))
				break;
			dvec_setlen(&b, nb);
			rounds++;
			dvec t = a;
			a = b;
			b = t;
			unsigned char *tf = fa;
			fa = fb;
			fb = tf;
		}
		if (rounds) {
			(*count)++;
			for (size_t k = 0; k < a.n; k++)
				*needed |= dec_char_needs(dvec_at(&a)[k].cp);
			uint32_t after[64];
			size_t na = a.n < 64 ? a.n : 64;
			for (size_t k = 0; k < na; k++)
				after[k] = dvec_at(&a)[k].cp;
			dec_audit(fx, d[s].col, d + s, i - s, after, na,
			          rounds > 1 ? "mojibake-twice" : "mojibake", conf);
		}
		/* the mended run is never longer than the run, so it fits where the run was */
		memcpy(d + w, dvec_at(&a), a.n * sizeof(dch));
		w += a.n;
	}
	fx->run = a;
	fx->run2 = b;
	if (!rc)
		dvec_setlen(v, w);
	return rc;
}

/* ------------------------------------------------------------------ references ------ */

static int cmp_entity(const void *k, const void *e)
{
	return strcmp(k, ((const struct entity *)e)->name);
}

/* The character reference at d[0..n) (d[0] is '&'): its length with the characters it
 * stands for in out[0..*nout), or 0 when there is none (a reference must end in ';'). */
static size_t parse_reference(const dch *d, size_t n, uint32_t out[2], size_t *nout)
{
	char name[40];
	size_t k = 1, len = 0;
	*nout = 0;
	if (k < n && d[k].cp == '#') {
		int hex = k + 1 < n && (d[k + 1].cp | 0x20) == 'x';
		uint32_t v = 0;
		size_t digits = 0;
		for (k += 1 + (size_t)hex; k < n && digits < 8; k++, digits++) {
			uint32_t c = d[k].cp, x;
			if (c >= '0' && c <= '9')
				x = c - '0';
			else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
				x = (c | 0x20) - 'a' + 10;
			else
				break;
			v = v * (hex ? 16 : 10) + x;
		}
		if (!digits || digits >= 8 || k >= n || d[k].cp != ';')
			return 0;
		/* HTML reads 128..159 as Windows-1252; NUL, line ends, surrogates and values
		 * beyond Unicode stay as they were written */
		if (v >= 0x80 && v <= 0x9F && dec_cp_table(CP_1252)[v] != DEC_UNDEF)
			v = dec_cp_table(CP_1252)[v];
		if (v == 0 || v == '\n' || v == '\r' || v > 0x10FFFF ||
		    (v >= 0xD800 && v <= 0xDFFF))
			return 0;
		out[(*nout)++] = v;
		return k + 1;
	}
	while (k < n && len + 1 < sizeof name && d[k].cp < 0x80 &&
	       (is_letter(d[k].cp) || (len && d[k].cp >= '0' && d[k].cp <= '9')))
		name[len++] = (char)d[k++].cp;
	if (!len || k >= n || d[k].cp != ';')
		return 0;
	name[len] = '\0';
	const struct entity *e = bsearch(name, entities, sizeof entities / sizeof entities[0],
	                                 sizeof entities[0], cmp_entity);
	if (!e)
		return 0;
	out[(*nout)++] = e->cp1;
	if (e->cp2)
		out[(*nout)++] = e->cp2;
	return k + 1;
}

/* Decodes every character reference, "&amp;auml;" as far as "ä", so that a second run
 * has nothing left to decode. */
static size_t fix_references(dec_fix *fx, dvec *v)
{
	dch *d = dvec_at(v);
	size_t n = v->n, w = 0, changes = 0;
	for (size_t i = 0; i < n;) {
		uint32_t out[2];
		size_t nout, len = d[i].cp == '&' && CONF_REFERENCE >= fx->min_conf
		                       ? parse_reference(d + i, n - i, out, &nout)
		                       : 0;
		if (!len) {
			d[w++] = d[i++];
			continue;
		}
		dec_audit(fx, d[i].col, d + i, len, out, nout, "reference", CONF_REFERENCE);
		changes++;
		uint32_t col = d[i].col;
		i += len;
		if (nout == 1 && out[0] == '&') {
			/* "&amp;" may begin another reference: read again from this '&' */
			d[--i].cp = '&';
			d[i].col = col;
			continue;
		}
		for (size_t k = 0; k < nout; k++) {
			d[w].cp = out[k];
			d[w++].col = col;
		}
	}
	dvec_setlen(v, w);
	return changes;
}

/* ------------------------------------------------------------------ diacritics ------ */

static int spacing_index(uint32_t u)
{
	if (u != 0xA8 && u != 0xB4 && u != 0xB8 && !(u >= 0x2C6 && u <= 0x2DC))
		return -1;
	for (size_t i = 0; i < sizeof spacing_marks / sizeof spacing_marks[0]; i++)
		if (spacing_marks[i].spacing == u)
			return (int)i;
	return -1;
}

static int takes_mark(int m, uint32_t base)
{
	return base < 0x80 && base && strchr(spacing_marks[m].bases, (int)base) != NULL;
}

static int is_combining(uint32_t u)
{
	return u >= 0x300 && utf8proc_get_property((utf8proc_int32_t)u)->combining_class != 0;
}

/*
 * Spacing accents next to a letter become the combining mark on that letter ("¨o" and
 * "o¨" give ö); when both neighbours could take it, the side this document has used
 * before wins. A combining mark that stands before a letter it belongs to (after one that
 * cannot take it) is moved after it. NFC composes both afterwards.
 */
static size_t fix_diacritics(dec_fix *fx, dvec *v)
{
	dch *d = dvec_at(v);
	size_t n = v->n, changes = 0;
	for (size_t i = 0; i < n; i++) {
		int m = spacing_index(d[i].cp);
		if (m >= 0 && CONF_SPACING >= fx->min_conf) {
			int prev = i > 0 && takes_mark(m, d[i - 1].cp) &&
			           !(i + 1 < n && is_combining(d[i + 1].cp));
			int next = i + 1 < n && takes_mark(m, d[i + 1].cp) &&
			           !(i + 2 < n && is_combining(d[i + 2].cp));
			/* "Kalle´s": an acute before a genitive s is an apostrophe */
			if (d[i].cp == 0xB4 && i + 1 < n && d[i + 1].cp == 's' &&
			    (i + 2 >= n || !is_letter(d[i + 2].cp)))
				prev = next = 0;
			if (prev && next)
				prev = fx->mark_after > fx->mark_before;
			uint32_t comb = spacing_marks[m].combining;
			if (prev) {
				/* base, mark -> base, combining */
				uint32_t after[2] = {d[i - 1].cp, comb};
				dec_audit(fx, d[i - 1].col, d + i - 1, 2, after, 2,
				          "spacing-accent", CONF_SPACING);
				d[i].cp = comb;
				fx->mark_after++;
				changes++;
			} else if (next) {
				/* mark, base -> base, combining */
				uint32_t after[2] = {d[i + 1].cp, comb};
				dec_audit(fx, d[i].col, d + i, 2, after, 2, "spacing-accent",
				          CONF_SPACING);
				d[i].cp = d[i + 1].cp;
				d[i + 1].cp = comb;
				fx->mark_before++;
				changes++;
				i++;
			}
			continue;
		}
		if (d[i].cp >= 0x300 && d[i].cp <= 0x36F && i + 1 < n &&
		    CONF_MOVED_MARK >= fx->min_conf) {
			uint32_t base = i ? d[i - 1].cp : ' ';
			if (is_combining(base) || compose(fx, base, d[i].cp))
				continue;
			uint32_t c = compose(fx, d[i + 1].cp, d[i].cp);
			if (c && in_utf8_list(swedish_marked, c)) {
				uint32_t after[2] = {d[i + 1].cp, d[i].cp};
				dec_audit(fx, d[i].col, d + i, 2, after, 2, "mark-order",
				          CONF_MOVED_MARK);
				dch t = d[i];
				d[i] = d[i + 1];
				d[i + 1] = t;
				changes++;
				i++;
			}
		}
	}
	return changes;
}

/*
 * Composes a Latin letter and the one combining diacritic after it ("a" U+030A is "å"),
 * as NFC would, without the cost of normalising the whole line; what is left (stacked
 * marks, other scripts) goes to utf8proc in dec_encode_nfc.
 */
static size_t fix_compose(dec_fix *fx, dvec *v)
{
	dch *d = dvec_at(v);
	size_t n = v->n, w = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t u = d[i].cp;
		if (u >= 0x300 && u <= 0x36F && w > 0 && d[w - 1].cp < 0x80 &&
		    (i + 1 == n || d[i + 1].cp < 0x300 || !is_combining(d[i + 1].cp))) {
			uint32_t c = compose(fx, d[w - 1].cp, u);
			if (c) {
				dec_audit(fx, d[w - 1].col, d + w - 1, 2, &c, 1, "nfc", 1.0);
				d[w - 1].cp = c;
				continue;
			}
		}
		d[w++] = d[i];
	}
	dvec_setlen(v, w);
	return n - w;
}

/* ------------------------------------------------------------------ cleanup --------- */

static const char *ligature_of(uint32_t u)
{
	for (size_t i = 0; i < sizeof ligatures / sizeof ligatures[0]; i++)
		if (ligatures[i].cp == u)
			return ligatures[i].letters;
	return NULL;
}

/* Spells out ligatures and drops soft hyphens, byte-order marks and control characters
 * (an escape sequence "ESC [ ... letter" as a whole). */
static tv_status fix_cleanup(dec_fix *fx, dvec *v, size_t *changes)
{
	dch *d = dvec_at(v);
	size_t n = v->n, k = 0;
	dvec *o = &fx->tmp;
	dch *od = dvec_room(o, 3 * n); /* a ligature gives up to three letters */
	if (!od)
		return TV_ESYSTEM;
	for (size_t i = 0; i < n; i++) {
		uint32_t u = d[i].cp;
		const char *lig = u >= 0xFB00 ? ligature_of(u) : NULL;
		if (lig) {
			uint32_t after[3];
			size_t m = 0;
			for (; lig[m]; m++) {
				after[m] = (uint32_t)lig[m];
				od[k].cp = after[m];
				od[k++].col = d[i].col;
			}
			dec_audit(fx, d[i].col, d + i, 1, after, m, "ligature", 1.0);
		} else if (u >= 0x80 && u < 0xA0 && dec_cp_table(CP_1252)[u] != DEC_UNDEF &&
		           CONF_C1 >= fx->min_conf) {
			/* a C1 control left in text is a Windows-1252 byte read as Latin-1:
			 * U+009C in "mise en \x9cuvre" is œ */
			uint32_t w = dec_cp_table(CP_1252)[u];
			dec_audit(fx, d[i].col, d + i, 1, &w, 1, "c1-as-cp1252", CONF_C1);
			od[k].cp = w;
			od[k++].col = d[i].col;
		} else if (u == 0xAD || u == 0xFEFF) {
			dec_audit(fx, d[i].col, d + i, 1, NULL, 0,
			          u == 0xAD ? "soft-hyphen" : "bom", 1.0);
		} else if (removable_control(u)) {
			size_t e = i; /* the last character removed */
			if (u == 0x1B && i + 1 < n && d[i + 1].cp == '[') {
				size_t f = i + 2;
				while (f < n && d[f].cp >= 0x20 && d[f].cp <= 0x3F)
					f++;
				if (f < n && d[f].cp >= 0x40 && d[f].cp <= 0x7E)
					e = f; /* parameters, then the final byte: "ESC [ 3 1 m" */
			}
			if (!fx->controls++) {
				fx->ctrl_line = fx->line;
				fx->ctrl_col = d[i].col;
				fx->ctrl_cp = u;
			}
			dec_audit(fx, d[i].col, d + i, e - i + 1, NULL, 0, "control", 1.0);
			i = e;
		} else {
			od[k++] = d[i];
		}
	}
	dvec_setlen(o, k);
	*changes = n != k;
	for (size_t i = 0; !*changes && i < k; i++)
		*changes = od[i].cp != d[i].cp;
	dvec t = *v;
	*v = *o;
	*o = t;
	return TV_OK;
}

/* ------------------------------------------------------------------ the line -------- */

int dec_moji_char(uint32_t u)
{
	return moji_char(u);
}

/* Which passes the line v needs. */
static int needs(const dvec *v)
{
	const dch *d = (const dch *)(const void *)v->b.data;
	int f = 0;
	for (size_t i = 0; i < v->n; i++) {
		f |= dec_char_needs(d[i].cp);
		if (i + 1 < v->n && moji_char(d[i].cp) && moji_char(d[i + 1].cp))
			f |= NEED_MOJI;
	}
	return f;
}

tv_status dec_fix_line(dec_fix *fx, dvec *v, int f)
{
	/* A repair can make work for one before it ("ˆa" composed to "â" next to "››" is
	 * mojibake again, a BOM removed joins "Ã" and "¥"), so the passes run until nothing
	 * changes, which makes decode idempotent. Every round that changes something but
	 * the first makes the line shorter, so this ends; text needs two rounds at most,
	 * garbage a few more. */
	for (int round = 0; round < 8; round++) {
		int mended = 0;
		size_t changes = 0, cleaned = 0;
		tv_status rc;
		if ((f & NEED_MOJI) && (rc = fix_mojibake(fx, v, &mended, &changes)))
			return rc;
		f |= mended; /* what the mended characters need */
		if (f & NEED_REFS) {
			size_t n = fix_references(fx, v);
			if (n)
				f |= needs(v); /* what references stand for may need anything */
			changes += n;
		}
		if (f & NEED_MARKS) {
			changes += fix_diacritics(fx, v);
			changes += fix_compose(fx, v);
		}
		if ((f & NEED_CLEANUP) && (rc = fix_cleanup(fx, v, &cleaned)))
			return rc;
		changes += cleaned;
		if (!changes)
			break;
		f = needs(v);
		/* only those can find new work in text the others made, and cleanup for the
		 * marks: a ligature spelt out ("ﬁˆ" -> "fiˆ") gives a spacing accent a letter */
		if (!(f & (NEED_MOJI | NEED_REFS)) && !(cleaned && (f & NEED_MARKS)))
			break;
	}
	return TV_OK;
}

/* ------------------------------------------------------------------ NFC ------------- */

/* 1 when u may change under NFC or compose with what is next to it. Everything below
 * U+0300 and the punctuation and currency block are stable and start no composition. */
static int may_need_nfc(uint32_t u)
{
	return u >= 0x300 && !(u >= 0x2002 && u <= 0x20CF);
}

tv_status dec_encode_nfc(dec_fix *fx, dvec *v, tv_buf *out)
{
	const dch *d = dvec_at(v);
	size_t start = out->len;
	int nfc = 0;
	tv_status rc = tv_buf_reserve(out, v->n * 4);
	if (rc)
		return rc;
	for (size_t i = 0; i < v->n; i++) {
		uint32_t u = d[i].cp;
		if (u < 0x80) {
			out->data[out->len++] = (char)u;
			continue;
		}
		nfc |= may_need_nfc(u);
		out->len += (size_t)dec_utf8_put(u, out->data + out->len);
	}
	out->data[out->len] = '\0';
	if (!nfc)
		return TV_OK;
	utf8proc_uint8_t *norm = NULL;
	const char *s = out->data + start;
	size_t len = out->len - start;
	utf8proc_ssize_t nl = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
	                                   &norm, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (nl < 0)
		return nl == UTF8PROC_ERROR_NOMEM ? TV_ESYSTEM : TV_OK;
	if ((size_t)nl != len || memcmp(norm, s, len) != 0) {
		if (fx->logging) {
			/* one audit row for the span between what stayed the same on both sides */
			size_t a = 0, bl = len, bn = (size_t)nl;
			while (a < bl && a < bn && (unsigned char)s[a] == norm[a])
				a++;
			while (a && ((unsigned char)s[a] & 0xC0) == 0x80)
				a--;
			while (bl > a && bn > a && (unsigned char)s[bl - 1] == norm[bn - 1])
				bl--, bn--;
			while (bl < len && ((unsigned char)s[bl] & 0xC0) == 0x80)
				bl++, bn++;
			size_t ci = 0;
			for (size_t k = 0; k < a; k++)
				ci += ((unsigned char)s[k] & 0xC0) != 0x80;
			tv_buf before = TV_BUF_INIT, after = TV_BUF_INIT;
			tv_buf_append(&before, s + a, bl - a);
			tv_buf_append(&after, norm + a, bn - a);
			tv_audit(fx->opts, fx->line, ci < v->n ? d[ci].col : 1, tv_buf_str(&before),
			         tv_buf_str(&after), "nfc", 1.0);
			tv_buf_free(&before);
			tv_buf_free(&after);
		}
		tv_buf_truncate(out, start);
		rc = tv_buf_append(out, norm, (size_t)nl);
	}
	free(norm);
	return rc;
}
