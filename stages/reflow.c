/*
 * reflow.c - the reflow stage: joins the lines of a paragraph (also across page breaks),
 * undoes Swedish end-of-line hyphenation, and writes Markdown: numbered and short
 * capital headings as "#" lines, list items as "- ", paragraphs as one line, each block
 * preceded by "<!-- tvatt page=P lines=A-B -->" (lines of this stage's input, P counted by
 * form feeds; after a table block the count goes on from the last input line its comment
 * names, not from its rows) and followed by a blank line. Pipe-table rows and HTML comment
 * lines pass through unchanged (a provenance comment already there is kept instead of a
 * new one, so the stage is idempotent). Paragraph ends are found from blank lines, or, where a dump
 * has none, from a short line ending a sentence against the page's measure, and where the
 * layout cannot tell, from the words around the sentence end (dicts/para_starts.tsv);
 * in text written one paragraph a line (WHOLE_MEASURE), at every line ending a sentence.
 * "<!-- tvatt pages=N -->" ends the output where the input had pages after the last one a
 * comment names (write_pages). Streaming: only the current block is held.
 */
#include "reflow.h"
#include "restore_lex.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

const tv_optdef tv_reflow_optdefs[] = {{NULL, NULL, NULL}};

/* Prefixes that keep their hyphen before any word ("icke-statliga"). */
static const char *const hyphen_prefixes[] = {"icke", "Icke", NULL};

/* Words a heading does not end with: a line ending so goes on ("Arbetet med"). */
static const char *const open_words[] = {
    "och", "att",  "i",     "på",    "för", "med",  "av",  "som",  "till", "om",    "den",
    "det", "en",   "ett",   "de",    "är",  "var",  "har", "inte", "men",  "eller", "så",
    "vid", "från", "under", "efter", "mot", "samt", "hos", "kan",  "ska",  NULL};

/* Words a list item ends with before the next item ("talet 90, och" / "- uppkommer"). */
static const char *const item_end_words[] = {"och", "eller", NULL};

/* Words after which a hyphen at a line end is a suspended compound ("kompetens- och"). */
static const char *const suspend_words[] = {"och", "eller", "samt", "respektive", "till", NULL};

enum block { B_NONE = 0, B_PARA, B_LIST, B_HEAD };

/* Bullets that pdftotext's default mode writes on lines of their own, apart from their
 * items' text ("-" / "" / "Sifo har ..."; or a list's bullets one under another before its
 * items): a line holding one of them alone, followed by a blank line or another such line,
 * makes the next text line an item, and, after a run of them, as many of the lines after
 * that begin with a capital after a sentence end (see lone_bullet). */
static const char *const lone_bullets[] = {"-",
                                           "\xe2\x80\x93", /* dashes first (glyph_bullet) */
                                           "\xe2\x80\xa2",
                                           "\xe2\x96\xaa",
                                           "\xef\x82\xb7",
                                           "\xe2\x97\x8f",
                                           NULL};
/* The longest of lone_bullets, in bytes. */
#define LONE_BULLET_MAX 3

/* Where a dump has neither blank lines nor indents, a line that ends a sentence, followed
 * by a line that starts with a capital or a digit (both necessary), ended its paragraph
 * when the typesetter's evidence below adds up to END_SCORE. "Fits" compares the room the
 * line left with the next line's first word: the break point is the page's measure (the
 * longest recent plain line), or, where the font is proportional, one less than a low
 * percentile of "line + space + next word" over lines that certainly went on (the next
 * began in lower case), whichever is lower; where the font is proportional, that sum is
 * taken in estimated widths instead of characters (see fits). */
enum end_signal { E_FITS, E_ROOMY, E_SHORT, E_HYPH, E_NSIGNALS };
static const struct {
	int weight;
	const char *what;
} end_signals[E_NSIGNALS] = {
    [E_FITS] = {4, "the next line's first word would have fitted in the room left (fits)"},
    [E_ROOMY] = {2, "more room left than on 9 of 10 lines that went on"},
    [E_SHORT] = {2, "the line is under two thirds of the measure"},
    [E_HYPH] = {4, "the next word (8+ letters, capital first) could have been hyphenated "
                   "into the room left, and such words are hyphenated on this page"},
};
#define END_SCORE 4
/* In a dump that has shown LAID_OUT breaks or more by blank lines or first-line indents,
 * and fewer by a short line alone, a break shown by neither needs END_SCORE_LAID_OUT with
 * the line short (E_SHORT) among the evidence: room left on a longer line, counted in
 * characters, is uncertain where the font is proportional. */
#define LAID_OUT           3
#define END_SCORE_LAID_OUT 6

/* Where the layout cannot tell (a line ending a sentence, a capital next, too little room
 * left for the evidence above), the words around the boundary may: dicts/para_starts.tsv
 * (fitted by dicts/derive/para_model.py, a logistic regression; compiled in by
 * stages/reflow.mk) holds weights in tenths of log-odds that the sentence boundary is a
 * paragraph break, for the bias ("P" key) and for keys of these kinds: the next sentence's
 * first two words ("T", "Det gör" -22; used in place of the first word's row where the
 * table holds one) or first word ("F": "Sammanfattningsvis" opens, "Detta" goes on); the
 * previous sentence's last word ("L", lower case: an abbreviation's dot, "t.ex.", goes on),
 * last two words ("K", "jag fråga"), final mark ("E") and the final mark of the sentence
 * before it ("R", '-' where the paragraph is one sentence so far: after a colon, a list of
 * questions goes on); that final mark with the range of the paragraph's length ("X"); the
 * paragraph's first word ("G"); the length of the paragraph so far ("H", ranges of bytes)
 * and of its last sentence ("W", ranges of 40 bytes); that sentence's final mark with the
 * next sentence's, found in the text ahead ("Q", "??" -13: a list of questions goes on;
 * "?." 14); the range of the length of the paragraph the next sentence would open, as far
 * as the layout ahead shows its end ("D", "0" -9: under 100 bytes, the open paragraph's
 * last sentence more likely), and that range with the open paragraph's ("J", "40" -18,
 * "67" 11); whether the next sentence opens with the same three or two words as the
 * paragraph or its last sentence ("A", see anaphora_weight). Sorted as bytes, found by
 * binary search. The boundary is a break when the sum exceeds LANG_SPLIT, a chance of a third:
 * a missed break leaves two paragraphs broken, a false one only one. Used only in dumps
 * whose breaks show no layout (lang_ok). */
static const struct para_word {
	const char *key;
	int weight;
} para_words[] = {
#include "para_starts.inc"
};
#define LANG_SPLIT (-7) /* tenths of log-odds: ln(1/2) */
/* After a list item's full last line that ends a sentence, a line opening one may go on the
 * item or end the list; the words decide there too, but the table was fitted on paragraphs,
 * and an item's sentences go on as one item ("- Ökad trygghet. Fler poliser ..."): a break
 * needs a chance of four in five (issue 6: in the LibreOffice eval's default and -raw dumps
 * of seeds 6, 11, 21, 31, 41, 51 and 61, where the last item took in the paragraph after
 * its list, paragraphs whole 10008 -> 10036 of 11244; asked at LANG_SPLIT, 10059, but in
 * raw-style dumps of items of one to three sentences (held-out interpellations, 289 items)
 * that split 6 items, this none). */
#define LANG_SPLIT_ITEM 14

/* Text written one paragraph a line, without blank lines (an export, corpus-like text):
 * the lines are longer than a printed page's (the measure reaches WHOLE_MEASURE code
 * points) and nearly all of them end a sentence (WHOLE_SHARE percent of the last
 * WHOLE_LINES lines of WHOLE_MIN code points or more, at least WHOLE_SEEN of them seen;
 * in a shorter text, two or three such lines that all end a sentence with the measure at
 * twice WHOLE_MEASURE, wider than any page), where a text wrapped to a page ends a
 * sentence on one line in four or five. There
 * every line that ends a sentence ends its paragraph when the next begins with a
 * capital or a digit: the room a line left says nothing where no line was wrapped. */
#define WHOLE_MEASURE 120
#define WHOLE_MIN     40
#define WHOLE_LINES   32
#define WHOLE_SEEN    4
#define WHOLE_SHARE   75

/* Text lines whose lengths give the measure (the longest of them), so that one column
 * width is learnt per stretch of the document and an odd long line is forgotten. */
#define MEASURE_LINES 64
/* pdftotext's default mode joins a line that ends in a hyphenated word with the line
 * after it ("de gemen-" / "samma ..." is written "de gemensamma ..."), so where the text
 * was hyphenated some lines hold two printed lines, up to twice the measure, and the
 * longest line is no measure. Such a dump shows, among JOIN_SEEN recent lines or more,
 * JOIN_LINES or more longer than JOIN_LONG/8 of the length most lines have (the mode of
 * the lengths of lines of JOIN_MIN code points or more, in buckets of JOIN_BUCKET, held by
 * a sixth of the lines or more, and JOIN_MODE or more), at most twice as many as the
 * mode's, spread over lengths (a full line and a part of one), while a dump of printed
 * lines has none, or, where short lines are the commonest, has its full lines above them
 * in one cluster (two neighbouring buckets that hold half of the longer lines and half as
 * many as the mode's). Such a cluster is the full lines only where the lines that went on
 * (the next began in lower case; JOIN_WENT of them or more seen) are mostly longer than
 * JOIN_LONG/8 of the mode: where most are not, the mode's lines are the full ones, and the
 * cluster, at twice their length, holds the lines joined at a hyphen to the full line after
 * them, as a text hyphenated on a third of its lines shows (issue 6: such dumps were taken
 * for dumps of printed lines with the measure of two, so that every paragraph that ended
 * in a joined line went on). Checked every 16 lines. In such a dump the measure is the
 * longest line up to JOIN_FULL/8 of the mode, and a line longer than JOIN_TAIL/20 of a
 * full line (the median of the lines from JOIN_LOW/8 to JOIN_FULL/8 of the mode) is
 * judged by its last printed line, its length less one full line for each printed line
 * before it. The measure is no bound for that: in a proportional font the longest lines
 * are a tenth longer than most (and some of them held a hyphenated word's last letters,
 * "arbetstagaren." of "arbetstaga-" / "ren."), so a line joined to a short last printed
 * line looked full and its paragraph went on (issue 6: in the LibreOffice eval's
 * hyphenated default-mode dumps of seeds 6, 11 and 21, a line from 11/10 to 3/2 of a full
 * line that ends a sentence before a capital ended its paragraph 107 times in 110; from
 * 21/20 to 11/10, 29 times in 48). */
#define JOIN_LINES  3
#define JOIN_SEEN   32
#define JOIN_MODE   48
#define JOIN_LONG   10
#define JOIN_FULL   9
#define JOIN_MIN    30
#define JOIN_BUCKET 8
#define JOIN_LOW    6
#define JOIN_TAIL   22
#define JOIN_WENT   8
/* A label heading ("Uppföljning av fullmäktiges mål") has at most this many words. */
#define LABEL_WORDS 6
#define PARA_MAX    (1u << 20) /* bytes: a longer paragraph is cut (see main loop) */

/* A short line that a document prints REPEAT_MIN times or more ("Mål kommer helt
 * uppfyllas", "Tertial: aug, dec", "Klar") labels the rows of a list or table-like block,
 * not a section: it is no heading unless numbered. Its sightings are the blocks of that
 * one line written so far, counted in a table of REP_SLOTS line hashes as the blocks are
 * written (a heading by its text: "### Bilaga" is a sighting of "Bilaga"), and, at the
 * first such block, the lines in the text ahead (LOOKAHEAD bytes of text, peeked), so
 * that the first ones count too. Counting blocks as written, not
 * lines as read, is what keeps reflow idempotent (DESIGN.md, principle 4): run on its
 * output, it sees the same blocks again, where the lines it joined into paragraphs are
 * gone and its headings carry their marks. When the table is full it is emptied, so that
 * the labels of the stretch of the document being read are counted. */
#define REPEAT_MIN 3
#define REP_SLOTS  1024 /* a power of two */

/* A line of the text window ahead (text_window): its bytes, and its bytes of text. */
struct window_line {
	uint32_t bytes, text;
};

/* The text window ahead as the last look found it, so that the next look, a few lines
 * on, drops the lines the reader has passed and reads only the lines past its end, not
 * the whole window again. Its lines are a prefix of the window at the input line first:
 * complete lines, each but the last begun while the text before it was short of
 * LOOKAHEAD. */
typedef struct window {
	tv_buf lines;        /* struct window_line, from head on */
	size_t head;         /* lines already passed, dropped at the next look */
	unsigned long first; /* the input line number of the line at head */
	size_t bytes, text;  /* the bytes and text bytes of the lines from head on */
} window;

/* known_word's cache: a slot for each word of up to 16 bytes, by a hash of its bytes, so
 * that the words of a dump met again and again are looked up in the lexicon once. */
#define WORD_BITS 12
struct word_slot {
	uint64_t lo, hi; /* the word's bytes, zero-padded */
	uint32_t len;    /* 0: an empty slot */
	uint32_t known;
};

typedef struct state {
	tv_writer *out;
	const tv_opts *opts;
	tv_buf text;    /* the block being joined */
	tv_buf pending; /* a provenance comment read from the input, for the next block */
	enum block kind;
	enum block kind_before; /* the kind of the block that a provenance comment of this
	                         * stage's own ended (reflow run on its output), until the next
	                         * block: the block before the next line, as the first run saw it */
	unsigned long first, last, page, page_at_start;
	int page_text;            /* a line with text since the last form feed */
	unsigned long pages_read; /* a "<!-- tvatt pages=N -->" read (reflow run on its output) */
	unsigned long named_page; /* the highest page a comment written so far names */
	size_t measure;           /* longest of the recent text lines (code points), or of one
	                           * printed line where pdftotext joined lines (see JOIN_LINES) */
	size_t longest;           /* longest of the recent text lines */
	int joined;               /* measure is one printed line's, and longer lines hold two */
	int printed_lines;        /* the line being joined may hold printed lines that pdftotext
	                           * joined: joined, or the line is longer than the measure (where
	                           * the text was not hyphenated, it still joins a line ending "EU-") */
	size_t full_line;         /* where joined: the length of a full printed line (JOIN_TAIL) */
	size_t lens[MEASURE_LINES];
	size_t nlens;
	size_t go_len[MEASURE_LINES]; /* lengths of lines that went on (next began lower case) */
	size_t go_fw[MEASURE_LINES];  /* and the next line's first word */
	size_t ngo;
	size_t fit_lo; /* a low percentile of go_len + 1 + go_fw: where lines break */
	unsigned long go_w[MEASURE_LINES]; /* the same in estimated widths (text_width) */
	unsigned long fit_w; /* a low percentile of go_w: where lines break, in widths */
	size_t last_off;     /* where the block's last input line begins in text */
	size_t last_ind;     /* and its indentation, for last_width */
	size_t room_hi;      /* a high percentile of measure - go_len: room a line may leave */
	unsigned cap_taken, cap_missed; /* capital words hyphenated / not, where they could be */
	size_t last_len;                /* length of the block's last input line */
	size_t last_cl;                 /* and its code points as they came, indentation included */
	size_t last_indent;             /* its indentation */
	size_t body_indent;             /* indentation of the last line that went on a paragraph */
	size_t item_col;        /* a list item's text column in the input (hanging indent) */
	unsigned long item_num; /* the number of the last numbered list item since a heading */
	int hang;               /* the item has gone on at item_col */
	size_t list_hang;       /* an earlier item of this list went on at this column (0: none) */
	int dash_list;          /* an earlier "– " item of this list hung at its text column */
	unsigned list_sents;    /* the most sentences an earlier item of this list held (0: none
	                         * before the open item; see item_done) */
	int last_end;           /* the last line ended a sentence */
	int last_colon;         /* it ended in a colon */
	int last_letter;        /* it ended in a letter or digit (no punctuation) */
	int last_sep;           /* it ended as a list item before a sibling does: ",", ";", "och",
	                         * "eller" */
	int quote;              /* the block opened with a quotation's "– " */
	int last_hyph;          /* the last line ended in a hyphen after a letter */
	struct {
		uint64_t hash;  /* of the line's text, 0 for an empty slot */
		unsigned count; /* blocks of that line written so far */
		unsigned ahead; /* its lines in the text ahead of the first, and that one */
	} rep[REP_SLOTS];
	size_t nrep;
	window win;           /* the text window of repeated_line's last look ahead */
	int block_rep;        /* the block's first line is such a repeated label */
	unsigned block_ahead; /* and its lines in the text ahead and it (see REPEAT_MIN), where
	                       * it was looked for there, else 0 */
	int head_at;          /* the block began where a label heading could stand (label_head) */
	unsigned char ends[WHOLE_LINES]; /* the recent long lines ended a sentence (1) or not */
	size_t nends;                    /* long lines seen */
	unsigned nended;        /* of the last WHOLE_LINES of them, those that ended a sentence */
	unsigned blank_breaks;  /* paragraph breaks shown by a blank line */
	unsigned indent_breaks; /* by a first-line indent */
	unsigned bare_breaks;   /* and by a short last line alone */
	unsigned ahead_blank;   /* breaks shown by a blank line in the text ahead of the
	                         * first line (learn_ahead), for lang_ok before any break */
	unsigned ahead_indent;  /* and by a first-line indent */
	unsigned ahead_bare;    /* sentence ends there that neither shows, at least LAID_OUT
	                         * of them for the language to be trusted before a break */
	int blank;              /* blank lines since the last text line */
	unsigned bullets;     /* lone bullet lines whose items have not begun (see lone_bullets) */
	tv_buf item;          /* a text line with the "- " of its lone bullet, or with the
	                       * marker of a lone one ("1. ") */
	unsigned char marker; /* the length of a numbered item's marker alone on the line
	                       * before (lone_marker), in marker_text, 0 when none is
	                       * waiting for its item */
	char marker_text[3];
	int page_break;     /* a form feed since the last text line */
	unsigned on_page;   /* lines joined into paragraphs and items since the last form
	                     * feed (headings and tables not counted) */
	unsigned lone_seen; /* breaks the layout showed that left a widow or orphan */
	struct word_slot words[1u << WORD_BITS]; /* see known_word */
} state;

#if defined(__SSE2__)
/* The continuation bytes (10xxxxxx) of s[0..n), n >= 16, or with spaces set its spaces,
 * 16 bytes at a time: as signed bytes continuation bytes are those below -64, and each
 * comparison's -1 is taken from a count per byte lane, summed every 255 blocks (before a
 * lane could wrap) and at the end. The last bytes are counted in the 16 that end s, the
 * ones counted before masked out. */
static inline size_t count_bytes16(const char *s, size_t n, int spaces)
{
	static const unsigned char tail_mask[32] = {0,    0,    0,    0,    0,    0,    0,    0,
	                                            0,    0,    0,    0,    0,    0,    0,    0,
	                                            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	                                            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	const __m128i lim = _mm_set1_epi8(-64), sp = _mm_set1_epi8(' '), zero = _mm_setzero_si128();
	__m128i sum = zero;
	size_t i = 0;
	while (i + 16 <= n) {
		__m128i lanes = zero;
		for (size_t k = 0; k < 255 && i + 16 <= n; k++, i += 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			lanes = _mm_sub_epi8(lanes, spaces ? _mm_cmpeq_epi8(x, sp)
			                                   : _mm_cmplt_epi8(x, lim));
		}
		sum = _mm_add_epi64(sum, _mm_sad_epu8(lanes, zero));
	}
	if (i < n) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
		__m128i m = _mm_loadu_si128((const __m128i *)(const void *)(tail_mask + (n - i)));
		__m128i c =
		    _mm_and_si128(spaces ? _mm_cmpeq_epi8(x, sp) : _mm_cmplt_epi8(x, lim), m);
		sum = _mm_add_epi64(sum, _mm_sad_epu8(_mm_sub_epi8(zero, c), zero));
	}
	return (size_t)_mm_cvtsi128_si32(sum) +
	       (size_t)_mm_cvtsi128_si32(_mm_unpackhi_epi64(sum, sum));
}
#endif

/* The code points of s[0..n), n less its continuation bytes. */
static size_t cp_len(const char *s, size_t n)
{
#if defined(__SSE2__)
	if (n >= 16)
		return n - count_bytes16(s, n, 0);
#endif
	/* eight bytes at a time: a byte's bit 7 set and bit 6 clear (shifted up to bit 7)
	 * marks one; the multiply adds up the marks, one per byte, in the top byte */
	const uint64_t top = 0x8080808080808080u, ones = 0x0101010101010101u;
	size_t cont = 0, i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		uint64_t m = w & ~(w << 1) & top;
		cont += (size_t)(((m >> 7) * ones) >> 56);
	}
	for (; i < n; i++)
		cont += ((unsigned char)s[i] & 0xc0) == 0x80;
	return n - cont;
}

/* Advance widths of Helvetica (AFM, 1/1000 em) for ASCII 32..126, as a proportional
 * font's typical ones: "i" is narrow and "m" wide in every such font, so that where a
 * dump's font is proportional the room a line left is judged by the widths of its
 * characters, not by their count (see fits). Fonts differ, and a dump's lines do not show
 * which one was used: the spread of the widths about 500 is taken at WIDTH_SPREAD percent
 * (chosen on seed 6's dev dumps from 30/50/75/100; the real dumps of the LibreOffice eval,
 * in six other fonts, gain from it at 50 as at 100). */
#define WIDTH_SPREAD 50
#define W(x)         (500 + ((x)-500) * WIDTH_SPREAD / 100)
static const unsigned short ascii_w[128] = {
    [' '] = W(278), W(278), W(355), W(556), W(556), W(889), W(667), W(191),
    W(333),         W(333), W(389), W(584), W(278), W(333), W(278), W(278), /* ' '../ */
    W(556),         W(556), W(556), W(556), W(556), W(556), W(556), W(556),
    W(556),         W(556), W(278), W(278), W(584), W(584), W(584), W(556), /* 0..? */
    W(1015),        W(667), W(667), W(722), W(722), W(667), W(611), W(778),
    W(722),         W(278), W(500), W(667), W(556), W(833), W(722), W(778), /* @..O */
    W(667),         W(778), W(722), W(667), W(611), W(722), W(667), W(944),
    W(667),         W(667), W(611), W(278), W(278), W(278), W(469), W(556), /* P.._ */
    W(333),         W(556), W(556), W(500), W(556), W(556), W(278), W(556),
    W(556),         W(222), W(222), W(500), W(222), W(833), W(556), W(556), /* `..o */
    W(556),         W(556), W(333), W(500), W(278), W(556), W(500), W(722),
    W(500),         W(500), W(500), W(334), W(260), W(334), W(584), /* p..~ */
};
#define W_OTHER W(556) /* a character outside ASCII ("å", "Ö", "–"): a digit's width */

/* The width of each byte (see ascii_w): the first byte of a UTF-8 sequence W_OTHER, its
 * continuation bytes and control characters nothing; made once per process, with the
 * indexes of the word lists that ends_in looks for (word_ends). */
static unsigned short byte_w[256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

/* A list of words (each under 31 bytes) by their last bytes: bit l of at[c] is set when
 * a word of l bytes ends with the byte c. */
typedef struct word_ends {
	uint32_t at[256];
} word_ends;
static word_ends open_ends, item_ends;

static void index_ends(word_ends *x, const char *const *words)
{
	for (; *words; words++) {
		size_t l = strlen(*words);
		x->at[(unsigned char)(*words)[l - 1]] |= (uint32_t)1 << l;
	}
}

static void tables_make(void)
{
	for (int c = 0; c < 256; c++)
		byte_w[c] = c < 0x80 ? ascii_w[c] : c >= 0xc0 ? W_OTHER : 0;
	index_ends(&open_ends, open_words);
	index_ends(&item_ends, item_end_words);
}

/* The estimated printed width of s[0..n) in a proportional font (see ascii_w), four bytes
 * a step in separate sums. byte_w must be made (tv_reflow_run does). */
static unsigned long text_width(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long a = 0, b = 0, c = 0, d = 0;
	size_t i = 0;
	for (; i + 4 <= n; i += 4)
		a += byte_w[u[i]], b += byte_w[u[i + 1]], c += byte_w[u[i + 2]],
		    d += byte_w[u[i + 3]];
	for (; i < n; i++)
		a += byte_w[u[i]];
	return a + b + c + d;
}

/* True when s[0..n) holds three spaces in a row. With SSE2 (n >= 16), 16 bytes at a
 * time, the spaces as a bit mask behind the two bytes before (carry), the last bytes in
 * the 16 that end s. Otherwise: any three neighbours take in one index of the form
 * 3j + 2, so only those are looked at first (memmem's set-up costs more than that on a
 * short line). */
static int three_spaces(const char *s, size_t n)
{
#if defined(__SSE2__)
	if (n >= 16) {
		const __m128i sp = _mm_set1_epi8(' ');
		unsigned carry = 0, m;
		size_t i = 0;
		for (; i + 16 <= n; i += 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			m = carry | (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, sp)) << 2;
			if (m & m >> 1 & m >> 2)
				return 1;
			carry = m >> 16;
		}
		if (i == n)
			return 0;
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
		m = carry | ((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, sp)) >> (16 - (n - i)))
		                << 2;
		return (m & m >> 1 & m >> 2) != 0;
	}
#endif
	for (size_t i = 2; i < n; i += 3) {
		if (s[i] != ' ')
			continue;
		int before = s[i - 1] == ' ', after = i + 1 < n && s[i + 1] == ' ';
		if ((before && (s[i - 2] == ' ' || after)) ||
		    (after && i + 2 < n && s[i + 2] == ' '))
			return 1;
	}
	return 0;
}

/* isspace of the C locale (the program sets none), without its table lookup: trim runs on
 * every line, twice */
static int space_byte(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static void trim(const char **s, size_t *n)
{
	while (*n && space_byte((unsigned char)**s))
		(*s)++, (*n)--;
	while (*n && space_byte((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* (islower and isupper of the C locale, as space_byte) */
static int is_lower_start(const char *s, size_t n)
{
	unsigned char c = n ? (unsigned char)s[0] : 0;
	if (c >= 'a' && c <= 'z')
		return 1;
	return c == 0xc3 && n > 1 && (unsigned char)s[1] >= 0xa0;
}

static int is_upper_start(const char *s, size_t n)
{
	unsigned char c = n ? (unsigned char)s[0] : 0;
	if (c >= 'A' && c <= 'Z')
		return 1;
	return c == 0xc3 && n > 1 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] < 0xa0;
}

/* Notes the last page a tvatt comment s[0..n) passed on names ("page=P", or a table's
 * "last_page=Q"), so write_pages knows which pages the stream's comments already show.
 * (The lines passed on are mostly pipe-table rows: the comment's opening is looked at
 * first. Then each "page=" in turn, a few in a comment, tells both names' first places
 * in one pass, where memmem looked for each name through the whole line.) */
static void note_named_page(state *st, const char *s, size_t n)
{
	if (n < 11 || memcmp(s, "<!-- tvatt ", 11))
		return;
	static const char *const names[] = {" page=", " last_page="};
	const char *at[2] = {NULL, NULL}, *end = s + n;
	for (const char *p = s + 11;
	     (size_t)(end - p) >= 5 && (p = memchr(p, 'p', (size_t)(end - p) - 4)); p++) {
		if (memcmp(p, "page=", 5))
			continue;
		for (size_t i = 0; i < 2; i++) {
			size_t k = strlen(names[i]) - 5; /* the bytes before "page=" */
			if (!at[i] && (size_t)(p - s) >= k && !memcmp(p - k, names[i], k))
				at[i] = p + 5;
		}
	}
	for (size_t i = 0; i < 2; i++) {
		unsigned long v = at[i] ? strtoul(at[i], NULL, 10) : 0;
		if (v > st->named_page && v < 1000000)
			st->named_page = v;
	}
}

/* Writes the provenance comment of the block being flushed: the one read from the input
 * for it, or one made of its page and lines. */
static tv_status write_comment(state *st)
{
	tv_status rc;
	if (st->pending.len) {
		rc = tv_writer_write(st->out, st->pending.data, st->pending.len);
		note_named_page(st, st->pending.data, st->pending.len);
	} else {
		/* "<!-- tvatt page=%lu lines=%lu-%lu -->\n", put together without snprintf,
		 * which cost more than the rest of the block's work */
		char c[128];
		char *o = c;
		memcpy(o, "<!-- tvatt page=", 16), o += 16;
		o = tv_put_ulong(o, st->page_at_start);
		memcpy(o, " lines=", 7), o += 7;
		o = tv_put_ulong(o, st->first);
		*o++ = '-';
		o = tv_put_ulong(o, st->last);
		memcpy(o, " -->\n", 5), o += 5;
		rc = tv_writer_write(st->out, c, (size_t)(o - c));
		if (st->page_at_start > st->named_page)
			st->named_page = st->page_at_start;
	}
	return rc;
}

/* Ends the stream with "<!-- tvatt pages=N -->" when the input had pages after the last
 * one a comment names (furniture clean took out, text joined into a paragraph begun
 * before the form feed, a blank page): the blocks' comments alone would undercount the
 * pages of the input (counted as tv_ff_pages says). One page needs no comment: records
 * counts one at least. */
static tv_status write_pages(state *st)
{
	unsigned long pages = tv_ff_pages(st->page, st->page_text);
	if (st->pages_read > pages)
		pages = st->pages_read;
	if (pages < 2 || pages <= st->named_page)
		return TV_OK;
	char c[64];
	char *o = c;
	memcpy(o, "<!-- tvatt pages=", 17), o += 17;
	o = tv_put_ulong(o, pages);
	memcpy(o, " -->\n", 5), o += 5;
	return tv_writer_write(st->out, c, (size_t)(o - c));
}

/* Heading level of a numbered heading "2.1 Perioden som gått" (0 when it is not one). */
static int numbered_heading(const char *s, size_t n)
{
	size_t i = 0;
	int level = 0;
	if (!n || (s[0] != 'M' && !isdigit((unsigned char)s[0])))
		return 0; /* (most lines: neither "Mål" nor a number opens them) */
	if (n > 4 && !strncmp(s, "Mål ", 4 + 1) && isdigit((unsigned char)s[5]))
		return 2;
	if (n > 4 && !strncmp(s, "Mal ", 4) && isdigit((unsigned char)s[4]))
		return 2;
	while (i < n) {
		size_t d = 0;
		while (i < n && isdigit((unsigned char)s[i]))
			i++, d++;
		if (!d || d > 2)
			return 0;
		level++;
		if (i < n && s[i] == '.' && i + 1 < n && isdigit((unsigned char)s[i + 1])) {
			i++;
			continue;
		}
		break;
	}
	if (i < n && s[i] == '.')
		i++;
	if (i >= n || s[i] != ' ' || level > 5)
		return 0;
	i++;
	if (!is_upper_start(s + i, n - i) || n > 90)
		return 0;
	unsigned char e = (unsigned char)s[n - 1];
	if (!(isalpha(e) || e >= 0x80 || e == ')'))
		return 0;
	return level;
}

/* A short line all in capitals ("FORVALTNINGSBERATTELSE"), at least four letters and two
 * of them together: the quarters on a chart's axis ("T2 2022 T3 2022 T1 2023", as reflow
 * joins the axis's lines) and a formula ("R = A X H") are no heading. */
static int caps_heading(const char *s, size_t n)
{
	size_t letters = 0, run = 0;
	int pair = 0;
	if (n > 60)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (islower(c))
			return 0;
		if (c == 0xc3 && i + 1 < n && (unsigned char)s[i + 1] >= 0xa0)
			return 0;
		run = isupper(c) ? run + 1 : 0;
		letters += run > 0;
		pair |= run >= 2;
	}
	return letters >= 4 && pair;
}

/* The line ends in one of words (a NULL-ended list), after another word. x indexes the
 * list by its words' last bytes and lengths (index_ends): the last word is cut out and
 * compared only where a word of the list ends the line after a space, which most lines
 * show at their last byte. */
static int ends_in(const char *s, size_t n, const char *const *words, const word_ends *x)
{
	uint32_t m = n ? x->at[(unsigned char)s[n - 1]] : 0;
	size_t l = 1;
	while (m >> l && ((m >> l & 1) == 0 || l >= n || s[n - l - 1] != ' '))
		l++;
	if (!(m >> l))
		return 0;
	size_t lw = n;
	while (lw > 0 && s[lw - 1] != ' ')
		lw--;
	for (int i = 0; lw > 0 && lw < n && words[i]; i++)
		if (words[i][0] == s[lw] && n - lw == strlen(words[i]) &&
		    !memcmp(s + lw, words[i], n - lw))
			/* the first byte first: most words differ there, without a strlen */
			return 1;
	return 0;
}

/* The line ends in a word that goes on ("och", "för"), after another word. */
static int ends_open(const char *s, size_t n)
{
	return ends_in(s, n, open_words, &open_ends);
}

/* The line s[0..n) has a capital first and a letter last (no final punctuation), as a
 * label has. */
static int label_ends(const char *s, size_t n)
{
	unsigned char e = n >= 3 ? (unsigned char)s[n - 1] : 0;
	return (isalpha(e) || e >= 0x80) && is_upper_start(s, n);
}

/* A label by its words (label_ends, at most LABEL_WORDS words, not ending in a word that
 * goes on), whatever the measure: the words are counted 16 bytes at a time, or, byte by
 * byte, only as far as LABEL_WORDS. */
static int label_words(const char *s, size_t n)
{
	size_t words = 1;
	if (!label_ends(s, n))
		return 0;
#if defined(__SSE2__)
	if (n >= 16)
		words += count_bytes16(s, n, 1);
	else
#endif
		for (size_t i = 0; i < n && words <= LABEL_WORDS; i++)
			words += s[i] == ' ';
	return words <= LABEL_WORDS && !ends_open(s, n);
}

/* A short label ("Analys", "Uppföljning av fullmäktiges mål"): label_words, under 60 % of
 * the measure, taken as LABEL_MEASURE code points at least. label_of takes the line's
 * code points cl where the caller has counted them, else CL_UNKNOWN; is_label counts
 * them. The cheap tests first: most lines are body text, which the last byte or the
 * length refuses. LABEL_MEASURE is a narrow page's measure: in a short text of narrow
 * lines (a table's caption and rows, "Fördelning per län, kronor" over "Län 2024 2025")
 * the longest line is no measure, and run on its own output, where the rows are joined
 * into one line, reflow read the caption as a label where the first run had not
 * (DESIGN.md, principle 4: with 40, reflow run twice differed on 9 golden inputs of
 * tables/ and clean/, with 60 on 2). */
#define CL_UNKNOWN    ((size_t)-1)
#define LABEL_MEASURE 60
static int label_of(const char *s, size_t n, size_t cl, size_t measure)
{
	if (!label_ends(s, n))
		return 0;
	if (cl == CL_UNKNOWN)
		cl = cp_len(s, n);
	return cl * 5 < (measure > LABEL_MEASURE ? measure : LABEL_MEASURE) * 3 &&
	       label_words(s, n);
}

static int is_label(const char *s, size_t n, size_t measure)
{
	return label_of(s, n, CL_UNKNOWN, measure);
}

/* A line of body text, that a heading may stand over: it ends a sentence or fills half
 * the measure, and is not a short label. */
static int is_body(const char *s, size_t n, size_t measure)
{
	if (!n || is_label(s, n, measure))
		return 0;
	unsigned char e = (unsigned char)s[n - 1];
	return (e && strchr(".!?:", e)) || e == 0x9d || ends_open(s, n) ||
	       cp_len(s, n) * 2 >= (measure > 40 ? measure : 40);
}

/* The text p (n bytes) begins with a line of text, not a blank or comment line. */
static int text_follows(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n && (p[i] == ' ' || p[i] == '\r'))
		i++;
	return i < n && p[i] != '\n' && p[i] != '\f' && !(n - i >= 4 && !memcmp(p + i, "<!--", 4));
}

/* The next line of the input is a line of text (the current one goes on). */
static int next_text(tv_reader *in)
{
	const char *p;
	size_t n;
	return !tv_reader_peek(in, 256, &p, &n) && text_follows(p, n);
}

/* A list item line ("- " before a word). */
static int list_line(const char *s, size_t n)
{
	return n > 2 && s[0] == '-' && s[1] == ' ';
}

/* The line s[0..n) (trimmed) is a bullet alone, and the next input line is blank or
 * another (see lone_bullets). */
static int lone_bullet(tv_reader *in, const char *s, size_t n)
{
	int is = 0;
	if (n > LONE_BULLET_MAX)
		return 0; /* (most lines: longer than any bullet) */
	for (int i = 0; lone_bullets[i] && !is; i++)
		is = n == strlen(lone_bullets[i]) && !memcmp(s, lone_bullets[i], n);
	const char *p;
	size_t pn, i = 0;
	if (!is || tv_reader_peek(in, 256, &p, &pn))
		return 0;
	while (i < pn && (p[i] == ' ' || p[i] == '\r'))
		i++;
	if (i == pn || p[i] == '\n')
		return 1;
	size_t e = i;
	while (e < pn && p[e] != '\n' && p[e] != ' ' && p[e] != '\r')
		e++;
	for (int k = 0; lone_bullets[k]; k++)
		if (e - i == strlen(lone_bullets[k]) && !memcmp(p + i, lone_bullets[k], e - i))
			return 1;
	return 0;
}

/* The line s[0..n) (trimmed) is a numbered list item's marker alone, "1." to "99." or
 * "1)" to "99)", as pdftotext's default mode writes the markers of a word processor's
 * numbered list, blocks apart from their items' text ("1." / "" / "Enligt Vägverket
 * ..."; issue 6: 15 items of the LibreOffice eval's default dumps, seeds 6, 11, 21, 23
 * and 24, went to the paragraph before or stood apart from their marker): its number
 * opens a list or is the one after the open list's last (item_num), and the next text
 * line, past one blank line or more on the same page, is body text opening with a
 * capital (not a heading's text: "1." / "" / "Inledning" is left as it was). */
static int lone_marker(const state *st, tv_reader *in, const char *s, size_t n)
{
	if (n < 2 || n > 3 || (s[n - 1] != '.' && s[n - 1] != ')') ||
	    !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[n - 2]))
		return 0;
	unsigned long num = strtoul(s, NULL, 10);
	if (num != 1 && num != st->item_num + 1)
		return 0;
	const char *p;
	size_t pn, i = 0;
	int blanks = 0;
	if (tv_reader_peek(in, 256, &p, &pn))
		return 0;
	while (i < pn && (p[i] == ' ' || p[i] == '\r' || p[i] == '\n'))
		blanks += p[i++] == '\n';
	const char *e = i < pn ? memchr(p + i, '\n', pn - i) : NULL, *t = p + i;
	size_t tn = e ? (size_t)(e - t) : pn - i;
	trim(&t, &tn);
	return blanks && is_upper_start(t, tn) && is_body(t, tn, st->measure);
}

/* The length of a bullet glyph of lone_bullets other than "-" ("•", "▪") and the spaces
 * after it at the start of s[0..n), before more text; 0 when there is none. Such a line
 * is a list item wherever it stands: pdftotext -layout and -raw write the bullet of a word
 * processor's list before its item's text ("▪     Vid flera tillfällen ..."). An en dash
 * counts only before two spaces or more ("–   Vid 1971 års ingång"): before one it may
 * open a quotation ("– Skolan är ..., säger ministern."). */
static size_t glyph_bullet(const char *s, size_t n)
{
	if (!n || (unsigned char)s[0] < 0x80)
		return 0; /* most lines, at once */
	for (int i = 1; lone_bullets[i]; i++) {
		size_t bl = strlen(lone_bullets[i]), k = bl;
		if (n <= bl || memcmp(s, lone_bullets[i], bl))
			continue;
		while (k < n && s[k] == ' ')
			k++;
		return k > bl + (i == 1) && k < n ? k : 0; /* "–" needs two spaces */
	}
	return 0;
}

/* Peeks at the next line of the input past its indentation: *p and *n are its text (at
 * most 256 bytes). Returns 0 when there is no next line. */
static int peek_text(tv_reader *in, const char **p, size_t *n)
{
	size_t i = 0;
	if (tv_reader_peek(in, 256, p, n))
		return 0;
	while (i < *n && (*p)[i] == ' ')
		i++;
	*p += i;
	*n -= i;
	return 1;
}

/* The next line of the input begins in lower case (past its indentation). */
static int next_lower(tv_reader *in)
{
	const char *p;
	size_t n;
	return peek_text(in, &p, &n) && is_lower_start(p, n);
}

/* The next line of the input is a list item line too. */
/* The next line holds text indented by exactly col spaces (the second line of an item
 * hanging at its text column): 1; a line without text, the end of the input or a line
 * opening with "–": 0; text at another column: -1. */
static int next_hangs_at(tv_reader *in, size_t col)
{
	const char *p;
	size_t n, i = 0;
	if (tv_reader_peek(in, 256, &p, &n) || !text_follows(p, n))
		return 0;
	while (i < n && p[i] == ' ')
		i++;
	return i == col ? 1 : n - i >= 3 && !memcmp(p + i, "\xe2\x80\x93", 3) ? 0 : -1;
}

static int next_list_line(tv_reader *in)
{
	const char *p;
	size_t n;
	return peek_text(in, &p, &n) && list_line(p, n);
}

/* The label a (na bytes, three words or more) and the short line b (nb bytes, under 60 %
 * of the measure, no final punctuation) begin with the same two words ("Målet uppfylls
 * delvis" / "Målet uppfylls inte"): rows of a key or a list, not a heading over its text. */
static int sibling_labels(const char *a, size_t na, const char *b, size_t nb, size_t measure)
{
	size_t i = 0, words = 0;
	while (i < na && words < 2)
		words += a[i++] == ' ';
	if (words < 2 || i >= na || nb < i || memcmp(a, b, i))
		return 0;
	return !strchr(".!?:", b[nb - 1]) && cp_len(b, nb) * 5 < (measure > 40 ? measure : 40) * 3;
}

/* The offset in p (n bytes, a peek at the input) of the next line's text, past blank
 * lines, form feeds, comment lines and, with spaces set, indentation; n when a comment
 * line runs past the peek. */
static size_t skip_to_text(const char *p, size_t n, int spaces)
{
	size_t i = 0;
	for (;;) {
		while (i < n &&
		       (p[i] == '\n' || p[i] == '\f' || p[i] == '\r' || (spaces && p[i] == ' ')))
			i++;
		if (i + 4 <= n && !memcmp(p + i, "<!--", 4)) {
			const char *e = memchr(p + i, '\n', n - i);
			if (!e)
				return n;
			i = (size_t)(e - p);
			continue;
		}
		return i;
	}
}

/* The block of text lines that opens with the line first[0..fn) (trimmed) and goes on at
 * p[0..n) (a peek at the input), up to a blank or comment line, its lines joined as
 * reflow joins them, is body text that a heading may stand over (is_body). Judged as
 * joined, a block reads the same where reflow runs on its own output: "Sara Lewerentz" /
 * "Regiondirektör" is a label, as "Sara Lewerentz Regiondirektör" is (DESIGN.md,
 * principle 4). With pages set the block goes on past a page break ("1 (3)" / form feed /
 * "Nämnden föreslår ..."), else a page break ends it. A block longer than JOINED_MAX
 * bytes or past the peek is body. */
#define JOINED_MAX 256
static int block_is_body(const char *first, size_t fn, const char *p, size_t n, size_t measure,
                         int pages)
{
	char t[JOINED_MAX];
	size_t tn = fn, i = 0;
	if (fn >= sizeof t)
		return 1;
	memcpy(t, first, fn);
	for (;;) {
		while (tn && i < n && p[i] == '\f' && pages)
			i++;
		if (tn && i < n && p[i] == '\f')
			break;
		const char *e = memchr(p + i, '\n', n - i), *s = p + i;
		if (!e)
			return 1;
		size_t len = (size_t)(e - s);
		trim(&s, &len);
		if (!len || (len >= 4 && !memcmp(s, "<!--", 4)))
			break;
		if (tn + 1 + len > sizeof t)
			return 1;
		if (tn)
			t[tn++] = ' ';
		memcpy(t + tn, s, len);
		tn += len;
		i = (size_t)(e + 1 - p);
	}
	return is_body(t, tn, measure);
}

/* The line after the current one (past blank lines, form feeds and comment lines) is
 * body text that a heading may stand over: it starts with a capital, a digit, an indent
 * or a list marker ("- " and a capital), and its block is (block_is_body), or it is a
 * list item or a numbered heading. A run of short labels between blank lines is the key or legend
 * of a figure
 * ("Status Färg" / "Målet uppfylls helt" / "Kriterie"), not headings, and so is a label
 * cur (cn bytes) before a sibling label (sibling_labels). Peeks at the input without
 * reading it. */
static int next_is_body(tv_reader *in, size_t measure, const char *cur, size_t cn)
{
	const char *p;
	size_t n;
	if (tv_reader_peek(in, 4096, &p, &n) || !n)
		return 0;
	size_t i = skip_to_text(p, n, 0);
	size_t ind = 0;
	while (i < n && p[i] == ' ')
		i++, ind++;
	if (i >= n)
		return 0;
	int item = i + 2 < n && p[i] == '-' && p[i + 1] == ' ';
	if (item)
		i += 2;
	/* a quotation opening ("– Sverige är ...") is such a block too */
	int quote = !item && i + 4 < n && !memcmp(p + i, "\xe2\x80\x93 ", 4) &&
	            is_upper_start(p + i + 4, n - i - 4);
	if (quote)
		item = 1, i += 4;
	if (!(ind >= 2 || isdigit((unsigned char)p[i]) || is_upper_start(p + i, n - i)))
		return 0;
	const char *e = memchr(p + i, '\n', n - i);
	const char *s = p + i;
	size_t len = e ? (size_t)(e - s) : n - i;
	trim(&s, &len);
	if (!item && sibling_labels(cur, cn, s, len, measure))
		return 0;
	/* a page break goes on the block where blank lines set it apart from the label: with
	 * none, the label's own lines run into the page break (a page's foot) */
	return !e || item || numbered_heading(s, len) ||
	       block_is_body(s, len, e + 1, n - (size_t)(e + 1 - p), measure,
	                     memchr(p, '\n', i) != NULL);
}

/* The length of "- " and the word after it at s. */
static size_t fw2(const char *s, size_t n)
{
	size_t i = 2;
	while (i < n && s[i] != ' ')
		i++;
	return i;
}

/* The last PARA_LOOKBACK bytes of the paragraph t number a sentence num (num < 100):
 * " 2. " before a capital. */
#define PARA_LOOKBACK 4096
static int numbered_inside(const tv_buf *t, unsigned long num)
{
	char mark[8];
	size_t k = 0;
	mark[k++] = ' ';
	if (num >= 10)
		mark[k++] = (char)('0' + num / 10 % 10);
	mark[k++] = (char)('0' + num % 10);
	mark[k++] = '.', mark[k++] = ' ';
	if (!t->len)
		return 0;
	const char *e = t->data + t->len;
	const char *p = t->len > PARA_LOOKBACK ? e - PARA_LOOKBACK : t->data;
	for (; num < 100 && (p = memmem(p, (size_t)(e - p), mark, k)); p++)
		if (is_upper_start(p + k, (size_t)(e - p) - k))
			return 1;
	return 0;
}

/* A numbered list item's marker ("3. ", "2) ") before a capital; its length, or 0. */
static size_t ordered_marker(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && i < 2 && isdigit((unsigned char)s[i]))
		i++;
	if (!i || i + 2 >= n || (s[i] != '.' && s[i] != ')') || s[i + 1] != ' ' ||
	    !is_upper_start(s + i + 2, n - i - 2))
		return 0;
	return i + 2;
}

/* The text after the current line is prose (a repeated label "Analys" or "Indikatorer"
 * over it stays a heading): past blank lines, form feeds and comment lines, the next block
 * (its lines up to a blank line or a label, PROSE_LINES at most) begins with a capital,
 * holds PROSE_WORDS words or more, has a line of PROSE_WIDTH code points or more and of two
 * fifths of the measure, and ends a sentence or has several lines. The narrow cells under
 * a status label ("Klar" / "Utveckla samspelet mellan" / "sjukhusvården och", "Tertial:
 * aug, dec" / "2024-12-31") and a one-line label after it do not. Peeks at the input
 * without reading it. */
#define PROSE_LINES 8
#define PROSE_WORDS 6
#define PROSE_WIDTH 40 /* code points: a column of prose is no narrower */
static int prose_follows(tv_reader *in, size_t measure)
{
	const char *p;
	size_t n;
	if (tv_reader_peek(in, 4096, &p, &n) || !n)
		return 0;
	size_t i = skip_to_text(p, n, 1);
	if (i >= n || !is_upper_start(p + i, n - i))
		return 0;
	size_t words = 0, widest = 0;
	int lines = 0, end = 0;
	for (; lines < PROSE_LINES && i < n; lines++) {
		const char *e = memchr(p + i, '\n', n - i);
		const char *s = p + i;
		size_t len = e ? (size_t)(e - s) : n - i;
		trim(&s, &len);
		if (!len || (lines && is_label(s, len, measure)))
			break; /* a blank line or a label ends the block */
		words++;
		end =
		    memchr(".!?", s[len - 1], 3) ||
		    (len >= 4 && (unsigned char)s[len - 1] == 0x9d && memchr(".!?", s[len - 4], 3));
		size_t cl = cp_len(s, len);
		widest = cl > widest ? cl : widest;
		for (size_t k = 0; k < len && words < PROSE_WORDS; k++) /* (enough: no more) */
			words += s[k] == ' ' && k + 1 < len && s[k + 1] != ' ';
		if (!e)
			return 0; /* the block may go on past the text peeked */
		i = (size_t)(e - p) + 1;
	}
	if (measure < 40)
		measure = 40;
	return words >= PROSE_WORDS && widest >= PROSE_WIDTH && widest * 5 >= measure * 2 &&
	       (end || lines >= 2);
}

/* restore's lexicon, shared with it (tv_lex_installed); NULL when it is not installed
 * (then every hyphenation is undone). */
static const tv_lex *lexicon(void)
{
	return tv_lex_installed(NULL, NULL, NULL);
}

static pthread_mutex_t lexicon_lock = PTHREAD_MUTEX_INITIALIZER;
static int lexicon_said;

/* Says once a process that reflow goes on without the lexicon, naming the input it met
 * first, where it looked and what to do, in restore's words (tv_lex_report_missing):
 * without a word, a missing or damaged lexicon changed the output (every line-end hyphen
 * undone, split words left apart) and nothing told the user why. Not in a run whose
 * restore came first: it has said so for each file, as an error. */
static void lexicon_check(const tv_reader *in, const tv_opts *opts)
{
	if (tv_lex_installed(opts, NULL, NULL) || tv_opt(opts, "lexicon-said"))
		return;
	pthread_mutex_lock(&lexicon_lock);
	int say = !lexicon_said++;
	pthread_mutex_unlock(&lexicon_lock);
	if (say)
		tv_lex_report_missing(opts, TV_WARNING, tv_reader_name(in), "reflow",
		                      "until then every line-end hyphen is taken out and no split "
		                      "word is joined");
}

/* The lexicon's flags (LEXW_*) of the word a + b (bytes na, nb), lowercased, or 0 when
 * it does not know it; words of more than 63 bytes count as known compound parts
 * (nothing is decided on them). */
static uint32_t lex_knows(const tv_lex *lx, const char *a, size_t na, const char *b, size_t nb)
{
	char w[64];
	if (na + nb >= sizeof w)
		return LEXW_CORPUS | LEXW_MOD;
	unsigned char prev = 0;
	for (size_t i = 0; i < na + nb; i++) {
		unsigned char c = (unsigned char)(i < na ? a[i] : b[i - na]);
		if (c >= 'A' && c <= 'Z') /* tolower of the C locale, without its call */
			w[i] = (char)(c + ('a' - 'A'));
		else if (prev == 0xc3 && c >= 0x80 && c < 0xa0 && c != 0x97 && c != 0x9f)
			w[i] = (char)(c + 0x20); /* Å Ä Ö É -> å ä ö é; not × (÷) or ß (ÿ) */
		else
			w[i] = (char)c;
		prev = c;
	}
	uint32_t id = tv_lex_find(lx, w, na + nb);
	return id == LEX_NONE ? 0 : tv_lex_word(lx, id)->flags | LEXW_CORPUS;
}

/* Whether c is a mark that may follow a word: , ; : . ! ? ) " (not the NUL byte, which
 * strchr finds too). */
static int trailing_mark(char c)
{
	return c && strchr(",;:.!?)\"", c);
}

/* A line-end hyphen between frag and the word w is the word's own ("ja-" / "linje"):
 * the joined form is not a word the lexicon knows, both parts are, and frag does not
 * begin compounds (a modifier such as "röst-" / "instruktioner" is joined: compounds are
 * too many for any lexicon to list). */
static int own_hyphen(const char *frag, size_t fl, const char *w, size_t wl)
{
	while (wl && trailing_mark(w[wl - 1]))
		wl--;
	for (size_t i = 0; i < wl; i++)
		if (!isalpha((unsigned char)w[i]) && (unsigned char)w[i] < 0x80)
			return 0;
	const tv_lex *lx = lexicon();
	if (!fl || !wl || !lx)
		return 0;
	uint32_t f = lex_knows(lx, frag, fl, "", 0);
	return f && !(f & LEXW_MOD) && lex_knows(lx, w, wl, "", 0) &&
	       !lex_knows(lx, frag, fl, w, wl);
}

/* Whether the lexicon (loaded) knows the word w[0..n), as lex_knows, through st's cache. */
static int known_word(state *st, const char *w, size_t n)
{
	uint64_t k[2] = {0, 0};
	if (n > sizeof k)
		return lex_knows(lexicon(), w, n, "", 0) != 0;
	memcpy(k, w, n);
	const uint64_t golden = 0x9e3779b97f4a7c15u; /* Fibonacci hashing's multiplier */
	uint64_t h = ((k[0] ^ n) * golden ^ k[1]) * golden;
	struct word_slot *slot = &st->words[h >> (64 - WORD_BITS)];
	if (slot->len != n || slot->lo != k[0] || slot->hi != k[1]) {
		slot->lo = k[0];
		slot->hi = k[1];
		slot->len = (uint32_t)n;
		slot->known = lex_knows(lexicon(), w, n, "", 0) != 0;
	}
	return (int)slot->known;
}

/* The bytes of the capital letter (A-Z, Å, Ä, Ö) at s[0..n), or 0. */
static size_t capital_at(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	if (c >= 'A' && c <= 'Z')
		return 1;
	return n >= 2 && c == 0xc3 && memchr("\x85\x84\x96", s[1], 3) ? 2 : 0;
}

/* The bytes of the lower-case letter (a-z, å, ä, ö, é) at s[0..n), or 0. */
static size_t lower_at(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	if (c >= 'a' && c <= 'z')
		return 1;
	return n >= 2 && c == 0xc3 && memchr("\xa5\xa4\xb6\xa9", s[1], 4) ? 2 : 0;
}

/* pdftotext's default mode joins a line ending in a hyphen with the next, and so drops
 * the hyphen of a compound with an abbreviation too ("IT-" / "stöd" is written "ITstöd",
 * "EU-" / "och EES-länder" "EUoch EES-länder"), which Swedish always writes (issue 6: 23
 * such words in the LibreOffice eval's default dumps of seeds 6, 11, 21, 31, 41, 51 and
 * 61; 22 hyphenated in the text laid out, one "EU- och"). For the word w[0..n) of such a
 * dump: where its capitals (CAPS_MIN to CAPS_MAX of them) are followed by CAPS_REST or more
 * lower-case letters that make a word the lexicon knows, the whole not being one, the
 * bytes of the capitals, where the hyphen goes; else 0 ("GByte", "SVTs", "CDn" stay). */
#define CAPS_MIN  2
#define CAPS_MAX  5
#define CAPS_REST 3
static size_t lost_hyphen(const char *w, size_t n)
{
	size_t caps = 0, i = 0, k, rest = 0;
	while (i < n && (k = capital_at(w + i, n - i)))
		i += k, caps++;
	if (caps < CAPS_MIN || caps > CAPS_MAX)
		return 0; /* nearly every word: not read further */
	size_t at = i;
	while (i < n && (k = lower_at(w + i, n - i)))
		i += k, rest++;
	size_t end = i;
	while (i < n && trailing_mark(w[i]))
		i++;
	const tv_lex *lx = lexicon();
	if (rest < CAPS_REST || i < n || !lx)
		return 0;
	int known = lex_knows(lx, w + at, end - at, "", 0) && !lex_knows(lx, w, end, "", 0);
	return known ? at : 0;
}

/* The bytes of the lower-case letters that w[0..n) begins with. */
static size_t lower_run(const char *w, size_t n)
{
	size_t i = 0, k;
	while (i < n && (k = lower_at(w + i, n - i)))
		i += k;
	return i;
}

/* pdftotext's default mode also writes a word it found broken at a hyphenated line end as
 * two, the hyphen dropped ("hedersrela terade", "speg lar"): 99 such in the LibreOffice
 * eval's default dumps of seeds 6-61 (issue 6). The words a[0..an) (lower case, a capital
 * first allowed) and b[0..bn) (lower case, with its punctuation) are the halves of one
 * where a + b is a word the lexicon knows and a or b is none: "barnkonse kvensanalys",
 * "för äldrar" (11 more such in the default dumps of seeds 6, 11, 21, 23 and 24, where a
 * was a word); two words whose concatenation is a word are often both right ("i dag",
 * "över allt"). */
static int split_halves(state *st, const char *a, size_t an, const char *b, size_t bn)
{
	size_t bl = lower_run(b, bn), j = bl;
	while (j < bn && trailing_mark(b[j]))
		j++;
	size_t cap = an ? capital_at(a, an) : 0; /* "Marknadsfö ringen" */
	const tv_lex *lx = lexicon();
	if (!an || cap + lower_run(a + cap, an - cap) != an || bl < 2 || j < bn || !lx)
		return 0;
	return (!known_word(st, a, an) || !known_word(st, b, bl)) && lex_knows(lx, a, an, b, bl);
}

/* pdftotext's default mode drops the hyphen of a suspended compound broken at a line end
 * with it ("miljö-" / "och hälsoskydd" is written "miljöoch hälsoskydd"; issue 6: 11 such
 * in the LibreOffice eval's default dumps of seeds 6, 11, 21, 23 and 24). For the word
 * w[0..n) of such a dump, in lower case, that ends in "och" or "eller" after GLUED_MIN
 * bytes or more that the lexicon knows, the whole not being a word it knows: the bytes
 * before the conjunction, where "- " goes; else 0. */
#define GLUED_MIN 3
static size_t glued_suspended(state *st, const char *w, size_t n)
{
	static const char *const conj[] = {"och", "eller", NULL};
	if (!lexicon() || lower_run(w, n) != n)
		return 0;
	for (int k = 0; conj[k]; k++) {
		size_t cn = strlen(conj[k]);
		if (n >= cn + GLUED_MIN && !memcmp(w + n - cn, conj[k], cn) &&
		    !known_word(st, w, n) && known_word(st, w, n - cn))
			return n - cn;
	}
	return 0;
}

/* The index of the first space in s[i..n), or n. */
static size_t word_end(const char *s, size_t i, size_t n)
{
	const char *sp = memchr(s + i, ' ', n - i);
	return sp ? (size_t)(sp - s) : n;
}

/* Appends s[0..n) to the block, where the line may hold printed lines that pdftotext
 * joined (st->printed_lines) with the words it broke there whole (split_halves) and the
 * hyphens it dropped from compounds of an abbreviation given back (lost_hyphen):
 * "EU-kommissionen", and "EU- och" before a word that goes on a suspended compound
 * (suspend_words); and, where a printed line may have ended, "miljö- och"
 * (glued_suspended). */
static tv_status append_text(state *st, const char *s, size_t n, unsigned long lineno)
{
	tv_buf *t = &st->text;
	size_t done = 0, counted = 0, col = 0; /* col: code points of s[0..counted) */
	for (size_t i = 0, e, ahead = 0; st->printed_lines && i < n; i = e + 1) {
		e = ahead ? ahead : word_end(s, i, n); /* ahead: the end found for the last word */
		ahead = 0;
		/* no fewer bytes than code points: counted only from where the bytes reach
		 * 3/4 of the measure to where the code points do */
		if (col * 4 < st->measure * 3 && e * 4 >= st->measure * 3) {
			col += cp_len(s + counted, e - counted);
			counted = e;
		}
		if (e < n && col * 4 >= st->measure * 3) {
			/* where a printed line may end: from 3/4 of the measure on */
			size_t f = ahead = word_end(s, e + 1, n);
			if (split_halves(st, s + i, e - i, s + e + 1, f - e - 1)) {
				tv_status rc = tv_buf_append(t, s + done, e - done);
				if (rc)
					return rc;
				tv_audit(st->opts, lineno, e + 1, " ", "", "split-word", 0.8);
				done = e + 1;
				continue;
			}
		}
		size_t at = lost_hyphen(s + i, e - i);
		if (!at && col * 4 >= st->measure * 3)
			at = glued_suspended(st, s + i, e - i);
		if (!at)
			continue;
		const char *mark = "-";
		size_t rl = e - i - at; /* the word after the capitals */
		for (int j = 0; suspend_words[j]; j++)
			if (rl == strlen(suspend_words[j]) &&
			    !memcmp(s + i + at, suspend_words[j], rl))
				mark = "- ";
		tv_status rc = tv_buf_append(t, s + done, i + at - done);
		if (rc || (rc = tv_buf_puts(t, mark)))
			return rc;
		tv_audit(st->opts, lineno, i + at + 1, "", mark, "lost-hyphen", 0.9);
		done = i + at;
	}
	return tv_buf_append(t, s + done, n - done);
}

/* The bytes of the word that ends at t->data + end (back to a space or the block's
 * start), or FRAG_MAX + 1 when it is longer: a paragraph whose every line ends in a
 * hyphen ("a-" / "a-" / ...) grows one word, which was read back whole at each line:
 * time grew with the square of the lines (100,000 such lines took 5 s of CPU, 200,000
 * 22 s). */
#define FRAG_MAX 256
static size_t frag_len(const tv_buf *t, size_t end)
{
	size_t a = end;
	while (a > 0 && end - a <= FRAG_MAX && t->data[a - 1] != ' ')
		a--;
	return end - a;
}

/* pdftotext -layout of a justified, hyphenated text sets the hyphen of a word broken at a
 * line end apart from it, at the right margin ("Den samman -" / "lagda aktieutdelningen";
 * issue 6: 73 such line ends in the LibreOffice eval's -layout dumps of seeds 6, 11, 21,
 * 23 and 24, beside 13 spaced dashes before a word in lower case). The block t ends in
 * such a hyphen after a word of letters (a capital first allowed), the line s[0..n) opens
 * with a word in lower case (its punctuation after it), and the two make a word the
 * lexicon knows, which a dash between two words does not ("bor -" / "skiljer"); unless
 * both are words and the second is a short one (SPACED_SHORT bytes at most), as an
 * article or a pronoun after a dash is, which may end an inflected form of the first
 * ("mognad -" / "en kollektiv" is no "mognaden"; 10 of the 73 were such, "egen -" /
 * "dom", and are left as they came). */
#define SPACED_SHORT 3
static int spaced_hyphen(const tv_buf *t, const char *s, size_t n)
{
	if (t->len < 4 || memcmp(t->data + t->len - 2, " -", 2))
		return 0;
	size_t fl = frag_len(t, t->len - 2);
	if (fl >= 64)
		return 0; /* no word the lexicon holds (lex_knows) */
	const char *frag = t->data + t->len - 2 - fl;
	size_t cap = fl ? capital_at(frag, fl) : 0;
	size_t bl = lower_run(s, n), j = bl;
	while (j < n && trailing_mark(s[j]))
		j++;
	const tv_lex *lx = lexicon();
	if (fl < 2 || cap + lower_run(frag + cap, fl - cap) != fl || bl < 2 ||
	    (j < n && s[j] != ' ') || fl + bl >= 64 || !lx || !lex_knows(lx, frag, fl, s, bl))
		return 0;
	return bl > SPACED_SHORT || !lex_knows(lx, s, bl, "", 0) || !lex_knows(lx, frag, fl, "", 0);
}

/* Appends line s to the block, undoing a hyphenation at the end of the block. */
static tv_status join(state *st, const char *s, size_t n, unsigned long lineno)
{
	tv_buf *t = &st->text;
	if (!t->len)
		return append_text(st, s, n, lineno);
	if (spaced_hyphen(t, s, n)) {
		tv_audit(st->opts, lineno, 1, " -", "", "dehyphenate", 0.9);
		tv_buf_truncate(t, t->len - 2);
		return append_text(st, s, n, lineno);
	}
	if (t->len >= 2 && t->data[t->len - 1] == '-' &&
	    (isalnum((unsigned char)t->data[t->len - 2]) ||
	     (unsigned char)t->data[t->len - 2] >= 0x80)) {
		/* the word fragment before the hyphen: none when longer than any word, and its
		 * hyphen stays */
		size_t fl = frag_len(t, t->len - 1);
		if (fl > FRAG_MAX)
			return append_text(st, s, n, lineno);
		const char *frag = t->data + t->len - 1 - fl;
		size_t wl = 0;
		while (wl < n && s[wl] != ' ')
			wl++;
		int suspended = 0;
		for (int i = 0; suspend_words[i]; i++)
			if (wl == strlen(suspend_words[i]) && !strncmp(s, suspend_words[i], wl))
				suspended = 1;
		if (suspended)
			return tv_buf_putc(t, ' ') ? TV_ESYSTEM : append_text(st, s, n, lineno);
		int keep = !is_lower_start(s, n) || fl <= 1;
		for (int i = 0; hyphen_prefixes[i]; i++)
			if (fl == strlen(hyphen_prefixes[i]) &&
			    !memcmp(frag, hyphen_prefixes[i], fl))
				keep = 1;
		for (size_t i = 0; i < fl; i++)
			if (isdigit((unsigned char)frag[i]) ||
			    (isupper((unsigned char)frag[i]) && i > 0))
				keep = 1;
		if (fl >= 2 && isupper((unsigned char)frag[0]) && isupper((unsigned char)frag[1]))
			keep = 1;
		if (!keep && own_hyphen(frag, fl, s, wl))
			keep = 1;
		if (!keep) {
			if (is_upper_start(frag, fl))
				st->cap_taken++; /* this page hyphenates capital words */
			tv_audit(st->opts, lineno, 1, "-", "", "dehyphenate", 0.9);
			tv_buf_truncate(t, t->len - 1);
		}
		return append_text(st, s, n, lineno);
	}
	tv_status rc = tv_buf_putc(t, ' ');
	return rc ? rc : append_text(st, s, n, lineno);
}

/* The value at index m of v[0..k) in ascending order (m < k) when want_max is 0, or at
 * index m in descending order when it is 1: what v[m] would be after sorting, found by
 * keeping the m + 1 best values seen in a small sorted array, O(k * m) with m at most
 * k / 10, where sorting all k cost O(k * k). */
static size_t rank_value(const size_t *v, size_t k, size_t m, int want_max)
{
	size_t best[MEASURE_LINES / 10 + 1], nb = 0;
	for (size_t i = 0; i < k; i++) {
		size_t x = v[i];
		if (nb == m + 1 && (want_max ? x <= best[m] : x >= best[m]))
			continue; /* not among the m + 1 best */
		size_t j = nb < m + 1 ? nb++ : m;
		for (; j > 0 && (want_max ? best[j - 1] < x : best[j - 1] > x); j--)
			best[j] = best[j - 1];
		best[j] = x;
	}
	return best[m];
}

/* The median of the values of v[0..k) from lo to hi (0 when there is none), counted by
 * value: the range is under a line's length (JOIN_RANGE values at most are counted). */
#define JOIN_RANGE 64
static size_t median_within(const size_t *v, size_t k, size_t lo, size_t hi)
{
	unsigned count[JOIN_RANGE] = {0}, n = 0;
	if (hi - lo >= JOIN_RANGE)
		hi = lo + JOIN_RANGE - 1;
	for (size_t i = 0; i < k; i++)
		if (v[i] >= lo && v[i] <= hi)
			count[v[i] - lo]++, n++;
	for (size_t x = 0, seen = 0; n && x < JOIN_RANGE; x++)
		if ((seen += count[x]) > n / 2)
			return lo + x;
	return 0;
}

/* Whether the lengths v[0..k) show lines joined by pdftotext (see JOIN_LINES); if so,
 * *measure is set to one printed line's, the longest, and *full to a full one's. */
static int joined_measure(const size_t *v, size_t k, const size_t *go, size_t kgo, size_t *measure,
                          size_t *full)
{
	unsigned hist[2 * WHOLE_MEASURE / JOIN_BUCKET + 1] = {0};
	size_t nb = sizeof hist / sizeof hist[0], best = 0;
	for (size_t i = 0; i < k; i++)
		if (v[i] >= JOIN_MIN && v[i] / JOIN_BUCKET < nb)
			hist[v[i] / JOIN_BUCKET]++;
	for (size_t b = 1; b < WHOLE_MEASURE / JOIN_BUCKET; b++)
		if (hist[b] >= hist[best])
			best = b;
	size_t mode = best * JOIN_BUCKET + JOIN_BUCKET - 1, longer = 0, m = 0;
	if (k < JOIN_SEEN || hist[best] * 6 < k || mode < JOIN_MIN)
		return 0; /* no length most lines have */
	for (size_t i = 0; i < k; i++) {
		if (v[i] * 8 > mode * JOIN_LONG)
			longer++;
		else if (v[i] * 8 <= mode * JOIN_FULL && v[i] > m)
			m = v[i];
	}
	if (longer < JOIN_LINES || longer > 2 * (size_t)hist[best] || mode < JOIN_MODE)
		return 0;
	size_t went_at_mode = 0; /* lines that went on, no longer than the mode's */
	for (size_t i = 0; i < kgo; i++)
		went_at_mode += go[i] * 8 <= mode * JOIN_LONG;
	for (size_t b = best + 1; b + 1 < nb && (kgo < JOIN_WENT || went_at_mode * 2 <= kgo); b++)
		if ((b + 1) * JOIN_BUCKET * 8 > mode * JOIN_LONG &&
		    (hist[b] + hist[b + 1]) * 2 >= longer &&
		    (hist[b] + hist[b + 1]) * 2 >= hist[best])
			return 0; /* the longer lines are the full ones */
	*measure = m;
	*full = median_within(v, k, mode * JOIN_LOW / 8, mode * JOIN_FULL / 8);
	return 1;
}

/* The measure of printed lines of lengths v[0..k), where pdftotext did not join them
 * often enough for joined_measure to tell: the longest line up to JOIN_LONG/8 of the
 * third longest. One or two lines longer than that hold two printed lines (pdftotext's
 * default mode joins a line ending "EU-" with the next, hyphenation off or not), and
 * taken as the measure they made every line look short for the next MEASURE_LINES lines
 * (issue 6: in the LibreOffice eval's default-mode dumps of seeds 6, 11 and 21, 22 of the
 * 38 breaks that the room left and the shortness of a line made inside a paragraph were
 * judged against such a measure of two lines). Among fewer than JOIN_SEEN lines, the
 * longest. */
static size_t plain_measure(const size_t *v, size_t k)
{
	size_t third = k >= JOIN_SEEN ? rank_value(v, k, 2, 1) : (size_t)-1 / JOIN_LONG;
	size_t m = 0;
	for (size_t i = 0; i < k; i++)
		if (v[i] > m && v[i] * 8 <= third * JOIN_LONG)
			m = v[i];
	return m;
}

/* Learns the measure from a text line of length cl; lines laid out with wide gaps
 * (running headers, table rows) do not count. */
static void learn_measure(state *st, const char *s, size_t n, size_t cl)
{
	if (three_spaces(s, n))
		return;
	size_t *slot = &st->lens[st->nlens++ % MEASURE_LINES], old = *slot;
	*slot = cl;
	size_t k = st->nlens < MEASURE_LINES ? st->nlens : MEASURE_LINES;
	int changed = 0;
	if (cl >= st->longest) {
		changed = cl > st->longest;
		st->longest = cl;
	} else if (old == st->longest) {
		/* the longest line was forgotten: find the next longest */
		size_t m = 0;
		for (size_t i = 0; i < k; i++)
			if (st->lens[i] > m)
				m = st->lens[i];
		changed = m != st->longest;
		st->longest = m;
	}
	if (changed || !(st->nlens % 16) || (!st->joined && cl > st->measure)) {
		st->joined = joined_measure(st->lens, k, st->go_len,
		                            st->ngo < MEASURE_LINES ? st->ngo : MEASURE_LINES,
		                            &st->measure, &st->full_line);
		if (!st->joined)
			st->measure = plain_measure(st->lens, k);
	}
}

/* The length a line s[0..n) of cl code points (indent of them spaces) is judged by: where
 * pdftotext joined printed lines (see JOIN_LINES), that of its last printed line. A line
 * longer than a full one but not than JOIN_TAIL/20 of it holds two where it is wider than
 * JOIN_WIDE/20 of fit_w, in estimated widths (text_width): wider than a line and the word
 * after it that did not fit, so that its last printed line is short, a hyphenated word's
 * last letters ("försäk-" / "ringar."); counted in characters, a proportional font's
 * lines vary too much to tell (issue 6, the LibreOffice eval's hyphenated default dumps of
 * seeds 6, 11 and 21: of the lines that end a sentence before a capital, those wider than
 * 21/20 of fit_w ended their paragraph 46 times in 47, the 5 of them not longer than
 * 11/10 of a full line 4 times, as measured outside tvatt; paragraphs whole in the default dumps of
 * seeds 6/11/21/31/41/51/61: 747/703/754/662/655/691/757 -> 749/703/754/663/655/693/757, 83/80 gave
 * 750/703/756/ 663/655/693/757, 41/40 751/705/752/663/654/690/755). */
#define JOIN_WIDE 21
static size_t judged_len(const state *st, const char *s, size_t n, size_t indent, size_t cl)
{
	size_t m = st->full_line;
	if (!st->joined || m < JOIN_MIN)
		return cl;
	if (cl > m && cl * 20 <= m * JOIN_TAIL && st->fit_w &&
	    (indent * byte_w[' '] + text_width(s, n)) * 20 > st->fit_w * JOIN_WIDE)
		return cl - m;
	while (cl * 20 > m * JOIN_TAIL)
		cl -= m;
	return cl;
}

/* 1 when the line s[0..n) ends a sentence: ". ! ? :", or ". ! ?" before a closing
 * bracket or quote mark. */
static int ends_sentence(const char *s, size_t n)
{
	if (!n)
		return 0;
	int c = (unsigned char)s[n - 1];
	return c == '.' || c == '!' || c == '?' || c == ':' ||
	       ((c == ')' || c == '"' || (c == 0x9d && n >= 4)) && n >= 2 &&
	        memchr(".!?", s[n - 2 - (c == 0x9d ? 2 : 0)], 3));
}

/* Counts whether a text line of cl code points ended a sentence (see WHOLE_MEASURE). */
static void learn_ends(state *st, const char *s, size_t n, size_t cl)
{
	if (cl < WHOLE_MIN)
		return;
	unsigned char *slot = &st->ends[st->nends++ % WHOLE_LINES];
	st->nended -= *slot;
	*slot = (unsigned char)ends_sentence(s, n);
	st->nended += *slot;
}

/* The text around is written one paragraph a line (see WHOLE_MEASURE). */
static int whole_lines(const state *st)
{
	size_t k = st->nends < WHOLE_LINES ? st->nends : WHOLE_LINES;
	if (k >= 2 && k < WHOLE_SEEN)
		return st->longest >= 2 * WHOLE_MEASURE && st->nended == k; /* a short text */
	return st->longest >= WHOLE_MEASURE && k >= WHOLE_SEEN &&
	       st->nended * 100 >= k * WHOLE_SHARE;
}

/* Learns from a line of length len that certainly went on (the next began in lower case
 * after no hyphen, fw its first word): len + 1 + fw did not fit. The 10th percentile of
 * such sums over the recent lines is where lines break (the measure plus one in a
 * monospaced dump, less in a proportional font's), and the 90th percentile of the room
 * they left is the room a mid-paragraph line may leave. The same low percentile of
 * "line + space + next word" in estimated widths (w, see text_width) is fit_w; widths are
 * measured on one in WIDTH_EVERY of these lines, w NO_WIDTH standing for the others
 * (measuring every line cost 15 % more instructions). A line that went on although the
 * next word would have filled less than half the measure was not broken by the measure,
 * and the low percentiles leave it out: a justified line that pdftotext's default mode
 * wrote one word a line
 * ("Vad" / "tänker" / "finansministern" / ...: widely spaced words it took for columns);
 * counted, ten such lines made the low percentile a few characters, nothing on the page
 * fitted, and every short last line went to the words (issue 6: the LibreOffice eval's
 * default dumps of seeds 31 and 41, the room left kept in r). */
#define WIDTH_EVERY 2
#define NO_WIDTH    ((unsigned long)-1)
static void learn_fit(state *st, size_t len, size_t fw, unsigned long w)
{
	st->go_w[st->ngo % MEASURE_LINES] = w;
	st->go_len[st->ngo % MEASURE_LINES] = len;
	st->go_fw[st->ngo++ % MEASURE_LINES] = fw;
	size_t k = st->ngo < MEASURE_LINES ? st->ngo : MEASURE_LINES;
	if (k < 8 || (st->ngo % 16 && k == MEASURE_LINES))
		return;
	size_t v[MEASURE_LINES], r[MEASURE_LINES], wv[MEASURE_LINES], kv = 0, kw = 0;
	for (size_t i = 0; i < k; i++) {
		r[i] = st->measure > st->go_len[i] ? st->measure - st->go_len[i] : 0;
		if ((st->go_len[i] + 1 + st->go_fw[i]) * 2 < st->measure)
			continue; /* went on far inside the measure */
		v[kv++] = st->go_len[i] + 1 + st->go_fw[i];
		if (st->go_w[i] != NO_WIDTH)
			wv[kw++] = (size_t)st->go_w[i];
	}
	/* the 10th percentile of v and wv and the 90th of r, as v[kv / 10] and
	 * r[k - 1 - k / 10] would be after sorting */
	st->fit_lo = kv ? rank_value(v, kv, kv / 10, 0) : 0;
	st->fit_w = kw >= 4 ? rank_value(wv, kw, kw / 10, 0) : 0;
	st->room_hi = rank_value(r, k, k / 10, 1);
}

/* Learns the measure and the break point from the text ahead (up to LOOKAHEAD bytes,
 * peeked, not read), so that the first lines of a document are judged against the
 * layout of its first pages rather than against the few lines read so far. */
#define LOOKAHEAD ((size_t)16 << 10)
static tv_status learn_ahead(state *st, tv_reader *in)
{
	const char *p;
	size_t n;
	tv_status rc = tv_reader_peek(in, LOOKAHEAD, &p, &n);
	if (rc)
		return rc;
	for (int pass = 0; pass < 2; pass++) {
		size_t prev_len = 0; /* the line before, if it was plain text not ending in '-' */
		unsigned long prev_w = 0;     /* and its width */
		int prev_end = 0, blanks = 0; /* the text line before ended a sentence; blank
		                               * lines since it */
		size_t prev_ind = 0;
		for (size_t i = 0; i < n;) {
			const char *e = memchr(p + i, '\n', n - i);
			if (!e)
				break; /* a line cut by the window */
			const char *s = p + i;
			size_t len = (size_t)(e - s), ind = 0;
			i += len + 1;
			int ff = len && s[0] == '\f';
			while (len && s[0] == '\f')
				s++, len--;
			while (ind < len && s[ind] == ' ')
				ind++;
			const char *t = s + ind;
			size_t tn = len - ind;
			trim(&t, &tn);
			if (tn > 25 && !strncmp(t, "<!-- tvatt removed lines=", 25))
				continue; /* not a line of the text: the lines around it meet */
			if (!tn || ff || t[0] == '|' || !strncmp(t, "<!--", tn < 4 ? tn : 4) ||
			    three_spaces(t, tn)) {
				prev_len = 0;
				blanks |= !tn;
				prev_end &= !ff;
				continue;
			}
			size_t cl = cp_len(t, tn) + ind;
			if (pass == 0) {
				learn_measure(st, t, tn, cl);
				learn_ends(st, t, tn, cl);
				continue;
			}
			/* a sentence end, then a line of body text (half the measure or more)
			 * opening a sentence after a blank line or indented: a break shown so */
			if (prev_end && is_upper_start(t, tn) && 2 * cl >= st->measure) {
				st->ahead_blank += blanks > 0;
				st->ahead_indent += !blanks && ind >= prev_ind + 2;
				st->ahead_bare += !blanks && ind < prev_ind + 2;
			}
			prev_end = ends_sentence(t, tn);
			prev_ind = ind;
			blanks = 0;
			size_t fw = 0;
			while (fw < tn && t[fw] != ' ')
				fw++;
			if (prev_len && is_lower_start(t, tn))
				learn_fit(st, prev_len, cp_len(t, fw),
				          st->ngo % WIDTH_EVERY
				              ? NO_WIDTH
				              : prev_w + text_width(" ", 1) + text_width(t, fw));
			prev_len = t[tn - 1] == '-' ? 0 : cl;
			prev_w = text_width(s, ind) + text_width(t, tn);
		}
	}
	return TV_OK;
}

/* The length of the marks ("### ") before a heading's text in s[0..n), 0 when none. */
static size_t heading_mark(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && i < 6 && s[i] == '#')
		i++;
	return i && i < n && s[i] == ' ' ? i + 1 : 0;
}

/* The bytes of text in the line p[0..n): 0 for a blank or comment line, else the line
 * without its indentation. */
static size_t line_text(const char *p, size_t n)
{
	size_t b = 0;
	while (b < n && (p[b] == ' ' || p[b] == '\f' || p[b] == '\r' || p[b] == '\n'))
		b++;
	return b < n && !(n - b >= 4 && !memcmp(p + b, "<!--", 4)) ? n - b : 0;
}

/* Drops the lines of w that the reader has passed, the input going on at line next. */
static void window_drop(window *w, unsigned long next)
{
	const struct window_line *l = (const struct window_line *)(const void *)w->lines.data;
	size_t count = w->lines.len / sizeof *l;
	for (; w->head < count && w->first < next; w->head++, w->first++) {
		w->bytes -= l[w->head].bytes;
		w->text -= l[w->head].text;
	}
	if (w->first != next) { /* passed every line of it */
		w->head = count;
		w->first = next;
		w->bytes = w->text = 0;
	}
	/* moved down once half of it is passed, so that each line is moved about once */
	if (w->head && 2 * w->head >= count) {
		memmove(w->lines.data, l + w->head, (count - w->head) * sizeof *l);
		tv_buf_truncate(&w->lines, (count - w->head) * sizeof *l);
		w->head = 0;
	}
}

/* The length of the text ahead p[0..n), the input from line next on, that holds
 * LOOKAHEAD bytes of text lines (blank lines, comment lines and indentation not counted),
 * so that the window reaches as far into the text where reflow reads its own output, a
 * comment and a blank line around every block, as where it read the lines that output
 * was made from. The lines read are kept in st->win for the next look (see window). */
static size_t text_window(state *st, unsigned long next, const char *p, size_t n)
{
	window *w = &st->win;
	window_drop(w, next);
	size_t i = w->bytes, text = w->text;
	while (i < n && text < LOOKAHEAD) {
		const char *e = memchr(p + i, '\n', n - i);
		size_t end = e ? (size_t)(e - p) + 1 : n, t = line_text(p + i, end - i);
		struct window_line l = {(uint32_t)(end - i), (uint32_t)t};
		/* a line cut where the peek ends is read again at the next look, as are the
		 * lines after one the window had no memory for */
		if (e && i == w->bytes && !tv_buf_append(&w->lines, &l, sizeof l)) {
			w->bytes = end;
			w->text += t;
		}
		text += t;
		i = end;
	}
	return i;
}

/* How often the text p (n bytes) holds s (sn bytes, trimmed) as a whole line, indented or
 * after form feeds or not, or as a heading's text ("### Bilaga"). */
static unsigned count_lines(const char *p, size_t n, const char *s, size_t sn)
{
	unsigned k = 0;
	for (const char *q = p, *end = p + n; sn && (q = memmem(q, (size_t)(end - q), s, sn));
	     q++) {
		const char *b = q, *e = q + sn;
		if (b - p >= 2 && b[-1] == ' ' && b[-2] == '#')
			for (b -= 2; b > p && b[-1] == '#'; b--)
				;
		while (b > p && (b[-1] == ' ' || b[-1] == '\f'))
			b--;
		while (e < end && (*e == ' ' || *e == '\r'))
			e++;
		k += (b == p || b[-1] == '\n') && e < end && *e == '\n';
	}
	return k;
}

/* The FNV-1a hash of s[0..n), never 0 (an empty slot's). */
static uint64_t line_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h | !h;
}

/* The slot of the repeated lines' table that holds the hash h, or the empty one where it
 * would go. */
static size_t rep_slot(const state *st, uint64_t h)
{
	size_t i = (size_t)h & (REP_SLOTS - 1);
	while (st->rep[i].hash && st->rep[i].hash != h)
		i = (i + 1) & (REP_SLOTS - 1);
	return i;
}

/* The block being written, a heading's text past its marks, may be a label by its words
 * alone: *t and *tn are that text. (Of one line or several joined: run on its output,
 * reflow reads either as one line.) */
static int label_block(const state *st, const char **t, size_t *tn)
{
	if (st->kind != B_PARA && st->kind != B_HEAD)
		return 0;
	size_t hm = heading_mark(st->text.data, st->text.len);
	*t = st->text.data + hm;
	*tn = st->text.len - hm;
	return label_words(*t, *tn) || (caps_heading(*t, *tn) && cp_len(*t, *tn) < 60);
}

/* Counts the block being written as a sighting of its line (see REPEAT_MIN). */
static void count_block(state *st)
{
	const char *t;
	size_t tn;
	if (!label_block(st, &t, &tn))
		return;
	uint64_t h = line_hash(t, tn);
	size_t i = rep_slot(st, h);
	if (!st->rep[i].hash) {
		if (st->nrep >= REP_SLOTS / 2) {
			memset(st->rep, 0, sizeof st->rep);
			st->nrep = 0;
			i = rep_slot(st, h);
		}
		st->nrep++;
		st->rep[i].hash = h;
		st->rep[i].ahead = st->block_ahead;
	}
	st->rep[i].count++;
}

/* Whether the document prints the line s (n bytes, trimmed), a possible label read where
 * a heading could stand, REPEAT_MIN times or more: this one and the blocks of it written
 * before (the one still open too: the line begins a block after it), or at the first of
 * them its lines in the text ahead and it (see REPEAT_MIN). *ahead is set to that count
 * for the line's block, where this is the first. */
#define AHEAD_PEEK (8 * LOOKAHEAD) /* room for a comment line and a blank line a block */
static int repeated_line(state *st, tv_reader *in, const char *s, size_t n, unsigned *ahead)
{
	const char *t, *p;
	size_t tn, pn, i = rep_slot(st, line_hash(s, n));
	unsigned k = 1 + st->rep[i].count, a = st->rep[i].ahead;
	if (label_block(st, &t, &tn) && tn == n && !memcmp(t, s, n)) {
		k++;
		a = st->rep[i].hash ? a : st->block_ahead;
	} else if (!st->rep[i].hash && !tv_reader_peek(in, AHEAD_PEEK, &p, &pn)) {
		a = *ahead =
		    1 + count_lines(p, text_window(st, tv_reader_lineno(in) + 1, p, pn), s, n);
	}
	return k >= REPEAT_MIN || a >= REPEAT_MIN;
}

static tv_status flush(state *st)
{
	tv_status rc;
	if (st->kind == B_NONE)
		return TV_OK;
	count_block(st);
	if ((rc = write_comment(st)) ||
	    (rc = tv_writer_write(st->out, st->text.data, st->text.len)) ||
	    (rc = tv_writer_puts(st->out, "\n\n")))
		return rc;
	tv_buf_clear(&st->text);
	tv_buf_clear(&st->pending);
	st->kind = B_NONE;
	return TV_OK;
}

static tv_status start(state *st, enum block kind, unsigned long lineno)
{
	tv_status rc = flush(st);
	st->kind = kind;
	st->kind_before = B_NONE;
	st->block_ahead = 0;
	st->head_at = 0;
	st->quote = 0;
	st->first = st->last = lineno;
	st->page_at_start = st->page;
	return rc;
}

/* The widest a line may be with a word still fitting on it. */
static size_t break_point(const state *st)
{
	size_t bp = st->measure;
	if (st->fit_lo && st->fit_lo - 1 < bp)
		bp = st->fit_lo - 1;
	return bp;
}

/* A word of 8 or more letters, capital first, that a typesetter could hyphenate. */
static int capital_long_word(const char *s, size_t n)
{
	if (!is_upper_start(s, n))
		return 0;
	size_t letters = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalpha(c) || c == 0xc3)
			letters++;
		else if (c < 0x80 && !(i + 1 == n && strchr(".,;:?!", c)))
			return 0;
	}
	return letters >= 8;
}

/* The page hyphenates capital words (E_HYPH): it has been seen to, CAP_TAKEN times or more
 * and at least 4 times as often as it left one whole where part of it fitted (cap_missed);
 * or, where pdftotext's default mode joined the hyphenated lines (st->joined), so that no
 * hyphen is left to be seen, the page hyphenates, and it has left such a word whole fewer
 * than CAP_MISSED_JOINED times. Issue 6, the LibreOffice eval's default-mode dumps of seeds
 * 6, 11 and 21 (the first 16 of each): in the 30 hyphenated ones cap_missed ended at 0 or 1 (over
 * 66 to 267 lines that went on; their -raw dumps showed 1 to 7 capital words hyphenated), in 9 of
 * the 18 others at 2 to 7, so that a page that hyphenates only lower-case words loses the signal at
 * its second capital word left whole. With it, paragraphs whole in the default dumps of seeds
 * 6/11/21/31/41/51/61: 738/695/740/649/646/679/744 -> 741/699/745/652/648/681/747; -raw and -layout
 * unchanged. */
#define CAP_TAKEN         2
#define CAP_MISSED_JOINED 2
static int hyphenates_capitals(const state *st)
{
	return (st->cap_taken >= CAP_TAKEN && st->cap_taken >= 4 * st->cap_missed) ||
	       (st->joined && st->cap_missed < CAP_MISSED_JOINED);
}

/* The last line is under two thirds of the measure (E_SHORT). */
static int short_by_third(const state *st)
{
	return st->last_len * 3 < st->measure * 2;
}

/* The estimated width of the block's last input line (text_width), its indentation as
 * spaces: measured only when asked (learn_fit, fits), from the end of the block, where
 * join put the line as it came. */
static unsigned long last_width(const state *st)
{
	size_t off = st->last_off <= st->text.len ? st->last_off : st->text.len;
	return st->last_ind * byte_w[' '] + text_width(st->text.data + off, st->text.len - off);
}

/* The word w (wn bytes, fw code points) would have fitted after the line l[0..ln) of len
 * code points (as judged_len counts them) indented by ind: by characters against the
 * break point where the font is monospaced (lines that went on broke at the measure: the
 * low percentile fit_lo is one more than it) or where pdftotext joined lines, else by
 * estimated widths (text_width) against fit_w, the low percentile of the widths of lines
 * that went on with their next word, less FIT_MARGIN
 * (half an average character; 0/250/500/1000 tried on seed 6's dev dumps). Counted in
 * characters, a word "fits" by 0-3 of them on one in five lines that went on in a
 * proportional font (issue 6). */
#define FIT_MARGIN 250
static int fits_after(const state *st, size_t len, const char *l, size_t ln, size_t ind,
                      const char *w, size_t wn, size_t fw)
{
	if (st->joined || !st->fit_w || !st->fit_lo || st->fit_lo - 1 >= st->measure)
		return len + 1 + fw <= break_point(st);
	return ind * byte_w[' '] + text_width(l, ln) + text_width(" ", 1) + text_width(w, wn) +
	           FIT_MARGIN <=
	       st->fit_w;
}

/* The next line's first word w would have fitted after the block's last line (fits_after). */
static int fits(const state *st, const char *w, size_t wn, size_t fw)
{
	size_t off = st->last_off <= st->text.len ? st->last_off : st->text.len;
	return fits_after(st, st->last_len, st->text.data + off, st->text.len - off, st->last_ind,
	                  w, wn, fw);
}

/* The evidence (end_signals) that the last line, of length st->last_len, ended its
 * paragraph before a line whose first word w has fw code points. */
static int end_score(const state *st, const char *w, size_t wn, size_t fw)
{
	size_t bp = break_point(st), len = st->last_len;
	int sig[E_NSIGNALS] = {0};
	sig[E_FITS] = fits(st, w, wn, fw);
	sig[E_ROOMY] = st->room_hi && st->measure > len && st->measure - len > st->room_hi;
	sig[E_SHORT] = short_by_third(st);
	sig[E_HYPH] = len + 5 <= bp && hyphenates_capitals(st) && capital_long_word(w, wn);
	int score = 0;
	for (int i = 0; i < E_NSIGNALS; i++)
		score += sig[i] ? end_signals[i].weight : 0;
	return score;
}

static int para_word_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct para_word *)e)->key);
}

/* para_words (sorted) cut by their keys' first two bytes, a kind A-Z and the word's first
 * byte: the rows [para_from, para_to) of each, made once per process at the first lookup
 * (most dumps that show their layout make none), so that a lookup searches some dozens
 * of rows, not 5,500. */
#define PARA_ROWS (sizeof para_words / sizeof para_words[0])
_Static_assert(PARA_ROWS < 65536, "para_from and para_to hold a row's index");
static uint16_t para_from[26][256], para_to[26][256];
static pthread_once_t para_once = PTHREAD_ONCE_INIT;

static void para_cut(void)
{
	for (size_t i = 0; i < PARA_ROWS; i++) {
		const unsigned char *k = (const unsigned char *)para_words[i].key;
		if (k[0] < 'A' || k[0] > 'Z')
			continue; /* a kind no lookup asks for */
		if (!para_to[k[0] - 'A'][k[1]])
			para_from[k[0] - 'A'][k[1]] = (uint16_t)i;
		para_to[k[0] - 'A'][k[1]] = (uint16_t)(i + 1);
	}
}

/* The row of kind K ('F', 'T', 'L', 'P') for the word w (n bytes) in para_words, NULL when
 * the table does not hold it. A word starting with a digit is looked up as "0". */
static const struct para_word *para_row(char kind, const char *w, size_t n)
{
	char key[64];
	if (n + 2 > sizeof key)
		return NULL;
	key[0] = kind;
	if (n && isdigit((unsigned char)w[0]) && strchr("FLG", kind))
		n = 1, w = "0";
	memcpy(key + 1, w, n);
	key[n + 1] = '\0';
	if (memchr(key + 1, '\0', n) || kind < 'A' || kind > 'Z' ||
	    pthread_once(&para_once, para_cut) != 0)
		return NULL;
	size_t from = para_from[kind - 'A'][(unsigned char)key[1]];
	size_t to = para_to[kind - 'A'][(unsigned char)key[1]]; /* 0: no row */
	return to ? bsearch(key, para_words + from, to - from, sizeof para_words[0], para_word_cmp)
	          : NULL;
}

/* The weight of the row of kind K for the word w (n bytes), 0 when there is none. */
static int para_weight(char kind, const char *w, size_t n)
{
	const struct para_word *e = para_row(kind, w, n);
	return e ? e->weight : 0;
}

/* The weight of the next sentence's opening: the row of its first two words (s[0..wn),
 * its final punctuation stripped from s[0..end), and the word after it in s[0..n)) where
 * the table holds one, else its first word's. */
static int opening_weight(const char *s, size_t wn, size_t n, size_t end)
{
	size_t b = end, e;
	while (b < n && s[b] == ' ')
		b++;
	for (e = b; e < n && s[e] != ' ';)
		e++;
	while (e > b && trailing_mark(s[e - 1]))
		e--;
	if (e >= 3 && e - 3 >= b && !memcmp(s + e - 3, "\xe2\x80\x9d", 3))
		e -= 3; /* a closing quote mark */
	char two[64];
	size_t fn = wn && isdigit((unsigned char)s[0]) ? 1 : wn;
	if (b > end && e > b && fn + 1 + (e - b) <= sizeof two) {
		memcpy(two, fn == wn ? s : "0", fn);
		two[fn] = ' ';
		memcpy(two + fn + 1, s + b, e - b);
		const struct para_word *t = para_row('T', two, fn + 1 + (e - b));
		if (t)
			return t->weight;
	}
	return para_weight('F', s, wn);
}

/* The weight of the H row for a paragraph of n bytes so far: the last row at or below
 * "H" and n in five digits (see para_words), 0 when there is none. */
static int length_weight(size_t n)
{
	char key[7] = "H00000";
	if (n > 99999)
		n = 99999;
	for (int i = 5; i > 0; i--, n /= 10)
		key[i] = (char)('0' + n % 10);
	size_t lo = 0, hi = sizeof para_words / sizeof para_words[0];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(para_words[mid].key, key) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && para_words[lo - 1].key[0] == 'H' ? para_words[lo - 1].weight : 0;
}

/* w[0..n) in lower case (ASCII and the Latin-1 capitals: "Å" -> "å") in out, which holds
 * cap bytes; the length, 0 when it does not fit. */
static size_t lower_word(const char *w, size_t n, char *out, size_t cap)
{
	if (n >= cap)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];
		out[i] = (char)(c < 0x80 ? tolower(c) : c);
		if (c == 0xc3 && i + 1 < n && (unsigned char)w[i + 1] >= 0x80 &&
		    (unsigned char)w[i + 1] < 0xa0)
			out[i + 1] = (char)((unsigned char)w[i + 1] + 0x20), i++;
	}
	return n;
}

/* A sentence opens at t[0..n) as dicts/derive/para_starts.py splits sentences: a quote
 * mark allowed, then A-Z, Å, Ä, Ö, É or a digit. */
static int sentence_opens(const char *t, size_t n)
{
	if (n && t[0] == '"')
		t++, n--;
	else if (n >= 3 && !memcmp(t, "\xe2\x80\x9d", 3))
		t += 3, n -= 3;
	unsigned char c = n ? (unsigned char)t[0] : 0, d = n > 1 ? (unsigned char)t[1] : 0;
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c == 0xc3 && (d == 0x85 || d == 0x84 || d == 0x96 || d == 0x89));
}

/* Where the block's last sentence starts, looking back from byte b of t (the start of its
 * last word) at most PARA_LOOKBACK bytes for a sentence end (. ! ? :), spaces and a
 * sentence opening; *mark is that end's mark, '-' where there is none (the paragraph so
 * far is one sentence, as far as the look reaches; it then starts at 0). */
static size_t last_sentence(const char *t, size_t len, size_t b, char *mark)
{
	size_t stop = b > PARA_LOOKBACK ? b - PARA_LOOKBACK : 0;
	for (size_t i = b; i > stop + 1; i--) {
		if (t[i - 1] != ' ' || !strchr(".!?:", t[i - 2]))
			continue;
		size_t j = i;
		while (j < len && t[j] == ' ')
			j++;
		if (sentence_opens(t + j, len - j)) {
			*mark = t[i - 2];
			return j;
		}
	}
	*mark = '-';
	return 0;
}

/* The weight of the paragraph's first word (G rows): t[0..len) up to its first space,
 * quote marks before it and punctuation after it stripped. */
static int first_word_weight(const char *t, size_t len)
{
	size_t w = 0;
	while (w < len && t[w] != ' ')
		w++;
	while (w && t[0] == '"')
		t++, w--;
	if (w >= 3 && !memcmp(t, "\xe2\x80\x9d", 3))
		t += 3, w -= 3;
	while (w && (trailing_mark(t[w - 1]) ||
	             (w >= 3 && !memcmp(t + w - 3, "\xe2\x80\x9d", 3) && (w -= 2))))
		w--;
	return w ? para_weight('G', t, w) : 0;
}

/* The ranges of a paragraph's length in bytes that the H rows are keyed by (HBOUNDS of
 * dicts/derive/para_starts.py); X rows are keyed by the index of the range. */
static const size_t para_lengths[] = {0, 100, 200, 300, 400, 550, 700, 900, 1200};

/* The index of the range of para_lengths that n falls in. */
static unsigned length_range(size_t n)
{
	unsigned i = 0;
	while (i + 1 < sizeof para_lengths / sizeof para_lengths[0] && para_lengths[i + 1] <= n)
		i++;
	return i;
}

/* The final mark of the next sentence, which opens the line s[0..n) and may go on into the
 * text ahead (in), as dicts/derive/para_model.py reads it for the Q rows: . : ? or !, '-'
 * where none is found within NEXT_MAX bytes. The sentence ends at a mark before a space
 * and a sentence opening, at a mark ending a line before a blank line or a line opening a
 * sentence, or at a blank line. Comment lines and form feeds are passed. */
#define NEXT_MAX 1024
static char next_mark(tv_reader *in, const char *s, size_t n)
{
	const char *p = NULL, *end = NULL;
	size_t pn = 0, total = 0;
	for (int first = 1;; first = 0) {
		for (size_t i = 0; i + 1 < n; i++)
			if (s[i + 1] == ' ' &&
			    (s[i] == '.' || s[i] == '?' || s[i] == ':' || s[i] == '!')) {
				size_t j = i + 1;
				while (j < n && s[j] == ' ')
					j++;
				if (j < n && sentence_opens(s + j, n - j))
					return s[i];
			}
		total += n;
		if (total >= NEXT_MAX)
			break;
		/* the next text line ahead */
		if (first) {
			if (tv_reader_peek(in, LOOKAHEAD, &p, &pn))
				break;
			end = p + pn;
		}
		const char *t = NULL; /* the next text line, NULL where the window has none */
		size_t tn = 0;
		int blank = 0;
		while (!t && p < end) {
			const char *e = memchr(p, '\n', (size_t)(end - p));
			if (!e)
				break; /* a line cut by the window */
			const char *u = p;
			size_t un = (size_t)(e - p);
			p = e + 1;
			while (un && u[0] == '\f')
				u++, un--;
			trim(&u, &un);
			if (!un)
				blank = 1;
			else if (un < 4 || memcmp(u, "<!--", 4))
				t = u, tn = un;
		}
		if (s[n - 1] && strchr(".!?:", s[n - 1]) && (blank || !t || sentence_opens(t, tn)))
			return s[n - 1];
		if (blank || !t) {
			/* the paragraph's end: its mark before closing quotes and brackets */
			while (n && (s[n - 1] == ')' || s[n - 1] == '"' ||
			             (n >= 3 && !memcmp(s + n - 3, "\xe2\x80\x9d", 3) && (n -= 2))))
				n--;
			return n && s[n - 1] && strchr(".!?:", s[n - 1]) ? s[n - 1] : '-';
		}
		s = t;
		n = tn;
	}
	return '-';
}

/* The length in bytes of the paragraph that the line s[0..n), indented by indent, would
 * open, as far as the layout ahead (in, peeked) shows where it ends (the D and J rows of
 * para_words: dicts/derive/para_model.py counts the rest of the paragraph after the
 * boundary): s and the text lines after it joined by a space (by nothing after a hyphen
 * ending a word), up to a line ending a sentence before a blank line (not at a page
 * break, where blank lines say nothing), a list item, an indented line, or a line opening
 * a sentence whose first word would have fitted after it (fits_after) or after a line
 * under two thirds of the measure; at most REST_MAX (the top range of the rows). A break
 * the layout does not show is passed, and the length then counts the paragraph after it
 * too. Comment lines and form feeds are passed. */
#define REST_MAX 1200
static size_t rest_length(const state *st, tv_reader *in, const char *s, size_t n, size_t indent)
{
	const char *p, *end;
	size_t pn, total = 0;
	if (tv_reader_peek(in, LOOKAHEAD, &p, &pn))
		return REST_MAX;
	end = p + pn;
	for (;;) {
		int hyph = n >= 2 && s[n - 1] == '-' && s[n - 2] != ' ';
		total += hyph ? n - 1 : n + 1;
		if (total >= REST_MAX)
			return REST_MAX;
		const char *t = NULL; /* the next text line */
		size_t tn = 0, ti = 0;
		int blank = 0, ff = 0;
		while (!t && p < end) {
			const char *e = memchr(p, '\n', (size_t)(end - p));
			if (!e)
				break; /* a line cut by the window */
			const char *u = p;
			size_t un = (size_t)(e - p), ui = 0;
			p = e + 1;
			for (; un && u[0] == '\f'; ff = 1)
				u++, un--;
			while (ui < un && u[ui] == ' ')
				ui++;
			trim(&u, &un);
			if (!un)
				blank = 1;
			else if (un < 4 || memcmp(u, "<!--", 4))
				t = u, tn = un, ti = ui;
		}
		if (!t)
			return total; /* the input's end (or the window's) */
		if (!hyph && ends_sentence(s, n) && !is_lower_start(t, tn)) {
			size_t fw = 0, cl = cp_len(s, n) + indent;
			while (fw < tn && t[fw] != ' ')
				fw++;
			if ((blank && !ff) || list_line(t, tn) || glyph_bullet(t, tn) ||
			    ti >= indent + 2 || cl * 3 < st->measure * 2 ||
			    fits_after(st, judged_len(st, s, n, indent, cl), s, n, indent, t, fw,
			               cp_len(t, fw)))
				return total;
		}
		s = t, n = tn, indent = ti;
	}
}

/* The first k words of a[0..an) and of b[0..bn) are the same, as written (both hold k). */
static int same_opening(const char *a, size_t an, const char *b, size_t bn, int k)
{
	size_t i = 0, j = 0;
	for (int w = 0; w < k; w++) {
		while (i < an && a[i] == ' ')
			i++;
		while (j < bn && b[j] == ' ')
			j++;
		if (i == an || j == bn)
			return 0;
		while (i < an && j < bn && a[i] != ' ' && a[i] == b[j])
			i++, j++;
		if ((i < an && a[i] != ' ') || (j < bn && b[j] != ' '))
			return 0;
	}
	return 1;
}

/* The weight of the A row for the next sentence s[0..n) opening with the same three (else
 * two) words as the paragraph t[0..len) ("G") or its last sentence, from byte from ("L"):
 * one that takes up the last sentence's opening but not the paragraph's goes on ("3-L"
 * -21), one that takes up a one-sentence paragraph's opening starts a paragraph of its own
 * ("3GL" +16: "Det handlar om ekonomisk kollaps." / "Det handlar om patienter ..."). */
static int anaphora_weight(const char *t, size_t len, size_t from, const char *s, size_t n)
{
	for (int k = 3; k >= 2; k--) {
		int g = same_opening(s, n, t, len, k),
		    l = same_opening(s, n, t + from, len - from, k);
		if (g || l) {
			char key[3] = {(char)('0' + k), g ? 'G' : '-', l ? 'L' : '-'};
			return para_weight('A', key, 3);
		}
	}
	return 0;
}

/* The words say that the sentence boundary between the block's last sentence and the line
 * s (indented by indent, its first word wn bytes) is a paragraph break (see para_words):
 * the sum of the rows of the next sentence's opening, the last sentence's last word, last
 * two words and final mark, the mark before that sentence, the paragraph's first word,
 * the lengths of the paragraph and of its last sentence, the final marks of the last
 * sentence and the next (next_mark, which reads the text ahead in in), the length of
 * the paragraph s would open (rest_length, the text ahead too), alone and with the open
 * paragraph's, and s's opening words taken up from the paragraph's or the last
 * sentence's (anaphora_weight). */
static int lang_break(const state *st, tv_reader *in, const char *s, size_t n, size_t indent,
                      size_t wn)
{
	const char *s0 = s; /* the line as it came, for next_mark */
	size_t n0 = n;

	const char *t = st->text.data;
	size_t len = st->text.len, e = len, b;
	/* the previous sentence's final mark and last word, quotes and brackets passed */
	char mark = 0;
	while (e && (strchr(".!?:)\"", t[e - 1]) ||
	             (e >= 3 && !memcmp(t + e - 3, "\xe2\x80\x9d", 3) && (e -= 2)))) {
		if (!mark && strchr(".!?:", t[e - 1]))
			mark = t[e - 1];
		e--;
	}
	for (b = e; b && t[b - 1] != ' ';)
		b--;
	char last[48], two[96];
	size_t ln = lower_word(t + b, e - b, last, sizeof last);
	char before = '-';
	size_t from = last_sentence(t, len, b, &before);
	/* the word before the last one, when the last sentence holds it */
	size_t a = b, tn = 0;
	while (a > from && t[a - 1] == ' ')
		a--;
	size_t a2 = a;
	while (a2 > from && t[a2 - 1] != ' ')
		a2--;
	if (ln && a2 < a && (tn = lower_word(t + a2, a - a2, two, sizeof two - sizeof last - 1))) {
		two[tn++] = ' ';
		if (isdigit((unsigned char)last[0]))
			two[tn++] = '0';
		else
			memcpy(two + tn, last, ln), tn += ln;
	}
	/* the next sentence's first word, quotes and final punctuation stripped */
	size_t sn = n;
	while (wn && s[0] == '"')
		s++, wn--, sn--;
	if (wn >= 3 && !memcmp(s, "\xe2\x80\x9d", 3))
		s += 3, wn -= 3, sn -= 3;
	size_t word = wn;
	while (wn && trailing_mark(s[wn - 1]))
		wn--;
	char wlen = (char)('0' + ((len - from) / 40 < 5 ? (len - from) / 40 : 5));
	char mark_len[2] = {mark, (char)('0' + length_range(len))};
	int score = para_weight('P', "", 0) + opening_weight(s, wn, sn, word) +
	            (ln ? para_weight('L', last, ln) : 0) + (tn ? para_weight('K', two, tn) : 0) +
	            (mark ? para_weight('E', &mark, 1) : 0) + para_weight('R', &before, 1) +
	            first_word_weight(t, len) + length_weight(len) + para_weight('W', &wlen, 1) +
	            (mark ? para_weight('X', mark_len, 2) : 0);
	/* the last sentence's final mark and the next sentence's ("? ?": a list of
	 * questions goes on; "? .": a question has ended its paragraph) */
	if (mark) {
		char pair[2] = {mark, next_mark(in, s0, n0)};
		score += para_weight('Q', pair, 2);
	}
	/* the length of the paragraph the line would open, and that with the length of the
	 * open one */
	char rest[2] = {(char)('0' + length_range(rest_length(st, in, s0, n0, indent))),
	                mark_len[1]};
	score += para_weight('D', rest, 1) + para_weight('J', rest, 2) +
	         anaphora_weight(t, len, from, s0, n0);
	return score > (st->kind == B_LIST ? LANG_SPLIT_ITEM : LANG_SPLIT);
}

/* The language signal is used only where the layout shows no paragraph breaks: more breaks
 * so far were found by a short last line alone than by a blank line or an indent; or, at a
 * page break (page_break), where the blank lines around it say nothing, in any dump whose
 * breaks are not first-line indents. Before the first break is found, the text ahead of
 * the first line tells (ahead_blank, ahead_indent, ahead_bare, counted as the sentence ends
 * before a line of body text opening a sentence): LAID_OUT of them or more shown by no
 * layout, and more than AHEAD_SHARE times as many as those shown by a blank line (except at
 * a page break) or an indent. A dump whose paragraphs end at full lines from its first one
 * had its opening paragraphs joined (issue 6: pdftotext -raw of report PDFs, 12 paragraphs
 * more whole over seeds 6, 11 and 21). The share, not a count of none: pdftotext's default
 * mode writes blank lines around the blocks it finds on a page (a list's items and their
 * bullets), and its dumps, with two dozen breaks ahead shown by nothing and one or two by a
 * blank line, had every break up to the first short last line judged without the words;
 * while a dump whose breaks are blank lines may show as many sentence ends at a full line
 * inside its paragraphs (3 to 2 in tests/reflow/blank-breaks-ahead; issue 6). */
#define AHEAD_SHARE 4
static int lang_ok(const state *st, int page_break)
{
	if (!st->bare_breaks && !st->blank_breaks && !st->indent_breaks)
		/* no break found yet: the breaks the text ahead shows (learn_ahead) */
		return st->ahead_bare >= LAID_OUT &&
		       st->ahead_bare >
		           AHEAD_SHARE * (st->ahead_indent + (page_break ? 0 : st->ahead_blank));
	if (page_break)
		return st->bare_breaks + st->blank_breaks > st->indent_breaks;
	return st->bare_breaks > st->blank_breaks + st->indent_breaks;
}

/* The dump shows its paragraph breaks by blank lines or first-line indents: LAID_OUT of
 * them or more found so far; or, while fewer than LAID_OUT breaks of any kind are found,
 * LAID_OUT or more in the text ahead (learn_ahead), at least as many as the sentence ends
 * at a line end that neither shows there. */
static int laid_out(const state *st)
{
	unsigned shown = st->blank_breaks + st->indent_breaks;
	unsigned ahead = st->ahead_blank + st->ahead_indent;
	if (shown >= LAID_OUT)
		return 1;
	return shown + st->bare_breaks < LAID_OUT && ahead >= LAID_OUT && ahead >= st->ahead_bare;
}

/* The last line was short: the next line's first word (w, wn bytes, fw code points) would
 * have fitted after it, or other evidence says the line ended because its paragraph did. */
static int short_line(const state *st, const char *w, size_t wn, size_t fw)
{
	return end_score(st, w, wn, fw) >= END_SCORE;
}

/* The line s[0..n) opens with a number ("3. Hur") that goes on a numbering inside the
 * open paragraph (" 2. Anser"): the paragraph's questions go on, whatever the words say. */
static int numbering_goes_on(const state *st, const char *s, size_t n)
{
	size_t om = ordered_marker(s, n);
	unsigned long num = om ? strtoul(s, NULL, 10) : 0;
	return num > 1 && numbered_inside(&st->text, num - 1);
}

/* The open paragraph went on across a page break, and its last line is the only one on
 * the new page: a break now would leave it there alone (a widow). A line longer than the
 * measure may hold printed lines that pdftotext joined, and says nothing. */
static int widow_line(const state *st)
{
	return st->page != st->page_at_start && st->on_page == 1 && st->last_cl <= st->measure;
}

/* Line s (n bytes, cl code points), most of the measure and not ending a sentence, is the
 * last line of its page (a form feed follows, past blank lines and the furniture clean
 * took out): a paragraph begun there would go on over the page, its first line left alone
 * at the foot (an orphan). */
static int orphan_line(const state *st, tv_reader *in, const char *s, size_t n, size_t cl)
{
	if (ends_sentence(s, n) || cl > st->measure || cl * 3 < st->measure * 2)
		return 0;
	const char *p;
	size_t pn, i = 0;
	if (tv_reader_peek(in, 256, &p, &pn))
		return 0;
	while (i < pn && p[i] != '\f') {
		if (pn - i >= 25 && !memcmp(p + i, "<!-- tvatt removed lines=", 25)) {
			const char *e = memchr(p + i, '\n', pn - i); /* furniture clean took out */
			i = e ? (size_t)(e - p) : pn;
		} else if (p[i] == ' ' || p[i] == '\r' || p[i] == '\n') {
			i++;
		} else {
			return 0;
		}
	}
	return i < pn;
}

/* A break before line s would leave a paragraph's single line at the top or foot of a
 * page (widow_line, orphan_line), which word processors avoid (widow and orphan control,
 * on by default in Word and LibreOffice), and the dump has not shown such a line at a
 * break after a line under two thirds of the measure (lone_seen): the words are not asked
 * there. */
static int lone_line(const state *st, tv_reader *in, const char *s, size_t n, size_t cl)
{
	return !st->lone_seen && (widow_line(st) || orphan_line(st, in, s, n, cl));
}

/* The sentences of the block's text t[0..n) past its first word (a list item's marker):
 * ". ! ?" before a space and a capital, and one at the end. */
static unsigned sentences(const char *t, size_t n)
{
	size_t i = 0;
	while (i < n && t[i] != ' ')
		i++;
	unsigned k = n && memchr(".!?", t[n - 1], 3);
	for (; i + 2 < n; i++)
		k += memchr(".!?", t[i], 3) && t[i + 1] == ' ' &&
		     is_upper_start(t + i + 2, n - i - 2);
	return k;
}

/* The open list item, its last line ending a sentence with ". ! ?" before line s[0..n)
 * opening one with a capital letter, holds as many sentences as the most an earlier item of
 * its list held (list_sents): it has ended as they did, and the line opens what follows the
 * list. A list's items are written alike; where the last one ended at a full line, the
 * words alone (LANG_SPLIT_ITEM) gave the paragraph after it to the item (issue 6: of the
 * 27 list items ending a sentence at a full line before a capital in the LibreOffice eval's
 * default and -raw dumps of seeds 6/11/21/23/24, 25 ended there, and every one of the
 * 21 whose earlier items held no more sentences; a digit next is left to the words, a
 * reference's year goes on: "Lancet Oncol." / "2008;9:667-75."). */
static int item_done(const state *st, const char *s, size_t n)
{
	return st->kind == B_LIST && st->list_sents && st->text.len && is_upper_start(s, n) &&
	       memchr(".!?", st->text.data[st->text.len - 1], 3) &&
	       sentences(st->text.data, st->text.len) >= st->list_sents;
}

/* Does line s (indented by indent, first word wn bytes and fw code points) begin a new
 * paragraph rather than go on with the open one? Across a page break the blank lines and
 * the removed furniture around it say nothing; elsewhere a blank line ends the paragraph,
 * and in dumps without blank lines a last line ending a sentence with the evidence of
 * end_signals, or a first-line indent, does. A hyphen at the end of the last line always
 * joins. A list item laid out with a hanging indent goes on at its text column and ends
 * at a line left of it; so does a one-line item ending a sentence where an earlier item
 * of its list hung at the same column (list_hang). */
static int new_paragraph(const state *st, tv_reader *in, const char *s, size_t n, size_t indent,
                         size_t wn, size_t fw)
{
	int lower = is_lower_start(s, n);
	if (st->last_hyph && (st->page_break || !st->blank || lower))
		return 0;
	if (st->kind == B_LIST && st->item_col >= 2 && indent == st->item_col && !st->blank &&
	    !st->last_end)
		return 0; /* an item's sentence goes on at its hanging indent ("40 procent") */
	if (st->kind == B_LIST && !lower && !st->last_hyph && short_line(st, s, wn, fw) &&
	    !ends_open(st->text.data, st->text.len) && (st->last_end || is_upper_start(s, n)))
		return 1; /* a short item line, then a capital: the item has ended, unless the
		           * line ends in a word no phrase ends in ("handlar om" / "Hadille, 2
		           * år, ..."), as a heading does not (open_words), or, ending no
		           * sentence, is followed by no capital letter: a digit or a bracket
		           * goes on its phrase ("mer än" / "40 000 människor ...",
		           * "bruttonationalprodukten" /
		           * "(BNP) per person"; issue 6: list items whole in the LibreOffice
		           * eval's default and -raw dumps of seeds 6/11/21/23/24 1008 -> 1010 and
		           * 1019 -> 1023 of 1029, nothing else changed but one item more whole in
		           * the training documents' dumps of seed 21) */
	if (st->kind == B_LIST && st->item_col >= 2 && !st->blank) {
		if (indent == st->item_col &&
		    (st->hang || !st->last_end || st->last_colon || lower))
			return 0; /* a wrapped list item, hanging indent */
		if (st->hang && indent < st->item_col && !lower)
			return 1; /* left of the hanging indent: the item has ended */
		if (st->list_hang == st->item_col && indent < st->item_col && !lower &&
		    st->last_end)
			return 1; /* a one-line item of a list whose items hang, then a
			           * sentence left of their indent: the list has ended */
	}
	/* a quotation goes on to its attribution ("..., säger ministern."): the words
	 * inside it say nothing of its end; a list item's end they tell where they are sure
	 * (LANG_SPLIT_ITEM) */
	int lang =
	    (st->kind == B_PARA || st->kind == B_LIST) && !st->quote && lang_ok(st, st->page_break);
	if (st->page_break)
		return st->last_end && !lower &&
		       (short_line(st, s, wn, fw) || indent >= st->last_indent + 2 ||
		        (lang && lang_break(st, in, s, n, indent, wn)));
	if (st->blank)
		return 1;
	if (!st->last_end || lower)
		return 0;
	if (indent >= st->last_indent + 2 || indent >= st->body_indent + 2)
		return 1; /* a first-line indent */
	if (whole_lines(st))
		return 1; /* one paragraph a line */
	if (item_done(st, s, n))
		return 1;
	if (st->kind == B_PARA && !lang_ok(st, 0) && laid_out(st))
		/* the dump shows its breaks by blank lines or indents: a break without one
		 * needs more than the room left, which a proportional font makes uncertain */
		return short_by_third(st) && end_score(st, s, wn, fw) >= END_SCORE_LAID_OUT;
	return short_line(st, s, wn, fw) || (lang && !numbering_goes_on(st, s, n) &&
	                                     !lone_line(st, in, s, n, cp_len(s, n) + indent) &&
	                                     lang_break(st, in, s, n, indent, wn));
}

/* line[0..len) without its leading form feeds and surrounding blanks, in *s, *n. */
static void strip_line(const char *line, size_t len, const char **s, size_t *n)
{
	*s = line;
	*n = len;
	while (*n && (*s)[0] == '\f')
		(*s)++, (*n)--;
	trim(s, n);
}

/* 1 when line[0..len) is a pipe-table row (spaces, form feeds and newline aside). */
static int table_row(const char *line, size_t len)
{
	const char *s;
	size_t n;
	strip_line(line, len, &s, &n);
	return n >= 2 && s[0] == '|' && s[n - 1] == '|';
}

/* 1 when line[0..len) holds nothing but spaces, form feeds and the newline. */
static int blank_line(const char *line, size_t len)
{
	const char *s;
	size_t n;
	strip_line(line, len, &s, &n);
	return !n;
}

/* Reads B from the tables stage's comment s[0..n) ("<!-- tvatt table page=P lines=A-B
 * ... -->") into *last; 1 when it is there and sane (A <= B, below a million), else 0. */
static int table_lines(const char *s, size_t n, unsigned long *last)
{
	const char *l = memmem(s, n, " lines=", 7);
	if (!l)
		return 0;
	const char *p = l + 7, *e = s + n;
	unsigned long a = 0, b = 0;
	size_t da = 0, db = 0;
	for (; p < e && *p >= '0' && *p <= '9' && da < 7; p++, da++)
		a = a * 10 + (unsigned long)(*p - '0');
	if (!da || p >= e || *p != '-')
		return 0;
	for (p++; p < e && *p >= '0' && *p <= '9' && db < 7; p++, db++)
		b = b * 10 + (unsigned long)(*p - '0');
	if (!db || (p < e && *p >= '0' && *p <= '9') || a > b || b >= 1000000)
		return 0;
	*last = b;
	return 1;
}

/* One piece of a line longer than the reader's cap, first (the line's form feeds already
 * counted) or not: such a line is no prose to join or judge, so it goes out as it came,
 * a paragraph of its own after the blocks before it (or, kept by clean, as kept lines
 * go), and the reader is warned of it once, except in a chain (run says it). The last
 * piece ends the paragraph. */
static tv_status long_piece(state *st, tv_reader *in, const char *line, size_t len, int first,
                            int kept, unsigned long ln)
{
	tv_status rc = TV_OK;
	if (first) {
		if (!tv_opt(st->opts, "long-lines-said"))
			tv_report(st->opts, TV_WARNING, tv_reader_name(in), tv_reader_lineno(in), 1,
			          "a line longer than %zu bytes: passed through unchanged",
			          TV_LINE_MAX);
		if (kept)
			rc = flush(st);
		else if (!(rc = start(st, B_PARA, ln)) && !(rc = write_comment(st)))
			tv_buf_clear(&st->pending);
		st->kind = B_NONE;
		st->blank = st->page_break = 0;
		st->last_end = 1;
		st->last_hyph = 0;
		if (rc)
			return rc;
		while (!kept && len && isspace((unsigned char)*line))
			line++, len--; /* its start trimmed, as every line's is */
	}
	if (tv_reader_partial(in))
		return tv_writer_write(st->out, line, len);
	if (kept) { /* as a kept line goes: as it is, with a newline */
		if ((rc = tv_writer_write(st->out, line, len)))
			return rc;
		return len && line[len - 1] == '\n' ? TV_OK : tv_writer_puts(st->out, "\n");
	}
	while (len && isspace((unsigned char)line[len - 1]))
		len--; /* its end trimmed, as every line's is */
	if ((rc = tv_writer_write(st->out, line, len)))
		return rc;
	return tv_writer_puts(st->out, "\n\n");
}

/* Makes the paragraph being joined a label heading ("### " before its text). */
static tv_status make_heading(state *st)
{
	tv_buf h = TV_BUF_INIT;
	tv_status rc;
	if ((rc = tv_buf_puts(&h, "### ")) ||
	    (rc = tv_buf_append(&h, st->text.data, st->text.len))) {
		tv_buf_free(&h);
		return rc;
	}
	tv_buf_free(&st->text);
	st->text = h;
	st->kind = B_HEAD;
	return TV_OK;
}

/* The paragraph being joined, begun where a label heading could stand and of several
 * lines, is a label heading as a whole over the block that the line s[0..n) opens
 * ("Fonden för de minst utvecklade" / "länderna" / "" / "FN:s generalsekreterare ...",
 * "Regeringen föreslår historiska satsningar på" / "skolan" / "– Skolan är ..."): so
 * reflow reads it where it runs on its own output, as one line (label_head; DESIGN.md,
 * principle 4). The block is body as next_is_body judges it. */
static int label_over(const state *st, tv_reader *in, const char *s, size_t n)
{
	const char *p;
	size_t pn;
	if (st->kind != B_PARA || !st->head_at || st->block_rep || st->first == st->last ||
	    st->page_break || !is_label(st->text.data, st->text.len, st->measure))
		return 0;
	if (list_line(s, n) ||
	    (n > 4 && !memcmp(s, "\xe2\x80\x93 ", 4) && is_upper_start(s + 4, n - 4)) ||
	    numbered_heading(s, n))
		return 1;
	if (!(isdigit((unsigned char)s[0]) || is_upper_start(s, n)) ||
	    sibling_labels(st->text.data, st->text.len, s, n, st->measure) ||
	    tv_reader_peek(in, 4096, &p, &pn))
		return 0;
	return block_is_body(s, n, p, pn, st->measure, st->blank > 0);
}

tv_status tv_reflow_run(tv_reader *in, tv_writer *out, const tv_opts *opts)
{
	state st;
	if (pthread_once(&tables_once, tables_make) != 0)
		return TV_ESYSTEM;
	memset(&st, 0, sizeof st);
	lexicon_check(in, opts);
	st.out = out;
	st.opts = opts;
	st.page = 1;
	tv_status rc = TV_OK;
	unsigned long covered = 0;    /* lines still covered by a furniture/figure comment */
	unsigned long added = 0;      /* comment lines clean added: not lines of its input */
	unsigned long removed = 0;    /* lines clean removed, from its "removed" comments */
	int ahead = 0;                /* the layout ahead has been learnt */
	int in_table = 0;             /* 1 after a table comment, 2 in the rows of its block */
	unsigned long table_last = 0; /* its last input line, from its "lines=A-B" */
	int cont = 0; /* the last line read was a piece of a long line: this is more of it */
	int kept = 0; /* that line was kept by clean (covered) */
	const char *line;
	size_t len;
	while (!(rc = tv_reader_line(in, &line, &len)) && line) {
		if (cont) {
			if ((rc = long_piece(&st, in, line, len, 0, kept, 0)))
				break;
			cont = tv_reader_partial(in);
			continue;
		}
		if (in_table && table_row(line, len)) {
			in_table = 2;
		} else if (in_table) {
			/* the rows were written for input lines A-B: the count goes on from B
			 * (unsigned arithmetic wraps back in the sum below). The blank line the
			 * tables stage writes after the rows is none of its input lines. A
			 * comment with no rows after it is no table block: nothing changes. */
			if (in_table == 2) {
				removed = table_last + (blank_line(line, len) ? 0 : 1);
				added = tv_reader_lineno(in);
			}
			in_table = 0;
		}
		unsigned long ln = tv_reader_lineno(in) + removed - added;
		while (len && line[0] == '\f') {
			st.page++;
			st.page_break = 1;
			st.on_page = 0;
			st.bullets = 0;
			st.marker = 0;
			st.page_text = 0;
			line++, len--;
		}
		if (len && !blank_line(line, len))
			st.page_text = 1;
		if (tv_reader_partial(in)) {
			kept = covered > 0;
			covered -= covered > 0;
			if ((rc = long_piece(&st, in, line, len, 1, kept, ln)))
				break;
			cont = 1;
			continue;
		}
		if (covered) {
			/* lines kept by clean --keep-furniture pass through as they are */
			covered--;
			if ((rc = flush(&st)) || (rc = tv_writer_write(out, line, len)))
				break;
			if ((!len || line[len - 1] != '\n') && (rc = tv_writer_puts(out, "\n")))
				break;
			continue;
		}
		const char *s = line;
		size_t n = len;
		size_t indent = 0;
		while (indent < n && line[indent] == ' ')
			indent++;
		trim(&s, &n);
		if (!n) {
			st.blank++;
			if (st.kind != B_NONE)
				st.bullets = 0; /* a list's items end at a blank line */
			continue;
		}
		if (n > 25 && s[0] == '<' && !strncmp(s, "<!-- tvatt removed lines=", 25)) {
			/* lines clean removed here (tvatt run): counted, and nothing else, so a
			 * paragraph goes on across a removed running header */
			unsigned long k = strtoul(s + 25, NULL, 10);
			removed += k < 1000000 ? k : 0;
			added++;
			continue;
		}
		if ((n >= 2 && s[0] == '|' && s[n - 1] == '|') ||
		    (n >= 4 && s[0] == '<' && !strncmp(s, "<!--", 4))) {
			enum block kind = st.kind;
			if ((rc = flush(&st)))
				break;
			st.blank = st.page_break = 0;
			st.kind_before = B_NONE;
			if (s[0] == '<' && !strncmp(s, "<!-- tvatt pages=", 17)) {
				/* this stage's own count (run again on its output): written at the
				 * end, once */
				unsigned long v = strtoul(s + 17, NULL, 10);
				if (v > st.pages_read && v < 1000000)
					st.pages_read = v;
				continue;
			}
			if (s[0] == '<' && !strncmp(s, "<!-- tvatt page=", 16)) {
				st.kind_before = kind;
				tv_buf_clear(&st.pending);
				if ((rc = tv_buf_append(&st.pending, s, n)) ||
				    (rc = tv_buf_putc(&st.pending, '\n')))
					break;
				continue;
			}
			if (s[0] == '<' && !strncmp(s, "<!-- tvatt table ", 17))
				in_table = table_lines(s, n, &table_last);
			if (s[0] == '<' && (!strncmp(s, "<!-- tvatt furniture ", 21) ||
			                    !strncmp(s, "<!-- tvatt figure ", 18))) {
				const char *l = memmem(s, n, "lines=", 6);
				covered = l ? strtoul(l + 6, NULL, 10) : 0;
				if (covered > 1000)
					covered = 1000;
				added++;
			}
			note_named_page(&st, s, n);
			/* the line and its newline at once where the newline follows it (the
			 * line is a copy, NUL-terminated: s[n] is there to read) */
			if (s[n] == '\n')
				rc = tv_writer_write(out, s, n + 1);
			else if (!(rc = tv_writer_write(out, s, n)))
				rc = tv_writer_puts(out, "\n");
			if (rc)
				break;
			continue;
		}
		if (lone_bullet(in, s, n)) {
			if ((rc = flush(&st)))
				break;
			st.bullets += st.bullets < 64;
			continue;
		}
		if (lone_marker(&st, in, s, n)) {
			if ((rc = flush(&st)))
				break;
			memcpy(st.marker_text, s, n);
			st.marker = (unsigned char)n;
			continue;
		}
		if (st.marker) {
			/* the item of a lone marker before: "1." / "" / "Enligt ..." */
			tv_buf_clear(&st.item);
			if ((rc = tv_buf_append(&st.item, st.marker_text, st.marker)) ||
			    (rc = tv_buf_putc(&st.item, ' ')) ||
			    (rc = tv_buf_append(&st.item, s, n)))
				break;
			s = st.item.data, n = st.item.len;
			st.marker = 0;
		} else if (st.bullets && (st.kind == B_NONE || (st.kind == B_LIST && st.last_end &&
		                                                is_upper_start(s, n)))) {
			/* the item of a lone bullet before */
			st.bullets--;
			tv_buf_clear(&st.item);
			if ((rc = tv_buf_append(&st.item, "- ", 2)) ||
			    (rc = tv_buf_append(&st.item, s, n)))
				break;
			s = st.item.data, n = st.item.len;
		}
		size_t gb = glyph_bullet(s, n), glyph_col = 0;
		/* "– " and one space before a capital is an item, not a quotation, where its
		 * next line hangs at its text column, or where an earlier item of this list did
		 * and its next line holds no text at another column (pdftotext -layout of a
		 * dash list: "– På område ..." / "  kontakt med ..." / "" / "– Några ...") */
		int hangs =
		    !gb && n > 4 && !memcmp(s, "\xe2\x80\x93 ", 4) && is_upper_start(s + 4, n - 4)
		        ? next_hangs_at(in, indent + 2)
		        : -1;
		if (hangs == 1 || (hangs == 0 && st.dash_list))
			gb = 4, st.dash_list = 1;
		if (gb) {
			/* "▪   Text" is the item "- Text", its text at the bullet's column + 1 +
			 * the spaces after it (where its lines go on, hanging) */
			size_t sp = 0;
			while (sp < gb && s[gb - 1 - sp] == ' ')
				sp++;
			glyph_col = indent + 1 + sp;
			tv_buf_clear(&st.item);
			if ((rc = tv_buf_append(&st.item, "- ", 2)) ||
			    (rc = tv_buf_append(&st.item, s + gb, n - gb)))
				break;
			s = st.item.data, n = st.item.len;
		}
		if (!ahead && (ahead = 1, rc = learn_ahead(&st, in)))
			break;
		size_t cl = cp_len(s, n);
		learn_measure(&st, s, n, cl + indent);
		size_t fw = 0;
		while (fw < n && s[fw] != ' ')
			fw++;
		size_t first_word = cp_len(s, fw);
		/* "- " starts a list item, unless a dash goes on a sentence: before a word in
		 * lower case ("tid - och"), or after a full paragraph line that ended in a letter
		 * ("rapporten Ökat klientflöde" / "- Kriminalvårdens samlade bedömning"); but a
		 * "- " line is an item where another "- " line follows it, or, in lower case,
		 * after an item that ended in "," ";" "och" or "eller" (a statute's list: "en
		 * redogörelse för" / "- den unges förhållanden," / "- de omständigheter ...") */
		int list =
		    n > 2 && s[0] == '-' && s[1] == ' ' &&
		    !((st.kind == B_PARA || (st.kind == B_LIST && !st.last_sep)) && !st.last_end &&
		      !st.blank && is_lower_start(s + 2, n - 2) && !next_list_line(in)) &&
		    !(st.kind == B_PARA && st.last_letter && !st.blank && !st.page_break &&
		      st.last_len + 1 + cp_len(s, fw2(s, n)) > break_point(&st) &&
		      !next_list_line(in));
		/* "– " before a capital opens a quotation ("– Skolan är ..., säger ministern."),
		 * a paragraph of its own, unless it goes on a full line that ended in a letter,
		 * as a "- " line does above */
		int quote = n > 4 && !memcmp(s, "\xe2\x80\x93 ", 4) &&
		            is_upper_start(s + 4, n - 4) &&
		            !(st.kind == B_PARA && st.last_letter && !st.blank && !st.page_break &&
		              st.last_len + 1 + cp_len(s, word_end(s, 4, n)) > break_point(&st));
		int para_open = st.kind == B_PARA || st.kind == B_LIST;
		size_t om = ordered_marker(s, n);
		unsigned long num = om ? strtoul(s, NULL, 10) : 0;
		if (om && para_open && !st.last_end && !st.blank && !st.page_break)
			om = 0; /* "enligt kapitel / 3. Detta": a number going on a sentence */
		if (om && para_open && num > 1 && !st.blank &&
		    (num != st.item_num + 1 ||
		     (st.kind == B_PARA && numbered_inside(&st.text, num - 1))))
			om = 0; /* "vilka åtgärder? / 2. Vilka": a question numbered inside a
			         * paragraph, not the next item of a list, also where a list
			         * before it ended at the number before ("1. Vilka ...? 2. Anser
			         * ...?" / "3. Hur ...") */
		list |= om > 0 || gb > 0;
		/* a short label line followed by body text is a heading */
		int nh = numbered_heading(s, n);
		if (nh && cl * 100 > (st.measure > 60 ? st.measure : 60) * 80)
			nh = 0; /* a full-measure line is body text, not a heading */
		if (nh && om && next_lower(in))
			nh = 0; /* "1. Hotet från ... genom utförda" / "terrorattentat runt ...": an
			         * item of a numbered list that goes on, not a heading */
		int lab = label_of(s, n, cl, st.measure);
		int label = st.kind == B_PARA && st.first == st.last && !st.block_rep &&
		            is_upper_start(s, n) && !st.page_break &&
		            is_label(st.text.data, st.text.len, st.measure) &&
		            !sibling_labels(st.text.data, st.text.len, s, n, st.measure) &&
		            (is_body(s, n, st.measure) || nh || list_line(s, n) || next_text(in));
		/* a paragraph longer than PARA_MAX (an input without paragraph ends) is cut
		 * there, so memory stays bounded; never inside a word split at a line end */
		int too_long =
		    st.text.len >= PARA_MAX && (!st.last_hyph || st.text.len >= 2 * PARA_MAX);
		int newpara = !para_open || list || quote || label || too_long ||
		              new_paragraph(&st, in, s, n, indent, fw, first_word);
		/* a short line printed many times is no heading (REPEAT_MIN), asked where a
		 * heading could stand */
		unsigned ahead_k = 0;
		int rep = (newpara || st.last_end) && (lab || (caps_heading(s, n) && cl < 60)) &&
		          repeated_line(&st, in, s, n, &ahead_k);
		if (rep && prose_follows(in, st.measure))
			rep =
			    0; /* "Analys" over its text is a sub-heading, however often printed */
		/* a short label over body text, after a sentence end or outside a paragraph (a
		 * label after a paragraph cut short is a cell of a laid-out table; the block
		 * before is that paragraph also where this stage's comment ended it) */
		enum block before = st.kind != B_NONE ? st.kind : st.kind_before;
		int head_place = !nh && !list && (newpara || st.last_end) &&
		                 (before != B_PARA || st.last_end) &&
		                 !(st.kind == B_LIST && indent >= 2 && indent == st.item_col);
		int label_head = head_place && !rep && lab && next_is_body(in, st.measure, s, n);
		/* a repeated label where a heading could stand is a block of its own, so that it
		 * is not joined to the text before or after it */
		int alone = head_place && rep && s[0] != '#';
		/* the first line after a provenance comment of this stage (run again on its
		 * output) is a block this stage has already made: a heading has its '#', and
		 * one without it stays a paragraph, or the second run would make a one-line
		 * paragraph ("Riktas till alla nämnder och styrelser", two lines joined by
		 * the first) a heading */
		int made = st.kind == B_NONE && st.pending.len;
		if (s[0] == '#' ||
		    (!made &&
		     ((nh && (newpara || st.last_end)) || label_head || alone ||
		      ((newpara || st.last_end) && !rep && caps_heading(s, n) && cl < 60)))) {
			if ((rc = start(&st, alone ? B_PARA : B_HEAD, ln)))
				break;
			st.block_ahead = ahead_k;
			st.list_hang = 0;
			st.dash_list = 0;
			st.list_sents = 0;
			if (!alone)
				st.item_num = 0; /* a list under a new heading counts from 1 */
			if (s[0] != '#' && !alone) {
				for (int i = 0; i < (nh                                  ? nh
				                     : label_head && !caps_heading(s, n) ? 3
				                                                         : 2);
				     i++)
					if ((rc = tv_buf_putc(&st.text, '#')))
						break;
				if (rc || (rc = tv_buf_putc(&st.text, ' ')))
					break;
			}
			if ((rc = tv_buf_append(&st.text, s, n)) || (rc = flush(&st)))
				break;
			st.last_end = 1;
			st.last_hyph = 0;
			st.blank = st.page_break = 0;
			continue;
		}
		if ((label || (newpara && label_over(&st, in, s, n))) && (rc = make_heading(&st)))
			break;
		if (newpara) {
			/* a break after a sentence end, as learn_ahead counts them: pdftotext's
			 * default mode also writes blank lines inside a sentence, around the
			 * words of a justified line it took apart ("att" / "" / "göra" / ""),
			 * which showed no paragraph break but counted as blank-line ones (and
			 * so kept the words from being asked, lang_ok) */
			if (st.kind == B_PARA && !list && !quote && !label && !too_long &&
			    !st.page_break && st.last_end) {
				if (st.blank)
					st.blank_breaks++;
				else if (indent >= st.last_indent + 2)
					st.indent_breaks++;
				else
					st.bare_breaks++;
				st.lone_seen +=
				    short_by_third(&st) &&
				    (widow_line(&st) || orphan_line(&st, in, s, n, cl + indent));
			}
			if (st.kind == B_LIST && list) {
				unsigned k = sentences(st.text.data, st.text.len);
				st.list_sents = k > st.list_sents ? k : st.list_sents;
			} else {
				st.list_sents = 0;
			}
			if ((rc = start(&st, list ? B_LIST : B_PARA, ln)))
				break;
			st.block_ahead = ahead_k;
			if (!list)
				st.list_hang = 0, st.dash_list = 0;
			st.item_col = list ? glyph_col ? glyph_col : indent + (om ? om : 2) : 0;
			if (om)
				st.item_num = num;
			st.quote = quote && !list;
			st.hang = 0;
			st.block_rep = rep;
			st.head_at = head_place && !rep;
		} else {
			if (!st.last_hyph && !st.page_break && is_lower_start(s, n))
				learn_fit(&st, st.last_len, first_word,
				          st.ngo % WIDTH_EVERY
				              ? NO_WIDTH
				              : last_width(&st) + text_width(" ", 1) +
				                    text_width(s, fw));
			if (st.kind == B_LIST && indent == st.item_col)
				st.hang = 1, st.list_hang = st.item_col;
			if (!st.last_hyph && !st.last_end && capital_long_word(s, fw) &&
			    st.last_len + 5 <= break_point(&st))
				/* a capital word that could have been hyphenated */
				st.cap_missed++;
			if (st.cap_taken + st.cap_missed > 64)
				st.cap_taken /= 2, st.cap_missed /= 2;
			if (st.kind == B_PARA)
				st.body_indent = indent;
		}
		st.printed_lines = st.joined || (st.measure && cl + indent > st.measure);
		if ((rc = join(&st, s, n, ln)))
			break;
		st.last_off = st.text.len >= n ? st.text.len - n : 0;
		st.last_ind = indent;
		int lastc = (unsigned char)s[n - 1];
		st.last = ln;
		st.last_len = judged_len(&st, s, n, indent, cl + indent);
		st.last_cl = cl + indent;
		st.last_indent = indent;
		st.last_end = ends_sentence(s, n);
		learn_ends(&st, s, n, cl + indent);
		st.last_hyph = n >= 2 && lastc == '-' && s[n - 2] != ' ';
		st.last_colon = lastc == ':';
		st.last_letter = isalnum(lastc) || lastc >= 0x80;
		st.last_sep =
		    lastc == ',' || lastc == ';' || ends_in(s, n, item_end_words, &item_ends);
		st.blank = st.page_break = 0;
		st.on_page++;
	}
	if (!rc)
		rc = flush(&st);
	if (!rc)
		rc = write_pages(&st);
	tv_buf_free(&st.text);
	tv_buf_free(&st.pending);
	tv_buf_free(&st.item);
	tv_buf_free(&st.win.lines);
	return rc;
}
