/*
 * restore.c - the restore stage: gives Swedish text back the å, ä and ö (and é) that
 * ASCII folding removed or an English-model OCR engine misread ("pa" -> "på", "6kat" ->
 * "ökat", "férbattra" -> "förbättra", "&r" -> "är").
 *
 * The text is read in blocks (a page, at most BLOCK_BYTES), so memory stays bounded. For
 * each block the damage is estimated first (document-level evidence, DESIGN.md 5): the
 * share of words written with å, ä or ö against the share the corpus has, and the words
 * that show English-OCR symptoms (é, digits or & inside words). That gives the channel:
 * clean (only words with OCR symptoms are considered), fold (a, o, e may stand for å/ä,
 * ö, é) or ocr (the learned confusion table), with a damage rate p.
 *
 * Every word then gets candidates: itself, the lexicon forms of its fold key and of the
 * fold keys its OCR-damaged letters may stand for (a search down the lexicon's trie of
 * fold keys, cut short wherever no key begins so), each scored by the channel (a weighted
 * alignment against the confusion table), and for an unknown word a compound of known
 * parts. Candidate lists are cached per word type. A second-order Viterbi pass over each
 * segment (sentence or table cell) with the word-triple and word-pair models picks the
 * best reading (a segment's end counts as a word: "Källa:"), helped, where a word's
 * readings are rival corpus words (har/här, man/män), by the words 2 and 3 away and the
 * endings of its neighbours (context_scores), and where the readings stay close, by the
 * words 4 to 8 away (far_scores); a word is changed only
 * when the best reading beats the best one that keeps it by the margin that
 * --min-confidence asks (the confidence is the logistic of that margin; a clean page asks
 * CLEAN_EXTRA_MARGIN more). Numbers, codes, URLs, e-mail
 * addresses, HTML comment lines, acronyms and English sentences are never changed; case
 * follows the input. Internals are in restore_lex.c (the mapped lexicon); this file is
 * the stage. The constants below were set on held-out corpus text, not on devdata.
 */
#include "restore.h"
#include "restore_lex.h"
#include "restore_search.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "scan16.h"

const tv_optdef tv_restore_optdefs[] = {
    {"explain", "WORD",
     "print the candidates of WORD and their scores in each channel; reads no input"},
    {"channel", "NAME", "assume the damage: auto (default), fold, ocr or clean"},
    {NULL, NULL, NULL}};

/* ------------------------------------------------------------------ tuning ---------- */

/* (the channel's and the variant search's are in restore_search.h) */

#define BLOCK_BYTES ((size_t)256 << 10) /* a block: one page, at most this much text */
#define WORD_MAX    48                  /* bytes; longer words are left alone */
#define MAX_CANDS   8                   /* candidates kept per word */
#define KEEP_BEAM                                                                                  \
	6.0                                 /* a word whose one reading leads it as written by     \
	                                       this much out of context takes that reading         \
	                                       without the Viterbi pass (see word_pos; 8, then 7   \
	                                       before: 6 changes no devdata figure and lowers      \
	                                       held-out OCR and fold by 0.009; 5 raises devdata    \
	                                       OCR and fold by 0.007) */
#define FOLD_TYPES       64                 /* written forms fold_evidence weighs at most */
#define SEG_MAX          200                /* Viterbi positions per segment */
#define CACHE_MAX        ((size_t)48 << 20) /* candidate cache bytes before it is emptied */
#define SLOTS_MIN        ((size_t)1 << 10)  /* candidate cache slots at first; they double */
#define SLOTS_MAX        ((size_t)1 << 20)  /* when half full, up to this many */
#define DISCOUNT         0.75               /* as in dicts/mklex.c */
#define LP_UNKNOWN_EXTRA -4.6               /* log of an unknown word's pseudo-count (0.01) */
#define LP_SYMPTOM_EXTRA -4.6               /* and again for one with OCR symptoms (é, 6, &) */
#define LP_UNKNOWN_LONG  -1.0               /* and for each letter past UNKNOWN_SHORT: a long */
#define UNKNOWN_SHORT    8                  /* unknown string is ever less likely */
#define UNKNOWN_CAP      6                  /* letters so counted at most */
#define COMPOUND_BASE    3.0                /* log P(an unseen compound) less its parts' part_lp */
#define AS_WRITTEN_LP    -3.0               /* an OCR'd word taken as a compound as written */
#define AS_WRITTEN_MIN   12   /* letters: shorter words are not so taken (krav|ande) */
#define PROPER_PART_LP   -3.0 /* a name as a part of a read-back compound */
#define SHORT_HEAD_MIN   30   /* forms a head of 3 letters must end */
#define LINK_S_LP        -1.0 /* a linking -s- after a part that is a word */
#define ELIDED_LP        -1.0 /* a part whose first consonant the seam dropped */
#define PART_ADD         0.5  /* see part_lp */
#define UNSEEN_PART_LP   -2.0 /* see best_part */
#define PART_FREE_LEN    6    /* letters: a form this long may be a part unseen */
#define OCR_DOCUMENT                                                                               \
	3 /* words with OCR symptoms that make the whole                                           \
	     input an OCR document */
#define SHORT_LINE                                                                                 \
	40 /* bytes: a shorter line may be a heading, and so                                       \
	      may one shorter than 7/10 of the block's longest */
#define ACRONYM_MAX                                                                                \
	5 /* an all-capital word this short among others                                           \
	     that are not is an acronym: left alone */
#define DEFAULT_CONFIDENCE                                                                         \
	0.6 /* --min-confidence when not given (0.7 before: on                                     \
	       the folded held-out pages 0.6 restores 20 words                                     \
	       that 0.7 left, for 1 more wrong change; clean                                       \
	       text still 0 changes) */
#define RING_LOST_COST                                                                             \
	5.0 /* an initial å that lost its ring in a word that kept                                \
	       its other å/ä/ö (Swedish-model OCR: "Atgärder") */
#define CLEAN_EXTRA_MARGIN                                                                         \
	3.0                   /* on a clean page a change needs e^3 (20) times                     \
	                         the odds: text written well is left alone */
#define CLEAN_SHARE       0.5 /* above this share of the expected å/ä/ö: clean */
#define PIPE_CAPITAL_COST 1.2 /* -log P("|" read | "I" written): 44 of 136 */
#define PIPE_SMALL_COST   6.0 /* -log P("|" read | "i" written): 3 of 1,227 */
#define PIPE_SEPARATOR_LP                                                                          \
	-10.0 /* a lone "|" kept: a separator, not a rare word                                     \
	          ("Region Västmanland | Årsrapport 2024") */
#define CTX_WINDOW                                                                                 \
	3             /* words either side seen by the context table                               \
	                 (dicts/derive/context.py; distance 1 is the pair                          \
	                 model's) */
#define CTX_BETA 20.0 /* pseudo-count of the background in it */
#define CTX_WEIGHT                                                                                 \
	0.5         /* its log-likelihood ratios count half: the words                             \
	                around are not independent evidence */
#define CTX_CAP 3.0 /* and one context word moves at most this much */
#define CTX_FAR                                                                                    \
	8 /* the far band: CTX_WINDOW + 1 to this many words                                       \
	     either side (the table's "|F:" rows: the sentence's                                   \
	     topic, "kvinnan ... mannen", "kvinnorna ... männen") */
#define CTX_FAR_WEIGHT                                                                             \
	0.25 /* its log-likelihood ratios count a quarter (set on                                  \
	        the held-out sets: 0.15-0.35 change them by 3 words                                \
	        or fewer either way) */
#define FAR_MARGIN                                                                                 \
	5.0 /* the far band is asked for where the best reading                                    \
	       leads by less (see far_scores) */

/* English function words that are not Swedish words (nor folded Swedish ones): a segment
 * with two of them, or one in a segment of three words or fewer, is English and is left
 * as it is ("published for all to read"). Sorted, for bsearch. */
static const char *const english_words[] = {
    "about", "and",   "are",   "been",  "being", "but",  "could", "does",   "from", "had",
    "has",   "have",  "into",  "its",   "not",   "our",  "shall", "should", "than", "that",
    "the",   "their", "there", "these", "they",  "this", "those", "was",    "were", "what",
    "when",  "where", "which", "while", "who",   "will", "with",  "would",  "you",  "your"};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_english(const char *w)
{
	return bsearch(&w, english_words, sizeof english_words / sizeof english_words[0],
	               sizeof english_words[0], cmp_str) != NULL;
}

/* Whether the written word w[0..n) is a listed English word (lowered as ASCII). */
static int english_token(const char *w, size_t n)
{
	char low[8];
	/* every English word listed has 3 to 6 letters */
	if (n < 3 || n > 6)
		return 0;
	for (size_t k = 0; k < n; k++)
		low[k] = (char)tolower((unsigned char)w[k]);
	low[n] = 0;
	return is_english(low);
}

/* ------------------------------------------------------------------ channel --------- */

static const char *const channel_name[] = {"clean", "fold", "ocr"};

/* ------------------------------------------------------------------ state ----------- */

typedef struct cand {
	uint32_t id;  /* lexicon id, or LEX_NONE (unknown word or compound) */
	float lp;     /* log unigram probability */
	float ch;     /* channel log probability (<= 0) */
	uint32_t str; /* offset of the lowercased form in the cache arena */
	uint16_t len;
	uint8_t keep; /* the word as written */
	uint8_t compound;
} cand;

typedef struct centry {
	uint64_t hash;
	uint32_t key; /* offset of the key (channel byte + lowercased word) in the arena */
	uint16_t keylen;
	uint16_t n;
	uint32_t cands; /* offset of cand[n] in the arena */
} centry;

/* A position as a context word (see context_scores): the fold group of its likeliest
 * reading out of context (LEX_NONE: none), that reading's probability, and the classes of
 * its ending as the word before and after the word scored (LEX_NONE: none). */
typedef struct ctxword {
	uint32_t key, before, after;
	uint32_t id;  /* the reading taken (the best one out of context) */
	uint32_t far; /* the class "|F:" and the whole fold key: far_scores fills it in */
	double p;
	int ready;     /* filled in for the segment (context_rows fills them when asked) */
	int far_ready; /* and far */
} ctxword;

typedef struct state {
	const tv_opts *opts;
	tv_writer *out;
	tv_lex *lx;
	const lex_header *hd;
	double lp_unknown, lp_single, min_margin;
	int segment_ends; /* the lexicon counted segment ends ("</s>") */
	int forced;       /* --channel given: -1 auto, else enum channel */
	chan ch, ch_fold_unknown;
	const chan *unknown; /* the channel of words the lexicon does not know: ch, or
	                      * ch_fold_unknown when the channel folds */
	const chan *cur;     /* the one of the two for the word being looked up */
	int chan_set;        /* set_channel has filled them for chan_kind and chan_p */
	enum channel chan_kind;
	double chan_p;
	/* learned OCR rules, as read from the lexicon */
	rule ocr[MAX_RULES];
	int nocr;
	/* document evidence, decayed from block to block */
	double doc_words, doc_swedish, doc_symptoms;
	double ocr_evidence; /* OCR symptoms in the whole input so far (not decayed): the
	                        damage channel belongs to how a document was made */
	int fold_seen;       /* a block of the input so far showed folding (fold_evidence) */
	/* candidate cache */
	ctxword ctxw[SEG_MAX]; /* context_scores' scratch */
	tv_buf arena;
	centry *slots;
	size_t nslots, nused;
	uint32_t cache_gen; /* cache_clear's so far: the arena offsets a word memo holds */
	/* block */
	tv_buf block;
	size_t width; /* bytes of the block's longest line */
	unsigned long first_line;
	unsigned long first_col; /* the column of its first byte: 1, but in the later pieces
	                            of a long line (long_line) */
	tv_buf out_buf;
	/* a block's tokens, changes and Viterbi positions (process_block): kept from block
	 * to block, so that they do not grow again (a realloc and a copy at each doubling) */
	tv_buf toks, changes, pv;
	struct wmemo *wmemo; /* see memo_word: WMEMO_SLOTS slots (memo_map) */
	uint32_t wm_block;   /* blocks so far (1 the first): the slots a block uses */
	tv_buf *trace;       /* --explain: compound analyses are written here */
	/* memos of the language model: a document repeats its word pairs */
	struct pair_memo {
		uint64_t key;
		double lp;
	} * pair_memo;
	struct hist_memo {
		uint64_t key;
		const lex_hist *x;
	} * hist_memo;
	/* the classes of a reading's ending and of its whole fold key (context_word,
	 * far_class) depend on the reading alone, and so does its probability (every
	 * candidate with a lexicon id has the lexicon's lp): a memo by lexicon id (id + 1;
	 * 0 empty) */
	struct ctx_memo {
		uint32_t id, before, after, far;
		int far_ready;
		double p;
	} * ctx_memo;
	/* scratch of the candidate search, allocated once (a word type that is not cached
	 * asks for them up to a few hundred times): the variants of a word or a compound
	 * part (their uses never overlap), the candidates of a part (best_part) and the
	 * parts of a compound analysis (compound) */
	struct variants *scr_v;
	struct clist *scr_l;
	struct pcand *scr_pc;
	struct clist *scr_word;      /* the candidates of a word (get_cands) */
	struct part_walk *scr_walk;  /* compound's read-back spans (part_ends) */
	struct part_memo *part_memo; /* best_part's read-back parts (PART_MEMO_BITS) */
	/* the words of the segment ahead, lowered once to ask for their cache entries early
	 * (prefetch_words): ahead[at_ahead..nahead) are still to come; tokens before
	 * ahead_end have been looked at */
	struct ahead {
		size_t tok, len;
		int mixed;
		uint64_t hash;
		char s[WORD_MAX * 2 + 8];
	} * ahead;
	int nahead, at_ahead;
	size_t ahead_end;
} state;

/* The memos' slots: 1 << bits each (4 to 8 MB a memo, memo_map: a short text touches few
 * pages). The bench's OCR text of 1 million words asks the pair and history memos some
 * 1.5 million times each and the context memo 350,000 times; with 2^16 and 2^14 slots
 * many a pair that came again had been put out by another (18 and 18 bits: 1.8 % fewer
 * instructions in all, for 7 MB) */
#define MEMO_BITS     18
#define CTX_MEMO_BITS 18
/* the unknown words of a text share their parts ("ning", "tion"): on 57,000 words of
 * real OCR text half of best_part's read-back searches were of a part searched before
 * (2^13 slots of 352 bytes: 2.9 MB, memo_map; with 2^12 a sixth of the parts seen
 * before had been put out by another) */
#define PART_MEMO_BITS 13

/* ------------------------------------------------------------------ utf-8 ----------- */

static tv_status put_cp(tv_buf *b, int32_t c)
{
	utf8proc_uint8_t e[4];
	utf8proc_ssize_t m = utf8proc_encode_char(c, e);
	return tv_buf_append(b, e, (size_t)m);
}

/* ------------------------------------------------------------------ channel set-up -- */

/* Sets up the channels of a block: st->ch for words the lexicon knows, st->unknown for
 * the others (a pointer: a copy of ch, 42 KB, was a third of this set-up's cost). */
static void set_channel(state *st, enum channel kind, double p)
{
	/* most blocks have the channel of the block before (a page of OCR text: p 1), and
	 * filling the two with their indexes costs some 100,000 instructions */
	if (st->chan_set && kind == st->chan_kind && p == st->chan_p)
		return;
	st->chan_set = 1;
	st->chan_kind = kind;
	st->chan_p = p;
	tv_search_channel(&st->ch, st->lx, st->ocr, st->nocr, kind, p, 0);
	if (kind == CH_FOLD)
		tv_search_channel(&st->ch_fold_unknown, st->lx, st->ocr, st->nocr, kind, p, 1);
	st->unknown = kind == CH_FOLD ? &st->ch_fold_unknown : &st->ch;
}

/* ------------------------------------------------------------------ channel cost ---- */

/* Makes obs position i of a column of channel_cost's table part of the column's span
 * [*lo, *hi): the cells it newly spans start at NEVER. */
static inline void cost_span(double *col, int *lo, int *hi, int i)
{
	if (*lo >= *hi) {
		col[i] = NEVER;
		*lo = i;
		*hi = i + 1;
		return;
	}
	for (; *lo > i; (*lo)--)
		col[*lo - 1] = NEVER;
	for (; *hi <= i; (*hi)++)
		col[*hi] = NEVER;
}

/* One step of channel_cost's table: rule r reads tr[j..j + r->nt) as obs[i..i + r->no)
 * after an alignment of cost c. */
static inline void cost_step(double d[][CP_MAX + 1], int *lo, int *hi, int j, int i,
                             const struct rule_ix *r, double c)
{
	double e = c + r->cost;
	int jj = j + r->nt, ii = i + r->no;
	cost_span(d[jj], &lo[jj], &hi[jj], ii);
	if (e < d[jj][ii])
		d[jj][ii] = e;
}

/*
 * channel_cost where every rule reads one code point as one (ch->diagonal): an alignment
 * pairs tr[j] with obs[j], so there is one path, and each step takes the cheapest of
 * identity and the rules that read tr[j] as obs[j]. The same sums in the same order as
 * the table would make (a step's cost is added to the path so far, and the cheapest
 * kept), and the same NEVER where a step has no reading.
 */
static double diagonal_cost(const chan *ch, const int32_t *obs, int no, const int32_t *tr, int nt)
{
	if (no != nt)
		return NEVER;
	double c = 0;
	for (int j = 0; j < nt; j++) {
		if (c >= NEVER)
			return NEVER;
		double best = NEVER;
		int moves = 0;
		if (obs[j] == tr[j]) {
			int s = swe_index(tr[j]);
			double e = c + (s >= 0 ? ch->id_cost[s] : 0);
			moves = 1;
			if (e < best)
				best = e;
		}
		int b = bucket(tr[j]);
		for (int x = ch->truth_start[b]; x < ch->truth_start[b + 1]; x++) {
			const struct rule_ix *r = &ch->truth_ix[x];
			if (r->truth[0] != tr[j] || r->obs[0] != obs[j])
				continue;
			double e = c + r->cost;
			moves = 1;
			if (e < best)
				best = e;
		}
		if (!moves)
			return NEVER;
		c = best;
	}
	return c;
}

/*
 * -log P(obs | truth) under the block's channel: the cheapest alignment of the truth
 * (code points) to the observation with the rules and identity (free for other letters,
 * id_cost for å ä ö é). NEVER when no alignment exists.
 * The table is kept by truth position (a column per tr[j]); every step reads at least one
 * code point of the truth, so a column is complete once the columns before it are done.
 * Only the span of each column that some alignment reaches is kept and walked, and the
 * rules that may read tr[j] are found once per column, not once per cell; for å ä ö é,
 * which most rules write, once per cell among those that read what the cell holds
 * (swe_idx). The order in which a cell's steps are taken changes no result: each keeps
 * the cheapest, and the spans grow to the same cells.
 */
static double channel_cost(const chan *ch, const int32_t *obs, int no, const int32_t *tr, int nt)
{
	double d[CP_MAX + 1][CP_MAX + 1];   /* d[j][i]: tr[0..j) read as obs[0..i) */
	int lo[CP_MAX + 1], hi[CP_MAX + 1]; /* column j spans obs positions [lo, hi) */
	if (no > CP_MAX || nt > CP_MAX || abs(no - nt) > 4)
		return NEVER;
	if (ch->diagonal)
		return diagonal_cost(ch, obs, no, tr, nt);
	for (int j = 0; j <= nt; j++)
		lo[j] = hi[j] = 0;
	d[0][0] = 0;
	hi[0] = 1;
	for (int j = 0; j < nt; j++) {
		if (lo[j] >= hi[j])
			continue;
		int s = swe_index(tr[j]);
		double id = s >= 0 ? ch->id_cost[s] : 0;
		/* the rules that write tr[j] (and tr[j + 1] for a rule of two); for å ä ö é
		 * they are found cell by cell below, by what the cell reads */
		const struct rule_ix *rs[MAX_RULES];
		int nr = 0, b = bucket(tr[j]);
		for (int x = ch->truth_start[b]; s < 0 && x < ch->truth_start[b + 1]; x++) {
			const struct rule_ix *r = &ch->truth_ix[x];
			if (j + r->nt > nt || r->truth[0] != tr[j])
				continue;
			if (r->nt == 2 && r->truth[1] != tr[j + 1])
				continue;
			rs[nr++] = r;
		}
		for (int i = lo[j]; i < hi[j]; i++) {
			double c = d[j][i];
			if (c >= NEVER)
				continue;
			if (i < no && obs[i] == tr[j]) {
				double e = c + id;
				cost_span(d[j + 1], &lo[j + 1], &hi[j + 1], i + 1);
				if (e < d[j + 1][i + 1])
					d[j + 1][i + 1] = e;
			}
			if (s >= 0) {
				/* the rules that read what cell i holds, then those that read
				 * nothing */
				const uint8_t *start = ch->swe_start[s], *idx = ch->swe_idx[s];
				for (int ob = i < no ? bucket(obs[i]) : 256;; ob = 256) {
					for (int x = start[ob]; x < start[ob + 1]; x++) {
						const struct rule_ix *r = &ch->truth_ix[idx[x]];
						if (j + r->nt > nt ||
						    (r->nt == 2 && r->truth[1] != tr[j + 1]) ||
						    i + r->no > no || !rule_reads(r, obs + i))
							continue;
						cost_step(d, lo, hi, j, i, r, c);
					}
					if (ob == 256)
						break;
				}
				continue;
			}
			for (int x = 0; x < nr; x++) {
				const struct rule_ix *r = rs[x];
				if (i + r->no > no || !rule_reads(r, obs + i))
					continue;
				cost_step(d, lo, hi, j, i, r, c);
			}
		}
	}
	return no >= lo[nt] && no < hi[nt] ? d[nt][no] : NEVER;
}

/* ------------------------------------------------------------------ candidates ------ */

static int32_t lower_cp(int32_t c)
{
	return c < 128 ? (int32_t)tolower((int)c) : utf8proc_tolower(c);
}

/* Encodes cp[0..n) as UTF-8 into out (cap bytes, NUL-terminated); returns bytes or 0. */
static size_t encode(const int32_t *cp, int n, char *out, size_t cap)
{
	size_t k = 0;
	for (int i = 0; i < n; i++) {
		int32_t c = cp[i];
		if (c >= 0 && c < 0x800) { /* ASCII and the Latin letters: as utf8proc would */
			size_t m = c < 0x80 ? 1 : 2;
			if (k + m + 1 > cap)
				return 0;
			if (m == 1)
				out[k] = (char)c;
			else {
				out[k] = (char)(0xc0 | (c >> 6));
				out[k + 1] = (char)(0x80 | (c & 0x3f));
			}
			k += m;
			continue;
		}
		utf8proc_uint8_t e[4];
		utf8proc_ssize_t m = utf8proc_encode_char(c, e);
		if (m <= 0 || k + (size_t)m + 1 > cap)
			return 0;
		memcpy(out + k, e, (size_t)m);
		k += (size_t)m;
	}
	out[k] = 0;
	return k;
}

/* A candidate under construction (before it goes into the arena). */
typedef struct pcand {
	uint32_t id;
	double lp, ch;
	double pen; /* a compound part: part_lp of its use as one */
	char s[WORD_MAX * 2 + 8];
	size_t len;
	int keep, compound;
} pcand;

typedef struct clist {
	pcand c[64];
	int n;
} clist;

static void clist_add(clist *l, const pcand *c)
{
	for (int i = 0; i < l->n; i++)
		if (l->c[i].len == c->len && memcmp(l->c[i].s, c->s, c->len) == 0) {
			if (c->lp + c->ch > l->c[i].lp + l->c[i].ch || c->keep) {
				int keep = l->c[i].keep | c->keep;
				l->c[i] = *c;
				l->c[i].keep = keep;
			}
			return;
		}
	if (l->n < 64)
		l->c[l->n++] = *c;
	else {
		int worst = 0;
		for (int i = 1; i < l->n; i++)
			if (!l->c[i].keep &&
			    l->c[i].lp + l->c[i].ch < l->c[worst].lp + l->c[worst].ch)
				worst = i;
		if (!l->c[worst].keep && c->lp + c->ch > l->c[worst].lp + l->c[worst].ch)
			l->c[worst] = *c;
	}
}

/* Adds the lexicon forms of fold group g as candidates of obs, but those whose log
 * probability is below lp_floor (their channel cost, their string are not looked at). */
static void add_group(state *st, const int32_t *obs, int no, uint32_t g, double lp_floor, clist *l)
{
	const uint32_t *ids;
	uint32_t n;
	tv_lex_group(st->lx, g, &ids, &n);
	for (uint32_t i = 0; i < n && i < MAX_GROUP; i++) {
		const lex_word *w = tv_lex_word(st->lx, ids[i]);
		if (w->lp < lp_floor)
			continue;
		const char *s = tv_lex_str(st->lx, w->str);
		int32_t tr[CP_MAX + 4];
		int nt = decode(s, strlen(s), tr, CP_MAX + 4);
		if (nt <= 0)
			continue;
		double c = channel_cost(st->cur, obs, no, tr, nt);
		if (c >= NEVER / 2)
			continue;
		pcand p;
		memset(&p, 0, sizeof p);
		p.id = ids[i];
		p.lp = w->lp;
		p.ch = -c;
		p.len = strlen(s);
		if (p.len >= sizeof p.s)
			continue;
		memcpy(p.s, s, p.len + 1);
		clist_add(l, &p);
	}
}

/*
 * log P(a form is used as a compound part | it is used as one of this kind): n is how
 * many other forms of the lexicon the form begins (a modifier) or ends (a head). A part
 * that many forms share ("års", "rapport") costs next to nothing; one seen once or never
 * ("ätet", "tål") costs up to log(1 / PART_K): a compound whose parts are odd is weak
 * evidence, whether it is read back or taken as written. Forms of PART_FREE_LEN letters
 * or more may be parts although no form shows it ("restriktivitet"); shorter ones must
 * have been seen as such.
 */
static double part_lp(const state *st, uint32_t flags, uint32_t flag, int letters)
{
	int head = flag == LEXW_HEAD;
	uint32_t n = head ? lex_heads(flags) : lex_mods(flags);
	if (!(flags & flag) && letters < PART_FREE_LEN)
		return -NEVER;
	return log((n + PART_ADD) / (head ? st->hd->part_heads : st->hd->part_mods));
}

/* Whether the lexicon's string s spells cp[0..n) (and no more). */
static int spells(const char *s, const int32_t *cp, int n)
{
	size_t at = 0;
	for (int i = 0; i < n; i++) {
		unsigned char b = (unsigned char)s[at];
		if (cp[i] < 0x80) {
			if (b != cp[i])
				return 0;
			at++;
			continue;
		}
		char e[8];
		size_t m = encode(cp + i, 1, e, sizeof e);
		if (!m || strncmp(s + at, e, m) != 0)
			return 0;
		at += m;
	}
	return s[at] == 0;
}

/* The form of fold group g (LEX_NONE: none) spelt cp[0..n), or LEX_NONE: the form
 * tv_lex_find gives for cp's UTF-8, which is in the group of its fold key. The few
 * forms of the group are compared, with no string encoded nor hashed. */
static uint32_t group_form(const tv_lex *lx, uint32_t g, const int32_t *cp, int n)
{
	const uint32_t *ids;
	uint32_t k;
	if (g == LEX_NONE)
		return LEX_NONE;
	tv_lex_group(lx, g, &ids, &k);
	for (uint32_t x = 0; x < k; x++)
		if (spells(tv_lex_str(lx, tv_lex_word(lx, ids[x])->str), cp, n))
			return ids[x];
	return LEX_NONE;
}

/* A read-back part as best_part found it: the channel (its key and exact damage rate:
 * the key rounds the rate), the kind of part and its code points; its score and, when
 * not -NEVER, its reading. found 0: an empty slot. */
typedef struct part_memo {
	int found, chkey, no;
	uint32_t flag;
	double p, top;
	int32_t cp[CP_MAX + 2];
	pcand best;
} part_memo;

/* The slot of part obs[0..no) of kind flag under st->cur in the part memo. */
static part_memo *part_slot(const state *st, const int32_t *obs, int no, uint32_t flag)
{
	uint64_t h = lex_hash((const char *)obs, sizeof *obs * (size_t)no) ^ flag ^
	             (uint64_t)st->cur->key << 40;
	return &st->part_memo[h >> (64 - PART_MEMO_BITS)];
}

/* Whether slot m holds part obs[0..no) of kind flag under st->cur. */
static int part_same(const state *st, const part_memo *m, const int32_t *obs, int no, uint32_t flag)
{
	return m->found && m->no == no && m->flag == flag && m->chkey == st->cur->key &&
	       m->p == st->cur->p && memcmp(m->cp, obs, sizeof *obs * (size_t)no) == 0;
}

static double search_part(state *st, const int32_t *obs, int a, int b, uint32_t flag, pcand *best);

/* The best known form (with the channel) for the part obs[a..b) that may be a part of
 * kind flag (LEXW_MOD or LEXW_HEAD, see part_lp): its score, or -NEVER. With identity,
 * node, when not 0, is the trie node of obs[a..b)'s fold (span_reach walked it). */
static double best_part(state *st, const int32_t *obs, int a, int b, int identity, uint32_t node,
                        uint32_t flag, pcand *best)
{
	double top = -NEVER;
	int no = b - a;
	if (no < 3)
		return top;
	if (identity) {
		/* most spans are no form: the trie says so without a lookup */
		if (!node) {
			node = LEX_TRIE_ROOT;
			for (int k = a; k < b && node; k++)
				node = tv_lex_child(st->lx, node, fold_cp(obs[k]));
		}
		uint32_t id = group_form(st->lx, tv_lex_key_end(st->lx, node), obs + a, no);
		if (id == LEX_NONE)
			return top;
		char s[WORD_MAX * 2 + 8];
		size_t n = encode(obs + a, no, s, sizeof s);
		if (!n)
			return top;
		const lex_word *w = tv_lex_word(st->lx, id);
		double pen = part_lp(st, w->flags, flag, no);
		if (pen <= -NEVER)
			return top;
		if (w->flags & LEXW_PROPER)
			pen += PROPER_PART_LP;
		best->id = id;
		best->lp = w->lp;
		best->ch = 0;
		best->pen = pen;
		memcpy(best->s, s, n + 1);
		best->len = n;
		return pen;
	}
	part_memo *m = part_slot(st, obs + a, no, flag);
	if (part_same(st, m, obs + a, no, flag)) {
		if (m->top > -NEVER)
			*best = m->best;
		return m->top;
	}
	top = search_part(st, obs, a, b, flag, best);
	m->found = 1;
	m->chkey = st->cur->key;
	m->p = st->cur->p;
	m->no = no;
	m->flag = flag;
	memcpy(m->cp, obs + a, sizeof *obs * (size_t)no);
	m->top = top;
	if (top > -NEVER)
		m->best = *best;
	return top;
}

/* best_part read back: the search itself (best_part memoises it). */
static double search_part(state *st, const int32_t *obs, int a, int b, uint32_t flag, pcand *best)
{
	double top = -NEVER;
	int no = b - a;
	variants *v = st->scr_v;
	tv_search_variants(st->lx, st->cur, obs + a, no, st->cur->kind == CH_OCR ? 1 : 0, 0,
	                   LEX_NONE, v);
	clist *l = st->scr_l;
	l->n = 0;
	for (int i = 0; i < v->n; i++)
		add_group(st, obs + a, no, v->fold[i], -NEVER, l);
	int seen = 0; /* a reading the corpus wrote as a word */
	for (int i = 0; i < l->n; i++)
		seen |= (tv_lex_word(st->lx, l->c[i].id)->flags & LEXW_CORPUS) != 0;
	for (int i = 0; i < l->n; i++) {
		const lex_word *w = tv_lex_word(st->lx, l->c[i].id);
		double pen = part_lp(st, w->flags, flag, no);
		if (pen <= -NEVER)
			continue;
		/* a head that is a hunspell form the corpus never wrote, beside one it did
		 * ("planbok", "plånbok"); modifiers are stems ("smärt|upplevelsen") */
		if (seen && flag == LEXW_HEAD && !(w->flags & LEXW_CORPUS))
			pen += UNSEEN_PART_LP;
		/* a name ("Samhalls", the company) is seldom the part of a compound */
		if (w->flags & LEXW_PROPER)
			pen += PROPER_PART_LP;
		double sc = l->c[i].ch + pen;
		if (sc > top) {
			top = sc;
			*best = l->c[i];
			best->pen = pen;
		}
	}
	return top;
}

/*
 * Compound analysis of an unknown word: the split into known parts (3+ letters, the last
 * 4+, or 3 when read back and the head ends SHORT_HEAD_MIN forms: "rör", "mål") with the
 * fewest parts, then the best score; each part read back with the channel
 * unless identity is set (then each part must be a known form as written). Fills c with
 * the compound and returns 1, or returns 0 when there is no analysis.
 */
/*
 * The end of the longest run obs[i..e) whose fold is the prefix of some fold key as far
 * (a path of the trie): no form as written spans obs[i..j) for j > e. One walk per
 * start instead of a trie walk per span (compound): path[j - i] gets the node of
 * obs[i..j) for i < j <= e.
 */
static int span_reach(const state *st, const int32_t *obs, int no, int i, uint32_t *path)
{
	uint32_t node = LEX_TRIE_ROOT;
	int j = i;
	for (; j < no; j++) {
		if (!(node = tv_lex_child(st->lx, node, fold_cp(obs[j]))))
			break;
		path[j + 1 - i] = node;
	}
	return j;
}

/* Asks for what group_form reads for compound's spans from one start that may be forms
 * as written (path[m]: the trie node of the span of m code points, 3 <= m <= len): their
 * fold groups, the groups' form ids, the first forms' records, then their strings, a
 * step at a time over all the spans, so that the misses of a step overlap (a chain of
 * four misses a span, one span after another, was most of best_part's time on folded
 * text). Changes no result. */
static void prefetch_span_forms(const tv_lex *lx, const uint32_t *path, int len)
{
	enum { FORMS = 4 }; /* forms of a group asked for: group_form stops at the match */
	uint32_t g[CP_MAX + 1], n[CP_MAX + 1];
	const uint32_t *ids[CP_MAX + 1];
	int ng = 0;
	for (int m = 3; m <= len; m++)
		if ((g[ng] = tv_lex_key_end(lx, path[m])) != LEX_NONE)
			lex_prefetch(&lx->folds[g[ng++]]);
	for (int x = 0; x < ng; x++) {
		tv_lex_group(lx, g[x], &ids[x], &n[x]);
		if (n[x] > FORMS)
			n[x] = FORMS;
		if (n[x])
			lex_prefetch(ids[x]);
	}
	for (int x = 0; x < ng; x++)
		for (uint32_t k = 0; k < n[x]; k++)
			tv_lex_prefetch_word(lx, ids[x][k]);
	for (int x = 0; x < ng; x++)
		for (uint32_t k = 0; k < n[x]; k++)
			lex_prefetch(tv_lex_str(lx, tv_lex_word(lx, ids[x][k])->str));
}

/*
 * The read-back spans of compound: which parts obs[a..j) best_part's variant search
 * (gen_variants with st->cur, max_costly 1 on an OCR page, else 0, no inserts) can read
 * as a fold key. One walk from a over the rest of the word takes every step that search
 * may take (its rules at each position, found once for the whole word in the walk's
 * rule lists; a search of a shorter span takes only those that end inside it), with the
 * same trie steps; a reading of obs[a..j) needs a path to position j where a key
 * ends. So a span whose end no path reaches with an ending key reads as
 * nothing, and its search is left out. The walk counts its steps: past VARIANT_STEPS
 * every span stays open.
 */
typedef struct part_walk {
	const state *st;
	const chan *ch;
	int no;
	long steps;
	uint64_t ends; /* bit j: obs[a..j) may be read as a key */
	obs_index ix;
} part_walk;

static void walk_rec(part_walk *w, int i, int nc, uint32_t node, int costly)
{
	if (w->steps-- <= 0)
		return;
	if (tv_lex_key_end(w->st->lx, node) != LEX_NONE)
		w->ends |= (uint64_t)1 << i;
	if (i == w->no || nc >= CP_MAX + 2)
		return;
	uint32_t g;
	if (w->ix.letter[i] && (g = tv_lex_child_label(w->st->lx, node, w->ix.label[i])))
		walk_rec(w, i + 1, nc + 1, g, costly);
	int c = w->ix.letter[i] == 2;
	if (c > costly)
		return;
	for (int x = w->ix.start[i]; x < w->ix.start[i + 1]; x++) {
		const rule *r = &w->ch->rules[w->ix.rule[x]];
		if (nc + r->nt > CP_MAX + 2)
			continue;
		if ((g = trie_extend(w->st->lx, node, r->ftruth, r->nt)))
			walk_rec(w, i + r->no, nc + r->nt, g, costly - c);
	}
}

/* The walk's rule lists for obs[0..no) (as gen_variants finds them for a span). */
static void walk_prepare(part_walk *w, const state *st, const int32_t *obs, int no)
{
	const chan *ch = st->cur;
	w->st = st;
	w->ch = ch;
	w->no = no;
	tv_search_index_obs(ch, st->lx, obs, no, &w->ix);
}

/* Bit j set: best_part may read obs[a..j) back (see part_walk). */
static uint64_t part_ends(part_walk *w, int a)
{
	w->steps = VARIANT_STEPS;
	w->ends = 0;
	walk_rec(w, a, 0, LEX_TRIE_ROOT, w->ch->kind == CH_OCR ? 1 : 0);
	return w->steps <= 0 ? ~(uint64_t)0 : w->ends;
}

static int compound(state *st, const int32_t *obs, int no, int identity, pcand *c)
{
	enum { MAXP = 4 };
	if (no < 7 || no > CP_MAX)
		return 0;
	/* best[j]: the best score of obs[0..j) as parts: the sum of their log probabilities
	 * with the channel, so that fewer, commoner parts win */
	int parts[CP_MAX + 1], from[CP_MAX + 1];
	double score[CP_MAX + 1], chs[CP_MAX + 1], pens[CP_MAX + 1];
	pcand *pc = st->scr_pc; /* (CP_MAX + 1) * (CP_MAX + 1) */
	for (int j = 0; j <= no; j++)
		parts[j] = MAXP + 1, score[j] = -NEVER, from[j] = -1, chs[j] = 0, pens[j] = 0;
	parts[0] = 0;
	score[0] = 0;
	/* identity: reach[i] (span_reach), so that the spans from i that no form as written
	 * can be are not searched one by one */
	int reach[CP_MAX + 1];
	uint32_t path[CP_MAX + 1][CP_MAX + 2]; /* path[i][j - i]: the node of obs[i..j) */
	/* read back: ends[i] (part_ends) */
	uint64_t ends[CP_MAX + 1];
	part_walk *w = identity ? NULL : st->scr_walk;
	if (w)
		walk_prepare(w, st, obs, no);
	/* the parts from each start i in turn: the starts before i have given obs[0..i)
	 * its best analysis by then, and the analyses of each end j are tried in the
	 * order of their starts, as a loop over the ends would */
	for (int i = 0; i + 3 <= no; i++) {
		if (parts[i] >= MAXP || (i > 0 && from[i] < 0))
			continue;
		if (identity) {
			reach[i] = span_reach(st, obs, no, i, path[i]);
			prefetch_span_forms(st->lx, path[i], reach[i] - i);
		} else
			ends[i] = part_ends(w, i);
		/* as written, no part from i ends past reach[i], nor a part and its linking
		 * -s- one further, but for a seam that dropped a consonant (below) */
		int seam = i >= 2 && obs[i - 1] == obs[i - 2] && obs[i - 1] < 128 &&
		           !strchr("aeiouy", (int)obs[i - 1]) && is_letter(obs[i - 1]);
		int last = identity && !seam ? reach[i] + 1 : no;
		for (int j = i + 3; j <= no && j <= last; j++) {
			/* obs[i..j) may be a form (as written), or be read as one */
			int open = identity ? j <= reach[i] : (int)(ends[i] >> j & 1);
			/* a head of 3 letters only read back, and only one that ends many
			 * forms ("dricksvatten|rör", "expropriations|mål") */
			if (j == no && j - i < 4 && identity)
				continue;
			pcand *p = &pc[i * (CP_MAX + 1) + j];
			uint32_t flag = j == no ? LEXW_HEAD : LEXW_MOD;
			double s = open ? best_part(st, obs, i, j, identity,
			                            identity ? path[i][j - i] : 0, flag, p)
			                : -NEVER;
			if (j == no && j - i < 4 && s > -NEVER &&
			    (p->id == LEX_NONE ||
			     lex_heads(tv_lex_word(st->lx, p->id)->flags) < SHORT_HEAD_MIN))
				continue;
			if (s <= -NEVER && j < no && j - i >= 4 && obs[j - 1] == 's') {
				/* a linking -s- after a word: "anvisning|s|område" */
				s = (identity ? j - 1 <= reach[i] : (ends[i] >> (j - 1) & 1))
				        ? best_part(st, obs, i, j - 1, identity,
				                    identity ? path[i][j - 1 - i] : 0, LEXW_MOD, p)
				        : -NEVER;
				if (s > -NEVER && p->len + 1 < sizeof p->s) {
					p->s[p->len++] = 's';
					p->s[p->len] = 0;
					s += LINK_S_LP;
					p->pen += LINK_S_LP;
				}
			}
			if (seam) {
				/* three like consonants at a seam are written two: "process|stöd"
				 * is "processtöd", "glass|skål" "glasskål"; the part read with
				 * the one dropped */
				int32_t tmp[CP_MAX + 2];
				tmp[0] = obs[i - 1];
				memcpy(tmp + 1, obs + i, sizeof *obs * (size_t)(j - i));
				pcand q;
				double s2 = best_part(st, tmp, 0, j - i + 1, identity, 0, flag, &q);
				if (s2 > -NEVER && q.len > 1 && (s2 += ELIDED_LP) > s) {
					/* the part as written lacks the letter: drop it again */
					size_t lead = 1;
					memmove(q.s, q.s + lead, q.len + 1 - lead);
					q.len -= lead;
					q.pen += ELIDED_LP;
					*p = q;
					s = s2;
				}
			}
			if (s <= -NEVER)
				continue;
			int np = parts[i] + 1;
			double tot = score[i] + s;
			if (tot > score[j]) {
				parts[j] = np;
				score[j] = tot;
				from[j] = i;
				chs[j] = chs[i] + p->ch;
				pens[j] = pens[i] + p->pen;
			}
		}
	}
	int ok = parts[no] >= 2 && parts[no] <= MAXP && from[no] >= 0;
	if (ok) {
		int cut[MAXP + 2], k = 0;
		for (int j = no; j > 0; j = from[j])
			cut[k++] = j;
		memset(c, 0, sizeof *c);
		c->id = LEX_NONE;
		c->compound = 1;
		c->ch = chs[no];
		c->lp = COMPOUND_BASE + pens[no];
		int a = 0;
		for (int m = k - 1; m >= 0 && ok; m--) {
			const pcand *p = &pc[a * (CP_MAX + 1) + cut[m]];
			if (st->trace &&
			    tv_buf_printf(st->trace, "%s%s", m == k - 1 ? "" : "|", p->s))
				ok = 0;
			if (c->len + p->len >= sizeof c->s)
				ok = 0;
			else {
				memcpy(c->s + c->len, p->s, p->len);
				c->len += p->len;
			}
			a = cut[m];
		}
		c->s[c->len] = 0;
	}
	return ok;
}

/* Whether a lowercased word the lexicon lacks (id) shows English-OCR damage: é, a digit
 * or & among letters. */
static int symptoms(const int32_t *cp, int n, uint32_t id)
{
	int letters = 0, odd = 0;
	for (int i = 0; i < n; i++) {
		if (is_letter(cp[i]) && cp[i] != 0xe9)
			letters++;
		else if (cp[i] == 0xe9 || cp[i] == '&' || (cp[i] >= '0' && cp[i] <= '9'))
			odd++;
	}
	return odd && letters >= 1 && id == LEX_NONE;
}

/* Whether every digit of the word is something the channel's rules read as a letter. */
static int all_digits_confusable(const chan *ch, const int32_t *obs, int no)
{
	for (int i = 0; i < no; i++) {
		if (obs[i] < '0' || obs[i] > '9')
			continue;
		int ok = 0;
		for (int k = 0; k < ch->nrules && !ok; k++)
			for (int m = 0; m < ch->rules[k].no && !ok; m++)
				ok = ch->rules[k].obs[m] == obs[i];
		if (!ok)
			return 0;
	}
	return 1;
}

/* The candidates of a lone "|": itself (an unknown token) and, on a damaged page, "i",
 * which the English model reads as "|" (the OCR'd corpus pages: a capital I a third of
 * the time, a small i seldom). */
static void pipe_cands(state *st, int initial, clist *l)
{
	pcand c;
	memset(&c, 0, sizeof c);
	c.id = LEX_NONE;
	c.keep = 1;
	c.lp = PIPE_SEPARATOR_LP;
	c.s[0] = '|';
	c.len = 1;
	clist_add(l, &c);
	uint32_t id = tv_lex_find(st->lx, "i", 1);
	if (st->ch.kind != CH_OCR || id == LEX_NONE)
		return;
	memset(&c, 0, sizeof c);
	c.id = id;
	c.lp = tv_lex_word(st->lx, id)->lp;
	c.ch = -(initial ? PIPE_CAPITAL_COST : PIPE_SMALL_COST);
	c.s[0] = 'i';
	c.len = 1;
	clist_add(l, &c);
}

/* The one reading of an unknown word on a clean page that is not a sign of English OCR:
 * an initial a for å in a word that kept its other Swedish letters ("atgärder"), as a
 * Swedish-model OCR engine loses the ring of a capital Å ("Atgärdsplaner" in a region's
 * report). Only a lexicon word is proposed; the clean page's margin still decides. */
static void ring_lost_cand(state *st, const char *w, size_t wl, const int32_t *obs, int no,
                           clist *l)
{
	int swedish = 0;
	for (int i = 1; i < no; i++)
		swedish |= swe_index(obs[i]) >= 0 && SWE[swe_index(obs[i])] != 0xe9;
	if (w[0] != 'a' || !swedish || wl + 1 >= sizeof((pcand *)0)->s)
		return;
	pcand c;
	memset(&c, 0, sizeof c);
	memcpy(c.s, "\xc3\xa5", 2);
	memcpy(c.s + 2, w + 1, wl - 1);
	c.len = wl + 1;
	c.id = tv_lex_find(st->lx, c.s, c.len);
	if (c.id == LEX_NONE)
		return;
	c.lp = tv_lex_word(st->lx, c.id)->lp;
	c.ch = -RING_LOST_COST;
	clist_add(l, &c);
}

/* Builds the candidate list of one lowercased word under the block's channel. */
static void build_cands(state *st, const char *w, size_t wl, clist *l)
{
	int32_t obs[CP_MAX + 4];
	l->n = 0;
	if (w[0] == '|') { /* a lone "|": "|^" opens a sentence */
		pipe_cands(st, wl == 2, l);
		return;
	}
	int no = decode(w, wl, obs, CP_MAX);
	uint32_t id = tv_lex_find(st->lx, w, wl);
	st->cur = id == LEX_NONE ? st->unknown : &st->ch;
	pcand keep;
	memset(&keep, 0, sizeof keep);
	keep.id = id;
	keep.keep = 1;
	keep.lp = id != LEX_NONE ? tv_lex_word(st->lx, id)->lp : st->lp_unknown;
	if (id == LEX_NONE && no > UNKNOWN_SHORT)
		keep.lp += LP_UNKNOWN_LONG *
		           (no - UNKNOWN_SHORT < UNKNOWN_CAP ? no - UNKNOWN_SHORT : UNKNOWN_CAP);
	keep.len = wl < sizeof keep.s ? wl : 0;
	memcpy(keep.s, w, keep.len);
	/* a form the lexicon marks alone: the search below would give it no other candidate
	 * on any page (mklex ran it) */
	if (no <= 0 || !keep.len ||
	    (id != LEX_NONE && (tv_lex_word(st->lx, id)->flags & LEXW_ALONE))) {
		clist_add(l, &keep);
		return;
	}
	/* the word as written may itself be damaged (an å written as a): its own channel
	 * cost is that of a word whose å/ä/ö would have survived */
	int letters = 0, digits = 0;
	for (int i = 0; i < no; i++) {
		letters += is_letter(obs[i]);
		digits += obs[i] >= '0' && obs[i] <= '9';
	}
	int sym = symptoms(obs, no, id);
	if (sym)
		keep.lp += LP_SYMPTOM_EXTRA;
	/* an unknown word made of known parts as written ("kostnads|restriktivitet") is as
	 * likely as a compound read back from damage, part for part */
	pcand ic;
	if (id == LEX_NONE && !sym && st->ch.kind == CH_OCR && no >= AS_WRITTEN_MIN &&
	    compound(st, obs, no, 1, &ic) && ic.lp + AS_WRITTEN_LP > keep.lp)
		keep.lp = ic.lp + AS_WRITTEN_LP;
	clist_add(l, &keep);
	if (st->ch.kind == CH_CLEAN && !sym) {
		if (id == LEX_NONE)
			ring_lost_cand(st, w, wl, obs, no, l);
		return;
	}
	/* a digit among letters changes only on an OCR page, where the error model reads it
	 * as a letter, and at the end only after 3 letters ("milj6"): "m3", "P4", "CO2" are
	 * units and names */
	if (digits && (st->ch.kind != CH_OCR || letters < 1 || no < 2 ||
	               (obs[no - 1] >= '0' && obs[no - 1] <= '9' && letters < 3) ||
	               !all_digits_confusable(st->cur, obs, no)))
		return;
	/* a word is read back with one costly step at most (a letter read as another, a
	 * dropped letter); only an unknown word that so gives no fold key is read with two
	 * ("dtgdrden" for "åtgärden"). The readings of two steps where one gave some never
	 * changed a word of the eval sets or the bench's texts, and cost 2.4 % (known words)
	 * and 2.9 % (unknown ones) of restore's instructions on its OCR text */
	variants *v = st->scr_v; /* free again before compound uses it */
	tv_search_variants(st->lx, st->cur, obs, no, 1, no <= 6,
	                   id != LEX_NONE ? tv_lex_word(st->lx, id)->fold : LEX_NONE, v);
	if (id == LEX_NONE && v->n == 0)
		tv_search_variants(st->lx, st->cur, obs, no, 2, no <= 6, LEX_NONE, v);
	/* a known word's reading whose probability is CAND_BEAM below the word's own would
	 * fall out of get_cands' beam whatever its channel (a cost is never negative): it is
	 * not scored. (An unknown word's are: that one is found at all decides whether its
	 * compound analysis is tried) */
	double lp_floor = id != LEX_NONE ? keep.lp - CAND_BEAM : -NEVER;
	for (int i = 0; i < v->n; i++)
		add_group(st, obs, no, v->fold[i], lp_floor, l);
	/* an unknown word: a compound of known parts, read back */
	int known = 0;
	for (int i = 0; i < l->n; i++)
		known |= !l->c[i].keep && l->c[i].id != LEX_NONE;
	/* an unknown word: a compound of known parts, read back. (Whether the word as
	 * written also splits into known parts is not asked: measured, that test kept more
	 * damaged words, "pension|aren", than it saved.) */
	if (id == LEX_NONE && !known) {
		pcand c;
		if (compound(st, obs, no, 0, &c) && !(c.len == keep.len && !memcmp(c.s, w, wl)))
			clist_add(l, &c);
	}
}

/* ------------------------------------------------------------------ cache ----------- */

static void cache_clear(state *st)
{
	tv_buf_clear(&st->arena);
	tv_buf_putc(&st->arena, 0);
	memset(st->slots, 0, st->nslots * sizeof *st->slots);
	st->nused = 0;
	st->cache_gen++;
}

/* Doubles the cache's slot table (up to SLOTS_MAX); returns 0 when it stays as it is. */
static int cache_grow(state *st)
{
	if (st->nslots >= SLOTS_MAX)
		return 0;
	size_t n = st->nslots * 2, mask = n - 1;
	centry *t = calloc(n, sizeof *t);
	if (!t)
		return 0;
	for (size_t i = 0; i < st->nslots; i++) {
		if (!st->slots[i].key)
			continue;
		size_t s = (size_t)st->slots[i].hash & mask;
		while (t[s].key)
			s = (s + 1) & mask;
		t[s] = st->slots[i];
	}
	free(st->slots);
	st->slots = t;
	st->nslots = n;
	return 1;
}

static int cmp_pcand(const void *x, const void *y)
{
	const pcand *a = x, *b = y;
	if (a->keep != b->keep)
		return a->keep ? -1 : 1;
	double sa = a->lp + a->ch, sb = b->lp + b->ch;
	return sa > sb ? -1 : sa < sb;
}

/* The cache key of the lowercased word w (wl <= WORD_MAX bytes) under the block's
 * channel into key (WORD_MAX + 2 bytes): returns its length and sets *h to its hash
 * (unless h is NULL: the caller has it). */
static size_t cache_key(const state *st, const char *w, size_t wl, char *key, uint64_t *h)
{
	key[0] = (char)st->ch.key;
	key[1] = (char)(st->ch.key >> 8);
	memcpy(key + 2, w, wl);
	if (h)
		*h = lex_hash(key, wl + 2);
	return wl + 2;
}

/* The candidates of lowercased word w under the current channel: *out gets n of them,
 * the word as written first. hash, when not NULL, is the key's hash as cache_key gave it
 * under the same channel (prefetch_words has it). The pointer stays valid until the next call (the
 * arena may move); offsets into the arena stay valid until cache_clear, which runs only between
 * blocks. */
static tv_status get_cands(state *st, const char *w, size_t wl, const uint64_t *hash,
                           const cand **out, int *n)
{
	char key[WORD_MAX + 2];
	uint64_t h;
	size_t kl = cache_key(st, w, wl, key, hash ? NULL : &h);
	if (hash)
		h = *hash;
	size_t mask = st->nslots - 1;
	size_t s = (size_t)h & mask;
	for (; st->slots[s].key; s = (s + 1) & mask) {
		centry *e = &st->slots[s];
		if (e->hash == h && e->keylen == kl && !memcmp(st->arena.data + e->key, key, kl)) {
			*out = (const cand *)(const void *)(st->arena.data + e->cands);
			*n = e->n;
			return TV_OK;
		}
	}
	int store = st->nused * 2 < st->nslots;
	if (!store && cache_grow(st)) {
		store = 1;
		mask = st->nslots - 1;
		for (s = (size_t)h & mask; st->slots[s].key; s = (s + 1) & mask)
			;
	}
	clist *l = st->scr_word;
	build_cands(st, w, wl, l);
	qsort(l->c, (size_t)l->n, sizeof l->c[0], cmp_pcand);
	if (l->n > MAX_CANDS)
		l->n = MAX_CANDS;
	/* candidates far below the best one out of context are dropped: context seldom makes
	 * up CAND_BEAM, and each candidate multiplies the Viterbi's lookups */
	{
		double top = -NEVER;
		for (int i = 0; i < l->n; i++)
			if (l->c[i].lp + l->c[i].ch > top)
				top = l->c[i].lp + l->c[i].ch;
		int k = 0;
		for (int i = 0; i < l->n; i++)
			if (l->c[i].keep || l->c[i].lp + l->c[i].ch >= top - CAND_BEAM)
				l->c[k++] = l->c[i];
		l->n = k;
	}
	tv_status rc;
	size_t koff = st->arena.len;
	if ((rc = tv_buf_append(&st->arena, key, kl)))
		return rc;
	/* strings first, then the aligned cand array */
	uint32_t soff[MAX_CANDS];
	for (int i = 0; i < l->n; i++) {
		soff[i] = (uint32_t)st->arena.len;
		if ((rc = tv_buf_append(&st->arena, l->c[i].s, l->c[i].len)))
			return rc;
	}
	while (st->arena.len % 8)
		if ((rc = tv_buf_putc(&st->arena, 0)))
			return rc;
	size_t coff = st->arena.len;
	for (int i = 0; i < l->n; i++) {
		cand c = {l->c[i].id,
		          (float)l->c[i].lp,
		          (float)l->c[i].ch,
		          soff[i],
		          (uint16_t)l->c[i].len,
		          (uint8_t)l->c[i].keep,
		          (uint8_t)l->c[i].compound};
		if ((rc = tv_buf_append(&st->arena, &c, sizeof c)))
			return rc;
	}
	centry e = {h, (uint32_t)koff, (uint16_t)kl, (uint16_t)l->n, (uint32_t)coff};
	if (store) {
		st->slots[s] = e;
		st->nused++;
	}
	*out = (const cand *)(const void *)(st->arena.data + coff);
	*n = e.n;
	return TV_OK;
}

/* ------------------------------------------------------------------ language model -- */

/* log P(cur | prev) of a known pair that was seen n times (0: not kept), prev's entry
 * pw, exp(pw->lhist) as hist (read only when n > 0: a caller that has it for several
 * pairs of prev makes it once) and cur's log unigram probability cur_lp given (see lm).
 * A pair not kept has the back-off share alone, a sum of logs. */
static double lm_pair(const lex_word *pw, double cur_lp, uint32_t n, double hist)
{
	if (!n)
		return pw->lbw + cur_lp;
	return log(exp(pw->lbw + cur_lp) + (n - DISCOUNT) / hist);
}

/* log P(cur | prev) by absolutely discounted word pairs, interpolated with unigrams. */
static double lm(const state *st, uint32_t prev, uint32_t cur, double cur_lp)
{
	if (prev == LEX_NONE)
		return cur_lp;
	const lex_word *pw = tv_lex_word(st->lx, prev);
	if (pw->lhist == 0)
		return cur_lp;
	if (cur == LEX_NONE) /* an unknown word or a compound: only the back-off share */
		return pw->lbw + cur_lp;
	/* key + 1 so that an empty slot (0) never matches */
	uint64_t key = ((uint64_t)prev << 32 | cur) + 1;
	struct pair_memo *m = &st->pair_memo[lex_hash_pair(prev, cur) >> (64 - MEMO_BITS)];
	if (m->key == key)
		return m->lp;
	m->key = key;
	uint32_t n = tv_lex_pair(st->lx, prev, cur);
	m->lp = lm_pair(pw, cur_lp, n, n ? exp(pw->lhist) : 0);
	return m->lp;
}

/* The triple model's history (a, b), through a memo. */
static const lex_hist *history(const state *st, uint32_t a, uint32_t b)
{
	uint64_t key = ((uint64_t)a << 32 | b) + 1;
	struct hist_memo *m = &st->hist_memo[lex_hash_pair(b, a) >> (64 - MEMO_BITS)];
	if (m->key != key) {
		m->key = key;
		m->x = tv_lex_history(st->lx, a, b);
	}
	return m->x;
}

/* ------------------------------------------------------------------ tokens ---------- */

enum tkind { T_WORD, T_NUM, T_BREAK, T_START };

/* 20 bytes (40 before): a block's tokens (one for every 3-4 bytes of text) are walked
 * by four passes, each of them reading the whole array. */
typedef struct token {
	uint32_t off, len;  /* bytes in the block (a block is at most BLOCK_BYTES) */
	uint32_t memo;      /* its word memo slot + 1 (see memo_word), 0: none */
	uint8_t kind;       /* enum tkind */
	uint8_t caps;       /* a word of 2+ letters, all capitals */
	uint8_t acronym;    /* such a word of at most ACRONYM_MAX letters among lowercase words */
	uint8_t digit_caps; /* digits with capital letters only: "3R", "4G" (codes) */
	uint8_t pipe;       /* a "|" standing alone among words: the English model's "I" */
} token;
_Static_assert(BLOCK_BYTES < UINT32_MAX, "a token's offset fits in 32 bits");

/*
 * The word memo: what the passes over a block find out about a word from its written bytes
 * alone (estimate's evidence, mark_caps' capitals, lower_word's mixed case, decide's
 * English test), kept per written form in a direct-mapped table, so that a word the text
 * repeats is not scanned again in every pass and every block (text is Zipfian: 15 k
 * written forms make the 0.8 M words of run.sh's restore input, 87 k the OCR bench's 1 M),
 * with the form's candidates under the last WMEMO_WAYS channels (a report's blocks move
 * between a few damage rates: prose, tables, a damaged page; with one channel a third of
 * the words of run.sh's restore input went back to the cache at each change). A slot is
 * one cache line: a word seen before costs one miss, not three (184 bytes a slot before,
 * with the lowered form and the cache key's hash, which are made again where a way
 * misses: once per form and channel), and the table stays in the last-level cache far
 * more. 2^18 slots (16 MB, memo_map: a short text touches few pages): with 2^17, on the
 * OCR bench's 1 M words, 23 k words found their slot held by another form of their block
 * (scanned again without the memo) and 135 k went to the candidate cache; with 2^18,
 * none and 111 k (1.2 % fewer instructions, 8 MB more).
 */
#define WMEMO_BITS  18
#define WMEMO_SLOTS ((size_t)1 << WMEMO_BITS)
#define WMEMO_BYTES 32 /* written forms up to this many bytes are memoised */
#define WMEMO_WAYS  4
enum {               /* a slot's flags */
       WM_MIXED = 1, /* lower_word's mixed case */
       WM_SW = 2,    /* estimate: å/ä/ö written */
       WM_SYM = 4,   /* and an OCR symptom in an unknown word */
       WM_CAPS = 8,  /* mark_caps, before the neighbours are seen */
       WM_ACRONYM = 16,
       WM_DIGIT_CAPS = 32,
       WM_ENGLISH = 64 /* decide: a listed English word (english_token) */
};
typedef struct wmemo {
	char s[WMEMO_BYTES]; /* the written form */
	uint32_t check;      /* memo_hash's low 32 bits: most other forms differ there */
	uint32_t cgen;       /* the cache generation (cache_clear) of the ways */
	/* the form's candidates in the cache arena under channel key way_key[k] - 1 (0: the
	 * way is empty): offset << 4 | count (get_cands) */
	uint32_t way[WMEMO_WAYS];
	uint8_t way_key[WMEMO_WAYS];
	uint8_t len;      /* bytes written + 1 (0: an empty slot) */
	uint8_t block;    /* the last block (wm_block, mod 256) whose tokens use the slot */
	uint8_t next_way; /* the way a channel not held takes (round robin) */
	uint8_t flags;    /* WM_* */
} wmemo;
_Static_assert(sizeof(wmemo) == 64, "a word memo slot is one cache line");
_Static_assert(CACHE_MAX * 2 <= (size_t)1 << 28 && MAX_CANDS < 16,
               "a way holds an arena offset and a count in 32 bits");

/* Top-level domains that mark a web address. */
static const char *const tlds[] = {".se", ".com", ".nu", ".org", ".net", ".eu",   ".gov", ".io",
                                   ".fi", ".dk",  ".no", ".de",  ".uk",  ".info", NULL};

/* What Markdown escapes with a backslash (the backslash itself aside: "\\server" is a
 * path). */
#define MD_ESCAPED "*_#`[](){}<>!+-.|~"

/* Whether the whitespace-delimited chunk s[0..n) is a URL, e-mail address, path or code,
 * to be left exactly as it is. */
static int protected_chunk(const char *s, size_t n)
{
	/* the bytes without which none of the tests below can say yes: most chunks are
	 * plain words and are done with one look at each byte */
	static const unsigned char marks[256] = {
	    ['@'] = 1, ['\\'] = 1, ['_'] = 1, ['='] = 1, ['#'] = 1,
	    ['~'] = 1, ['<'] = 1,  ['>'] = 1, ['/'] = 1, ['.'] = 1};
	size_t m = 0;
	while (m < n && !marks[(unsigned char)s[m]])
		m++;
	if (m == n)
		return 0;
	int digit = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		/* a Markdown escape ("\*Omfördelning", "\_") is no path */
		if (c == '\\' && i + 1 < n && s[i + 1] != '\\' && s[i + 1] &&
		    strchr(MD_ESCAPED, s[i + 1])) {
			i++;
			continue;
		}
		if (c == '@' || c == '\\' || c == '_' || c == '=' || c == '#' || c == '~' ||
		    c == '<' || c == '>')
			return 1;
		if (c == '/' && (digit || memchr(s, '.', n) || (i + 1 < n && s[i + 1] == '/')))
			return 1;
		digit |= c >= '0' && c <= '9';
	}
	for (size_t i = 0; i < n; i++)
		if (s[i] == '/' && digit)
			return 1;
	if (n >= 4 && !strncmp(s, "www.", 4))
		return 1;
	/* name.tld with the tld ending the chunk (before closing punctuation) */
	size_t e = n;
	while (e > 0 && strchr(".,;:!?)\"'", s[e - 1]))
		e--;
	/* every domain listed is a dot and 2-4 letters: no dot there, no domain */
	int dot = 0;
	for (size_t k = 3; k <= 5 && k <= e; k++)
		dot |= s[e - k] == '.';
	for (int t = 0; dot && tlds[t]; t++) {
		size_t tl = strlen(tlds[t]);
		if (e > tl + 1 && !strncmp(s + e - tl, tlds[t], tl) &&
		    isalnum((unsigned char)s[e - tl - 1]))
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ the block ------- */

typedef struct change {
	uint32_t off, len; /* the word in the block (as its token has it) */
	uint32_t str;      /* the reading: its lowercase form in the cache arena, whose
	                    * offsets stay valid for the block (cache_clear runs between blocks) */
	uint16_t str_len;
	uint8_t pipe_i; /* a lone "|" read as "i" that opens a sentence: its capital */
	uint8_t compound;
	uint8_t initial; /* first word of its segment (asked only of a word that does not
	                    begin with a small ASCII letter: apply_case reads it for a capital) */
	uint8_t proper;  /* the restored word is a name */
	double margin;   /* over the word as written: the log's confidence is its logistic */
} change;

/* Applies the case of the written word to the restored lowercase form: a capital stays a
 * capital ("ARETS" -> "ÅRETS", "Arets" -> "Årets"), with one exception. In an OCR'd text
 * (ocr: the OCR channel, or a fold page of an input that has shown OCR symptoms) an
 * initial capital whose letter changes (O or A read for ö, ä) inside a line, after a word
 * that does not end a sentence ("går Over allteftersom"), is a small letter unless the
 * word is a name: the English model reads a small ö or ä as a capital (on held-out corpus
 * pages such a mid-line capital stood for a small letter twice as often as for a capital,
 * and those capitals were names). Not a small å: the model reads it "a", so a capital A
 * for å is a capital ("Sveriges Åkeriföretag", "§ 55 Årsrapport"; on the dev and held-out
 * OCR pages 4 of 29 mid-line A read as å were small). initial says the word opens its
 * segment or its line. Folding keeps case, so there a capital always stays. */
/* Whether c is a capital: a letter that lowercases to another (as utf8proc says; ASCII
 * without the call). */
static int is_capital(int32_t c)
{
	if (c < 128)
		return c >= 'A' && c <= 'Z';
	return utf8proc_toupper(c) == c && utf8proc_tolower(c) != c;
}

/* The capital of c (utf8proc_toupper; ASCII without the call). */
static int32_t upper_cp(int32_t c)
{
	if (c < 128)
		return c >= 'a' && c <= 'z' ? c - 32 : c;
	return utf8proc_toupper(c);
}

static void apply_case(const char *orig, size_t ol, const char *low, size_t ll, int initial,
                       int proper, int ocr, tv_buf *b)
{
	/* a written word without a capital (ASCII but A-Z, and U+00E0..U+00FF, none of them
	 * a capital) gives the reading as it is: no capital to carry over, and the decoding
	 * and encoding below give back the same bytes (most changes: "pa" -> "på") */
	size_t k0 = 0;
	for (; k0 < ol; k0++) {
		unsigned char c = (unsigned char)orig[k0];
		if (c >= 'A' && c <= 'Z')
			break;
		if (c >= 0x80) {
			if (c != 0xc3 || k0 + 1 >= ol || (unsigned char)orig[k0 + 1] < 0xa0 ||
			    (unsigned char)orig[k0 + 1] > 0xbf)
				break;
			k0++;
		}
	}
	if (k0 == ol) {
		tv_buf_append(b, low, ll);
		return;
	}
	int32_t o[CP_MAX + 4], w[CP_MAX + 8];
	int no = decode(orig, ol, o, CP_MAX + 4), nw = decode(low, ll, w, CP_MAX + 8);
	if (no <= 0 || nw <= 0) {
		tv_buf_append(b, low, ll);
		return;
	}
	int upper = 0, letters = 0;
	for (int i = 0; i < no; i++)
		if (is_letter(o[i]) && o[i] != 0xe9) {
			letters++;
			upper += is_capital(o[i]);
		}
	int first = is_capital(o[0]);
	/* an OCR capital I (or 1, |) read for a small l is not a capital */
	if ((o[0] == 'I' || o[0] == '1' || o[0] == '|') && w[0] == 'l' && no > 1 &&
	    (o[1] < 128 ? !(o[1] >= 'A' && o[1] <= 'Z') : utf8proc_tolower(o[1]) == o[1]))
		first = 0;
	int all = letters >= 2 && upper == letters;
	if (first && !all && !initial && !proper && ocr && lower_cp(o[0]) != w[0] && w[0] != 0xe5)
		first = 0;
	/* the word is encoded at once (each code point through put_cp before: the same bytes) */
	char out[(CP_MAX + 8) * 4 + 1];
	for (int i = 0; i < nw; i++)
		if (all || (i == 0 && first))
			w[i] = upper_cp(w[i]);
	size_t k = encode(w, nw, out, sizeof out);
	if (k)
		tv_buf_append(b, out, k);
	else /* a code point utf8proc does not encode: as put_cp did, it is left out */
		for (int i = 0; i < nw; i++)
			put_cp(b, w[i]);
}

/* A cursor that turns increasing block offsets into line numbers and columns, so the
 * audit log costs one pass over the block whatever the number of changes. */
typedef struct where {
	size_t off;              /* the block offset it stands at */
	unsigned long line, col; /* that offset's line and column (1-based, characters) */
} where;

/* Line number and column (1-based, in characters) of block offset off >= w->off. */
static void position(const state *st, where *w, size_t off, unsigned long *line, unsigned long *col)
{
	const char *s = st->block.data;
	/* the column is counted on as the cursor moves (counted again from the line's start
	 * at each change before: a long line with many changes cost its length each) */
	for (; w->off < off; w->off++)
		if (s[w->off] == '\n')
			w->line++, w->col = 1;
		else
			w->col += ((unsigned char)s[w->off] & 0xc0) != 0x80;
	*line = w->line;
	*col = w->col;
}

static size_t lower_word(const char *w, size_t n, char *out, size_t cap, int *mixed);

/* estimate's evidence of one written word w[0..n) (n >= 2): *sw: it has å, ä or ö; *sym:
 * it shows an English-OCR symptom (a capital after a small letter, é, & or a digit among
 * 2 or more letters) and the lexicon lacks it. */
static void word_evidence(const state *st, const char *wd, size_t n, int *sw_out, int *sym_out)
{
	const unsigned char *w = (const unsigned char *)wd;
	int sw = 0, odd = 0, letters = 0, small = 0;
	for (size_t j = 0; j < n; j++) {
		unsigned char c = w[j];
		/* a capital after a small letter: the English model's ö ("mOjlighet") */
		odd |= small && c >= 'A' && c <= 'Z';
		small = c >= 'a' && c <= 'z';
		if (c == 0xc3 && j + 1 < n) {
			unsigned char d = w[++j];
			/* å ä ö Å Ä Ö; é É */
			sw |= d == 0xa5 || d == 0xa4 || d == 0xb6 || d == 0x85 || d == 0x84 ||
			      d == 0x96;
			odd |= d == 0xa9 || d == 0x89;
			letters++;
		} else if (c >= 0x80)
			letters += (c & 0xc0) == 0xc0;
		else if (is_letter(c))
			letters++;
		else
			odd |= c == '&' || (c >= '0' && c <= '9');
	}
	*sw_out = sw;
	*sym_out = 0;
	if (odd && letters >= 2) {
		char low[WORD_MAX * 2 + 8];
		int mixed;
		size_t ll =
		    n <= WORD_MAX ? lower_word((const char *)w, n, low, sizeof low, &mixed) : 0;
		*sym_out = ll && tv_lex_find(st->lx, low, ll) == LEX_NONE;
	}
}

/* Estimates the block's damage from its words (words of 2 bytes or more, those with
 * å/ä/ö written, those with OCR symptoms: word_evidence, counted by scan_words) and the
 * document so far; sets st->ch. */
static void estimate(state *st, double words, double swedish, double sym)
{
	st->doc_words = st->doc_words * 0.5 + words;
	st->doc_swedish = st->doc_swedish * 0.5 + swedish;
	st->doc_symptoms = st->doc_symptoms * 0.5 + sym;
	st->ocr_evidence += sym;
	if (st->forced >= 0) {
		set_channel(st, (enum channel)st->forced, 1);
		return;
	}
	double W = st->doc_words, A = st->doc_swedish, S = st->doc_symptoms;
	double expect = st->hd->swedish > 0.05 ? st->hd->swedish : 0.25;
	double share = W > 0 ? A / W / expect : 0;
	/* little evidence and nothing written with å/ä/ö: assume folded */
	if (A == 0 || share < CLEAN_SHARE) {
		double p = A == 0 ? 1 : 1 - share;
		int ocr = (S >= 1 && S >= 0.002 * W) || st->ocr_evidence >= OCR_DOCUMENT;
		set_channel(st, ocr ? CH_OCR : CH_FOLD, p);
	} else
		set_channel(st, CH_CLEAN, 1);
}

/* Whether the line s[0..n), which starts with "|", is a Markdown table row: it ends with
 * "|" too (as the tables stage writes them). "| framtiden kommer" (OCR of "I framtiden")
 * is not. */
static int table_row(const char *s, size_t n)
{
	while (n > 1 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n == 1 || s[n - 1] == '|';
}

/* The number of "|" standing alone between blanks inside the line s[0..n) (not at its
 * start or end), or NEVER_PIPE when the line holds no letter (a ruling). */
#define NEVER_PIPE     1000
#define LONE_UNCOUNTED 1001 /* tokenize: not counted yet */
static size_t lone_pipes(const char *s, size_t n)
{
	size_t k = 0;
	int letters = 0;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	for (size_t i = 0; i < n; i++) {
		/* isalpha of the C locale (no setlocale), without its table lookup */
		letters |=
		    ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') || (unsigned char)s[i] >= 0xc0;
		k += s[i] == '|' && i > 0 && i + 1 < n && (s[i - 1] == ' ' || s[i - 1] == '\t') &&
		     (s[i + 1] == ' ' || s[i + 1] == '\t');
	}
	return letters ? k : NEVER_PIPE;
}

/* The last byte of the line s[0..n) but trailing spaces (0 for none). */
static int line_last(const char *s, size_t n)
{
	while (n > 0 &&
	       (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\f'))
		n--;
	return n ? (unsigned char)s[n - 1] : 0;
}

/* Whether the blank line at block offset a (n: the block's length) sits inside a
 * sentence: the line with text before it (last: its last byte) ends in a letter, a digit
 * or a comma, and the next line with text begins with a small letter. OCR engines
 * break a page's text into blocks with blank lines between them wherever the layout
 * suggests it ("spelade en" / "" / "betydande roll"): 713 such breaks in the 17,800
 * words of the press OCR pages. The sentence's words stay one segment for the model. */
static int open_sentence(const char *s, size_t a, size_t n, int last)
{
	if (!(last == ',' || (last >= 'a' && last <= 'z') || (last >= '0' && last <= '9') ||
	      last >= 0x80))
		return 0;
	while (a < n &&
	       (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' || s[a] == '\f' || s[a] == '\n'))
		a++;
	if (a >= n)
		return 0;
	utf8proc_int32_t c;
	if (next_cp(s + a, n - a, &c) <= 0)
		return 0;
	return is_letter(c) && lower_cp(c) == c;
}

/* The byte classes tokenize reads (one table look per byte instead of a comparison each):
 * TB_SPACE ends a chunk; TB_MARK is a byte without which protected_chunk cannot say yes;
 * TB_LETTER, TB_DIGIT, TB_AMP are the ASCII bytes of a word; TB_HIGH a byte of a UTF-8
 * sequence (decoded, and its code point asked is_letter). */
enum { TB_SPACE = 1, TB_MARK = 2, TB_LETTER = 4, TB_DIGIT = 8, TB_AMP = 16, TB_HIGH = 32 };
static const unsigned char tok_class[256] = {
    0,  0,  0,  0,  0,  0,  0,  0,  0,  1,  0,  0,  1,  1,  0,  0, /* \t \f \r */
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  1,  0,  0,  2,  0,  0,
    16, 0,  0,  0,  0,  0,  0,  0,  2,  2,                         /* space # & . / */
    8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  0,  0,  2,  2,  2,  0, /* 0-9 < = > */
    2,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4, /* @ A-O */
    4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  0,  2,  0,  0,  2, /* P-Z \ _ */
    0,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4, /* a-o */
    4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  0,  0,  0,  2,  0, /* p-z ~ */
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32};

#if defined(__SSE2__)
/* The bytes among the 16 at p that tokenize's skip over a table cell stops at: an ASCII
 * letter (TB_LETTER), a byte from 0x80 (TB_HIGH, negative as a signed byte) or a "|",
 * as a bit mask (bit k for p[k]). */
static inline unsigned cell_stop16(const unsigned char *p)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i y = _mm_or_si128(x, _mm_set1_epi8(0x20)); /* A-Z onto a-z */
	__m128i stop = _mm_and_si128(_mm_cmpgt_epi8(y, _mm_set1_epi8('a' - 1)),
	                             _mm_cmplt_epi8(y, _mm_set1_epi8('z' + 1)));
	stop = _mm_or_si128(stop, _mm_cmpeq_epi8(x, _mm_set1_epi8('|')));
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(stop, x));
}
#endif

/* Where the letterless run of a table row's cell that starts at s[k] ends, the line
 * ending at e: at the first letter or byte from 0x80, at a "|" standing alone between
 * blanks (or before the line's end), or at e. With SSE2, 16 bytes a look (on run.sh's
 * input, the numbers of the table cells were a fifth of tokenize's instructions). */
static size_t cell_end(const char *s, size_t k, size_t e)
{
	for (;;) {
#if defined(__SSE2__)
		if (e >= 16)
			k = tv_scan16((const unsigned char *)s, k, e, cell_stop16);
		else
#endif
			while (k < e && !(tok_class[(unsigned char)s[k]] & (TB_LETTER | TB_HIGH)) &&
			       s[k] != '|')
				k++;
		if (k == e || s[k] != '|' ||
		    ((tok_class[(unsigned char)s[k - 1]] & TB_SPACE) &&
		     (k + 1 == e || (tok_class[(unsigned char)s[k + 1]] & TB_SPACE))))
			return k;
		k++;
	}
}

/* The end of the word (letters, digits, &) that starts at s[j] (j itself: none), its
 * line ending at e; *kinds gets the TB_LETTER and TB_DIGIT bits of what it holds. A code
 * point past ASCII is a letter's or ends the word (none is a digit nor &), as bad UTF-8
 * does. */
static inline size_t word_end(const char *s, size_t j, size_t e, unsigned *kinds)
{
	unsigned k = 0;
	while (j < e) {
		unsigned c = tok_class[(unsigned char)s[j]];
		if (c & (TB_LETTER | TB_DIGIT | TB_AMP)) {
			k |= c;
			j++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t m;
		if (!(c & TB_HIGH) || (m = next_cp(s + j, e - j, &cp)) <= 0 || !is_letter(cp))
			break;
		k |= TB_LETTER;
		j += (size_t)m;
	}
	*kinds = k;
	return j;
}

/* The token of a word whose bytes have the classes kinds (word_end): a word with a
 * letter, a number (a decimal or grouped one stays one: 6,7 and 2024:123), else a break
 * ("&" alone). */
static inline enum tkind word_kind(unsigned kinds)
{
	return kinds & TB_LETTER ? T_WORD : kinds & TB_DIGIT ? T_NUM : T_BREAK;
}

/* The token list tokenize builds. A run of tokens between two segment starts that holds
 * no word (the numbers, signs and rulings of a table's cells, "| -463 | 26 487 |") is
 * dropped as the next start comes, the starts kept: every later pass would step over its
 * tokens for nothing (a segment without a word has no choice to make: decide returns at
 * once), and no pass looks across a start but to the start itself (sentence_initial,
 * cue_scores: the token just before a word) or to the nearest word (mark_caps). */
typedef struct toklist {
	tv_buf *b;
	size_t run;    /* bytes of b up to and with the last start */
	int run_words; /* a word since then */
} toklist;

/* Room for the tokens of a line of n bytes: each token but a start holds a byte of it,
 * and a line gives at most three starts that hold none (its own, a table row's two). */
static inline tv_status tok_room(toklist *l, size_t n)
{
	return tv_buf_reserve(l->b, (n + 3) * sizeof(token));
}

/* Adds a token; the room was reserved (tok_room), so it is written in place. */
static inline tv_status tok_add(toklist *l, size_t off, size_t len, enum tkind kind, int pipe)
{
	if (kind == T_START) {
		if (!l->run_words)
			l->b->len = l->run;
		l->run_words = 0;
	} else
		l->run_words |= kind == T_WORD;
	token *t = (token *)(void *)(l->b->data + l->b->len);
	t->off = (uint32_t)off;
	t->len = (uint32_t)len;
	t->kind = (uint8_t)kind;
	t->caps = t->acronym = t->digit_caps = 0;
	t->pipe = (uint8_t)pipe;
	t->memo = 0;
	l->b->len += sizeof *t;
	if (kind == T_START)
		l->run = l->b->len;
	return TV_OK;
}

/* Splits the block into tokens (words, numbers, breaks, segment starts). */
static tv_status tokenize(state *st, tv_buf *toks)
{
	const char *s = st->block.data;
	size_t n = st->block.len, i = 0;
	tv_status rc;
	toklist l = {toks, 0, 1};
	if ((rc = tok_room(&l, 0)) || (rc = tok_add(&l, 0, 0, T_START, 0)))
		return rc;
	int last = 0;  /* the last byte but spaces of the last line with text (0: none yet) */
	st->width = 0; /* the block's longest line, found on the way */
	while (i < n) {
		/* a line: comment lines pass through; table rows break at every cell */
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n;
		if (e - i > st->width)
			st->width = e - i;
		if ((rc = tok_room(&l, e - i)))
			return rc;
		size_t a = i;
		while (a < e && (s[a] == ' ' || s[a] == '\t' || s[a] == '\f'))
			a++;
		int comment = e - a >= 4 && !memcmp(s + a, "<!--", 4);
		int table = a < e && s[a] == '|' && table_row(s + a, e - a);
		int blank = a == e;
		/* a "|" standing alone in a line that is not a table row: the English model
		 * reads a capital I so a third of the time ("januari 2024, § 6. | planen");
		 * two or more inside one line are separators ("Hem | Om oss | Kontakt"). They
		 * are counted at the line's first "|" chunk: most lines have none, and a search
		 * of every line for a "|" cost more than the count */
		size_t lone = table ? NEVER_PIPE : LONE_UNCOUNTED;
		if (blank && open_sentence(s, a, n, last)) {
			i = e + 1;
			continue;
		}
		if (comment || blank) {
			if ((rc = tok_add(&l, a, 0, T_START, 0)))
				return rc;
			i = e + 1;
			continue;
		}
		if (table) {
			if ((rc = tok_add(&l, a, 0, T_START, 0)))
				return rc;
			/* a row without a letter ("| -463 | 26 487 |", a ruling) holds no word:
			 * its tokens would all be dropped but the starts, and its two starts are
			 * all that a later pass can tell from them (see toklist) */
			size_t k = a;
			while (k < e && !(tok_class[(unsigned char)s[k]] & (TB_LETTER | TB_HIGH)))
				k++;
			if (k == e) {
				if ((rc = tok_add(&l, e, 0, T_START, 0)))
					return rc;
				last = 0;
				i = e + 1;
				continue;
			}
		}
		size_t j = a;
		while (j < e) {
			unsigned cls = tok_class[(unsigned char)s[j]];
			if (cls & TB_SPACE) {
				j++;
				continue;
			}
			/* the word that opens the chunk is read as the chunk's end is sought, so
			 * that a chunk that is a word is read once (no byte of a word is a space
			 * or one of protected_chunk's marks) */
			unsigned kinds = 0;
			size_t w = word_end(s, j, e, &kinds), ce = w;
			if (w > j && (w == e || (tok_class[(unsigned char)s[w]] & TB_SPACE))) {
				/* the chunk is that word (most are): none of the steps below
				 * but the word's own token applies to it */
				if ((rc = tok_add(&l, j, w - j, word_kind(kinds), 0)))
					return rc;
				j = w;
				continue;
			}
			unsigned seen = 0; /* the classes of the chunk's bytes past that word */
			while (ce < e && !((cls = tok_class[(unsigned char)s[ce]]) & TB_SPACE)) {
				seen |= cls;
				ce++;
			}
			if (table && ce - j == 1 && s[j] == '|') {
				/* a cell's "|" in a table row: a start, as the steps below make it.
				 * A cell after it without a letter ("| -463 |", "| 26 487 |") holds
				 * no word: its numbers and signs would be dropped as the next "|"
				 * comes and its marks (". :") are starts in a row of starts (see
				 * toklist), so the cell is stepped over to the next "|" standing
				 * alone */
				tok_add(&l, j, 1, T_START, 0);
				size_t k = cell_end(s, ce, e);
				j = k < e && s[k] == '|' ? k : ce;
				continue;
			}
			if (ce - j == 1 && s[j] == '|' && lone == LONE_UNCOUNTED)
				lone = lone_pipes(s + a, e - a);
			if (ce - j == 1 && s[j] == '|' && lone != NEVER_PIPE &&
			    (lone == 1 || j == a || ce == e ||
			     (ce < e && e - ce <= 1 && s[ce] == '\r'))) {
				if ((rc = tok_add(&l, j, 1, T_WORD, 1)))
					return rc;
				j = ce;
				continue;
			}
			/* a chunk without any of protected_chunk's marks is not protected (its
			 * first look says so) */
			if ((seen & TB_MARK) && protected_chunk(s + j, ce - j)) {
				if ((rc = tok_add(&l, j, ce - j, T_BREAK, 0)))
					return rc;
				j = ce;
				continue;
			}
			/* inside a chunk: words (letters, digits, &), punctuation */
			while (j < ce) {
				if (w > j) {
					if ((rc = tok_add(&l, j, w - j, word_kind(kinds), 0)))
						return rc;
					j = w;
					if (j == ce)
						break;
				}
				utf8proc_int32_t cp = (unsigned char)s[j];
				utf8proc_ssize_t m = 1;
				if (cp >= 0x80 && (m = next_cp(s + j, ce - j, &cp)) <= 0) {
					if ((rc = tok_add(&l, j, 1, T_BREAK, 0)))
						return rc;
					j++;
					w = word_end(s, j, ce, &kinds);
					continue;
				}
				enum tkind k = (cp == '.' || cp == '!' || cp == '?' || cp == ':' ||
				                cp == ';' || cp == '|')
				                   ? T_START
				                   : T_BREAK;
				if ((rc = tok_add(&l, j, (size_t)m, k, 0)))
					return rc;
				j += (size_t)m;
				w = word_end(s, j, ce, &kinds);
			}
		}
		if (table && (rc = tok_add(&l, e, 0, T_START, 0)))
			return rc;
		last = comment || table ? 0 : line_last(s + a, e - a);
		i = e + 1;
	}
	if (!l.run_words)
		toks->len = l.run;
	toks->data[toks->len] = '\0'; /* a tv_buf's ending (tok_add writes in place) */
	return TV_OK;
}

/* For an ASCII word of at most CP_MAX bytes: counts its letters and capitals into
 * *letters and *upper and returns its length; -1 (nothing counted) for any other. */
static int ascii_caps(const char *w, size_t n, int *letters, int *upper)
{
	if (n > CP_MAX)
		return -1;
	int l = 0, u = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];
		if (c & 0x80)
			return -1;
		l += (unsigned)((c | 32) - 'a') < 26;
		u += c >= 'A' && c <= 'Z';
	}
	*letters = l;
	*upper = u;
	return (int)n;
}

/* Marks all-capital words, and those short ones among lowercase neighbours (acronyms:
 * "SLA", "USO" are not folded "SLÅ", "USÖ"). */
/* mark_caps' flags of one written word w[0..n), before its neighbours are seen. */
static void word_caps(const char *w, size_t n, int *caps, int *digit_caps, int *acronym)
{
	int letters = 0, upper = 0, k = ascii_caps(w, n, &letters, &upper);
	if (k < 0) {
		int32_t cp[CP_MAX + 4];
		k = decode(w, n, cp, CP_MAX);
		for (int j = 0; j < k; j++)
			if (is_letter(cp[j])) {
				letters++;
				upper += lower_cp(cp[j]) != cp[j];
			}
	}
	/* an & that ends a word is OCR's å or ä ("D&" is "Då"); a code has its & between
	 * letters ("R&D", "AT&T"). (A leading one stays a code mark: "&R" would be "ÄR",
	 * but apply_case sees no capital before the R.) */
	int end_amp = n > 1 && w[n - 1] == '&';
	*caps = k > 0 && letters >= 2 && upper == letters;
	*digit_caps = letters > 0 && upper == letters && letters < k - end_amp;
	*acronym = *caps && letters <= ACRONYM_MAX;
}

/* (word_caps has set each word's flags: scan_words) */
static void mark_caps(token *t, size_t nt)
{
	for (size_t i = 0; i < nt; i++) {
		if (!t[i].acronym)
			continue;
		size_t a = i, b = i;
		int near = 0;
		while (a > 0 && t[--a].kind != T_WORD)
			;
		while (b + 1 < nt && t[++b].kind != T_WORD)
			;
		near |= a != i && t[a].kind == T_WORD && t[a].caps;
		near |= b != i && t[b].kind == T_WORD && t[b].caps;
		t[i].acronym = !near;
	}
}

/* One Viterbi position: the candidates of one word (or the fixed <num>). */
typedef struct pos {
	size_t tok;    /* index of the token */
	const cand *c; /* set when the segment is decided (the arena may move before) */
	size_t coff;   /* the candidates in the cache arena, or */
	int fixed;     /* 1: the one candidate is num */
	int n;
	cand num; /* storage for a fixed candidate */
	/* second-order Viterbi: state (j, k) is candidate j at the previous position and k
	 * here; a: best score of the prefix ending in that state, b: of what follows it */
	double a[MAX_CANDS][MAX_CANDS], b[MAX_CANDS][MAX_CANDS];
	/* log P(k here | h two back, j one back), when it matters (0 when nothing varies) */
	float tr[MAX_CANDS][MAX_CANDS][MAX_CANDS];
	/* the triple history (h two back, j one back), or NULL: prefetch_triples finds it
	 * for the transitions into a position that varies, and decide takes it from here */
	const lex_hist *hist[MAX_CANDS][MAX_CANDS];
	/* log P(k here | j one back) of the pair model (lm), where the position is adjacent
	 * to the one before and varies: prepare_pairs fills it in */
	double l2[MAX_CANDS][MAX_CANDS];
	int nj;           /* states' first dimension: candidates one back when adjacent, else 1 */
	int usable;       /* the word may change (not mixed case, not too long) */
	int mixed;        /* mixed case: see capitals_are_damage */
	int proper_only;  /* an acronym: only into a name */
	int sure;         /* the word as written was dropped for its one reading (word_pos) */
	int keep_dropped; /* or for its readings, which the Viterbi pass chooses from */
	float keep_score; /* then: that word's lp + ch, the change's margin is over */
	float cx[MAX_CANDS]; /* log-likelihood of the wider context (see context_scores) */
	int scored;          /* context_rows: its readings are rival corpus words */
	unsigned ctxk;       /* context_rows: bit k set when reading k has context rows
	                      * (LEXW_CTX); set where n > 1 and usable */
	int vary;            /* decide: transition_varies, once a segment */
} pos;

/* lower_word for a word of ASCII and two-byte UTF-8 sequences of U+00C0..U+00FF only (the
 * Swedish letters): the same result without decoding, or (size_t)-1 for any other word.
 * Capitals there are U+00C0..U+00DE but for U+00D7 (×), a small letter is 0x20 above its
 * capital; U+00D7 and U+00F7 (÷) are no letters. */
static size_t lower_latin1(const char *w, size_t n, char *out, size_t cap, int *mixed)
{
	int lower_seen = 0, upper_inside = 0, lead = 0, cps = 0;
	size_t k = 0;
	for (size_t i = 0; i < n; i++, cps++) {
		unsigned char c = (unsigned char)w[i];
		int upper, letter;
		if (c < 0x80) {
			upper = c >= 'A' && c <= 'Z';
			letter = (unsigned)((c | 32) - 'a') < 26;
			if (k + 2 > cap)
				return (size_t)-1;
			out[k++] = (char)(upper ? c + 32 : c);
		} else {
			unsigned char d = i + 1 < n ? (unsigned char)w[i + 1] : 0;
			if (c != 0xc3 || d < 0x80 || d > 0xbf || k + 3 > cap)
				return (size_t)-1;
			upper = d <= 0x9e && d != 0x97;
			letter = d != 0x97 && d != 0xb7;
			out[k++] = (char)c;
			out[k++] = (char)(upper ? d + 0x20 : d);
			i++;
		}
		if (upper && cps > 0 && lower_seen)
			upper_inside = 1;
		if (upper && !lower_seen)
			lead++;
		if (!upper && letter)
			lower_seen = 1;
	}
	if (cps > CP_MAX) /* as decode: too long to handle */
		return 0;
	out[k] = 0;
	*mixed = upper_inside || (lead >= 2 && lower_seen);
	return k;
}

/* Lowercases a word into out; returns 0 when it cannot be handled (too long, bad). *mixed
 * is set for a capital after a small letter ("mOjligt", "eRe") or a run of capitals
 * before small letters ("NATtester", an acronym's compound). */
static size_t lower_word(const char *w, size_t n, char *out, size_t cap, int *mixed)
{
	size_t a = 0;
	while (a < n && !((unsigned char)w[a] & 0x80))
		a++;
	if (a < n) { /* Latin-1 letters (å ä ö é É): the next most common */
		size_t r = lower_latin1(w, n, out, cap, mixed);
		if (r != (size_t)-1)
			return r;
	}
	if (a == n && n < cap) { /* ASCII: the common case */
		int lower_seen = 0, upper_inside = 0, lead = 0;
		for (size_t i = 0; i < n; i++) {
			char c = w[i];
			if (c >= 'A' && c <= 'Z') {
				upper_inside |= i > 0 && lower_seen;
				lead += !lower_seen;
				c = (char)(c + 32);
			} else if (c >= 'a' && c <= 'z')
				lower_seen = 1;
			out[i] = c;
		}
		out[n] = 0;
		*mixed = upper_inside || (lead >= 2 && lower_seen);
		return n;
	}
	int32_t cp[CP_MAX + 4];
	int k = decode(w, n, cp, CP_MAX);
	if (k <= 0)
		return 0;
	int upper_inside = 0, lower_seen = 0, lead = 0;
	for (int i = 0; i < k; i++) {
		int32_t l = lower_cp(cp[i]);
		if (l != cp[i] && i > 0 && lower_seen)
			upper_inside = 1;
		if (l != cp[i] && !lower_seen)
			lead++;
		if (l == cp[i] && is_letter(cp[i]))
			lower_seen = 1;
		cp[i] = l;
	}
	*mixed = upper_inside || (lead >= 2 && lower_seen);
	return encode(cp, k, out, cap);
}

/* Whether the word at block offset off may open a sentence although no full stop comes
 * before it: nothing but spaces and signs stand before it on its line, and the line
 * before is blank, short (a heading: under SHORT_LINE bytes or 7/10 of the longest line of
 * the block) or ends with . ! ? or :. A word opening a line that
 * continues a long line (wrapped prose) does not. */
static int line_initial(const state *st, size_t off)
{
	const char *s = st->block.data;
	while (off > 0 && s[off - 1] != '\n') {
		unsigned char c = (unsigned char)s[off - 1];
		if (c >= 0x80 || isalnum(c))
			return 0;
		off--;
	}
	if (off == 0)
		return 1;
	size_t e = off - 1; /* the newline ending the line before */
	while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\r' || s[e - 1] == '\t'))
		e--;
	size_t b = e;
	while (b > 0 && s[b - 1] != '\n')
		b--;
	if (e == b || e - b < SHORT_LINE || (e - b) * 10 < st->width * 7)
		return 1;
	char last = s[e - 1];
	return last == '.' || last == '!' || last == '?' || last == ':';
}

/* Whether token i opens a sentence: it follows a full stop (or the like) or a segment
 * start, or it opens a line after a finished, short or blank line. */
static int sentence_initial(const state *st, const token *t, size_t i)
{
	/* closing brackets and quotes after a full stop: "vardagar.) | stallet" */
	while (i > 0 && t[i - 1].kind == T_BREAK && t[i - 1].len == 1 &&
	       strchr(")]\"'", st->block.data[t[i - 1].off]))
		i--;
	/* after a lone "|" kept as a separator a capital opens a new part */
	return i == 0 || t[i - 1].kind == T_START || t[i - 1].pipe || line_initial(st, t[i].off);
}

/* Small letters whose capitals an OCR engine often reads for them (the shapes differ only
 * in size): a capital of these inside a word says nothing. */
#define CASE_ALIKE "cjkopsuvwxz"

/* Whether the capitals of the written word orig after its first letter are the damage
 * that the reading (lowercase) repairs: in "mOjligt" -> "möjligt" or "sGéker" -> "söker"
 * the capital is the English model's ö, but a capital that stays, at its place counted
 * from the start or from the end ("eRe" -> "öre", a logo's OCR junk; "NATtester"), says
 * the word is written so on purpose or is no word. CASE_ALIKE capitals do not count. */
static int capitals_are_damage(const char *orig, size_t ol, const char *reading, size_t cl)
{
	int32_t o[CP_MAX + 4], c[CP_MAX + 4];
	int no = decode(orig, ol, o, CP_MAX + 4), nc = decode(reading, cl, c, CP_MAX + 4);
	if (no <= 0 || nc <= 0)
		return 0;
	for (int i = 1; i < no; i++) {
		int32_t l = lower_cp(o[i]);
		if (l == o[i] || (l < 128 && strchr(CASE_ALIKE, (int)l)))
			continue;
		int j = nc - (no - i); /* the same place counted from the end */
		if ((i < nc && c[i] == l) || (j >= 0 && c[j] == l))
			return 0;
	}
	return 1;
}

/* log P(</s> | w2, w1): the segment ends after w1 (w2 before it, either LEX_NONE when
 * not known), by the same interpolation as the transitions in decide. */
static double end_lp(state *st, uint32_t w2, uint32_t w1)
{
	uint32_t e = st->hd->id_end;
	double t = lm(st, w1, e, tv_lex_word(st->lx, e)->lp);
	const lex_hist *x = w2 == LEX_NONE || w1 == LEX_NONE ? NULL : history(st, w2, w1);
	if (x) {
		double q = exp(t) * DISCOUNT * x->followers / x->count;
		uint32_t n = tv_lex_hist_count(st->lx, x, e);
		if (n)
			q += (n - DISCOUNT) / x->count;
		t = log(q);
	}
	return t;
}

/* The two words before position i (LEX_NONE where not adjacent, "<s>" after a segment
 * start), as the transitions of decide take them: *w2s gets the candidates two back (n2 of
 * them, or the one fixed id in *fixed2), *w1s those one back. Returns 0 when position i
 * follows no adjacent word. */
static inline int history_words(const state *st, const pos *p, int i, const token *toks,
                                const cand **w2s, int *n2, uint32_t *fixed2)
{
	int adj = i > 0 && p[i].tok == p[i - 1].tok + 1;
	int adj1 = i > 1 && adj && p[i - 1].tok == p[i - 2].tok + 1;
	if (!adj)
		return 0;
	*w2s = adj1 ? p[i - 2].c : NULL;
	*n2 = adj1 ? p[i - 2].n : 1;
	*fixed2 = i == 1 && toks[p[0].tok - 1].kind == T_START ? st->hd->id_start : LEX_NONE;
	return 1;
}

/* ------------------------------------------------------------------ cues ------------ */

/* Two cues beyond a word's neighbours (dicts/cue_words.tsv, derive/cue_words.py): the
 * mark that ends the sentence a word opens ("Har du sett det?": a question opens with the
 * verb; "Här finns det." does not) and whether the next word begins with a capital
 * ("dr Sten Cronqvist": the title stands before names, "är" seldom does). Rows: the kind
 * (Q/q, C/c) and the word as one key, the log-likelihood ratio in tenths; sorted. */
typedef struct {
	const char *key;
	int tenths;
} cue;

static const cue cue_table[] = {
#include "cue_words.inc"
};

static int cmp_cue(const void *k, const void *e)
{
	return strcmp((const char *)k, ((const cue *)e)->key);
}

/* The weight of cue kind for the lowercase reading s[0..n) (0: none written). */
static double cue_weight(char kind, const char *s, size_t n)
{
	char key[WORD_MAX * 2 + 8];
	if (n + 2 > sizeof key)
		return 0;
	key[0] = kind;
	memcpy(key + 1, s, n);
	key[n + 1] = 0;
	const cue *c = bsearch(key, cue_table, sizeof cue_table / sizeof cue_table[0],
	                       sizeof cue_table[0], cmp_cue);
	return c ? c->tenths / 10.0 : 0;
}

/* Whether the word token t begins with a capital letter. */
static int starts_capital(const state *st, const token *t)
{
	utf8proc_int32_t c;
	return t->kind == T_WORD && next_cp(st->block.data + t->off, t->len, &c) > 0 &&
	       is_letter(c) && lower_cp(c) != c;
}

/* Adds the cues to the context scores of the segment p[0..np): mark is the byte that
 * ended it (. ! ? or 0 for another end). The first word, written with a capital after a
 * sentence end or a blank line, gets its Q (mark ?) or q (. or !) weight; a word followed
 * directly (a space between) by another gets its C or c weight by that word's first
 * letter. Only words with rival readings take part. */
static void cue_scores(const state *st, pos *p, int np, const token *toks, int mark)
{
	for (int i = 0; i < np; i++) {
		if (p[i].n < 2 || !p[i].usable || p[i].fixed)
			continue;
		const token *t = &toks[p[i].tok];
		int q = 0, c = 0;
		if (i == 0 && mark == '?' && starts_capital(st, t)) {
			const token *b = &toks[p[i].tok - 1];
			q = b->kind == T_START &&
			    (b->len == 0 || strchr(".!?", st->block.data[b->off]));
		}
		c = i + 1 < np && p[i + 1].tok == p[i].tok + 1 && !toks[p[i + 1].tok].pipe &&
		    starts_capital(st, &toks[p[i + 1].tok]);
		if (!q && !c)
			continue;
		for (int k = 0; k < p[i].n; k++) {
			const char *s = st->arena.data + p[i].c[k].str;
			if (q)
				p[i].cx[k] += (float)cue_weight('Q', s, p[i].c[k].len);
			if (c)
				p[i].cx[k] += (float)cue_weight('C', s, p[i].c[k].len);
		}
	}
}

/* Whether a transition into position i may differ between paths (see decide). */
static inline int transition_varies(const pos *p, int i)
{
	int adj = i > 0 && p[i].tok == p[i - 1].tok + 1;
	int adj1 = i > 1 && adj && p[i - 1].tok == p[i - 2].tok + 1;
	return p[i].n > 1 || (adj && p[i - 1].n > 1) || (adj1 && p[i - 2].n > 1);
}

/* Asks for the memo slots that the transitions of decide will read, for the whole segment
 * at once, with prefetch hints only (no load waits here): the records of the words one
 * back, the pair memo's slots and the history memo's. Changes no result. */
static void prefetch_memos(const state *st, const pos *p, int np, const token *toks)
{
	for (int i = 1; i < np; i++) {
		const cand *w2s;
		int n2;
		uint32_t fixed2;
		if (!p[i].vary || !history_words(st, p, i, toks, &w2s, &n2, &fixed2))
			continue;
		for (int j = 0; j < p[i - 1].n; j++) {
			uint32_t w1 = p[i - 1].c[j].id;
			if (w1 == LEX_NONE)
				continue;
			tv_lex_prefetch_word(st->lx, w1);
			for (int k = 0; k < p[i].n; k++)
				if (p[i].c[k].id != LEX_NONE)
					lex_prefetch(
					    &st->pair_memo[lex_hash_pair(w1, p[i].c[k].id) >>
					                   (64 - MEMO_BITS)]);
			for (int h = 0; h < n2; h++) {
				uint32_t w2 = w2s ? w2s[h].id : fixed2;
				if (w2 != LEX_NONE)
					lex_prefetch(&st->hist_memo[lex_hash_pair(w1, w2) >>
					                            (64 - MEMO_BITS)]);
			}
		}
	}
}

/* Asks for the slots of the histories (w2, w1) of the segment's transitions that the
 * history memo lacks (its slots as prefetch_memos asked for them), so that these misses
 * overlap. Changes no result. */
static void prefetch_transitions(const state *st, const pos *p, int np, const token *toks)
{
	for (int i = 1; i < np; i++) {
		const cand *w2s;
		int n2;
		uint32_t fixed2;
		if (!p[i].vary || !history_words(st, p, i, toks, &w2s, &n2, &fixed2))
			continue;
		for (int j = 0; j < p[i - 1].n; j++) {
			uint32_t w1 = p[i - 1].c[j].id;
			if (w1 == LEX_NONE)
				continue;
			for (int h = 0; h < n2; h++) {
				uint32_t w2 = w2s ? w2s[h].id : fixed2;
				if (w2 == LEX_NONE)
					continue;
				const struct hist_memo *m =
				    &st->hist_memo[lex_hash_pair(w1, w2) >> (64 - MEMO_BITS)];
				if (m->key !=
				    ((uint64_t)w2 << 32 | w1) + 1) /* else history() has it */
					tv_lex_prefetch_history(st->lx, w2, w1);
			}
		}
	}
}

/* Fills in the pair model of the transitions of a segment (pos.l2, which decide reads)
 * at once: the pairs of adjacent candidates that the pair memo lacks are looked up
 * together (tv_lex_pairs), so that the cache misses of their hash lookups overlap, and
 * put in the memo; the others are taken from it, or are no pair the model keeps (lm). */
static void prepare_pairs(state *st, pos *p, int np)
{
	enum { BATCH = 256 };
	uint32_t a[BATCH], b[BATCH], count[BATCH];
	float lp[BATCH];
	double *to[BATCH];
	int nb = 0;
	for (int i = 1; i <= np; i++) {
		if (i < np && p[i].vary && p[i].tok == p[i - 1].tok + 1)
			for (int j = 0; j < p[i - 1].n; j++) {
				uint32_t prev = p[i - 1].c[j].id;
				int pair =
				    prev != LEX_NONE && tv_lex_word(st->lx, prev)->lhist != 0;
				for (int k = 0; k < p[i].n; k++) {
					uint32_t cur = p[i].c[k].id;
					const struct pair_memo *m =
					    &st->pair_memo[lex_hash_pair(prev, cur) >>
					                   (64 - MEMO_BITS)];
					if (!pair || cur == LEX_NONE)
						p[i].l2[j][k] = lm(st, prev, cur, p[i].c[k].lp);
					else if (m->key == (((uint64_t)prev << 32 | cur) + 1))
						p[i].l2[j][k] = m->lp;
					else {
						a[nb] = prev;
						b[nb] = cur;
						to[nb] = &p[i].l2[j][k];
						lp[nb++] = p[i].c[k].lp;
					}
				}
			}
		if (i < np && nb < BATCH - MAX_CANDS * MAX_CANDS)
			continue;
		tv_lex_pairs(st->lx, a, b, count, nb);
		/* the pairs of one word before come one after another: exp of its lhist once */
		uint32_t hist_of = LEX_NONE;
		double hist = 0;
		for (int x = 0; x < nb; x++) {
			const lex_word *pw = tv_lex_word(st->lx, a[x]);
			if (count[x] && a[x] != hist_of) {
				hist_of = a[x];
				hist = exp(pw->lhist);
			}
			struct pair_memo *m =
			    &st->pair_memo[lex_hash_pair(a[x], b[x]) >> (64 - MEMO_BITS)];
			m->key = ((uint64_t)a[x] << 32 | b[x]) + 1;
			m->lp = *to[x] = lm_pair(pw, lp[x], count[x], hist);
		}
		nb = 0;
	}
}

/* The slot of the triple hash where the count of c after history x is looked for first
 * (tv_lex_hist_count's first read). */
static inline void prefetch_triple(const tv_lex *lx, const lex_hist *x, uint32_t c)
{
	if (c >= lx->hd->nwords)
		return;
	uint32_t at = (uint32_t)(x - lx->hists);
	lex_prefetch(
	    &lx->tri_hash[(uint32_t)lex_hash_pair(at, c) & ((1u << lx->hd->tri_bits) - 1)]);
}

/* The slot of the context table where row (form, key) is looked for first (tv_lex_ctx's
 * first read). */
static inline void prefetch_ctx(const tv_lex *lx, uint32_t form, uint32_t key)
{
	if (lx->ctx)
		lex_prefetch(
		    &lx->ctx[(uint32_t)lex_hash_pair(form, key) & ((1u << lx->hd->ctx_bits) - 1)]);
}

/* Asks for the triple slots that the transitions of decide will read, for the whole
 * segment at once: each history (w2, w1) is found (history: its slot was asked for by
 * prefetch_transitions) and kept in p[i].hist for decide, and its record (whose counts
 * decide reads: a history memo hit has not read it) and the first slot of every (history,
 * reading) are prefetched, so that the triple lookups, each depending on its history, do
 * not follow one another. */
static void prefetch_triples(const state *st, pos *p, int np, const token *toks)
{
	for (int i = 1; i < np; i++) {
		const cand *w2s;
		int n2;
		uint32_t fixed2;
		if (!p[i].vary || !history_words(st, p, i, toks, &w2s, &n2, &fixed2))
			continue;
		for (int h = 0; h < n2; h++) {
			uint32_t w2 = w2s ? w2s[h].id : fixed2;
			for (int j = 0; j < p[i - 1].n; j++) {
				uint32_t w1 = p[i - 1].c[j].id;
				const lex_hist *x =
				    w2 == LEX_NONE || w1 == LEX_NONE ? NULL : history(st, w2, w1);
				p[i].hist[h][j] = x;
				if (!x)
					continue;
				lex_prefetch(x);
				for (int k = 0; k < p[i].n; k++)
					prefetch_triple(st->lx, x, p[i].c[k].id);
			}
		}
	}
}

/* Fills x for position q: the classes are "|L:" (before) or "|R:" (after) and the last 3
 * letters of the fold key, when the key has at least 4 letters (shorter words are left
 * to the pair model) and is no number. */
static void context_word(const state *st, const pos *q, ctxword *x)
{
	x->key = x->before = x->after = x->id = LEX_NONE;
	x->p = 0;
	int arg = -1;
	double best = -NEVER;
	for (int k = 0; k < q->n; k++)
		if (q->c[k].id != LEX_NONE && q->c[k].lp + q->c[k].ch > best)
			best = q->c[k].lp + q->c[k].ch, arg = k;
	if (arg < 0)
		return;
	const lex_word *lw = tv_lex_word(st->lx, q->c[arg].id);
	x->key = lw->fold;
	x->id = q->c[arg].id;
	if (q->c[arg].id == st->hd->id_num) {
		x->p = exp(q->c[arg].lp);
		return;
	}
	struct ctx_memo *m = &st->ctx_memo[x->id & (((uint32_t)1 << CTX_MEMO_BITS) - 1)];
	if (m->id == x->id + 1) {
		x->p = m->p;
		x->before = m->before;
		x->after = m->after;
		return;
	}
	x->p = m->p = exp(q->c[arg].lp);
	m->id = x->id + 1;
	m->before = m->after = LEX_NONE;
	m->far_ready = 0;
	const char *w = tv_lex_str(st->lx, lw->str);
	char key[WORD_MAX * 2 + 8];
	size_t kl = lex_fold_key(w, strlen(w), key, sizeof key);
	if (kl == (size_t)-1)
		return;
	size_t at = kl;
	int letters = 0;
	for (size_t b = kl; b > 0; b--)
		if (((unsigned char)key[b - 1] & 0xc0) != 0x80) {
			letters++;
			if (letters == 3)
				at = b - 1;
		}
	char cls[WORD_MAX * 2 + 8];
	if (letters < 4 || 3 + kl - at > sizeof cls)
		return;
	memcpy(cls, "|L:", 3);
	memcpy(cls + 3, key + at, kl - at);
	x->before = m->before = lex_ctx_class(cls, 3 + kl - at);
	cls[1] = 'R';
	x->after = m->after = lex_ctx_class(cls, 3 + kl - at);
}

/* The context word of position j (context_word), filled in on first use within the
 * segment: most positions are outside every window that asks. */
static const ctxword *context_at(const state *st, const pos *p, ctxword *cw, int j)
{
	if (!cw[j].ready) {
		context_word(st, &p[j], &cw[j]);
		cw[j].ready = 1;
		cw[j].far_ready = 0;
	}
	return &cw[j];
}

/* Fills x->far (from x as context_at made it): the class "|F:" and the whole fold key of a
 * key of at least 4 letters that is no number, else LEX_NONE. */
static void far_class(const state *st, ctxword *x)
{
	x->far = LEX_NONE;
	x->far_ready = 1;
	if (x->key == LEX_NONE || x->after == LEX_NONE) /* no number, 4 letters or more */
		return;
	struct ctx_memo *m = &st->ctx_memo[x->id & (((uint32_t)1 << CTX_MEMO_BITS) - 1)];
	if (m->id == x->id + 1 && m->far_ready) {
		x->far = m->far;
		return;
	}
	const char *w = tv_lex_str(st->lx, tv_lex_word(st->lx, x->id)->str);
	char cls[WORD_MAX * 2 + 8];
	memcpy(cls, "|F:", 3);
	size_t kl = lex_fold_key(w, strlen(w), cls + 3, sizeof cls - 3);
	if (kl != (size_t)-1)
		x->far = lex_ctx_class(cls, 3 + kl);
	if (m->id == x->id + 1) {
		m->far = x->far;
		m->far_ready = 1;
	}
}

/* One term of context_scores: log P(w near f) / P(w) for a count c of w near f (0: not
 * kept, so below 3), f's total t and the background share pw, capped at CTX_CAP. */
static double context_term(double c, double t, double pw)
{
	if (c == 0)
		c = t * pw < 2 ? t * pw : 2;
	double r = log((c + CTX_BETA * pw) / ((t + CTX_BETA) * pw));
	return r > CTX_CAP ? CTX_CAP : r < -CTX_CAP ? -CTX_CAP : r;
}

/*
 * The wider context (2 to CTX_WINDOW words either side) of each position whose readings
 * share a fold key with a rival the corpus also uses (är/år, man/män, vara/våra): for
 * each reading f with a row in the context table, the sum over the context words w of
 * log P(w near f) / P(w), P(w near f) = (c(f, w) + CTX_BETA P(w)) / (T(f) + CTX_BETA),
 * where a count the table dropped (below 3) is taken as T(f) P(w) capped at 2; and the
 * same for the endings of the words right before and after (see context_word), with the
 * ending's share near all the readings as P(w). This covers pairs the corpus lacks ("det
 * här jobbet": "-bet" after "här"; "många män"). Each term is capped at CTX_CAP and the
 * sum counts CTX_WEIGHT. Readings without a row get the mean of those with one; a
 * position with fewer than two such readings gets nothing. In two halves: context_rows
 * zeroes p[].cx, marks the positions to score (p[].scored, p[].ctxk), fills in their
 * context words (cw, scratch for np positions) and asks for the rows they will read,
 * returning whether any position is scored; context_scores then reads the rows into
 * p[].cx, after the decoder's other lookups have been asked for, so that the rows have
 * had time to come in.
 */
static int context_rows(const state *st, pos *p, int np, ctxword *cw)
{
	for (int i = 0; i < np; i++)
		for (int k = 0; k < MAX_CANDS; k++)
			p[i].cx[k] = 0;
	if (!st->hd->nctx)
		return 0;
	/* first the rows every scored position will read are asked for (the context words
	 * they need are filled in on the way), so that their cache misses overlap; then the
	 * scores, reading them */
	for (int j = 0; j < np; j++)
		cw[j].ready = 0;
	uint32_t all_l = lex_ctx_class("|L:", 3), all_r = lex_ctx_class("|R:", 3);
	int scored = 0;
	for (int i = 0; i < np; i++) {
		p[i].scored = 0;
		if (p[i].n < 2 || !p[i].usable)
			continue;
		int with = 0;
		p[i].ctxk = 0;
		for (int k = 0; k < p[i].n; k++)
			if (p[i].c[k].id != LEX_NONE &&
			    (tv_lex_word(st->lx, p[i].c[k].id)->flags & LEXW_CTX)) {
				p[i].ctxk |= 1u << k;
				with++;
			}
		if (with < 2)
			continue;
		p[i].scored = 1;
		scored = 1;
		for (int k = 0; k < p[i].n; k++) /* the readings' totals */
			if (p[i].ctxk >> k & 1)
				prefetch_ctx(st->lx, p[i].c[k].id, LEX_NONE);
		for (int j = i - CTX_WINDOW; j <= i + CTX_WINDOW; j++) {
			if (j < 0 || j >= np || j == i)
				continue;
			const ctxword *x = context_at(st, p, cw, j);
			uint32_t key =
			    j == i - 1   ? (p[i].tok == p[j].tok + 1 ? x->before : LEX_NONE)
			    : j == i + 1 ? (p[j].tok == p[i].tok + 1 ? x->after : LEX_NONE)
			                 : x->key;
			if (key == LEX_NONE)
				continue;
			for (int k = 0; k < p[i].n; k++) {
				uint32_t id = p[i].c[k].id;
				if (!(p[i].ctxk >> k & 1))
					continue;
				prefetch_ctx(st->lx, id, key);
				if (j == i - 1 || j == i + 1) /* and the side's total */
					prefetch_ctx(st->lx, id, j == i - 1 ? all_l : all_r);
			}
		}
	}
	return scored;
}

/* The scores of the positions context_rows marked (p[].scored) into p[].cx, from the rows
 * it asked for and the context words it filled in (cw). */
static void context_scores(const state *st, pos *p, int np, ctxword *cw)
{
	for (int i = 0; i < np; i++) {
		if (!p[i].scored)
			continue;
		double tot[MAX_CANDS], sc[MAX_CANDS] = {0};
		for (int k = 0; k < p[i].n; k++) {
			uint32_t id = p[i].c[k].id;
			tot[k] = p[i].ctxk >> k & 1 ? tv_lex_ctx(st->lx, id, LEX_NONE) : 0;
		}
		for (int j = i - CTX_WINDOW; j <= i + CTX_WINDOW; j++) {
			if (j < 0 || j >= np || (j >= i - 1 && j <= i + 1))
				continue;
			const ctxword *x = context_at(st, p, cw, j);
			if (x->key == LEX_NONE)
				continue;
			for (int k = 0; k < p[i].n; k++)
				if (tot[k] > 0)
					sc[k] += context_term(
					    tv_lex_ctx(st->lx, p[i].c[k].id, x->key), tot[k], x->p);
		}
		for (int side = 0; side < 2; side++) {
			int j = side ? i + 1 : i - 1;
			if (j < 0 || j >= np || p[side ? j : i].tok != p[side ? i : j].tok + 1)
				continue;
			const ctxword *x = context_at(st, p, cw, j);
			uint32_t key = side ? x->after : x->before;
			if (key == LEX_NONE)
				continue;
			uint32_t all = lex_ctx_class(side ? "|R:" : "|L:", 3);
			double c[MAX_CANDS], t[MAX_CANDS], sumc = 0.5, sumt = 0;
			for (int k = 0; k < p[i].n; k++) {
				c[k] = t[k] = 0;
				if (tot[k] <= 0)
					continue;
				c[k] = tv_lex_ctx(st->lx, p[i].c[k].id, key);
				t[k] = tv_lex_ctx(st->lx, p[i].c[k].id, all);
				sumc += c[k];
				sumt += t[k];
			}
			if (sumt <= 0)
				continue;
			double pw = sumc / sumt; /* the ending's share near any of the readings */
			for (int k = 0; k < p[i].n; k++)
				if (tot[k] > 0 && t[k] > 0)
					sc[k] += context_term(c[k], t[k], pw);
		}
		double mean = 0;
		int with_rows = 0;
		for (int k = 0; k < p[i].n; k++)
			if (tot[k] > 0)
				mean += sc[k], with_rows++;
		mean = with_rows ? mean / with_rows : 0;
		for (int k = 0; k < p[i].n; k++)
			p[i].cx[k] = (float)(CTX_WEIGHT * (tot[k] > 0 ? sc[k] : mean));
	}
}

/* The best score of reading k at position q over the states (Viterbi's a + b). */
static double reading_score(const pos *q, int k)
{
	double t = -NEVER;
	for (int j = 0; j < q->nj; j++)
		if (q->a[j][k] + q->b[j][k] > t)
			t = q->a[j][k] + q->b[j][k];
	return t;
}

/*
 * The far band of the wider context, asked for only where it may matter: at each position
 * whose readings are rival corpus words (as in context_scores) and whose best reading
 * after the Viterbi pass leads the next one by less than FAR_MARGIN, the words
 * CTX_WINDOW + 1 to CTX_FAR away (the sentence's topic: "kvinnan ... mannen", "kvinnorna
 * ... männen") add CTX_FAR_WEIGHT times the sum of their terms (context_term, the table's
 * "|F:" rows) to the position's own scores (p[].cx and the forward scores p[].a, so that
 * its reading and margin in decide take them in); readings without rows get the mean.
 * The neighbours' scores are not run again: rerunning the whole Viterbi pass gave the same
 * output on every eval set, at 1.4 % more instructions. cw as filled by context_rows.
 */
static void far_scores(const state *st, pos *p, int np, ctxword *cw)
{
	if (!st->hd->nctx)
		return;
	uint32_t fcls = lex_ctx_class("|F:", 3);
	for (int i = 0; i < np; i++) {
		if (p[i].n < 2 || !p[i].usable || np <= CTX_WINDOW + 1)
			continue;
		double ftot[MAX_CANDS], far[MAX_CANDS] = {0}, first = -NEVER, second = -NEVER;
		int with = 0;
		for (int k = 0; k < p[i].n; k++) {
			ftot[k] = p[i].ctxk >> k & 1 ? 1 : 0;
			with += ftot[k] > 0;
			double t = reading_score(&p[i], k);
			if (t > first)
				second = first, first = t;
			else if (t > second)
				second = t;
		}
		if (with < 2 || first - second >= FAR_MARGIN)
			continue;
		for (int k = 0; k < p[i].n; k++)
			if (ftot[k] > 0)
				ftot[k] = tv_lex_ctx(st->lx, p[i].c[k].id, fcls);
		int any = 0;
		for (int j = i - CTX_FAR; j <= i + CTX_FAR; j++) {
			if (j < 0 || j >= np || (j >= i - CTX_WINDOW && j <= i + CTX_WINDOW))
				continue;
			ctxword *x = &cw[j];
			context_at(st, p, cw, j); /* fills x in */
			if (!x->far_ready)
				far_class(st, x);
			if (x->far == LEX_NONE)
				continue;
			for (int k = 0; k < p[i].n; k++)
				if (ftot[k] > 0) {
					far[k] +=
					    context_term(tv_lex_ctx(st->lx, p[i].c[k].id, x->far),
					                 ftot[k], x->p);
					any = 1;
				}
		}
		if (!any)
			continue;
		double mean = 0;
		int rows = 0;
		for (int k = 0; k < p[i].n; k++)
			if (ftot[k] > 0)
				mean += far[k], rows++;
		mean = rows ? mean / rows : 0;
		for (int k = 0; k < p[i].n; k++) {
			float d = (float)(CTX_FAR_WEIGHT * (ftot[k] > 0 ? far[k] : mean));
			p[i].cx[k] += d;
			for (int j = 0; j < p[i].nj; j++)
				p[i].a[j][k] += d;
		}
	}
}

/* Runs Viterbi over positions p[0..np) (some of them with a choice): fills in each
 * position's scores a and b; ended and mark as decide has them. */
static void viterbi(state *st, pos *p, int np, const token *toks, int ended, int mark)
{
	for (int i = 0; i < np; i++)
		p[i].vary = transition_varies(p, i);
	/* the memory the passes below read is asked for ahead, a segment at once: the
	 * candidates' records (context_rows reads their flags) and the memos' slots first,
	 * then the context rows (context_rows), the histories the memo lacks, the pairs
	 * (prepare_pairs) and the triples, whose slots depend on the histories found by
	 * then; the context rows are read (context_scores) after all these have been asked
	 * for */
	for (int i = 0; i < np; i++)
		if (p[i].n > 1)
			for (int k = 0; k < p[i].n; k++)
				tv_lex_prefetch_word(st->lx, p[i].c[k].id);
	prefetch_memos(st, p, np, toks);
	int scored = context_rows(st, p, np, st->ctxw);
	uint32_t start = st->hd->id_start;
	prefetch_transitions(st, p, np, toks);
	prepare_pairs(st, p, np);
	prefetch_triples(st, p, np, toks);
	if (scored) /* its rows had the passes above to come in */
		context_scores(st, p, np, st->ctxw);
	cue_scores(st, p, np, toks, mark);
	/* transitions: word triples where three positions are adjacent, pairs after a break,
	 * unigrams after punctuation; where no position involved has a choice the transition
	 * adds the same to every path and is not looked up */
	for (int i = 0; i < np; i++) {
		int adj = i > 0 && p[i].tok == p[i - 1].tok + 1;
		int adj1 = i > 1 && adj && p[i - 1].tok == p[i - 2].tok + 1;
		p[i].nj = adj ? p[i - 1].n : 1;
		int nh = adj ? (i > 0 ? p[i - 1].nj : 1) : 1;
		int vary = p[i].n > 1 || (adj && p[i - 1].n > 1) || (adj1 && p[i - 2].n > 1);
		if (!vary) {
			for (int h = 0; h < nh; h++)
				for (int j = 0; j < p[i].nj; j++)
					for (int k = 0; k < p[i].n; k++)
						p[i].tr[h][j][k] = 0;
			continue;
		}
		uint32_t before = toks[p[i].tok - 1].kind == T_START ? start : LEX_NONE;
		if (!adj) {
			for (int k = 0; k < p[i].n; k++)
				p[i].tr[0][0][k] = (float)lm(st, i == 0 ? before : LEX_NONE,
				                             p[i].c[k].id, p[i].c[k].lp);
			continue;
		}
		/* the pair model as prepare_pairs found it; the triple history of (h, j) as
		 * prefetch_triples found it */
		double(*l2)[MAX_CANDS] = p[i].l2;
		for (int h = 0; h < nh; h++) {
			for (int j = 0; j < p[i].nj; j++) {
				const lex_hist *x = p[i].hist[h][j]; /* prefetch_triples found it */
				if (!x) {
					for (int k = 0; k < p[i].n; k++)
						p[i].tr[h][j][k] = (float)l2[j][k];
					continue;
				}
				/* triples, discounted, interpolated with the pair model; for a
				 * triple not kept, the pair model's share alone (a sum of logs) */
				double share = DISCOUNT * x->followers / x->count,
				       lshare = log(share);
				for (int k = 0; k < p[i].n; k++) {
					uint32_t c = p[i].c[k].id;
					uint32_t n =
					    c == LEX_NONE ? 0 : tv_lex_hist_count(st->lx, x, c);
					p[i].tr[h][j][k] =
					    (float)(n ? log(exp(l2[j][k]) * share +
					                    (n - DISCOUNT) / x->count)
					              : l2[j][k] + lshare);
				}
			}
		}
	}
	/* forward and backward. A position of one state (one reading, and one or none one
	 * back) is on every path: what the scores before (a) and after (b) it add there is
	 * the same for each path, so they start again from 0 there (decide and far_scores
	 * compare the scores of one position's states, never of two positions), and the
	 * position's own are not worked out. On the bench's OCR text 605,000 of the 774,000
	 * positions that the pass sees are such */
	for (int i = 0; i < np; i++) {
		if (p[i].nj * p[i].n == 1) {
			p[i].a[0][0] = 0;
			continue;
		}
		int adj = i > 0 && p[i].tok == p[i - 1].tok + 1;
		for (int j = 0; j < p[i].nj; j++)
			for (int k = 0; k < p[i].n; k++) {
				double best = -NEVER;
				if (i == 0)
					best = p[i].tr[0][0][k];
				else if (adj) {
					for (int h = 0; h < p[i - 1].nj; h++)
						if (p[i - 1].a[h][j] + p[i].tr[h][j][k] > best)
							best = p[i - 1].a[h][j] + p[i].tr[h][j][k];
				} else {
					for (int h = 0; h < p[i - 1].nj; h++)
						for (int g = 0; g < p[i - 1].n; g++)
							if (p[i - 1].a[h][g] > best)
								best = p[i - 1].a[h][g];
					best += p[i].tr[0][0][k];
				}
				p[i].a[j][k] = best + p[i].c[k].ch + p[i].cx[k];
			}
	}
	for (int i = np - 1; i >= 0; i--) {
		if (p[i].nj * p[i].n == 1) {
			p[i].b[0][0] = 0;
			continue;
		}
		int adjn = i + 1 < np && p[i + 1].tok == p[i].tok + 1;
		double rest = -NEVER; /* after a break: the same for every state here */
		if (i + 1 < np && !adjn)
			for (int l = 0; l < p[i + 1].n; l++) {
				double t = p[i + 1].tr[0][0][l] + p[i + 1].c[l].ch +
				           p[i + 1].cx[l] + p[i + 1].b[0][l];
				if (t > rest)
					rest = t;
			}
		for (int j = 0; j < p[i].nj; j++)
			for (int k = 0; k < p[i].n; k++) {
				double best = i == np - 1 ? 0 : rest;
				if (i == np - 1 && ended) {
					int adj = i > 0 && p[i].tok == p[i - 1].tok + 1;
					uint32_t w2 = adj ? p[i - 1].c[j].id
					              : i == 0 && toks[p[0].tok - 1].kind == T_START
					                  ? start
					                  : LEX_NONE;
					best = end_lp(st, w2, p[i].c[k].id);
				}
				if (adjn) {
					best = -NEVER;
					for (int l = 0; l < p[i + 1].n; l++) {
						double t = p[i + 1].tr[j][k][l] + p[i + 1].c[l].ch +
						           p[i + 1].cx[l] + p[i + 1].b[k][l];
						if (t > best)
							best = t;
					}
				}
				p[i].b[j][k] = best;
			}
	}
	far_scores(st, p, np, st->ctxw);
}

/* Records the change of position i of p to its reading arg, which leads the word as
 * written by margin, when the margin is what --min-confidence asks and the case allows
 * it. */
static tv_status record_change(state *st, const pos *p, int i, int arg, double margin,
                               const token *toks, tv_buf *changes)
{
	if (margin < st->min_margin + (st->ch.kind == CH_CLEAN ? CLEAN_EXTRA_MARGIN : 0))
		return TV_OK;
	change ch; /* every field is set below */
	ch.off = toks[p[i].tok].off;
	ch.len = toks[p[i].tok].len;
	const cand *c = &p[i].c[arg];
	if (p[i].mixed &&
	    !capitals_are_damage(st->block.data + ch.off, ch.len, st->arena.data + c->str, c->len))
		return TV_OK;
	ch.str = c->str;
	ch.str_len = c->len;
	ch.pipe_i = toks[p[i].tok].pipe && sentence_initial(st, toks, p[i].tok);
	ch.margin = margin;
	ch.compound = c->compound;
	char first = st->block.data[ch.off];
	ch.initial = !(first >= 'a' && first <= 'z') && sentence_initial(st, toks, p[i].tok);
	ch.proper = c->id != LEX_NONE && (tv_lex_word(st->lx, c->id)->flags & LEXW_PROPER);
	return tv_buf_append(changes, &ch, sizeof ch);
}

/* Decides the segment p[0..np) (np > 0) and records the changes it is sure of: the positions
 * with a choice by the Viterbi pass, those fixed to a reading (word_pos: sure) by its
 * lead out of context; ended says the segment ends right after its last word (a full
 * stop, a colon, a cell's end), so that the reading that ends clauses is preferred
 * there; english is how many of its words are listed English words (english_token,
 * counted as process_block lists them). */
static tv_status decide(state *st, pos *p, int np, const token *toks, int ended, int mark,
                        int english, tv_buf *changes)
{
	int any = 0, sure = 0;
	for (int i = 0; i < np; i++) {
		p[i].c = p[i].fixed ? &p[i].num
		                    : (const cand *)(const void *)(st->arena.data + p[i].coff);
		any |= p[i].n > 1;
		sure |= p[i].sure;
	}
	if (!any && !sure)
		return TV_OK;
	/* a segment in English stays as it is */
	if (english >= 2 || (english == 1 && np <= 3))
		return TV_OK;
	if (any)
		viterbi(st, p, np, toks, ended, mark);
	for (int i = 0; i < np; i++) {
		tv_status rc;
		if (p[i].sure) {
			rc = record_change(st, p, i, 0,
			                   p[i].c[0].lp + p[i].c[0].ch - p[i].keep_score, toks,
			                   changes);
			if (rc)
				return rc;
			continue;
		}
		if (p[i].n < 2 || !p[i].usable)
			continue;
		int arg = 0;
		double best = -NEVER, keep = -NEVER;
		for (int k = 0; k < p[i].n; k++) {
			double t = -NEVER;
			for (int j = 0; j < p[i].nj; j++)
				if (p[i].a[j][k] + p[i].b[j][k] > t)
					t = p[i].a[j][k] + p[i].b[j][k];
			if (p[i].c[k].keep)
				keep = t > keep ? t : keep;
			else if (p[i].proper_only &&
			         (p[i].c[k].id == LEX_NONE ||
			          !(tv_lex_word(st->lx, p[i].c[k].id)->flags & LEXW_PROPER)))
				continue;
			if (t > best)
				best = t, arg = k;
		}
		if (p[i].c[arg].keep)
			continue;
		if (p[i].keep_dropped) /* the margin is the reading's lead out of context */
			keep = best - (p[i].c[arg].lp + p[i].c[arg].ch - p[i].keep_score);
		if ((rc = record_change(st, p, i, arg, best - keep, toks, changes)))
			return rc;
	}
	return TV_OK;
}

/* The word memo slot of the written word w[0..n) (n <= WMEMO_BYTES, memo_hash h) in block
 * b, filled in
 * if the form is new to it; NULL when the slot is another form's that block b uses, or
 * the form cannot be lowered into it. */
/* Loads of 8, 4 and 2 bytes at s (any alignment). */
static inline uint64_t load64(const char *s)
{
	uint64_t x;
	memcpy(&x, s, sizeof x);
	return x;
}

static inline uint32_t load32(const char *s)
{
	uint32_t x;
	memcpy(&x, s, sizeof x);
	return x;
}

/* The word memo's hash of w[0..n) (n <= WMEMO_BYTES): eight bytes a step, the last step
 * (and a form under 8 bytes) read with loads that may overlap, the length mixed in; its
 * top WMEMO_BITS bits pick the slot. (lex_hash, a byte a step, cost a third of what a
 * repeated word cost in scan_words.) */
static inline uint64_t memo_hash(const char *w, size_t n)
{
	const uint64_t k = 0x9e3779b97f4a7c15ULL;
	uint64_t h = (uint64_t)n * k, x;
	size_t i = 0;
	for (; i + 8 < n; i += 8) {
		h = (h ^ load64(w + i)) * k;
		h ^= h >> 29;
	}
	if (n >= 8)
		x = load64(w + n - 8);
	else if (n >= 4)
		x = (uint64_t)load32(w) << 32 | load32(w + n - 4);
	else
		x = n ? (uint64_t)(unsigned char)w[0] << 16 |
		            (uint64_t)(unsigned char)w[n / 2] << 8 | (unsigned char)w[n - 1]
		      : 0;
	h = (h ^ x) * k;
	return h ^ (h >> 32);
}

/* Whether the memo's form a equals w, both n bytes (1 <= n <= WMEMO_BYTES): compared 8
 * bytes a step, the last step (and a form under 8 bytes) with loads that may overlap, as
 * memo_hash reads them (a memcmp call cost as much as the rest of a memo hit). */
static inline int memo_same(const char *a, const char *w, size_t n)
{
	if (n < 8)
		return n >= 4 ? load32(a) == load32(w) && load32(a + n - 4) == load32(w + n - 4)
		              : a[0] == w[0] && a[n / 2] == w[n / 2] && a[n - 1] == w[n - 1];
	for (size_t i = 0; i + 8 < n; i += 8)
		if (load64(a + i) != load64(w + i))
			return 0;
	return load64(a + n - 8) == load64(w + n - 8);
}

static wmemo *memo_word(state *st, const char *w, size_t n, uint64_t h, uint8_t b)
{
	wmemo *m = &st->wmemo[h >> (64 - WMEMO_BITS)];
	if (m->check != (uint32_t)h || m->len != n + 1 || (n && !memo_same(m->s, w, n))) {
		if (m->len && m->block == b)
			return NULL;
		char low[WORD_MAX * 2 + 8];
		int mixed = 0, sw = 0, sym = 0, caps, digit_caps, acronym;
		lower_word(w, n, low, sizeof low, &mixed);
		if (n >= 2)
			word_evidence(st, w, n, &sw, &sym);
		word_caps(w, n, &caps, &digit_caps, &acronym);
		m->check = (uint32_t)h;
		m->len = (uint8_t)(n + 1);
		m->cgen = 0;
		memset(m->way_key, 0, sizeof m->way_key);
		m->next_way = 0;
		m->flags = (uint8_t)((mixed ? WM_MIXED : 0) | (sw ? WM_SW : 0) |
		                     (sym ? WM_SYM : 0) | (caps ? WM_CAPS : 0) |
		                     (acronym ? WM_ACRONYM : 0) | (digit_caps ? WM_DIGIT_CAPS : 0) |
		                     (english_token(w, n) ? WM_ENGLISH : 0));
		memcpy(m->s, w, n);
	}
	m->block = b;
	return m;
}

/* The way of memo slot m that holds its form's candidates under the block's channel in
 * the cache's generation, or -1. Within a generation the cache gives a (channel key,
 * lowered form) the candidates it stored first, so a way found gives what get_cands
 * would. */
static inline int memo_way(const state *st, const wmemo *m)
{
	if (m->cgen != st->cache_gen)
		return -1;
	for (int k = 0; k < WMEMO_WAYS; k++)
		if (m->way_key[k] == st->ch.key + 1)
			return k;
	return -1;
}

/* Keeps in memo slot m the candidates a word of it got under the block's channel (n at
 * arena offset coff), in that channel's way, else in the next (round robin); the ways of
 * an older cache generation are emptied first. */
static void memo_keep(const state *st, wmemo *m, size_t coff, int n)
{
	if (m->cgen != st->cache_gen) {
		memset(m->way_key, 0, sizeof m->way_key);
		m->next_way = 0;
		m->cgen = st->cache_gen;
	}
	int k = 0;
	while (k < WMEMO_WAYS && m->way_key[k] != st->ch.key + 1)
		k++;
	if (k == WMEMO_WAYS) {
		k = m->next_way;
		m->next_way = (uint8_t)((k + 1) % WMEMO_WAYS);
	}
	m->way_key[k] = (uint8_t)(st->ch.key + 1);
	m->way[k] = (uint32_t)coff << 4 | (uint32_t)n;
}

/* scan_words for token t (h: the memo_hash of its bytes when it is a word of at most
 * WMEMO_BYTES) in block b. */
static void scan_word(state *st, token *t, uint64_t h, uint8_t b, double cnt[3])
{
	t->memo = 0;
	if (t->kind != T_WORD)
		return;
	const char *w = st->block.data + t->off;
	size_t n = t->len;
	wmemo *m = n <= WMEMO_BYTES ? memo_word(st, w, n, h, b) : NULL;
	if (m) {
		t->memo = (uint32_t)(m - st->wmemo) + 1;
		t->caps = (m->flags & WM_CAPS) != 0;
		t->digit_caps = (m->flags & WM_DIGIT_CAPS) != 0;
		t->acronym = (m->flags & WM_ACRONYM) != 0;
		if (n >= 2) {
			cnt[0]++;
			cnt[1] += (m->flags & WM_SW) != 0;
			cnt[2] += (m->flags & WM_SYM) != 0;
		}
		return;
	}
	int caps, digit_caps, acronym;
	word_caps(w, n, &caps, &digit_caps, &acronym);
	t->caps = (uint8_t)caps;
	t->digit_caps = (uint8_t)digit_caps;
	t->acronym = (uint8_t)acronym;
	if (n >= 2) {
		int sw, sy;
		word_evidence(st, w, n, &sw, &sy);
		cnt[0]++;
		cnt[1] += sw;
		cnt[2] += sy;
	}
}

/* Gives each word token of the block its word memo slot (t[].memo), filling in the slot
 * of a written form not seen before, and its capitals (word_caps); counts estimate's
 * evidence into cnt: words of 2 bytes or more, those with å/ä/ö, those with OCR
 * symptoms (word_evidence). A slot that a token of this block holds is not taken over by
 * another form in the same block: that token goes without (0), and is scanned as it would
 * be without the memo. One pass for the three (memo, estimate's, mark_caps'). The
 * slots of the words SCAN_AHEAD tokens on are asked for while a token is looked at (their
 * hashes kept in a ring), so that the slots' cache misses overlap instead of following one
 * another. */
static void scan_words(state *st, token *t, size_t nt, double cnt[3])
{
	enum { SCAN_AHEAD = 8, RING = 16 };
	uint8_t b = (uint8_t)++st->wm_block;
	uint64_t ring[RING] = {0};
	for (size_t i = 0; i < nt + SCAN_AHEAD; i++) {
		if (i < nt && t[i].kind == T_WORD && t[i].len <= WMEMO_BYTES) {
			ring[i % RING] = memo_hash(st->block.data + t[i].off, t[i].len);
			lex_prefetch(&st->wmemo[ring[i % RING] >> (64 - WMEMO_BITS)]);
		}
		if (i >= SCAN_AHEAD)
			scan_word(st, &t[i - SCAN_AHEAD], ring[(i - SCAN_AHEAD) % RING], b, cnt);
	}
}

/* Lowers the words from token from on (to the segment's end, at most SEG_MAX tokens) into
 * st->ahead and asks for their candidate cache slots, then for the entries those slots
 * hold, so that the cache misses of a segment's lookups overlap instead of following one
 * another. Changes no result: process_block takes the lowered words from there. */
static void prefetch_words(state *st, const token *t, size_t nt, size_t from)
{
	size_t mask = st->nslots - 1, i = from;
	st->nahead = st->at_ahead = 0;
	for (; i < nt && i - from < SEG_MAX && t[i].kind != T_START; i++) {
		struct ahead *a = &st->ahead[st->nahead];
		if (t[i].kind != T_WORD || t[i].pipe || t[i].len > WORD_MAX)
			continue;
		if (t[i].memo && memo_way(st, &st->wmemo[t[i].memo - 1]) >= 0)
			continue; /* process_block takes its candidates from the memo */
		a->len =
		    lower_word(st->block.data + t[i].off, t[i].len, a->s, sizeof a->s, &a->mixed);
		if (!a->len || a->len > WORD_MAX)
			continue;
		char key[WORD_MAX + 2];
		cache_key(st, a->s, a->len, key, &a->hash);
		a->tok = i;
		lex_prefetch(&st->slots[a->hash & mask]);
		st->nahead++;
	}
	st->ahead_end = i > from ? i : from + 1;
	for (int k = 0; k < st->nahead; k++) {
		const centry *e = &st->slots[st->ahead[k].hash & mask];
		if (e->key && e->hash == st->ahead[k].hash) {
			lex_prefetch(st->arena.data + e->key);
			lex_prefetch(st->arena.data + e->cands);
		}
	}
}

/* The fields of word position q (token t, its candidates found) that say whether and
 * how it may change. */
static void word_pos(const state *st, pos *q, const token *t, int mixed)
{
	/* mixed case ("mOjligt") is OCR damage in a damaged page, a name elsewhere */
	q->usable = !mixed || st->ch.kind == CH_OCR;
	q->mixed = mixed;
	if (t->digit_caps)
		q->usable = 0;
	/* an acronym changes only into a name the corpus writes with capitals: "USO" ->
	 * "USÖ", but "SLA" is not "SLÅ" */
	q->proper_only = t->acronym;
	/* a word with one reading (damage the lexicon reads one way: "p&", "fdr") that leads
	 * it as written by KEEP_BEAM out of context takes it: the position is fixed, so that
	 * the Viterbi pass neither scores the two nor multiplies its neighbours' states by
	 * them. On the bench's OCR and folded texts the pass took the reading at every such
	 * position (223,000 of the 326,000 with a choice), by a margin of 2.4 or more; the
	 * change's confidence is now that of the lead out of context. A word with more
	 * readings whose best one so leads it drops the word as written, and the pass
	 * chooses among the readings (on the bench's OCR and folded texts it took one of
	 * them at every such position, 22,700 and 20,700): fewer states for the
	 * position and its neighbours */
	const cand *c = (const cand *)(const void *)(st->arena.data + q->coff);
	q->sure = 0;
	q->keep_dropped = 0;
	if (q->n >= 2 && q->usable && !q->proper_only && c[0].keep &&
	    c[1].lp + c[1].ch - (c[0].lp + c[0].ch) >= KEEP_BEAM) {
		q->keep_score = c[0].lp + c[0].ch;
		q->coff += sizeof *c;
		q->n--;
		q->sure = q->n == 1;
		q->keep_dropped = q->n > 1;
		if (q->sure) { /* record_change will read its string and its record */
			lex_prefetch(st->arena.data + c[1].str);
			tv_lex_prefetch_word(st->lx, c[1].id);
		}
	}
}

/* Sets st->fold_seen when the words of the block (tokens t[0..nt)) show folding: summed
 * over its first FOLD_TYPES written forms, each form's log odds of folded text against
 * text written as it stands, log(1 + e^lead), where lead is how far its best reading
 * leads it as written out of context, reach KEEP_BEAM, the lead that fixes one word's
 * reading outright ("pa" -> "på" alone, 9.2; "ungefar" and "sjal" together). A page
 * without å, ä or ö is taken for folded (estimate), but on a short page that is weak
 * evidence: "Filen har CRLF rader." had its "rader" made "råder", a rival word merely
 * commoner (lead 3.6, the page 4.4 in all). A form counts once, or a page that repeats
 * "rader" would add it up. Stops once that much is seen, within a few words on a folded
 * page; the candidates it asks for are cached for the block. */
static tv_status fold_evidence(state *st, const token *t, size_t nt)
{
	uint32_t seen[FOLD_TYPES]; /* the word memo slots of the forms counted */
	int nseen = 0;
	double odds = 0;
	pos q;
	for (size_t i = 0; i < nt && nseen < FOLD_TYPES && odds < KEEP_BEAM; i++) {
		if (t[i].kind != T_WORD || t[i].pipe || !t[i].memo || t[i].len > WORD_MAX)
			continue;
		int k = 0;
		while (k < nseen && seen[k] != t[i].memo)
			k++;
		if (k < nseen)
			continue;
		seen[nseen++] = t[i].memo;
		char low[WORD_MAX * 2 + 8];
		int mixed = 0;
		size_t ll =
		    lower_word(st->block.data + t[i].off, t[i].len, low, sizeof low, &mixed);
		if (!ll || ll > WORD_MAX)
			continue;
		const cand *c;
		tv_status rc = get_cands(st, low, ll, NULL, &c, &q.n);
		if (rc)
			return rc;
		int n = q.n;
		q.coff = (size_t)((const char *)c - st->arena.data);
		word_pos(st, &q, &t[i], mixed);
		if (n >= 2 && c[0].keep && q.usable && !q.proper_only)
			odds += log1p(exp(c[1].lp + c[1].ch - (c[0].lp + c[0].ch)));
	}
	st->fold_seen = odds >= KEEP_BEAM;
	return TV_OK;
}

/* Restores the block in st->block and writes it out. */
static tv_status process_block(state *st)
{
	tv_status rc = TV_OK;
	if (!st->block.len)
		return TV_OK;
	tv_buf *toks = &st->toks, *changes = &st->changes, *pv = &st->pv;
	tv_buf_clear(toks);
	tv_buf_clear(changes);
	tv_buf_clear(pv);
	if ((rc = tokenize(st, toks)))
		goto done;
	token *t = (token *)(void *)toks->data;
	size_t nt = toks->len / sizeof *t;
	if (st->arena.len > CACHE_MAX || st->nused * 2 >= st->nslots)
		cache_clear(st);
	double cnt[3] = {0, 0, 0};
	scan_words(st, t, nt, cnt);
	estimate(st, cnt[0], cnt[1], cnt[2]);
	mark_caps(t, nt);
	/* nothing written with å/ä/ö, and too little that folding explains: read as clean */
	if (st->ch.kind == CH_FOLD && st->forced < 0 && st->doc_swedish == 0 && !st->fold_seen) {
		if ((rc = fold_evidence(st, t, nt)))
			goto done;
		if (!st->fold_seen)
			set_channel(st, CH_CLEAN, 1);
	}
	if ((rc = tv_buf_reserve(pv, sizeof(pos) * SEG_MAX)))
		goto done;
	pos *p = (pos *)(void *)pv->data;
	int np = 0, english = 0; /* the segment's positions; its listed English words */
	st->nahead = st->at_ahead = 0;
	st->ahead_end = 0;
	/* the word memo slot of the token MEMO_AHEAD on is asked for, and the candidates that
	 * the slot of the token CANDS_AHEAD on holds (word_pos reads them; the slot came in
	 * by then) */
	enum { MEMO_AHEAD = 8, CANDS_AHEAD = 4 };
	for (size_t i = 0; i <= nt; i++) {
		if (i + MEMO_AHEAD < nt && t[i + MEMO_AHEAD].memo)
			lex_prefetch(&st->wmemo[t[i + MEMO_AHEAD].memo - 1]);
		if (i + CANDS_AHEAD < nt && t[i + CANDS_AHEAD].memo) {
			const wmemo *m = &st->wmemo[t[i + CANDS_AHEAD].memo - 1];
			int k = memo_way(st, m);
			if (k >= 0)
				lex_prefetch(st->arena.data + (m->way[k] >> 4));
		}
		/* a segment ends; one without a word (most of them: the cells of a table row
		 * are segments) has nothing to decide */
		if (np > 0 && (i == nt || t[i].kind == T_START || np == SEG_MAX)) {
			/* the segment ends right after its last word */
			int ended = st->segment_ends && p[np - 1].tok + 1 == i &&
			            (i == nt || (t[i].kind == T_START && np < SEG_MAX));
			/* the mark that ended it: "Har du sett det?" */
			int mark = i < nt && t[i].kind == T_START && t[i].len == 1 && np < SEG_MAX
			               ? st->block.data[t[i].off]
			               : 0;
			if ((rc = decide(st, p, np, t, ended, mark, english, changes)))
				goto done;
			np = english = 0;
		}
		if (i == nt)
			break;
		if (t[i].kind == T_BREAK || t[i].kind == T_START)
			continue;
		pos *q = &p[np];
		/* only the small fields: the score tables are written before they are read */
		q->tok = i;
		q->c = NULL;
		q->coff = 0;
		q->fixed = 0;
		q->n = 0;
		q->nj = 1;
		q->usable = 0;
		q->mixed = 0;
		q->proper_only = 0;
		q->sure = 0;
		q->keep_dropped = 0;
		memset(&q->num, 0, sizeof q->num);
		if (t[i].kind == T_NUM) {
			q->num.id = st->hd->id_num;
			q->num.keep = 1;
			q->num.lp = tv_lex_word(st->lx, st->hd->id_num)->lp;
			q->fixed = 1;
			q->n = 1;
			np++;
			continue;
		}
		if (t[i].pipe) {
			const cand *cc;
			if ((rc = get_cands(st, sentence_initial(st, t, i) ? "|^" : "|",
			                    2 - !sentence_initial(st, t, i), NULL, &cc, &q->n)))
				goto done;
			q->coff = (size_t)((const char *)cc - st->arena.data);
			q->usable = 1;
			np++;
			continue;
		}
		/* a written form seen before under this channel: its candidates from the memo
		 * (the cache would give the same, after lowering, a key and a lookup) */
		wmemo *wm = t[i].memo ? &st->wmemo[t[i].memo - 1] : NULL;
		int wk = wm ? memo_way(st, wm) : -1;
		if (wk >= 0) {
			q->coff = wm->way[wk] >> 4;
			q->n = (int)(wm->way[wk] & 15);
			word_pos(st, q, &t[i], (wm->flags & WM_MIXED) != 0);
			english += (wm->flags & WM_ENGLISH) != 0;
			np++;
			continue;
		}
		if (i >= st->ahead_end)
			prefetch_words(st, t, nt, i);
		while (st->at_ahead < st->nahead && st->ahead[st->at_ahead].tok < i)
			st->at_ahead++;
		char lowbuf[WORD_MAX * 2 + 8];
		const char *low = lowbuf;
		int mixed = 0;
		size_t ll;
		const uint64_t *hash = NULL;
		if (st->at_ahead < st->nahead && st->ahead[st->at_ahead].tok == i) {
			const struct ahead *a = &st->ahead[st->at_ahead++];
			low = a->s;
			ll = a->len;
			mixed = a->mixed;
			hash = &a->hash;
		} else
			ll = t[i].len <= WORD_MAX ? lower_word(st->block.data + t[i].off, t[i].len,
			                                       lowbuf, sizeof lowbuf, &mixed)
			                          : 0;
		if (!ll || ll > WORD_MAX) {
			/* too long or not UTF-8: an unknown word that stays */
			q->num.id = LEX_NONE;
			q->num.keep = 1;
			q->num.lp = (float)st->lp_unknown;
			q->fixed = 1;
			q->n = 1;
			np++;
			continue;
		}
		const cand *cc;
		if ((rc = get_cands(st, low, ll, hash, &cc, &q->n)))
			goto done;
		q->coff = (size_t)((const char *)cc - st->arena.data);
		if (wm) /* low is its form lowered */
			memo_keep(st, wm, q->coff, q->n);
		word_pos(st, q, &t[i], mixed);
		english += wm ? (wm->flags & WM_ENGLISH) != 0
		              : english_token(st->block.data + t[i].off, t[i].len);
		np++;
	}
	/* write the block with the changes (they come in block order) */
	{
		change *c = (change *)(void *)changes->data;
		size_t nc = changes->len / sizeof *c, at = 0;
		where cursor = {0, st->first_line, st->first_col};
		tv_buf_clear(&st->out_buf);
		for (size_t k = 0; k < nc; k++) {
			if ((rc = tv_buf_append(&st->out_buf, st->block.data + at, c[k].off - at)))
				goto done;
			size_t before = st->out_buf.len;
			const char *text = st->arena.data + c[k].str;
			char capital[WORD_MAX * 2 + 8]; /* pcand.s holds every reading */
			if (c[k].pipe_i) {
				memcpy(capital, text, c[k].str_len);
				capital[0] = 'I';
				text = capital;
			}
			apply_case(st->block.data + c[k].off, c[k].len, text, c[k].str_len,
			           c[k].initial, c[k].proper,
			           st->ch.kind != CH_FOLD || st->ocr_evidence >= 1, &st->out_buf);
			if (st->opts && st->opts->log) {
				unsigned long line, col;
				char was[WORD_MAX + 1], now[WORD_MAX * 2 + 8];
				size_t wl = c[k].len < WORD_MAX ? c[k].len : WORD_MAX;
				memcpy(was, st->block.data + c[k].off, wl);
				was[wl] = 0;
				size_t nl = st->out_buf.len - before < sizeof now - 1
				                ? st->out_buf.len - before
				                : sizeof now - 1;
				memcpy(now, st->out_buf.data + before, nl);
				now[nl] = 0;
				position(st, &cursor, c[k].off, &line, &col);
				tv_audit(st->opts, line, col, was, now,
				         c[k].compound            ? "restore-compound"
				         : st->ch.kind == CH_FOLD ? "restore-fold"
				                                  : "restore-ocr",
				         1 / (1 + exp(-c[k].margin)));
			}
			at = c[k].off + c[k].len;
		}
		if ((rc = tv_buf_append(&st->out_buf, st->block.data + at, st->block.len - at)))
			goto done;
		rc = tv_writer_write(st->out, st->out_buf.data, st->out_buf.len);
	}
done:
	tv_buf_clear(&st->block);
	return rc;
}

/* ------------------------------------------------------------------ explain --------- */

static tv_status explain(state *st, const char *word)
{
	tv_status rc = TV_OK;
	char low[WORD_MAX * 2 + 8];
	int mixed;
	size_t ll =
	    strlen(word) <= WORD_MAX ? lower_word(word, strlen(word), low, sizeof low, &mixed) : 0;
	if (!ll)
		return tv_writer_printf(st->out, "%s: too long or not UTF-8; left as it is\n",
		                        word);
	static const enum channel order[] = {CH_FOLD, CH_OCR, CH_CLEAN};
	for (int m = 0; m < 3 && !rc; m++) {
		set_channel(st, order[m], 1);
		const cand *c;
		int n;
		tv_buf trace = TV_BUF_INIT;
		st->trace = &trace;
		rc = get_cands(st, low, ll, NULL, &c, &n);
		st->trace = NULL;
		if (!rc && trace.len)
			rc = tv_writer_printf(
			    st->out, "  compound analyses (as written, then read back): %s\n",
			    tv_buf_str(&trace));
		tv_buf_free(&trace);
		if (rc)
			break;
		rc = tv_writer_printf(st->out, "%s (channel %s, no context):\n", word,
		                      channel_name[order[m]]);
		for (int k = 0; k < n && !rc; k++) {
			tv_buf b = TV_BUF_INIT;
			apply_case(word, strlen(word), st->arena.data + c[k].str, c[k].len, 1, 1, 0,
			           &b);
			size_t chars = 0;
			for (size_t x = 0; x < b.len; x++)
				chars += ((unsigned char)b.data[x] & 0xc0) != 0x80;
			rc = tv_writer_printf(st->out,
			                      "  %s%*s log P(word) %7.2f  log P(written|word) "
			                      "%7.2f  total %7.2f%s%s\n",
			                      tv_buf_str(&b), chars < 24 ? (int)(24 - chars) : 0,
			                      "", c[k].lp, c[k].ch, c[k].lp + c[k].ch,
			                      c[k].keep ? "  (as written)" : "",
			                      c[k].compound         ? "  (compound)"
			                      : c[k].id == LEX_NONE ? "  (unknown)"
			                                            : "");
			tv_buf_free(&b);
		}
	}
	return rc;
}

/* ------------------------------------------------------------------ the stage ------- */

/* The memos' sizes in bytes. */
#define PAIR_MEMO_SIZE (((size_t)1 << MEMO_BITS) * sizeof(struct pair_memo))
#define HIST_MEMO_SIZE (((size_t)1 << MEMO_BITS) * sizeof(struct hist_memo))
#define CTX_MEMO_SIZE  (((size_t)1 << CTX_MEMO_BITS) * sizeof(struct ctx_memo))
#define PART_MEMO_SIZE (((size_t)1 << PART_MEMO_BITS) * sizeof(part_memo))
#define WMEMO_SIZE     (WMEMO_SLOTS * sizeof(wmemo))

/* The memos' memory: n bytes of zeros, mapped in whole 2 MB pages (the kernel then places
 * the mapping on a 2 MB boundary) and marked for transparent huge pages. A memo is looked
 * up at random over its 3 to 16 MB: on 4 KB pages each first touch of a page is a page
 * fault, some 4 microseconds on this VM (9,700 of the 11,400 of restore on run.sh's 20 MB
 * restore input, 7,000 of the 8,700 on 30 KB of text: 51 ms of CPU, 31 ms on huge pages;
 * calloc'd, a memo was not 2 MB-aligned and got few), and most lookups miss the TLB. A
 * page a text never asks for costs nothing, as with calloc; a huge page costs 2 MB of
 * zeros at its first touch, so a text of one page (3 KB) gains nothing. NULL when the
 * map fails. */
#define HUGE_PAGE ((size_t)2 << 20)
static size_t memo_bytes(size_t n)
{
	return (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

static void *memo_map(size_t n)
{
	void *p =
	    mmap(NULL, memo_bytes(n), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_HUGEPAGE
	madvise(p, memo_bytes(n), MADV_HUGEPAGE); /* a hint: without it, 4 KB pages */
#endif
	return p;
}

/* Unmaps a memo of n bytes from memo_map; p may be NULL. */
static void memo_unmap(void *p, size_t n)
{
	if (p)
		munmap(p, memo_bytes(n));
}

static void state_free(state *st)
{
	tv_buf_free(&st->arena);
	free(st->slots);
	memo_unmap(st->pair_memo, PAIR_MEMO_SIZE);
	memo_unmap(st->hist_memo, HIST_MEMO_SIZE);
	memo_unmap(st->ctx_memo, CTX_MEMO_SIZE);
	free(st->scr_v);
	free(st->scr_l);
	free(st->scr_pc);
	free(st->scr_word);
	free(st->scr_walk);
	memo_unmap(st->part_memo, PART_MEMO_SIZE);
	free(st->ahead);
	tv_buf_free(&st->block);
	tv_buf_free(&st->out_buf);
	tv_buf_free(&st->toks);
	tv_buf_free(&st->changes);
	tv_buf_free(&st->pv);
	memo_unmap(st->wmemo, WMEMO_SIZE);
}

static tv_status copy_through(tv_reader *in, tv_writer *out)
{
	char buf[1 << 16];
	size_t n;
	tv_status rc;
	while (!(rc = tv_reader_read(in, buf, sizeof buf, &n)) && n)
		if ((rc = tv_writer_write(out, buf, n)))
			return rc;
	return rc;
}

/* Processes a line longer than a block on its own, in windows cut at spaces. */
static tv_status long_line(state *st, const char *line, size_t len, unsigned long lineno)
{
	tv_status rc = TV_OK;
	size_t at = 0;
	unsigned long col = 1; /* of line[at] */
	while (at < len && !rc) {
		size_t end = at + BLOCK_BYTES / 2;
		if (end >= len)
			end = len;
		else {
			size_t e = end;
			while (e > at && line[e - 1] != ' ')
				e--;
			end = e > at ? e : end; /* one huge word: cut anywhere, it stays as it is */
		}
		tv_buf_clear(&st->block);
		if ((rc = tv_buf_append(&st->block, line + at, end - at)))
			break;
		st->first_line = lineno;
		st->first_col = col;
		rc = process_block(st);
		for (; at < end; at++)
			col += ((unsigned char)line[at] & 0xc0) != 0x80;
	}
	return rc;
}

tv_status tv_restore_run(tv_reader *in, tv_writer *out, const tv_opts *opts)
{
	state st;
	memset(&st, 0, sizeof st);
	st.opts = opts;
	st.out = out;
	/* --explain reads no input: a message then names none, and no text is left */
	const char *word = tv_opt(opts, "explain");
	if (!(st.lx = tv_lex_installed(opts, NULL, NULL))) {
		tv_lex_report_missing(opts, TV_ERROR, word ? NULL : tv_reader_name(in), "restore",
		                      word ? "nothing explained" : "text left as it is");
		tv_status rc = word ? TV_OK : copy_through(in, out);
		return rc ? rc : TV_EPARTIAL;
	}
	st.hd = tv_lex_header(st.lx);
	st.lp_unknown = log(1.0 / st.hd->total) + LP_UNKNOWN_EXTRA;
	st.lp_single = log(1.0 / st.hd->total);
	st.segment_ends = (tv_lex_word(st.lx, st.hd->id_end)->flags & LEXW_CORPUS) != 0;
	double conf = opts && opts->min_confidence > 0 ? opts->min_confidence : DEFAULT_CONFIDENCE;
	/* the confidence of a change is 1 / (1 + e^-margin), below 1 however sure: a bar of
	 * 1 makes no change */
	st.min_margin = conf >= 1 ? HUGE_VAL : log(conf / (1 - conf));
	st.forced = -1;
	const char *chname = tv_opt(opts, "channel");
	if (chname && strcmp(chname, "auto") != 0) {
		for (int i = 0; i < 3; i++)
			if (!strcmp(chname, channel_name[i]))
				st.forced = i;
		if (st.forced < 0) {
			state_free(&st);
			return tv_usage(opts, "--channel wants auto, fold, ocr or clean, not '%s'",
			                chname);
		}
	}
	st.nocr = tv_search_rules(st.lx, st.ocr);
	st.nslots = SLOTS_MIN;
	st.slots = calloc(st.nslots, sizeof *st.slots);
	st.pair_memo = memo_map(PAIR_MEMO_SIZE);
	st.hist_memo = memo_map(HIST_MEMO_SIZE);
	st.ctx_memo = memo_map(CTX_MEMO_SIZE);
	st.ahead = malloc(SEG_MAX * sizeof *st.ahead);
	st.scr_v = malloc(sizeof *st.scr_v);
	st.scr_l = malloc(sizeof *st.scr_l);
	st.scr_pc = malloc(sizeof *st.scr_pc * (CP_MAX + 1) * (CP_MAX + 1));
	st.scr_word = malloc(sizeof *st.scr_word);
	st.scr_walk = malloc(sizeof *st.scr_walk);
	st.part_memo = memo_map(PART_MEMO_SIZE);
	/* page-aligned, so its slots are on cache lines; mapped, so that the pages a text
	 * never asks for are never touched (a memset wrote all 8 MB: as many cache misses
	 * as a short text's words) */
	st.wmemo = memo_map(WMEMO_SIZE);
	st.arena.max = CACHE_MAX * 2;
	if (!st.slots || !st.pair_memo || !st.hist_memo || !st.ctx_memo || !st.ahead || !st.scr_v ||
	    !st.scr_l || !st.scr_pc || !st.scr_word || !st.scr_walk || !st.part_memo || !st.wmemo) {
		state_free(&st);
		return TV_ESYSTEM;
	}
	cache_clear(&st);
	tv_status rc = TV_OK;
	if (word) {
		rc = explain(&st, word);
		state_free(&st);
		return rc;
	}
	const char *line;
	size_t len;
	for (;;) {
		/* a view, not a copy: the line goes into the block (or long_line's) before the
		 * next read */
		if ((rc = tv_reader_view(in, &line, &len)) || !line)
			break;
		unsigned long ln = tv_reader_lineno(in);
		int page = len && line[0] == '\f';
		if ((page || st.block.len + len > BLOCK_BYTES) && st.block.len &&
		    (rc = process_block(&st)))
			break;
		if (len > BLOCK_BYTES) {
			if ((rc = long_line(&st, line, len, ln)))
				break;
			continue;
		}
		if (!st.block.len) {
			st.first_line = ln;
			st.first_col = 1;
		}
		if ((rc = tv_buf_append(&st.block, line, len)))
			break;
	}
	if (!rc)
		rc = process_block(&st);
	state_free(&st);
	return rc;
}
