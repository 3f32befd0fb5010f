/*
 * ocr_vote.c - word voting among several readings of one poor page.
 *
 * A poor scan read at a few different working sizes gives readings whose errors differ
 * (a blurred "att" is "au" at one size and "att" at another) while the right words
 * agree. Each reading is aligned with the reference reading word by word (an edit
 * distance over words, where a substitution costs by how different the two words are, so
 * that similar words pair up), and every word of the reference becomes the string most
 * readings give at its place. Words a reading splits or joins are handled by the
 * alignment: inserted words join the candidate of the word before them. The reference
 * keeps its boxes, lines and paragraphs.
 */
#include "ocr_int.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Words after which "I" is a Roman numeral, not the preposition "i" (lower case). */
static const char *const numeral_before[] = {
    "kapitel", "kap",       "kap.",        "bilaga", "bilagan", "klass",   "klassen",
    "punkt",   "avdelning", "avdelningen", "del",    "delen",   "avsnitt", "avsnittet",
    "fas",     "fasen",     "steg",        "steget", "typ",     "grupp",   "gruppen",
    "nivå",    "zon",       "kategori",    "bok",    "volym",   "band",    "tabell",
    "figur",   "bilagorna", "kapitlen",    "etapp",  "etappen", NULL};

/* Larger pages than this (reference words times other words) are not voted on: the
 * alignment table would take too much memory. */
#define MAX_CELLS ((size_t)16 << 20)
/* Longest word compared character by character; longer ones compare as equal or not. */
#define MAX_WORD 64

/* Edit distance between two byte strings, as a fraction of the longer (0 to 1). */
static double word_cost(const char *a, size_t la, const char *b, size_t lb)
{
	if (la == lb && memcmp(a, b, la) == 0)
		return 0;
	if (la == 0 || lb == 0 || la > MAX_WORD || lb > MAX_WORD)
		return 1;
	unsigned char prev[MAX_WORD + 1], cur[MAX_WORD + 1];
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (unsigned char)j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = (unsigned char)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned d = prev[j - 1] + (a[i - 1] != b[j - 1]);
			unsigned x = prev[j] + 1u, y = cur[j - 1] + 1u;
			d = x < d ? x : d;
			d = y < d ? y : d;
			cur[j] = (unsigned char)d;
		}
		memcpy(prev, cur, lb + 1);
	}
	return (double)prev[lb] / (double)(la > lb ? la : lb);
}

enum { OP_SUB = 0, OP_DEL = 1, OP_INS = 2 };

/* A candidate string for one reference word and the weight of the readings giving it. */
typedef struct cand {
	size_t off, len; /* in the candidate text buffer */
	double weight;
} cand;

/*
 * Aligns alt with ref and appends to texts, for each reference word i, the string alt
 * gives there (possibly empty, possibly several words): its offset and length go to
 * offs[2i], offs[2i+1].
 */
static tv_status align(const ocr_page_words *ref, const ocr_page_words *alt, tv_buf *texts,
                       size_t *offs)
{
	size_t n = ref->n, m = alt->n;
	size_t cols = m + 1;
	uint8_t *op = malloc((n + 1) * cols);
	float *prev = malloc(cols * sizeof *prev), *cur = malloc(cols * sizeof *cur);
	tv_status rc = TV_OK;
	if (!op || !prev || !cur) {
		rc = TV_ESYSTEM;
		goto done;
	}
	for (size_t j = 0; j <= m; j++) {
		prev[j] = (float)j;
		op[j] = OP_INS;
	}
	for (size_t i = 1; i <= n; i++) {
		const ocr_word *a = ocr_page_word(ref, i - 1);
		cur[0] = (float)i;
		op[i * cols] = OP_DEL;
		for (size_t j = 1; j <= m; j++) {
			const ocr_word *b = ocr_page_word(alt, j - 1);
			float sub = prev[j - 1] + (float)word_cost(ref->text.data + a->off, a->len,
			                                           alt->text.data + b->off, b->len);
			float del = prev[j] + 1, ins = cur[j - 1] + 1;
			uint8_t o = OP_SUB;
			float best = sub;
			if (del < best) {
				best = del;
				o = OP_DEL;
			}
			if (ins < best) {
				best = ins;
				o = OP_INS;
			}
			cur[j] = best;
			op[i * cols + j] = o;
		}
		float *t = prev;
		prev = cur;
		cur = t;
	}
	/* trace back: each reference word gets the alt words aligned to it plus the words
	 * inserted right after it; words inserted before the first go to the first */
	size_t *from = calloc(n ? n : 1, sizeof *from), *to = calloc(n ? n : 1, sizeof *to);
	if (!from || !to) {
		free(from);
		free(to);
		rc = TV_ESYSTEM;
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		from[i] = to[i] = SIZE_MAX;
	size_t i = n, j = m, pending_end = SIZE_MAX;
	while (i > 0 || j > 0) {
		uint8_t o = op[i * cols + j];
		if (i > 0 && j > 0 && o == OP_SUB) {
			from[i - 1] = j - 1;
			to[i - 1] = pending_end != SIZE_MAX ? pending_end : j;
			pending_end = SIZE_MAX;
			i--;
			j--;
		} else if (i > 0 && (j == 0 || o == OP_DEL)) {
			if (pending_end != SIZE_MAX) {
				/* inserted words after a deleted reference word: give them to it */
				from[i - 1] = j;
				to[i - 1] = pending_end;
				pending_end = SIZE_MAX;
			}
			i--;
		} else {
			if (pending_end == SIZE_MAX)
				pending_end = j;
			j--;
		}
	}
	if (pending_end != SIZE_MAX && n > 0) {
		/* words inserted before the first reference word */
		size_t end = to[0] != SIZE_MAX ? to[0] : pending_end;
		from[0] = 0;
		to[0] = end;
	}
	for (size_t k = 0; k < n && !rc; k++) {
		offs[2 * k] = texts->len;
		if (from[k] != SIZE_MAX)
			for (size_t x = from[k]; x < to[k] && !rc; x++) {
				const ocr_word *b = ocr_page_word(alt, x);
				if (x > from[k])
					rc = tv_buf_putc(texts, ' ');
				if (!rc)
					rc = tv_buf_append(texts, alt->text.data + b->off, b->len);
			}
		offs[2 * k + 1] = texts->len - offs[2 * k];
	}
	free(from);
	free(to);
done:
	free(op);
	free(prev);
	free(cur);
	return rc;
}

/* 1 when reading a gives the string s (len bytes) for reference word i. */
static int same(const tv_buf *texts, const size_t *offs, size_t n, size_t a, size_t i,
                const char *s, size_t len)
{
	size_t o = offs[a * 2 * n + 2 * i], l = offs[a * 2 * n + 2 * i + 1];
	return l == len && (len == 0 || memcmp(texts->data + o, s, len) == 0);
}

tv_status ocr_vote(ocr_page_words *ref, const ocr_page_words *const *alts, size_t nalts)
{
	size_t n = ref->n;
	if (n == 0 || nalts == 0)
		return TV_OK;
	for (size_t a = 0; a < nalts; a++)
		if ((n + 1) * (alts[a]->n + 1) > MAX_CELLS)
			return TV_OK;
	tv_buf texts = TV_BUF_INIT, offsbuf = TV_BUF_INIT, words = TV_BUF_INIT, text = TV_BUF_INIT;
	tv_status rc = tv_buf_reserve(&offsbuf, nalts * 2 * n * sizeof(size_t));
	if (!rc) /* so that texts.data is never NULL */
		rc = tv_buf_reserve(&texts, 64);
	size_t *offs = (size_t *)(void *)offsbuf.data;
	for (size_t a = 0; a < nalts && !rc; a++)
		rc = align(ref, alts[a], &texts, offs + a * 2 * n);
	unsigned carry = 0; /* structure flags of dropped words, for the next word */
	size_t kept = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const ocr_word *w = ocr_page_word(ref, i);
		const char *rs = ref->text.data + w->off;
		/* the reference counts one and a half, so it wins ties */
		double bestw = 1.5;
		for (size_t a = 0; a < nalts; a++)
			if (same(&texts, offs, n, a, i, rs, w->len))
				bestw += 1;
		const char *best = rs;
		size_t bestlen = w->len;
		for (size_t a = 0; a < nalts; a++) {
			const char *s = texts.data + offs[a * 2 * n + 2 * i];
			size_t len = offs[a * 2 * n + 2 * i + 1];
			if (same(&texts, offs, n, a, i, rs, w->len))
				continue;
			double weight = 0;
			for (size_t b = 0; b < nalts; b++)
				weight += same(&texts, offs, n, b, i, s, len);
			if (weight > bestw) {
				bestw = weight;
				best = s;
				bestlen = len;
			}
		}
		ocr_word nw = *w;
		nw.flags |= carry;
		if (bestlen == 0) {
			carry = nw.flags;
			continue;
		}
		carry = 0;
		nw.off = text.len;
		nw.len = bestlen;
		rc = tv_buf_append(&text, best, bestlen);
		if (!rc)
			rc = tv_buf_append(&words, &nw, sizeof nw);
		kept++;
	}
	if (!rc) {
		tv_buf_free(&ref->words);
		tv_buf_free(&ref->text);
		ref->words = words;
		ref->text = text;
		ref->n = kept;
		tv_buf_clear(&ref->utf8); /* the words changed: the text is rebuilt from them */
		words = (tv_buf)TV_BUF_INIT;
		text = (tv_buf)TV_BUF_INIT;
	}
	tv_buf_free(&texts);
	tv_buf_free(&offsbuf);
	tv_buf_free(&words);
	tv_buf_free(&text);
	return rc;
}

/* ------------------------------------------------------------------ lone I ---------- */

/* 1 when the UTF-8 word s (n bytes) ends in a lower-case letter (ASCII or Latin-1). */
static int ends_lower(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	unsigned char c = (unsigned char)s[n - 1];
	if (c < 0x80)
		return islower(c);
	/* å ä ö é ü and the other Latin-1 lower-case letters: C3 A0 to C3 BF */
	return n >= 2 && (unsigned char)s[n - 2] == 0xc3 && c >= 0xa0 && c <= 0xbf && c != 0xb7;
}

static int starts_lower(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	unsigned char c = (unsigned char)s[0];
	if (c < 0x80)
		return islower(c);
	return n >= 2 && c == 0xc3 && (unsigned char)s[1] >= 0xa0 && (unsigned char)s[1] != 0xb7;
}

static int names_a_part(const char *s, size_t n)
{
	char low[16];
	if (n >= sizeof low)
		return 0;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[n] = '\0';
	for (size_t i = 0; numeral_before[i]; i++)
		if (strcmp(low, numeral_before[i]) == 0)
			return 1;
	return 0;
}

tv_status ocr_fix_swedish_i(ocr_page_words *w)
{
	for (size_t k = 1; k + 1 < w->n; k++) {
		ocr_word *wd = (ocr_word *)(void *)w->words.data + k;
		const ocr_word *prev = wd - 1, *next = wd + 1;
		char *t = w->text.data + wd->off;
		const char *pt = w->text.data + prev->off, *nt = w->text.data + next->off;
		if (wd->len == 1 && t[0] == 'I' && ends_lower(pt, prev->len) &&
		    starts_lower(nt, next->len) && !names_a_part(pt, prev->len)) {
			t[0] = 'i';
			tv_buf_clear(
			    &w->utf8); /* the words changed: the text is rebuilt from them */
		}
	}
	return TV_OK;
}
