/*
 * restore_lex.c - maps the compiled lexicon (build/tvatt.lex, made by dicts/mklex.c) and
 * answers lookups on it in place: a form's id by hashing, the forms of a fold key, the
 * count of many word pairs at once, their slots prefetched first (tv_lex_pairs). The
 * lookups the Viterbi and the candidate search make millions of times are inline, in
 * restore_lex.h. Opening it is one mmap, a header check and a pass over the fold ids,
 * so start-up grows little with the lexicon.
 */
#include "restore_lex.h"
#include "tvatt.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* True when [off, off + n) lies inside the file. */
static int inside(const tv_lex *lx, uint64_t off, uint64_t n)
{
	return off <= lx->size && n <= lx->size - off;
}

/* True when every id of the fold groups names a form: the one table whose values index
 * another that the lookups cannot bound cheaply where they are used (a fold group's ids
 * go to tv_lex_word unchecked). It reads nwords ids (3.6 MB), four at a time where it
 * can: 2.2 M instructions instead of 7.2 M one at a time, under a millisecond of
 * start-up (a short text's restore spent 3 % of its instructions here). */
static int fold_ids_valid(const tv_lex *lx)
{
	const uint32_t *ids = (const uint32_t *)(const void *)(lx->base + lx->hd->off_fold_ids);
	uint32_t nw = lx->hd->nwords, bad = 0, i = 0;
#if defined(__SSE2__)
	/* SSE2 compares signed: both sides with the top bit flipped compare as unsigned */
	const __m128i flip = _mm_set1_epi32((int)0x80000000u);
	const __m128i lim = _mm_xor_si128(_mm_set1_epi32((int)nw), flip);
	__m128i ok = _mm_set1_epi32(-1);
	for (; i + 4 <= nw; i += 4) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(ids + i));
		ok = _mm_and_si128(ok, _mm_cmplt_epi32(_mm_xor_si128(v, flip), lim));
	}
	bad = _mm_movemask_epi8(ok) != 0xffff;
#endif
	for (; i < nw; i++)
		bad |= ids[i] >= nw;
	return !bad;
}

tv_lex *tv_lex_open(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	if (fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof(lex_header)) {
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	tv_lex *lx = calloc(1, sizeof *lx);
	if (!lx) {
		munmap(p, (size_t)st.st_size);
		return NULL;
	}
	lx->base = p;
	lx->size = (size_t)st.st_size;
	const lex_header *hd = p;
	lx->hd = hd;
	uint64_t wslots = (uint64_t)1 << (hd->word_bits & 31),
	         fslots = (uint64_t)1 << (hd->fold_bits & 31);
	if (memcmp(hd->magic, LEX_MAGIC, sizeof LEX_MAGIC) != 0 || hd->size != lx->size ||
	    hd->word_bits > 30 || hd->fold_bits > 30 ||
	    !inside(lx, hd->off_words, (uint64_t)hd->nwords * sizeof(lex_word)) ||
	    !inside(lx, hd->off_word_hash, wslots * 4) ||
	    !inside(lx, hd->off_folds, (uint64_t)hd->nfold * sizeof(lex_fold)) ||
	    !inside(lx, hd->off_fold_hash, fslots * 4) || hd->id_bits < 1 || hd->id_bits > 31 ||
	    hd->nwords > ((uint64_t)1 << hd->id_bits) - 1 || hd->nfold > hd->nwords ||
	    hd->pair_bits > 30 || hd->off_pair_hash % 8 != 0 ||
	    !inside(lx, hd->off_pair_hash, ((uint64_t)8 << hd->pair_bits)) ||
	    !inside(lx, hd->off_conf, (uint64_t)hd->nconf * sizeof(lex_conf)) ||
	    hd->hist_bits > 30 || hd->off_hists % 8 != 0 ||
	    !inside(lx, hd->off_hists, ((uint64_t)1 << (hd->hist_bits & 31)) * sizeof(lex_hist)) ||
	    hd->tri_bits > 30 || hd->off_tri_hash % 8 != 0 ||
	    hd->id_bits + hd->hist_bits + 1 >= 64 ||
	    !inside(lx, hd->off_tri_hash, (uint64_t)8 << (hd->tri_bits & 31)) ||
	    hd->off_trie % 8 != 0 || hd->trie_size <= LEX_TRIE_ROOT + 1 || hd->ctx_bits > 30 ||
	    (hd->ctx_bits &&
	     !inside(lx, hd->off_ctx, ((uint64_t)1 << hd->ctx_bits) * sizeof(lex_ctx))) ||
	    !inside(lx, hd->off_trie,
	            (uint64_t)sizeof(lex_alpha) + hd->trie_size + LEX_TRIE_READ) ||
	    hd->off_strings >= hd->off_words || lx->base[hd->off_words - 1] != 0 ||
	    !inside(lx, hd->off_fold_ids, (uint64_t)hd->nwords * 4) || hd->off_fold_ids % 4 != 0 ||
	    hd->id_start >= hd->nwords || hd->id_num >= hd->nwords || hd->id_end >= hd->nwords ||
	    !fold_ids_valid(lx)) {
		tv_lex_close(lx);
		errno = EINVAL;
		return NULL;
	}
	lx->alpha = (const lex_alpha *)(const void *)(lx->base + hd->off_trie);
	if (lx->alpha->n > 255) { /* tv_lex_child searches cp[0..n) */
		tv_lex_close(lx);
		errno = EINVAL;
		return NULL;
	}
	lx->strings = lx->base + hd->off_strings;
	lx->nstrings = hd->off_words - hd->off_strings;
	lx->words = (const lex_word *)(const void *)(lx->base + hd->off_words);
	lx->word_hash = (const uint32_t *)(const void *)(lx->base + hd->off_word_hash);
	lx->folds = (const lex_fold *)(const void *)(lx->base + hd->off_folds);
	lx->fold_ids = (const uint32_t *)(const void *)(lx->base + hd->off_fold_ids);
	lx->fold_hash = (const uint32_t *)(const void *)(lx->base + hd->off_fold_hash);
	lx->pair_hash = (const uint64_t *)(const void *)(lx->base + hd->off_pair_hash);
	lx->conf = (const lex_conf *)(const void *)(lx->base + hd->off_conf);
	lx->hists = (const lex_hist *)(const void *)(lx->base + hd->off_hists);
	lx->tri_hash = (const uint64_t *)(const void *)(lx->base + hd->off_tri_hash);
	lx->trie = (const unsigned char *)lx->base + hd->off_trie + sizeof(lex_alpha);
	lx->ctx = hd->ctx_bits ? (const lex_ctx *)(const void *)(lx->base + hd->off_ctx) : NULL;
	return lx;
}

void tv_lex_close(tv_lex *lx)
{
	if (!lx)
		return;
	munmap((void *)(uintptr_t)lx->base, lx->size);
	free(lx);
}

/* The index of the record whose string is s[0..n) in a hash of check-bit slots (hash, 1 <<
 * bits slots, lex_slot) over records of stride bytes that each begin with their string's
 * offset (lex_word, lex_fold); LEX_NONE when absent. The string is compared only when a
 * slot's check bits match. */
_Static_assert(offsetof(lex_word, str) == 0 && offsetof(lex_fold, str) == 0,
               "probe_str reads a record's string offset at its start");
static inline uint32_t probe_str(const tv_lex *lx, const uint32_t *hash, uint32_t bits,
                                 const void *recs, uint32_t nrecs, size_t stride, const char *s,
                                 size_t n)
{
	uint32_t mask = (1u << bits) - 1, ib = lx->hd->id_bits, imask = (1u << ib) - 1;
	uint64_t hv = lex_hash(s, n);
	uint32_t check = lex_slot_check(hv, ib);
	for (uint32_t h = (uint32_t)hv & mask, v, k = 0; k <= mask && (v = hash[h]) != 0;
	     k++, h = (h + 1) & mask) {
		if (v >> ib != check)
			continue;
		uint32_t id = (v & imask) - 1, off;
		if (id >= nrecs) /* a damaged slot */
			continue;
		memcpy(&off, (const char *)recs + (size_t)id * stride, sizeof off);
		const char *w = tv_lex_str(lx, off);
		if (strncmp(w, s, n) == 0 && w[n] == 0)
			return id;
	}
	return LEX_NONE;
}

uint32_t tv_lex_find(const tv_lex *lx, const char *s, size_t n)
{
	return probe_str(lx, lx->word_hash, lx->hd->word_bits, lx->words, lx->hd->nwords,
	                 sizeof *lx->words, s, n);
}

int tv_lex_fold(const tv_lex *lx, const char *key, size_t n, const uint32_t **ids, uint32_t *n_out)
{
	uint32_t id = probe_str(lx, lx->fold_hash, lx->hd->fold_bits, lx->folds, lx->hd->nfold,
	                        sizeof *lx->folds, key, n);
	tv_lex_group(lx, id, ids, n_out);
	return *n_out > 0;
}

uint32_t tv_lex_triple(const tv_lex *lx, uint32_t a, uint32_t b, uint32_t c, uint32_t *count,
                       uint32_t *followers)
{
	const lex_hist *x = tv_lex_history(lx, a, b);
	*count = x ? x->count : 0;
	*followers = x ? x->followers : 0;
	return x ? tv_lex_hist_count(lx, x, c) : 0;
}

const lex_conf *tv_lex_conf(const tv_lex *lx, uint32_t *n)
{
	*n = lx->hd->nconf;
	return lx->conf;
}

void tv_lex_pairs(const tv_lex *lx, const uint32_t *a, const uint32_t *b, uint32_t *count, int n)
{
	enum { STEP = 64 }; /* lookups whose slots are asked for at once */
	uint32_t at[STEP], mask = (1u << lx->hd->pair_bits) - 1, nw = lx->hd->nwords;
	for (int from = 0; from < n; from += STEP) {
		int m = n - from < STEP ? n - from : STEP;
		for (int i = 0; i < m; i++) {
			at[i] = (uint32_t)lex_hash_pair(a[from + i], b[from + i]) & mask;
			lex_prefetch(&lx->pair_hash[at[i]]);
		}
		for (int i = 0; i < m; i++) {
			uint32_t x = a[from + i], y = b[from + i];
			count[from + i] =
			    x < nw && y < nw
			        ? lex_pair_probe(lx, at[i], lex_pair_key(x, y, lx->hd->id_bits))
			        : 0;
		}
	}
}

static pthread_once_t installed_once = PTHREAD_ONCE_INIT;
static tv_lex *installed;
static tv_buf installed_path = TV_BUF_INIT;
static int installed_damaged;
static const char *installed_skipped; /* $TVATT_DATA, set but without a tvatt.lex */
static pthread_mutex_t skipped_lock = PTHREAD_MUTEX_INITIALIZER;
static int skipped_said;

static void open_installed(void)
{
	if (tv_data_path("tvatt.lex", &installed_path, &installed_skipped) == TV_OK) {
		installed = tv_lex_open(tv_buf_str(&installed_path));
		installed_damaged = !installed && errno == EINVAL;
	} else if (installed_skipped) {
		/* where it was looked for first: restore names it */
		tv_buf_printf(&installed_path, "%s/tvatt.lex", installed_skipped);
	}
}

tv_lex *tv_lex_installed(const tv_opts *opts, const char **path, int *damaged)
{
	if (pthread_once(&installed_once, open_installed) != 0)
		return NULL;
	/* a TVATT_DATA the user set and the lexicon found elsewhere all the same: said once
	 * a process, or the user would not know which lexicon answered */
	if (installed && installed_skipped && opts) {
		pthread_mutex_lock(&skipped_lock);
		int say = !skipped_said++;
		pthread_mutex_unlock(&skipped_lock);
		if (say)
			tv_report(opts, TV_WARNING, installed_skipped, 0, 0,
			          "TVATT_DATA names this directory, but it holds no readable "
			          "tvatt.lex; using %s instead (set TVATT_DATA to the directory of "
			          "tvatt.lex, or unset it)",
			          tv_buf_str(&installed_path));
	}
	if (path)
		*path = installed_path.len ? tv_buf_str(&installed_path) : NULL;
	if (damaged)
		*damaged = installed_damaged;
	return installed;
}

void tv_lex_report_missing(const tv_opts *opts, tv_level level, const char *file, const char *stage,
                           const char *left)
{
	const char *path;
	int damaged;
	tv_lex_installed(NULL, &path, &damaged);
	if (damaged)
		tv_report(opts, level, file, 0, 0,
		          "%s: the lexicon %s is damaged or of another version; rebuild it (make) "
		          "or set TVATT_DATA to the directory of a good tvatt.lex; %s",
		          stage, path, left);
	else
		tv_report(opts, level, file, 0, 0,
		          "%s: the lexicon tvatt.lex was not found or cannot be read (%s); set "
		          "TVATT_DATA to its directory; %s",
		          stage, path ? path : "TVATT_DATA is not set", left);
}
