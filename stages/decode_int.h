/*
 * decode_int.h - internals of the decode stage, shared by its three files:
 *
 *   decode.c         the entry point: reading, line splitting, the clean fast path,
 *                    per-line decoding, diagnostics
 *   decode_detect.c  code-page tables (built with iconv), the evidence that says which
 *                    encoding makes a text read as Swedish, the word list, 7-bit Swedish
 *   decode_fix.c     repairs on decoded text: mojibake, entities, diacritics, ligatures,
 *                    soft hyphens, control characters, NFC
 *
 * A decoded line is an array of dch: a code point and the 1-based column of the input
 * character it came from, so every audit row can name where a change was made.
 */
#ifndef TV_DECODE_INT_H
#define TV_DECODE_INT_H

#include <stdint.h>

#include "tvatt.h"

/* One character of a decoded line and the input column it came from. */
typedef struct dch {
	uint32_t cp;
	uint32_t col;
} dch;

#define DEC_UNDEF 0xFFFFFFFFu /* a byte a code page does not define */
#define DEC_FFFD  0xFFFDu

/* ------------------------------------------------------------------ code pages ------ */

/* The 8-bit code pages decode tells apart, in the order ties are broken. */
enum dec_cp { CP_1252, CP_8859_15, CP_8859_1, CP_850, CP_437, CP_MAC, NCP };

/* Builds the tables once (thread-safe). Returns TV_ESYSTEM when iconv lacks one. */
tv_status dec_tables_init(void);
/* Code point of each byte 0..255 in code page cp (DEC_UNDEF where undefined). */
const uint32_t *dec_cp_table(int cp);
/* The iconv name of code page cp ("CP850"). */
const char *dec_cp_name(int cp);
/* Builds table[256] for any single-byte iconv encoding. Returns 1 on success, 0 when
 * iconv does not know the name, -1 when the encoding is not one byte per character. */
int dec_table_for(const char *iconv_name, uint32_t table[256]);
/* The Windows-1252 byte of code point u (U+0080..U+009F as themselves, as browsers and
 * Latin-1 read them), or -1 when Windows-1252 cannot hold it. */
int dec_enc1252(uint32_t u);

/*
 * The valid UTF-8 sequence at p[0..n): its length (2 to 4) with the code point in *u, or 0
 * when the bytes there are not one (a stray byte, overlong, surrogate, truncated). Only
 * call it on a byte >= 0x80.
 */
int dec_utf8_seq(const unsigned char *p, size_t n, uint32_t *u);

/* 1 when the valid UTF-8 sequence p[0..len) inside a line that also holds bytes of an
 * 8-bit code page is taken as UTF-8 although the document is mostly 8-bit: only the forms
 * that text in Swedish puts there (Latin-1 letters, general punctuation, the euro sign,
 * a byte-order mark, emoji), never a pair such as "Å”" that reads as one letter. */
int dec_embedded_utf8(const unsigned char *p, int len);

/* 1 when the 7-bit Swedish letter c ('}' '{' '|' ']' '[' '\\') is one of the six. */
int dec_is646(unsigned c);
/* The letter a 7-bit Swedish byte stands for: '}' is U+00E5 å and so on. */
uint32_t dec_646_letter(unsigned c);

/* How the word p[0..n) (ASCII letters and the six) of a 7-bit Swedish document reads
 * best: DEC646_MAP with the six as å ä ö Å Ä Ö (the word list knows it so, or the letters
 * keep the word's case), with DEC646_KEEP_FIRST or _LAST when a bracket at that end stays
 * a bracket ("studiest|dslagen]"); 0 as it is ("[utesluter]", "a[i]"). */
enum { DEC646_MAP = 1, DEC646_KEEP_FIRST = 2, DEC646_KEEP_LAST = 4 };
int dec_646_word_maps(const unsigned char *p, size_t n);

/* 1 when the lower-cased UTF-8 word s[0..n) is in the Swedish word list. */
int dec_word_known(const char *s, size_t n);

/* ------------------------------------------------------------------ evidence -------- */

/* What the lines read so far (and the look-ahead) say about the document's encoding. */
typedef struct dec_evidence {
	double score[NCP];          /* how Swedish the bytes that are not UTF-8 read in each */
	unsigned long legacy_lines; /* lines with bytes that are not UTF-8 */
	unsigned long utf8_lines;   /* valid UTF-8 lines with characters beyond ASCII */
	unsigned long beyond_lines; /* lines with characters that stay beyond ASCII */
	double s646;                /* how Swedish the 7-bit letters read */
	unsigned long hits646;      /* words the 7-bit reading turns into known words ... */
	unsigned long words646;     /* ... of the words holding one of the six next to a letter */
} dec_evidence;

/* Adds the evidence of the bytes of one line p[0..n) that are not UTF-8, and counts it
 * among beyond_lines unless all of them are soft hyphens in the code page then best. */
void dec_score_legacy(dec_evidence *ev, const unsigned char *p, size_t n);
/* Adds the evidence of one all-ASCII line read as 7-bit Swedish. */
void dec_score_646(dec_evidence *ev, const unsigned char *p, size_t n);
/* The code page that reads best, and a confidence for it (0 to 1) in *conf; the score of
 * the best goes to *score (<= 0 means no code page explains the bytes). */
int dec_best_cp(const dec_evidence *ev, double *conf, double *score);
/* 1 when the evidence says the document is 7-bit Swedish. */
int dec_is_646_doc(const dec_evidence *ev);

/* ------------------------------------------------------------------ repairs --------- */

/* A growable array of dch kept in a tv_buf. */
typedef struct dvec {
	tv_buf b;
	size_t n;
} dvec;

/* Sets the length to n <= the current length (0 empties it). */
void dvec_setlen(dvec *v, size_t n);
static inline dch *dvec_at(dvec *v)
{
	return (dch *)(void *)v->b.data;
}
void dvec_free(dvec *v);

/* What the repairs need to know and what they tell back, per input. */
typedef struct dec_fix {
	const tv_opts *opts;
	unsigned long line;     /* input line of the text being repaired */
	double min_conf;        /* a change below this confidence is not made */
	int logging;            /* write audit rows */
	unsigned long controls; /* control characters removed */
	unsigned long ctrl_line, ctrl_col;
	uint32_t ctrl_cp;           /* the first one removed */
	unsigned long mark_before;  /* spacing diacritics seen before their letter ... */
	unsigned long mark_after;   /* ... and after it */
	dvec tmp;                   /* scratch for the repairs that make text longer */
	dvec run, run2;             /* scratch for mojibake runs ... */
	tv_buf fresh, fresh2;       /* ... and which of their characters a round mended */
	uint32_t composed[58][112]; /* 'A'..'z' + U+0300..U+036F in NFC: 0 not yet known,
	                              1 none, else the letter */
	tv_buf enc;                 /* scratch UTF-8 */
} dec_fix;

/* The repairs a line needs, by what it holds (so the decoder can tell while it decodes):
 * NEED_MOJI when two characters Windows-1252 holds beyond ASCII stand together (both
 * dec_moji_char), the others by dec_char_needs of each character. */
enum { NEED_MOJI = 1, NEED_REFS = 2, NEED_MARKS = 4, NEED_CLEANUP = 8 };
int dec_char_needs(uint32_t u);
int dec_moji_char(uint32_t u);

/* Repairs v in place, in this order: mojibake, character references, spacing and
 * misplaced combining diacritics, then ligatures, soft hyphens, byte-order marks and
 * control characters; needs holds the NEED_ flags of v. Returns TV_ESYSTEM when memory
 * runs out. */
tv_status dec_fix_line(dec_fix *fx, dvec *v, int needs);

/* Encodes v as UTF-8 in NFC, appended to out (composition with utf8proc, but only for
 * the lines that need it). */
tv_status dec_encode_nfc(dec_fix *fx, dvec *v, tv_buf *out);

/* Writes an audit row for a change of the characters before[0..nb) into after[0..na). */
void dec_audit(dec_fix *fx, uint32_t col, const dch *before, size_t nb, const uint32_t *after,
               size_t na, const char *rule, double conf);

/* The code point's UTF-8 bytes into out[4]; returns their number (U+FFFD for a bad one). */
int dec_utf8_put(uint32_t u, char *out);

#endif
