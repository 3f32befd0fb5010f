/*
 * restore_lex.h - the compiled lexicon of the restore stage (build/tvatt.lex): its file
 * layout, shared by the compiler (dicts/mklex.c) and the reader (stages/restore_lex.c),
 * and the reader's lookup functions.
 *
 * The file is little-endian and read in place through mmap: nothing is parsed at
 * start-up. It holds the word forms (lowercased UTF-8, NUL-terminated, in one string
 * blob) with their log probabilities; an open-addressing hash of the forms; the fold
 * groups (forms that are equal once å ä -> a, ö -> o, é -> e) with a hash of their keys
 * (both hashes hold check bits beside the id: lex_slot);
 * the word-pair counts in a hash keyed by the pair (one cache line a lookup, see
 * lex_pair_key); the pair histories of the triple model in a hash of their own records,
 * and the word-triple counts in a hash keyed by (history, third word) (lex_tri_key); the OCR
 * confusion table; the wider-context table (how often a fold key occurred 2 to 3 words
 * from a form that shares its fold key with another frequent form); and a trie of the
 * fold keys (see lex_alpha), so that the variant search of a damaged word abandons a
 * reading as soon as no fold key begins with it, and finds a complete key's fold group
 * where its walk ends.
 */
#ifndef TV_RESTORE_LEX_H
#define TV_RESTORE_LEX_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "tvatt.h"

#define LEX_MAGIC "TVLEX15"
#define LEX_NONE  UINT32_MAX

/* Flags of a word form. */
enum {
	LEXW_CORPUS = 1,   /* counted in the training corpus */
	LEXW_HUNSPELL = 2, /* a hunspell-sv form */
	LEXW_NAME = 4,     /* from a name list (dicts/names) */
	LEXW_CTX = 8,      /* has rows in the wider-context table */
	LEXW_PROPER = 16,  /* a name: capitalised inside sentences */
	LEXW_MOD = 32,     /* begins compounds: other forms are it plus a form */
	LEXW_HEAD = 64,    /* ends compounds: other forms are a form plus it */
	LEXW_ALONE = 128   /* restore's variant search reads it back as itself alone, on any
	                      page (mklex runs it: tv_search_alone) */
};

/* How many other forms of the lexicon a form begins (as a compound's modifier) and ends
 * (as its head), capped at LEX_PART_MAX, kept in the high bits of its flags. */
#define LEX_PART_MAX 4095u
static inline uint32_t lex_mods(uint32_t flags)
{
	return (flags >> 8) & LEX_PART_MAX;
}
static inline uint32_t lex_heads(uint32_t flags)
{
	return flags >> 20;
}

typedef struct lex_header {
	char magic[8];
	uint32_t nwords, nfold, npairs, nconf;
	uint32_t word_bits, fold_bits; /* hash tables have 1 << bits slots */
	uint32_t nhist, ntriples, hist_bits;
	uint32_t trie_size;          /* bytes of the fold key trie (0: none) */
	uint32_t id_start, id_num;   /* the ids of "<s>" and "<num>" */
	uint32_t id_end, pad;        /* and of "</s>" (a segment's end) */
	uint32_t id_bits, pair_bits; /* word ids are below 1 << id_bits; the pair hash has
	                              * 1 << pair_bits slots (lex_pair_key) */
	uint32_t tri_bits, pad2;     /* the triple hash has 1 << tri_bits slots */
	uint64_t off_strings, off_words, off_word_hash, off_folds, off_fold_ids, off_fold_hash,
	    off_pair_hash, off_conf, off_hists, off_tri_hash, off_trie, size;
	double total;                 /* tokens counted */
	double swedish;               /* share of word tokens that hold å, ä or ö */
	double part_mods, part_heads; /* the sums of lex_mods and lex_heads over all forms */
	uint32_t nctx, ctx_bits;      /* context rows; their hash has 1 << ctx_bits slots */
	uint64_t off_ctx;
} lex_header;

/* The context table's key of a neighbour's ending, "|L:nga" (the word before ends so),
 * "|R:bet" (the word after), or of a side's total ("|L:", "|R:"): the string's hash with
 * the high bit set, which no fold group's id has. */
static inline uint32_t lex_ctx_class(const char *s, size_t n);

/* A row of the wider-context table: fold group key (a lex_word's fold) occurred count
 * times near form; key LEX_NONE holds the form's total. A slot with count 0 is empty. */
typedef struct lex_ctx {
	uint32_t form, key, count;
} lex_ctx;

typedef struct lex_word {
	uint32_t str;   /* offset of the form in the string blob */
	uint32_t fold;  /* its fold group */
	float lp;       /* log unigram probability */
	float lbw;      /* log back-off weight as a history */
	float lhist;    /* log of its count as a history (0 when none) */
	uint32_t flags; /* LEXW_* */
} lex_word;

typedef struct lex_fold {
	uint32_t str;   /* the fold key */
	uint32_t first; /* its forms are fold_ids[first .. first + n), most frequent first */
	uint32_t n;
} lex_fold;

/* A word-pair history of the triple model: the pair (a, b), how often it was followed by
 * a word (never 0 but in an empty slot), and by how many distinct words. The histories
 * are the slots of their own hash (1 << hist_bits of them, open addressing from
 * lex_hash_pair(a, b) on, four a cache line): finding one reads one line. */
typedef struct lex_hist {
	uint32_t a, b;
	uint32_t count, followers;
} lex_hist;

static inline uint64_t lex_hash_pair(uint32_t a, uint32_t b)
{
	uint64_t h = ((uint64_t)a << 32 | b) * 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 29);
}

/* A slot of the form hash and of the fold key hash (32 bits, 0 empty): the id + 1 in
 * bits [0, id_bits) and, above it, the top bits of the string's lex_hash as a check, so
 * that a lookup reads the record and the string of a slot only when its check matches
 * (one time in 2^(32 - id_bits) for another string): a form that is not there costs
 * one cache line. */
static inline uint32_t lex_slot_check(uint64_t h, uint32_t id_bits)
{
	return (uint32_t)(h >> (32 + id_bits));
}
static inline uint32_t lex_slot(uint64_t h, uint32_t id, uint32_t id_bits)
{
	return lex_slot_check(h, id_bits) << id_bits | (id + 1);
}

/* The word-pair hash: 1 << pair_bits slots of 64 bits, open addressing from slot
 * lex_hash_pair(a, b) on, 0 an empty slot. A slot holds the pair whole and its count:
 * bits [0, id_bits) the second word's id, [id_bits, 2 id_bits) the first word's id + 1
 * (never 0), and the count above them (the compiler refuses counts that do not fit), so a
 * lookup reads one slot (one cache line, rarely two) and compares no string. */
static inline uint64_t lex_pair_key(uint32_t a, uint32_t b, uint32_t id_bits)
{
	return ((uint64_t)a + 1) << id_bits | b;
}

/* The triple hash, alike: 1 << tri_bits slots of 64 bits from lex_hash_pair(x, c) on,
 * where x is the history's slot in its hash; a slot holds c in bits [0, id_bits), x + 1
 * in the hist_bits + 1 bits above, and the triple's count above those. */
static inline uint64_t lex_tri_key(uint32_t x, uint32_t c, uint32_t id_bits)
{
	return ((uint64_t)x + 1) << id_bits | c;
}

typedef struct lex_conf {
	uint32_t truth;    /* string offset: what was written (1-2 characters) */
	uint32_t observed; /* string offset: what the OCR engine read ("" for a deletion) */
	float prob;        /* P(observed | truth), learned */
	uint32_t count;
} lex_conf;

/* 64-bit FNV-1a of n bytes; both sides hash with it. */
static inline uint64_t lex_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static inline uint32_t lex_ctx_class(const char *s, size_t n)
{
	uint32_t k = 0x80000000u | (uint32_t)(lex_hash(s, n) & 0x7fffffffu);
	return k == LEX_NONE ? k - 1 : k;
}

/*
 * The fold key of a lowercased UTF-8 form: å ä -> a, ö -> o, é -> e; every other byte is
 * copied. Writes at most cap - 1 bytes and a NUL to out; returns the key's length, or
 * (size_t)-1 when it does not fit.
 */
static inline size_t lex_fold_key(const char *s, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if ((unsigned char)c == 0xc3 && i + 1 < n) {
			unsigned char d = (unsigned char)s[i + 1];
			char f = d == 0xa5 || d == 0xa4 ? 'a'
			         : d == 0xb6            ? 'o'
			         : d == 0xa9            ? 'e'
			                                : 0;
			if (f) {
				if (k + 1 >= cap)
					return (size_t)-1;
				out[k++] = f;
				i++;
				continue;
			}
		}
		if (k + 1 >= cap)
			return (size_t)-1;
		out[k++] = c;
	}
	out[k] = 0;
	return k;
}

/*
 * The fold key trie. At off_trie stands the alphabet (lex_alpha: the code points of the
 * fold keys, at most 255, in code point order; a label is a code point's index + 1),
 * then the trie's bytes, whose offsets the nodes hold. Offset 0 is no node; the root,
 * the empty prefix, is at LEX_TRIE_ROOT. A node is
 *
 *   nc (1 byte): its children;  end (1 byte): 1 when a fold key ends here;
 *   nc labels (1 byte each, ascending);  when end, the key's fold group (4 bytes);
 *   the offsets of children 2..nc (4 bytes each, unaligned, little-endian),
 *
 * and its first child's node comes right after it. The nodes are written depth first,
 * so a node's subtree follows it: a search that walks down a word stays, past its first
 * few letters, on a few neighbouring cache lines (the prefix filter before it asked one
 * random line a prefix), and where a reading ends, the node has its fold group (no hash
 * lookup of the key's string).
 */
#define LEX_TRIE_ROOT 1u

/* The most bytes a lookup reads from a node on, whatever they hold: nc and end, nc labels,
 * 4 bytes for each unit of end (a damaged end byte may be 255, not 1) and nc - 1
 * offsets. The reader refuses a file in which these many bytes do not follow the trie,
 * and the lookups give no node at or past the trie's end, so that a walk of a damaged
 * trie reads inside the file (checking every node at open would read the whole trie:
 * tens of milliseconds, against a start-up of a few). */
#define LEX_TRIE_READ (2u + 255u + 4u * 255u + 4u * 254u)

typedef struct lex_alpha {
	uint8_t map[256]; /* the label of code point c < 256 (0: none) */
	uint32_t n;
	int32_t cp[255];
} lex_alpha;

/* ------------------------------------------------------------------ reader --------- */

typedef struct tv_lex tv_lex;

/* Maps the lexicon file at path. Returns NULL (errno set) when it cannot be opened or is
 * not a lexicon of this version: its header's tables must lie inside the file, and the
 * ids of its fold groups name forms. What is not checked here is bounded where it is read
 * (a string offset, a fold group, a hash slot's id, a trie node; a hash probe visits each
 * slot once at most, as a table without an empty slot would loop for ever), so that a
 * damaged file gives wrong answers at worst, never a read outside it nor a hang. Free with
 * tv_lex_close. */
tv_lex *tv_lex_open(const char *path);
void tv_lex_close(tv_lex *lx);

/* The installed lexicon (tvatt.lex on the data path, tv_data_path), opened once per
 * process on first use and shared read-only by every stage, run and thread that asks
 * (restore and reflow; tvatt run --jobs N runs stages in threads). It stays mapped until
 * the process ends. NULL when it is missing or refused; then *path (if path is not NULL)
 * is where it was looked for, or NULL when no data path is set, and *damaged (if not
 * NULL) says it was there but tv_lex_open refused it. When $TVATT_DATA is set but holds
 * no readable tvatt.lex and one is found elsewhere, the first call with opts not NULL
 * warns through them, once a process. */
tv_lex *tv_lex_installed(const tv_opts *opts, const char **path, int *damaged);

/* Reports, at level, why the installed lexicon is not in use, in one shape for every stage
 * that needs it: "STAGE: the lexicon PATH is damaged ..." or "... was not found or cannot
 * be read (PATH)" (or "(TVATT_DATA is not set)" when no place was looked at), then what
 * to do, then left, what the stage does without it. file names the input (NULL: none). */
void tv_lex_report_missing(const tv_opts *opts, tv_level level, const char *file, const char *stage,
                           const char *left);

/* The header; a form's record (id < nwords); a string of the blob (an offset a record
 * holds; "" for one past the blob's end). */
static inline const lex_header *tv_lex_header(const tv_lex *lx);
static inline const lex_word *tv_lex_word(const tv_lex *lx, uint32_t id);
static inline const char *tv_lex_str(const tv_lex *lx, uint32_t off);
/* The id of the lowercased form s (n bytes), or LEX_NONE. */
uint32_t tv_lex_find(const tv_lex *lx, const char *s, size_t n);
/* The forms whose fold key is key (n bytes): sets *ids to n_out ids, most frequent first;
 * returns 0 when there are none. */
int tv_lex_fold(const tv_lex *lx, const char *key, size_t n, const uint32_t **ids, uint32_t *n_out);
/* How often b followed a (0 when the pair was not kept). */
static inline uint32_t tv_lex_pair(const tv_lex *lx, uint32_t a, uint32_t b);
/* The triple model: how often c followed the pair (a, b) (0 when not kept); *count and
 * *followers get the pair's history figures, both 0 when the pair is no history. */
uint32_t tv_lex_triple(const tv_lex *lx, uint32_t a, uint32_t b, uint32_t c, uint32_t *count,
                       uint32_t *followers);
/* The history (a, b) of the triple model, or NULL when the pair is none. */
static inline const lex_hist *tv_lex_history(const tv_lex *lx, uint32_t a, uint32_t b);
/* How often c followed history x (0 when not kept). */
static inline uint32_t tv_lex_hist_count(const tv_lex *lx, const lex_hist *x, uint32_t c);
/* The trie: the node of node's prefix followed by code point c, or 0 when no fold key
 * begins so (node 0: none either); the fold group of the key that ends at node, or
 * LEX_NONE. The root is LEX_TRIE_ROOT (0 when the lexicon has no key). */
static inline uint32_t tv_lex_child(const tv_lex *lx, uint32_t node, int32_t c);
static inline uint32_t tv_lex_key_end(const tv_lex *lx, uint32_t node);
/* tv_lex_child in two halves, for a search that takes the same code points again and
 * again: the trie's label of code point c (0: no fold key holds it), found once, and the
 * child of node by label a (0 when none; label 0 or node 0: none either). */
static inline uint8_t tv_lex_label(const tv_lex *lx, int32_t c);
static inline uint32_t tv_lex_child_label(const tv_lex *lx, uint32_t node, uint8_t a);
/* The forms of fold group g, as tv_lex_fold gives them; none (*ids NULL) when g is not
 * below nfold or the group's forms lie outside the fold ids. */
static inline void tv_lex_group(const tv_lex *lx, uint32_t g, const uint32_t **ids,
                                uint32_t *n_out);
/* Prefetch hints for the Viterbi's lookups (they change no result, only when memory is
 * read): form a's record; the slot of history (a, b), the line finding it reads first. */
static inline void tv_lex_prefetch_word(const tv_lex *lx, uint32_t a);
static inline void tv_lex_prefetch_history(const tv_lex *lx, uint32_t a, uint32_t b);
/* tv_lex_pair of n pairs (a[i], b[i]) at once into count[i]: their hash slots are
 * prefetched first, so that the cache misses overlap. */
void tv_lex_pairs(const tv_lex *lx, const uint32_t *a, const uint32_t *b, uint32_t *count, int n);
/* The wider-context table: how often fold group key was seen near form (key LEX_NONE:
 * the form's total); 0 when not kept or the lexicon has no such table. */
static inline uint32_t tv_lex_ctx(const tv_lex *lx, uint32_t form, uint32_t key);
/* The confusion table: *n rows. */
const lex_conf *tv_lex_conf(const tv_lex *lx, uint32_t *n);

/* ------------------------------------------------------------------ inline lookups -- */

/* The reader's view of the mapped file. It is here, not in restore_lex.c, so that the
 * lookups the Viterbi and the candidate search make millions of times (a record, a string,
 * a pair, a history, a triple, a context row) are inlined into their callers. */
struct tv_lex {
	const char *base;
	size_t size;
	const lex_header *hd;
	const char *strings;
	size_t nstrings; /* bytes of the string blob; its last is a NUL */
	const lex_word *words;
	const uint32_t *word_hash;
	const lex_fold *folds;
	const uint32_t *fold_ids;
	const uint32_t *fold_hash;
	const uint64_t *pair_hash;
	const lex_conf *conf;
	const lex_hist *hists; /* the history hash's slots */
	const uint64_t *tri_hash;
	const lex_alpha *alpha;
	const unsigned char *trie; /* trie_size bytes */
	const lex_ctx *ctx;        /* NULL: no context table */
};

static inline const lex_header *tv_lex_header(const tv_lex *lx)
{
	return lx->hd;
}

static inline const lex_word *tv_lex_word(const tv_lex *lx, uint32_t id)
{
	return &lx->words[id];
}

static inline const char *tv_lex_str(const tv_lex *lx, uint32_t off)
{
	return lx->strings + (off < lx->nstrings ? off : lx->nstrings - 1); /* damaged: "" */
}

/* The count in the pair hash's slots from slot h on of the pair whose lex_pair_key is
 * key (0 when absent). */
static inline uint32_t lex_pair_probe(const tv_lex *lx, uint32_t h, uint64_t key)
{
	uint32_t mask = (1u << lx->hd->pair_bits) - 1, shift = 2 * lx->hd->id_bits;
	uint64_t kmask = ((uint64_t)1 << shift) - 1;
	uint64_t v;
	for (uint32_t k = 0; k <= mask && (v = lx->pair_hash[h]) != 0; k++, h = (h + 1) & mask)
		if ((v & kmask) == key)
			return (uint32_t)(v >> shift);
	return 0;
}

static inline uint32_t tv_lex_pair(const tv_lex *lx, uint32_t a, uint32_t b)
{
	if (a >= lx->hd->nwords || b >= lx->hd->nwords)
		return 0;
	uint32_t mask = (1u << lx->hd->pair_bits) - 1;
	return lex_pair_probe(lx, (uint32_t)lex_hash_pair(a, b) & mask,
	                      lex_pair_key(a, b, lx->hd->id_bits));
}

static inline const lex_hist *tv_lex_history(const tv_lex *lx, uint32_t a, uint32_t b)
{
	if (!lx->hd->nhist)
		return NULL;
	uint32_t mask = (1u << lx->hd->hist_bits) - 1;
	for (uint32_t h = (uint32_t)lex_hash_pair(a, b) & mask, k = 0;
	     k <= mask && lx->hists[h].count; k++, h = (h + 1) & mask)
		if (lx->hists[h].a == a && lx->hists[h].b == b)
			return &lx->hists[h];
	return NULL;
}

static inline uint32_t tv_lex_hist_count(const tv_lex *lx, const lex_hist *x, uint32_t c)
{
	if (c >= lx->hd->nwords)
		return 0;
	uint32_t at = (uint32_t)(x - lx->hists), ib = lx->hd->id_bits,
	         shift = ib + lx->hd->hist_bits + 1, mask = (1u << lx->hd->tri_bits) - 1;
	uint64_t key = lex_tri_key(at, c, ib), kmask = ((uint64_t)1 << shift) - 1;
	for (uint32_t h = (uint32_t)lex_hash_pair(at, c) & mask, k = 0;
	     k <= mask && lx->tri_hash[h]; k++, h = (h + 1) & mask)
		if ((lx->tri_hash[h] & kmask) == key)
			return (uint32_t)(lx->tri_hash[h] >> shift);
	return 0;
}

/* The index of label a among a node's nc labels (ascending, each once), or nc when it is
 * not there. The nodes near the root have 20 to 64 children, and the candidate search
 * asks them most: a scan of one label at a time was a tenth of the search's instructions.
 * With SSE2, 16 labels are compared at once; the bytes read past the labels are the
 * node's own (its group, its offsets) or the LEX_TRIE_READ bytes that follow the trie, and
 * a match among them (at nc or later) is no label: the labels come first, so the lowest
 * match is the label when there is one. */
static inline unsigned lex_label_index(const unsigned char *labels, unsigned nc, uint8_t a)
{
#if defined(__SSE2__)
	__m128i key = _mm_set1_epi8((char)a);
	for (unsigned k = 0; k < nc; k += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(labels + k));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, key));
		if (m) {
			k += (unsigned)__builtin_ctz(m);
			return k < nc ? k : nc;
		}
	}
	return nc;
#else
	for (unsigned k = 0; k < nc && labels[k] <= a; k++)
		if (labels[k] == a)
			return k;
	return nc;
#endif
}

static inline uint8_t tv_lex_label(const tv_lex *lx, int32_t c)
{
	if (c >= 0 && c < 256)
		return lx->alpha->map[c];
	/* outside Latin-1: a search of the sorted code points */
	uint32_t lo = 0, hi = lx->alpha->n;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (lx->alpha->cp[mid] < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < lx->alpha->n && lx->alpha->cp[lo] == c ? (uint8_t)(lo + 1) : 0;
}

static inline uint32_t tv_lex_child(const tv_lex *lx, uint32_t node, int32_t c)
{
	return tv_lex_child_label(lx, node, tv_lex_label(lx, c));
}

static inline uint32_t tv_lex_child_label(const tv_lex *lx, uint32_t node, uint8_t a)
{
	if (!a || !node)
		return 0;
	const unsigned char *p = lx->trie + node;
	unsigned nc = p[0], k = lex_label_index(p + 2, nc, a);
	if (k == nc)
		return 0;
	uint32_t at = 2 + nc + 4 * (uint32_t)p[1], o = node + at + 4 * (nc - 1);
	if (k > 0)
		memcpy(&o, p + at + 4 * (k - 1), 4);
	return o < lx->hd->trie_size ? o : 0; /* a damaged offset: no node */
}

static inline uint32_t tv_lex_key_end(const tv_lex *lx, uint32_t node)
{
	const unsigned char *p = lx->trie + node;
	if (!node || !p[1])
		return LEX_NONE;
	uint32_t g;
	memcpy(&g, p + 2 + p[0], 4);
	return g < lx->hd->nfold ? g : LEX_NONE;
}

static inline void tv_lex_group(const tv_lex *lx, uint32_t g, const uint32_t **ids, uint32_t *n_out)
{
	uint32_t first = g < lx->hd->nfold ? lx->folds[g].first : 0,
	         n = g < lx->hd->nfold ? lx->folds[g].n : 0, nw = lx->hd->nwords;
	if (first > nw || n > nw - first) /* a damaged group: none */
		first = n = 0;
	*ids = n ? lx->fold_ids + first : NULL;
	*n_out = n;
}

static inline uint32_t tv_lex_ctx(const tv_lex *lx, uint32_t form, uint32_t key)
{
	if (!lx->ctx)
		return 0;
	uint32_t mask = (1u << lx->hd->ctx_bits) - 1;
	for (uint32_t h = (uint32_t)lex_hash_pair(form, key) & mask, k = 0;
	     k <= mask && lx->ctx[h].count; k++, h = (h + 1) & mask)
		if (lx->ctx[h].form == form && lx->ctx[h].key == key)
			return lx->ctx[h].count;
	return 0;
}

/* A prefetch hint that the compiler keeps. GCC counts __builtin_prefetch as no side
 * effect, so it deletes a loop (or a whole static function) whose only effect is
 * prefetching: prefetch_transitions of restore.c compiled to nothing, and its lookups
 * missed one after another. The empty volatile asm that names the address is a side
 * effect the loop must keep; it emits no instruction. */
static inline void lex_prefetch(const void *p)
{
	__builtin_prefetch(p);
	__asm__ __volatile__("" : : "r"(p));
}

static inline void tv_lex_prefetch_word(const tv_lex *lx, uint32_t a)
{
	if (a < lx->hd->nwords)
		lex_prefetch(&lx->words[a]);
}

static inline void tv_lex_prefetch_history(const tv_lex *lx, uint32_t a, uint32_t b)
{
	if (lx->hd->nhist)
		lex_prefetch(
		    &lx->hists[(uint32_t)lex_hash_pair(a, b) & ((1u << lx->hd->hist_bits) - 1)]);
}

#endif
