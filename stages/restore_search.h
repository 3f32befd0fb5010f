/*
 * restore_search.h - the restore stage's channel (how an English-model OCR engine or ASCII
 * folding rewrites what was written: its rules, indexed) and its variant search (the fold
 * keys of the lexicon that a written word may be read back as, walked down the lexicon's
 * trie). Shared by the stage (restore.c) and the lexicon's compiler (dicts/mklex.c), which
 * runs the same search on every form to mark those it reads back as nothing but
 * themselves (LEXW_ALONE, see tv_search_alone).
 */
#ifndef TV_RESTORE_SEARCH_H
#define TV_RESTORE_SEARCH_H

#include "restore_lex.h"

#include <stdint.h>
#include <utf8proc.h>

#define CP_MAX        40     /* code points of a word considered */
#define MAX_VARIANTS  64     /* fold keys looked up per word */
#define MAX_LEAVES    256    /* readings (repeats too) one pass keeps */
#define LEAF_POOL     4096   /* and their code points */
#define VARIANT_STEPS 20000L /* search steps for the variants of one word */
#define MAX_GROUP     12     /* forms taken from one fold group */
#define CAND_BEAM                                                                                  \
	6.0                /* candidates this far (log) below a word's best                        \
	                      one out of context are dropped (10 before: 6 and                     \
	                      7 change 4 words of the eval sets, 3 to the gold                     \
	                      reading; 5 makes held-out fold worse) */
#define FOLD_OCR_EXTRA 2.3 /* OCR rules on a folded page cost 10 times more */
#define DIGIT_CLASS_COST                                                                           \
	2.3 /* a two-glyph reading with another digit than the                                     \
	       learned one ("o0" beside "o6"): 10 times less likely */
#define NEVER 1e9

enum channel { CH_CLEAN = 0, CH_FOLD, CH_OCR };

/* One rewrite of the channel: the truth (1-2 code points) was read as obs (0-3). */
typedef struct rule {
	int32_t truth[2], obs[3];
	int32_t ftruth[2]; /* the truth folded (fold_cp; set by index_rules) */
	uint8_t flabel[2]; /* and the trie labels of those (tv_lex_label; index_rules) */
	int nt, no;
	double cost; /* -log P(obs | truth), for the current channel */
	int swedish; /* the truth is å, ä, ö or é */
	int search;  /* used to look for candidates (not only to score them): the truth
	                holds å ä ö é, or what was read holds a digit or a sign */
} rule;

#define MAX_RULES 250

/* The channel of one block: its rules and costs. */
typedef struct chan {
	enum channel kind;
	double p; /* damage rate: share of å/ä/ö/é written otherwise */
	rule rules[MAX_RULES];
	int nrules;
	double id_cost[4]; /* cost of writing å ä ö é as themselves */
	int key;           /* cache key of this channel */
	/* rule indexes by the first code point read (search rules that read something),
	 * and by the first code point written (all rules); bucket 255 holds the rest */
	uint8_t obs_start[257], truth_start[257];
	uint8_t obs_idx[MAX_RULES], truth_idx[MAX_RULES];
	/* the rules in those two orders, each as a small record beside the next, so that a
	 * walk over a bucket reads a few cache lines, not one rule (and line) after another */
	struct rule_ix {
		int32_t truth[2], obs[3];
		uint8_t nt, no, k;
		double cost;
	} obs_ix[MAX_RULES], truth_ix[MAX_RULES];
	/* the rules of obs_ix that read one code point, by bucket (their places in obs_ix,
	 * in its order): one_idx[one_start[b]..one_start[b + 1]); and the buckets of the
	 * second code point that the longer rules of bucket b read (bit set in second[b]).
	 * Most of a bucket's rules read two (the digit of "o6" stands for each digit): where
	 * the next code point is none of theirs, index_obs takes the one-code-point rules
	 * without trying the others */
	uint8_t one_start[257], one_idx[MAX_RULES];
	uint64_t second[256][4];
	/* the rules that write å, ä, ö or é first (most of the rules: some 35 each for ä
	 * and ö) in truth_ix order, by the bucket of the first code point they read (256:
	 * those that read nothing): swe_idx[s][swe_start[s][b]..swe_start[s][b + 1]), their
	 * places in truth_ix, so that channel_cost tries at an observed position only those
	 * that may read what is there */
	uint8_t swe_start[4][258];
	uint8_t swe_idx[4][MAX_RULES];
	uint8_t ins_idx[MAX_RULES];
	int nins;
	int diagonal; /* every rule reads one code point as one (a folded page's channel) */
} chan;

static const int32_t SWE[4] = {0xe5, 0xe4, 0xf6, 0xe9}; /* å ä ö é */
static const int32_t SWE_FOLD[4] = {'a', 'a', 'o', 'e'};

static inline int swe_index(int32_t c)
{
	if (c < 0xe4) /* below every one of them: most letters */
		return -1;
	for (int i = 0; i < 4; i++)
		if (SWE[i] == c)
			return i;
	return -1;
}

static inline int32_t fold_cp(int32_t c)
{
	int s = swe_index(c);
	return s >= 0 ? SWE_FOLD[s] : c;
}

/* ------------------------------------------------------------------ utf-8 ----------- */

/* The code point at s[0..n) (n > 0) into *c: its length in bytes, or <= 0 on bad
 * UTF-8 (as utf8proc_iterate, which it calls for all but ASCII). */
static inline utf8proc_ssize_t next_cp(const char *s, size_t n, utf8proc_int32_t *c)
{
	if (!((unsigned char)s[0] & 0x80)) {
		*c = (unsigned char)s[0];
		return 1;
	}
	return utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, c);
}

/* Decodes s[0..n) into cp (at most max code points); returns the count, or -1 on bad
 * UTF-8 or when it does not fit. */
static inline int decode(const char *s, size_t n, int32_t *cp, int max)
{
	int k = 0;
	utf8proc_ssize_t i = 0;
	while ((size_t)i < n) {
		utf8proc_int32_t c;
		utf8proc_ssize_t m = next_cp(s + i, n - (size_t)i, &c);
		if (m <= 0 || k >= max)
			return -1;
		cp[k++] = c;
		i += m;
	}
	return k;
}

static inline int is_letter(int32_t c)
{
	if (c < 128)
		return (unsigned)((c | 32) - 'a') < 26;
	utf8proc_category_t k = utf8proc_category(c);
	return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

static inline int bucket(int32_t c)
{
	return c >= 0 && c < 255 ? (int)c : 255;
}

/* Whether rule r reads what o[0..r->no) holds (r->no is at most 3; o is read no
 * further). */
static inline int rule_reads(const struct rule_ix *r, const int32_t *o)
{
	switch (r->no) {
	case 0:
		return 1;
	case 1:
		return o[0] == r->obs[0];
	case 2:
		return o[0] == r->obs[0] && o[1] == r->obs[1];
	default:
		return o[0] == r->obs[0] && o[1] == r->obs[1] && o[2] == r->obs[2];
	}
}

/* Fold-space spellings of a written word (see gen_variants). */
/*
 * What a variant search (gen_variants) and a part walk (part_walk) read of obs, found once
 * because they visit each position many times: the channel's rules whose reading matches
 * at position i, rule[start[i]..start[i + 1]); position i's fold (fold_cp) and kind
 * (letter: 0 no letter, 1 é, 2 another letter).
 */
typedef struct obs_index {
	int start[CP_MAX + 2];
	uint8_t rule[CP_MAX * MAX_RULES];
	int32_t fold[CP_MAX + 2];
	uint8_t label[CP_MAX + 2]; /* fold[i]'s trie label (tv_lex_label) */
	uint8_t letter[CP_MAX + 2];
} obs_index;

typedef struct variants {
	int32_t v[MAX_VARIANTS][CP_MAX + 4];
	int len[MAX_VARIANTS];
	int n;
	long steps;       /* recursion steps left: a word of many free rewrites (digits, signs)
	                     has exponentially many readings, and the search stops after these */
	const tv_lex *lx; /* its trie prunes readings no fold key begins with */
	uint32_t fold[MAX_VARIANTS]; /* the fold group of v[k] (the key the trie walk ended on) */
	int pruned;   /* a search round left out a step for want of a costly one: the next
	                 round, with one more, may find more (else it finds the same) */
	obs_index ix; /* obs as the search reads it, found once per search */
	/* one_pass (see gen_variants): the search's complete readings in the order found,
	 * each with its costly steps (leaf[k] at pool[off[k]..off[k] + len[k])); entries by
	 * costly steps (cnt); which rounds would have left a step out (pr); overflow when
	 * a bound was met (then the rounds are walked as before) */
	int one_pass, max_costly, nleaf, npool, overflow;
	long cnt[4];
	uint8_t pr[4];
	int leaf_off[MAX_LEAVES], leaf_len[MAX_LEAVES];
	uint8_t leaf_used[MAX_LEAVES];
	uint32_t leaf_fold[MAX_LEAVES];
	int32_t pool[LEAF_POOL];
} variants;

/* The trie node of the prefix of node followed by cp[0..n), or 0 when no fold key
 * begins so. */
static inline uint32_t trie_extend(const tv_lex *lx, uint32_t node, const int32_t *cp, int n)
{
	for (int k = 0; k < n && node; k++)
		node = tv_lex_child(lx, node, cp[k]);
	return node;
}

/* ------------------------------------------------------------------ the search ------ */

/* Reads the lexicon's learned confusion table into ocr (MAX_RULES rules at most), each
 * with its cost; returns how many. */
int tv_search_rules(const tv_lex *lx, rule *ocr);

/* Fills channel ch of kind with damage rate p from the learned rules ocr[0..nocr) and
 * builds its indexes (lx: the trie's labels); with ocr_too (a folded page, for words the
 * lexicon lacks) the learned OCR rules are added at FOLD_OCR_EXTRA more cost. */
void tv_search_channel(chan *ch, const tv_lex *lx, const rule *ocr, int nocr, enum channel kind,
                       double p, int ocr_too);

/* Fills ix for obs[0..no) (no <= CP_MAX) under channel ch, with lx's trie labels. */
void tv_search_index_obs(const chan *ch, const tv_lex *lx, const int32_t *obs, int no,
                         obs_index *ix);

/* The fold-space variants of obs[0..no) under ch, into out (see restore_search.c). */
void tv_search_variants(const tv_lex *lx, const chan *ch, const int32_t *obs, int no,
                        int max_costly, int inserts, uint32_t own, variants *out);

/* Whether form id of lx has no candidate but itself in any channel: the search of an OCR
 * page (ocr: its channel for known words, tv_search_channel of CH_OCR) reads it back as
 * no fold key but those whose forms (the MAX_GROUP first) are CAND_BEAM or more below it,
 * itself aside; a folded page reads it back as its own fold key only, and a clean page
 * does not read a known word back. scratch is the search's. */
int tv_search_alone(const tv_lex *lx, const chan *ocr, uint32_t id, variants *scratch);

#endif
