/*
 * test_restore_lex.c - the compiled lexicon (build/tvatt.lex) answers every lookup as its
 * sources in dicts/ say: each form of words.tsv.gz and hunspell_sv_forms.txt.gz is found
 * under its own string and in its fold group, each pair of pairs.tsv.gz has its count
 * (one by one and in a batch), each history and triple of triples.tsv.gz its counts, and
 * pairs, histories and triples that the sources lack count 0; the fold key trie ends each
 * form's fold key on its fold group, and a string one letter shorter or longer on the
 * group tv_lex_fold finds for it or on none; its walk meets every group once, each node's
 * labels ascending. A copy of the lexicon with a damaged trie (an offset or a fold group
 * out of range, too few bytes after it, too large an alphabet) is refused or gives no
 * node, and is never read outside its file; so is one with damaged tables (fold ids out of
 * the file or naming no form, a string blob without its last NUL, a string offset, a fold
 * group's forms or a hash slot's id out of range), and a lookup in a hash table without
 * an empty slot ends, finding nothing. The forms marked LEXW_ALONE are those that
 * restore's variant search, run here, reads back as themselves alone. The sources are read with
 * gzip -dc from the repository's root (where make runs the tests).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "restore_lex.h"
#include "restore_search.h"
#include "tvatt.h"

static tv_lex *lx;

static int setup(void **state)
{
	(void)state;
	tv_buf path = TV_BUF_INIT;
	if (tv_data_path("tvatt.lex", &path, NULL) != TV_OK)
		return -1;
	lx = tv_lex_open(tv_buf_str(&path));
	tv_buf_free(&path);
	return lx ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	tv_lex_close(lx);
	return 0;
}

/* Opens `gzip -dc file`; fails the test when it cannot. */
static FILE *source(const char *file)
{
	char cmd[256];
	int n = snprintf(cmd, sizeof cmd, "gzip -dc %s", file);
	assert_true(n > 0 && (size_t)n < sizeof cmd);
	FILE *f = popen(cmd, "r");
	assert_non_null(f);
	return f;
}

/* Splits line at tabs into at most max fields (newline removed); returns their count. */
static int fields(char *line, char **f, int max)
{
	line[strcspn(line, "\r\n")] = 0;
	int k = 0;
	f[k++] = line;
	for (char *p = line; *p && k < max; p++)
		if (*p == '\t') {
			*p = 0;
			f[k++] = p + 1;
		}
	return k;
}

static uint32_t id_of(const char *s)
{
	return tv_lex_find(lx, s, strlen(s));
}

/* The trie node of UTF-8 string s[0..n) (0: no key begins so). */
static uint32_t trie_walk(const char *s, size_t n)
{
	uint32_t node = LEX_TRIE_ROOT;
	for (size_t i = 0; i < n && node;) {
		unsigned char c = (unsigned char)s[i];
		int32_t cp = c;
		size_t m = 1;
		if (c >= 0xf0)
			cp = c & 7, m = 4;
		else if (c >= 0xe0)
			cp = c & 15, m = 3;
		else if (c >= 0xc0)
			cp = c & 31, m = 2;
		for (size_t k = 1; k < m && i + k < n; k++)
			cp = cp << 6 | ((unsigned char)s[i + k] & 63);
		node = tv_lex_child(lx, node, cp);
		i += m;
	}
	return node;
}

/* The trie's answer for string s[0..n) is the fold lookup's: the group or none. */
static void check_trie(const char *s, size_t n)
{
	const uint32_t *ids;
	uint32_t k;
	uint32_t want = tv_lex_fold(lx, s, n, &ids, &k) ? tv_lex_word(lx, ids[0])->fold : LEX_NONE;
	assert_int_equal(tv_lex_key_end(lx, trie_walk(s, n)), want);
}

/* One form: found, its record's string is itself, and its fold group holds it. */
static void check_form(const char *s)
{
	size_t n = strlen(s);
	uint32_t id = tv_lex_find(lx, s, n);
	if (id == LEX_NONE)
		fail_msg("form not found: %s", s);
	assert_string_equal(tv_lex_str(lx, tv_lex_word(lx, id)->str), s);
	char key[1024];
	size_t kl = lex_fold_key(s, n, key, sizeof key);
	assert_true(kl != (size_t)-1);
	const uint32_t *ids;
	uint32_t k;
	assert_true(tv_lex_fold(lx, key, kl, &ids, &k));
	int in = 0;
	for (uint32_t i = 0; i < k; i++)
		in |= ids[i] == id;
	assert_true(in);
	assert_int_equal(tv_lex_word(lx, ids[0])->fold, tv_lex_word(lx, id)->fold);
	/* the trie: the key ends on its group; one letter less or more as the hash says */
	assert_int_equal(tv_lex_key_end(lx, trie_walk(key, kl)), tv_lex_word(lx, id)->fold);
	size_t cut = kl - 1;
	while (cut > 0 && ((unsigned char)key[cut] & 0xc0) == 0x80)
		cut--;
	check_trie(key, cut);
	key[kl] = 'x';
	check_trie(key, kl + 1);
	key[kl] = 'n';
	check_trie(key, kl + 1);
}

static void test_forms(void **state)
{
	(void)state;
	static const char *const files[] = {"dicts/words.tsv.gz", "dicts/hunspell_sv_forms.txt.gz"};
	char line[4096], *f[2];
	uint32_t seen = 0;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		FILE *in = source(files[i]);
		while (fgets(line, sizeof line, in))
			if (line[0] != '#' && fields(line, f, 2) >= 1 && f[0][0]) {
				check_form(f[0]);
				seen++;
			}
		assert_int_equal(pclose(in), 0);
	}
	assert_true(seen > 900000);
	/* absent forms and keys */
	static const char *const none[] = {"xqzvw", "kommunenx", "ochoch", "zzzzzzzzzzzzzzzzzzzz"};
	for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
		assert_int_equal(id_of(none[i]), LEX_NONE);
	const uint32_t *ids;
	uint32_t k;
	assert_false(tv_lex_fold(lx, "xqzvw", 5, &ids, &k));
	assert_int_equal(k, 0);
	assert_int_equal(trie_walk("xqzvw", 5), 0);
	assert_int_equal(tv_lex_child(lx, LEX_TRIE_ROOT, 0x10ffff), 0);
	assert_int_equal(tv_lex_key_end(lx, 0), LEX_NONE);
}

/* Walks the subtree of node (depth first, as written): counts its keys into seen[] and
 * checks that its labels ascend and its first child follows it. */
static void trie_visit(uint32_t node, unsigned char *seen, uint32_t *keys, int depth)
{
	assert_true(depth < 64);
	const unsigned char *p = (const unsigned char *)lx->trie + node;
	uint32_t g = tv_lex_key_end(lx, node);
	if (g != LEX_NONE) {
		assert_true(g < tv_lex_header(lx)->nfold);
		assert_int_equal(seen[g], 0);
		seen[g] = 1;
		(*keys)++;
	}
	for (unsigned k = 0; k < p[0]; k++) {
		if (k > 0)
			assert_true(p[2 + k] > p[1 + k]);
		uint32_t c = tv_lex_child(lx, node, lx->alpha->cp[p[2 + k] - 1]);
		assert_true(c > node && c < tv_lex_header(lx)->trie_size);
		if (k == 0)
			assert_int_equal(c, node + 2 + p[0] + 4 * p[1] + 4 * (p[0] - 1));
		trie_visit(c, seen, keys, depth + 1);
	}
}

static void test_trie(void **state)
{
	(void)state;
	uint32_t nf = tv_lex_header(lx)->nfold, keys = 0;
	unsigned char *seen = calloc(nf, 1);
	assert_non_null(seen);
	trie_visit(LEX_TRIE_ROOT, seen, &keys, 0);
	assert_int_equal(keys, nf);
	free(seen);
}

typedef struct row {
	uint32_t a, b, c, count, followers;
} row;

static int cmp_row(const void *x, const void *y)
{
	const row *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return p->c < q->c ? -1 : p->c > q->c;
}

/* The count of (a, b, c) among the n sorted rows r, 0 when absent. */
static uint32_t count_of(const row *r, size_t n, uint32_t a, uint32_t b, uint32_t c)
{
	row key = {a, b, c, 0, 0};
	const row *x = bsearch(&key, r, n, sizeof *r, cmp_row);
	return x ? x->count : 0;
}

/* Reads the rows of a source: pairs (c = 0) or, with triples, histories (c = LEX_NONE)
 * and triples; rows with a word the lexicon lacks are skipped. Sorted. */
static row *read_rows(const char *file, int triples, size_t *n)
{
	FILE *in = source(file);
	char line[4096], *f[5];
	size_t cap = 1 << 20;
	row *r = malloc(cap * sizeof *r);
	assert_non_null(r);
	*n = 0;
	while (fgets(line, sizeof line, in)) {
		int k = line[0] == '#' ? 0 : fields(line, f, 5);
		if (k < 3 + triples)
			continue;
		row x = {id_of(f[0]), id_of(f[1]), 0, 0, 0};
		if (triples)
			x.c = strcmp(f[2], "=") == 0 && k == 5 ? LEX_NONE : id_of(f[2]);
		if (x.a == LEX_NONE || x.b == LEX_NONE || (triples && x.c == LEX_NONE && k != 5))
			continue;
		x.count = (uint32_t)strtoul(f[2 + triples], NULL, 10);
		x.followers = triples && x.c == LEX_NONE ? (uint32_t)strtoul(f[4], NULL, 10) : 0;
		if (*n == cap) {
			cap *= 2;
			r = realloc(r, cap * sizeof *r);
			assert_non_null(r);
		}
		r[(*n)++] = x;
	}
	assert_int_equal(pclose(in), 0);
	qsort(r, *n, sizeof *r, cmp_row);
	return r;
}

static void test_pairs(void **state)
{
	(void)state;
	size_t n;
	row *r = read_rows("dicts/pairs.tsv.gz", 0, &n);
	assert_true(n > 500000);
	enum { B = 1000 };
	uint32_t a[B], b[B], count[B], want[B];
	int m = 0;
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(tv_lex_pair(lx, r[i].a, r[i].b), r[i].count);
		/* the pair reversed, kept or not, and the first word after itself */
		uint32_t rev = count_of(r, n, r[i].b, r[i].a, 0);
		assert_int_equal(tv_lex_pair(lx, r[i].b, r[i].a), rev);
		assert_int_equal(tv_lex_pair(lx, r[i].a, r[i].a),
		                 count_of(r, n, r[i].a, r[i].a, 0));
		a[m] = r[i].a, b[m] = r[i].b, want[m++] = r[i].count;
		a[m] = r[i].b, b[m] = r[i].a, want[m++] = rev;
		if (m == B || i + 1 == n) {
			tv_lex_pairs(lx, a, b, count, m);
			for (int x = 0; x < m; x++)
				assert_int_equal(count[x], want[x]);
			m = 0;
		}
	}
	/* ids beyond the lexicon count nothing */
	uint32_t nw = tv_lex_header(lx)->nwords;
	assert_int_equal(tv_lex_pair(lx, nw, r[0].b), 0);
	assert_int_equal(tv_lex_pair(lx, r[0].a, LEX_NONE), 0);
	free(r);
}

static void test_triples(void **state)
{
	(void)state;
	size_t n;
	row *r = read_rows("dicts/triples.tsv.gz", 1, &n);
	size_t hists = 0, tris = 0;
	for (size_t i = 0; i < n; i++) {
		const lex_hist *x = tv_lex_history(lx, r[i].a, r[i].b);
		uint32_t count, followers;
		if (r[i].c == LEX_NONE) { /* a history row: sorts after its triples */
			hists++;
			assert_non_null(x);
			assert_int_equal(x->count, r[i].count);
			assert_int_equal(x->followers, r[i].followers);
			continue;
		}
		tris++;
		assert_non_null(x);
		assert_int_equal(tv_lex_hist_count(lx, x, r[i].c), r[i].count);
		assert_int_equal(tv_lex_triple(lx, r[i].a, r[i].b, r[i].c, &count, &followers),
		                 r[i].count);
		assert_int_equal(count, x->count);
		assert_int_equal(followers, x->followers);
		/* the history followed by its own first word, kept or not */
		assert_int_equal(tv_lex_hist_count(lx, x, r[i].a),
		                 count_of(r, n, r[i].a, r[i].b, r[i].a));
		/* the pair reversed: a history or not */
		row key = {r[i].b, r[i].a, LEX_NONE, 0, 0};
		const row *h = bsearch(&key, r, n, sizeof *r, cmp_row);
		const lex_hist *y = tv_lex_history(lx, r[i].b, r[i].a);
		assert_int_equal(y != NULL, h != NULL);
		if (y)
			assert_int_equal(y->count, h->count);
	}
	assert_true(hists > 300000);
	assert_true(tris > 800000);
	free(r);
}

/* A change to a copy of the lexicon: the four bytes at file offset off hold v. */
typedef struct patch {
	uint64_t off;
	uint32_t v;
} patch;

/* Opens a copy of the lexicon with the n changes of p (the copy, a temporary file, is
 * removed at once: the mapping keeps it until closed). */
static tv_lex *open_patched(const patch *p, int np)
{
	const char *dir = getenv("TMPDIR");
	char path[64];
	int n = snprintf(path, sizeof path, "%s/tvlexXXXXXX",
	                 dir && *dir && strlen(dir) < 40 ? dir : "/tmp");
	assert_true(n > 0 && (size_t)n < sizeof path);
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const lex_header *hd = tv_lex_header(lx);
	const char *base = (const char *)hd;
	for (uint64_t at = 0; at < hd->size;) {
		ssize_t w =
		    write(fd, base + at, hd->size - at < (1u << 24) ? hd->size - at : (1u << 24));
		assert_true(w > 0);
		at += (uint64_t)w;
	}
	for (int k = 0; k < np; k++)
		assert_int_equal(pwrite(fd, &p[k].v, 4, (off_t)p[k].off), 4);
	assert_int_equal(close(fd), 0);
	tv_lex *d = tv_lex_open(path);
	unlink(path);
	return d;
}

/* Opens a copy of the lexicon in which the four bytes at file offset off hold v. */
static tv_lex *open_damaged(uint64_t off, uint32_t v)
{
	patch p = {off, v};
	return open_patched(&p, 1);
}

/* mklex marked a form LEXW_ALONE exactly when restore's variant search (run here as
 * restore runs it on an OCR page, at another damage rate: the rate sets costs, which the
 * search does not read) reads it back as itself alone: most forms are, but not "har" and
 * "for" (their fold groups hold "här" and "för") nor "6ka" ("öka"). */
static void test_alone(void **state)
{
	(void)state;
	rule *rules = malloc(MAX_RULES * sizeof *rules);
	chan *ocr = malloc(sizeof *ocr);
	variants *v = malloc(sizeof *v);
	assert_true(rules && ocr && v);
	int nr = tv_search_rules(lx, rules);
	assert_true(nr > 0);
	tv_search_channel(ocr, lx, rules, nr, CH_OCR, 0.05, 0);
	uint32_t n = tv_lex_header(lx)->nwords, marked = 0;
	for (uint32_t id = 0; id < n; id++) {
		int flag = (tv_lex_word(lx, id)->flags & LEXW_ALONE) != 0;
		if (flag != tv_search_alone(lx, ocr, id, v))
			fail_msg("form %s: LEXW_ALONE %d", tv_lex_str(lx, tv_lex_word(lx, id)->str),
			         flag);
		marked += (uint32_t)flag;
	}
	assert_true(marked > n / 2 && marked < n);
	static const char *const rivals[] = {"har", "for", "6ka"};
	for (size_t i = 0; i < sizeof rivals / sizeof rivals[0]; i++) {
		uint32_t id = id_of(rivals[i]);
		if (id != LEX_NONE)
			assert_false(tv_lex_word(lx, id)->flags & LEXW_ALONE);
	}
	assert_true(tv_lex_word(lx, id_of("kommunen"))->flags & LEXW_ALONE);
	free(rules);
	free(ocr);
	free(v);
}

static void test_damaged_trie(void **state)
{
	(void)state;
	const lex_header *hd = tv_lex_header(lx);
	uint64_t trie = hd->off_trie + sizeof(lex_alpha); /* the file offset of trie byte 0 */
	const unsigned char *root = lx->trie + LEX_TRIE_ROOT;
	/* the root's second child's offset far past the trie: that child is no node */
	assert_true(root[0] >= 2 && root[1] == 0);
	tv_lex *d = open_damaged(trie + LEX_TRIE_ROOT + 2 + root[0], 0xfffffff0u);
	assert_non_null(d);
	int32_t second = lx->alpha->cp[root[3] - 1];
	assert_true(tv_lex_child(lx, LEX_TRIE_ROOT, second) != 0);
	assert_int_equal(tv_lex_child(d, LEX_TRIE_ROOT, second), 0);
	tv_lex_close(d);
	/* the fold group of the first key down the first children: none past nfold */
	uint32_t node = LEX_TRIE_ROOT;
	while (lx->trie[node + 1] == 0)
		node = tv_lex_child(lx, node, lx->alpha->cp[lx->trie[node + 2] - 1]);
	assert_true(tv_lex_key_end(lx, node) < hd->nfold);
	assert_non_null(d = open_damaged(trie + node + 2 + lx->trie[node], hd->nfold));
	assert_int_equal(tv_lex_key_end(d, node), LEX_NONE);
	tv_lex_close(d);
	/* a trie that says it ends too close to the end of the file, so that a lookup could
	 * read past it; an alphabet of more than 255 code points */
	assert_null(open_damaged(offsetof(lex_header, trie_size),
	                         (uint32_t)(hd->size - trie - LEX_TRIE_READ + 1)));
	assert_null(open_damaged(hd->off_trie + offsetof(lex_alpha, n), 256));
}

/* The other tables: what a lookup reads through an offset or an id of the file stays
 * inside it. */
static void test_damaged_tables(void **state)
{
	(void)state;
	const lex_header *hd = tv_lex_header(lx);
	/* the fold ids past the end of the file; a fold id that names no form; a string blob
	 * whose last string has no NUL, so that reading it could run past the blob */
	assert_null(open_damaged(offsetof(lex_header, off_fold_ids), 0xfffffff0u));
	assert_null(open_damaged(hd->off_fold_ids + 4 * (uint64_t)(hd->nwords / 2), hd->nwords));
	assert_null(open_damaged(hd->off_words - 4, 0x61616161u));
	/* a form whose string offset is past the blob: its string is "", and it is not found */
	uint32_t id = id_of("kommunen");
	assert_true(id != LEX_NONE);
	tv_lex *d = open_damaged(hd->off_words + (uint64_t)id * sizeof(lex_word), 0xfffffff0u);
	assert_non_null(d);
	assert_string_equal(tv_lex_str(d, tv_lex_word(d, id)->str), "");
	assert_int_equal(tv_lex_find(d, "kommunen", 8), LEX_NONE);
	tv_lex_close(d);
	/* a fold group whose forms start past the fold ids, one with too many forms, and a
	 * group number past nfold: no forms */
	uint32_t g = tv_lex_word(lx, id)->fold;
	const uint32_t *ids;
	uint32_t n;
	uint64_t rec = hd->off_folds + (uint64_t)g * sizeof(lex_fold);
	assert_non_null(d = open_damaged(rec + offsetof(lex_fold, first), hd->nwords));
	tv_lex_group(d, g, &ids, &n);
	assert_int_equal(n, 0);
	assert_false(tv_lex_fold(d, "kommunen", 8, &ids, &n));
	tv_lex_close(d);
	assert_non_null(d = open_damaged(rec + offsetof(lex_fold, n), 0xfffffff0u));
	tv_lex_group(d, g, &ids, &n);
	assert_int_equal(n, 0);
	tv_lex_group(d, LEX_NONE, &ids, &n);
	assert_int_equal(n, 0);
	tv_lex_close(d);
	/* a fold hash slot whose id is past the fold groups (nfold lowered below g): the key
	 * is not found, its record is not read */
	assert_true(g > 0 && tv_lex_fold(lx, "kommunen", 8, &ids, &n));
	assert_non_null(d = open_damaged(offsetof(lex_header, nfold), g));
	assert_false(tv_lex_fold(d, "kommunen", 8, &ids, &n));
	tv_lex_close(d);
}

/* Hash tables without an empty slot (each shrunk to its first slot or two, which hold no
 * key looked up): a probe stops after every slot, and the lookup finds nothing, where it
 * used to go round for ever (an alarm ends the test then, failed). */
static void test_damaged_hashes(void **state)
{
	(void)state;
	const lex_header *hd = tv_lex_header(lx);
	uint32_t id = id_of("kommunen"), nomatch = 0xffffffffu, count;
	const uint32_t *ids;
	uint32_t n;
	assert_true(id != LEX_NONE);
	/* a history of the triple model (the first slot that holds one) */
	uint32_t x = 0;
	while (!lx->hists[x].count)
		x++;
	uint32_t a = lx->hists[x].a, b = lx->hists[x].b;
	uint64_t hist0 = hd->off_hists; /* the file offset of the history hash's slot 0 */
	const patch word[] = {{offsetof(lex_header, word_bits), 0}, {hd->off_word_hash, nomatch}},
	            fold[] = {{offsetof(lex_header, fold_bits), 0}, {hd->off_fold_hash, nomatch}},
	            pair[] = {{offsetof(lex_header, pair_bits), 0}, {hd->off_pair_hash, nomatch}},
	            hist[] = {{offsetof(lex_header, hist_bits), 0},
	                      {hist0 + offsetof(lex_hist, a), nomatch},
	                      {hist0 + offsetof(lex_hist, count), 1}},
	            tri[] = {{offsetof(lex_header, tri_bits), 0}, {hd->off_tri_hash, nomatch}},
	            ctx[] = {{offsetof(lex_header, ctx_bits), 1},
	                     {hd->off_ctx + offsetof(lex_ctx, form), nomatch},
	                     {hd->off_ctx + offsetof(lex_ctx, count), 1},
	                     {hd->off_ctx + sizeof(lex_ctx) + offsetof(lex_ctx, form), nomatch},
	                     {hd->off_ctx + sizeof(lex_ctx) + offsetof(lex_ctx, count), 1}};
	tv_lex *d;
	assert_non_null(d = open_patched(word, 2));
	alarm(10);
	assert_int_equal(tv_lex_find(d, "kommunen", 8), LEX_NONE);
	alarm(0);
	tv_lex_close(d);
	assert_non_null(d = open_patched(fold, 2));
	alarm(10);
	assert_false(tv_lex_fold(d, "kommunen", 8, &ids, &n));
	alarm(0);
	tv_lex_close(d);
	assert_non_null(d = open_patched(pair, 2));
	alarm(10);
	assert_int_equal(tv_lex_pair(d, id, id), 0);
	alarm(0);
	tv_lex_close(d);
	assert_non_null(d = open_patched(hist, 3));
	alarm(10);
	assert_null(tv_lex_history(d, a, b));
	alarm(0);
	tv_lex_close(d);
	assert_non_null(d = open_patched(tri, 2));
	assert_non_null(tv_lex_history(d, a, b));
	alarm(10);
	assert_int_equal(tv_lex_triple(d, a, b, id, &count, &n), 0);
	alarm(0);
	tv_lex_close(d);
	assert_true(hd->ctx_bits > 0);
	assert_non_null(d = open_patched(ctx, 5));
	alarm(10);
	assert_int_equal(tv_lex_ctx(d, id, LEX_NONE), 0);
	alarm(0);
	tv_lex_close(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_forms),          cmocka_unit_test(test_trie),
	    cmocka_unit_test(test_pairs),          cmocka_unit_test(test_triples),
	    cmocka_unit_test(test_alone),          cmocka_unit_test(test_damaged_trie),
	    cmocka_unit_test(test_damaged_tables), cmocka_unit_test(test_damaged_hashes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
