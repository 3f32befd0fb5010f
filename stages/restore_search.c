/*
 * restore_search.c - the restore stage's channel set-up and variant search (see
 * restore_search.h): the rules of a block's channel and their indexes, and the walk down
 * the lexicon's fold key trie that finds the fold keys a damaged word may be read back as.
 */
#include "restore_search.h"

#include <math.h>
#include <string.h>

static void rule_from(rule *r, const char *truth, const char *obs)
{
	memset(r, 0, sizeof *r);
	r->nt = decode(truth, strlen(truth), r->truth, 2);
	r->no = decode(obs, strlen(obs), r->obs, 3);
	r->swedish = r->nt == 1 && swe_index(r->truth[0]) >= 0;
	for (int k = 0; k < r->nt; k++)
		r->search |= swe_index(r->truth[k]) >= 0;
	for (int k = 0; k < r->no; k++)
		r->search |= !is_letter(r->obs[k]) || r->obs[k] == 0xe9;
	/* an l read as I (lowercased: i), as sans-serif faces draw them alike ("I6n") */
	r->search |= r->nt == 1 && r->no == 1 && r->truth[0] == 'l' && r->obs[0] == 'i';
}

int tv_search_rules(const tv_lex *lx, rule *ocr)
{
	uint32_t n;
	const lex_conf *c = tv_lex_conf(lx, &n);
	int nocr = 0;
	for (uint32_t i = 0; i < n && nocr < MAX_RULES; i++) {
		rule r;
		rule_from(&r, tv_lex_str(lx, c[i].truth), tv_lex_str(lx, c[i].observed));
		if (r.nt <= 0 || r.no < 0 || c[i].prob <= 0)
			continue;
		if (r.nt == 1 && r.no == 1 && r.truth[0] == r.obs[0])
			continue;
		/* only letters are restored: a rule must write a letter */
		int letter = 0;
		for (int k = 0; k < r.nt; k++)
			letter |= is_letter(r.truth[k]);
		if (!letter)
			continue;
		r.cost = -log(c[i].prob);
		ocr[nocr++] = r;
	}
	/* the digit of a learned two-glyph reading stands for its class: the engine that
	 * reads ö as "o6" also reads it as "o0", which the rendered corpus pages never
	 * showed; each other digit there costs DIGIT_CLASS_COST more */
	int learned = nocr;
	for (int i = 0; i < learned; i++) {
		const rule *o = &ocr[i];
		if (o->nt != 1 || o->no != 2)
			continue;
		for (int k = 0; k < 2; k++) {
			if (o->obs[k] < '0' || o->obs[k] > '9' || is_letter(o->obs[1 - k]) == 0)
				continue;
			for (int32_t d = '0'; d <= '9' && nocr < MAX_RULES; d++) {
				rule r = *o;
				r.obs[k] = d;
				r.cost = o->cost + DIGIT_CLASS_COST;
				int dup = 0;
				for (int j = 0; j < nocr && !dup; j++)
					dup = ocr[j].nt == 1 && ocr[j].no == 2 &&
					      ocr[j].truth[0] == r.truth[0] &&
					      ocr[j].obs[0] == r.obs[0] &&
					      ocr[j].obs[1] == r.obs[1];
				if (!dup)
					ocr[nocr++] = r;
			}
		}
	}
	return nocr;
}

static inline int swe_bucket(const struct rule_ix *r)
{
	return r->no ? bucket(r->obs[0]) : 256;
}

/* Builds the channel's rule indexes (counting sort by first code point). */
static void index_rules(chan *ch, const tv_lex *lx)
{
	int ocount[257] = {0}, tcount[257] = {0};
	ch->nins = 0;
	ch->diagonal = 1;
	for (int k = 0; k < ch->nrules; k++) {
		rule *f = &ch->rules[k];
		ch->diagonal &= f->nt == 1 && f->no == 1;
		for (int m = 0; m < 2; m++)
			f->ftruth[m] = m < f->nt ? fold_cp(f->truth[m]) : 0;
		for (int m = 0; m < 2; m++)
			f->flabel[m] = m < f->nt ? tv_lex_label(lx, f->ftruth[m]) : 0;
		const rule *r = f;
		tcount[bucket(r->truth[0])]++;
		if (r->search && r->no == 0 && r->nt == 1)
			ch->ins_idx[ch->nins++] = (uint8_t)k;
		else if (r->search && r->no > 0 &&
		         !(r->nt == 1 && r->no == 1 && fold_cp(r->truth[0]) == fold_cp(r->obs[0])))
			ocount[bucket(r->obs[0])]++;
	}
	int oa = 0, ta = 0;
	for (int b = 0; b < 256; b++) {
		ch->obs_start[b] = (uint8_t)oa;
		ch->truth_start[b] = (uint8_t)ta;
		oa += ocount[b];
		ta += tcount[b];
	}
	ch->obs_start[256] = (uint8_t)oa;
	ch->truth_start[256] = (uint8_t)ta;
	int ofill[256], tfill[256];
	for (int b = 0; b < 256; b++)
		ofill[b] = ch->obs_start[b], tfill[b] = ch->truth_start[b];
	for (int k = 0; k < ch->nrules; k++) {
		const rule *r = &ch->rules[k];
		ch->truth_idx[tfill[bucket(r->truth[0])]++] = (uint8_t)k;
		if (r->search && r->no > 0 &&
		    !(r->nt == 1 && r->no == 1 && fold_cp(r->truth[0]) == fold_cp(r->obs[0])))
			ch->obs_idx[ofill[bucket(r->obs[0])]++] = (uint8_t)k;
	}
	for (int x = 0; x < ch->nrules; x++) {
		const rule *r = &ch->rules[ch->truth_idx[x]];
		ch->truth_ix[x] = (struct rule_ix){{r->truth[0], r->truth[1]},
		                                   {r->obs[0], r->obs[1], r->obs[2]},
		                                   (uint8_t)r->nt,
		                                   (uint8_t)r->no,
		                                   ch->truth_idx[x],
		                                   r->cost};
	}
	for (int sw = 0; sw < 4; sw++) {
		int count[258] = {0}, fill[257];
		for (int x = 0; x < ch->nrules; x++)
			if (ch->truth_ix[x].truth[0] == SWE[sw])
				count[swe_bucket(&ch->truth_ix[x])]++;
		int at = 0;
		for (int b = 0; b < 257; b++) {
			ch->swe_start[sw][b] = (uint8_t)at;
			fill[b] = at;
			at += count[b];
		}
		ch->swe_start[sw][257] = (uint8_t)at;
		for (int x = 0; x < ch->nrules; x++)
			if (ch->truth_ix[x].truth[0] == SWE[sw])
				ch->swe_idx[sw][fill[swe_bucket(&ch->truth_ix[x])]++] = (uint8_t)x;
	}
	for (int x = 0; x < ch->obs_start[256]; x++) {
		const rule *r = &ch->rules[ch->obs_idx[x]];
		ch->obs_ix[x] = (struct rule_ix){{r->truth[0], r->truth[1]},
		                                 {r->obs[0], r->obs[1], r->obs[2]},
		                                 (uint8_t)r->nt,
		                                 (uint8_t)r->no,
		                                 ch->obs_idx[x],
		                                 r->cost};
	}
	memset(ch->second, 0, sizeof ch->second);
	int one = 0;
	for (int b = 0; b < 256; b++) {
		ch->one_start[b] = (uint8_t)one;
		for (int x = ch->obs_start[b]; x < ch->obs_start[b + 1]; x++) {
			const struct rule_ix *r = &ch->obs_ix[x];
			int s2 = r->no > 1 ? bucket(r->obs[1]) : -1;
			if (r->no == 1)
				ch->one_idx[one++] = (uint8_t)x;
			else
				ch->second[b][s2 >> 6] |= (uint64_t)1 << (s2 & 63);
		}
	}
	ch->one_start[256] = (uint8_t)one;
}

/* Fills channel ch: kind and damage rate; with ocr_too (a folded page, for words the
 * lexicon lacks) the learned OCR rules are added at FOLD_OCR_EXTRA more cost, since a page
 * without OCR symptoms may still be OCR output ("Forsdljning" in a table). */
void tv_search_channel(chan *ch, const tv_lex *lx, const rule *ocr, int nocr, enum channel kind,
                       double p, int ocr_too)
{
	if (p < 1e-4)
		p = 1e-4;
	if (p > 1)
		p = 1;
	ch->kind = kind;
	ch->p = p;
	ch->nrules = 0;
	for (int i = 0; i < 4; i++)
		ch->id_cost[i] = p >= 1 ? NEVER : -log(1 - p);
	if (kind == CH_FOLD) {
		for (int i = 0; i < 4; i++) {
			rule *r = &ch->rules[ch->nrules++];
			memset(r, 0, sizeof *r);
			r->truth[0] = SWE[i];
			r->obs[0] = SWE_FOLD[i];
			r->nt = r->no = 1;
			r->swedish = 1;
			r->search = 1;
			r->cost = -log(p);
		}
		for (int i = 0; ocr_too && i < nocr && ch->nrules < MAX_RULES; i++) {
			const rule *o = &ocr[i];
			if (o->nt == 1 && o->no == 1 && fold_cp(o->truth[0]) == fold_cp(o->obs[0]))
				continue;
			rule *r = &ch->rules[ch->nrules++];
			*r = *o;
			r->cost += FOLD_OCR_EXTRA;
		}
	} else {
		/* ocr, and clean for words with symptoms: the learned rules, the Swedish ones
		 * scaled by the damage rate (in clean text by the OCR rate itself) */
		for (int i = 0; i < nocr && ch->nrules < MAX_RULES; i++) {
			rule *r = &ch->rules[ch->nrules++];
			*r = ocr[i];
			if (r->swedish && kind == CH_OCR)
				r->cost += -log(p);
		}
		if (kind == CH_CLEAN)
			for (int i = 0; i < 4; i++)
				ch->id_cost[i] = 0;
		else {
			/* the English model has é: it reads an é as itself as often as its
			 * rules do not read it otherwise ("idé", "kommittén" stay) */
			double other = 0;
			for (int i = 0; i < nocr; i++)
				if (ocr[i].nt == 1 && ocr[i].truth[0] == 0xe9)
					other += exp(-ocr[i].cost);
			ch->id_cost[3] = -log(1 - (other < 0.5 ? other : 0.5));
		}
	}
	ch->key = (int)kind * 64 + (int)(p * 20 + 0.5) + (ocr_too ? 32 : 0);
	index_rules(ch, lx);
}

/* Fill ix for obs[0..no) (no <= CP_MAX) under channel ch, with lx's trie labels. */
void tv_search_index_obs(const chan *ch, const tv_lex *lx, const int32_t *obs, int no,
                         obs_index *ix)
{
	int nm = 0;
	for (int i = 0; i < no; i++) {
		ix->fold[i] = fold_cp(obs[i]);
		ix->label[i] = tv_lex_label(lx, ix->fold[i]);
		ix->letter[i] = (uint8_t)(!is_letter(obs[i]) ? 0 : obs[i] == 0xe9 ? 1 : 2);
		ix->start[i] = nm;
		/* the bucket's rules read obs[i] first, but in bucket 255 */
		int b = bucket(obs[i]), left = no - i;
		const int32_t *o = obs + i;
		int b2 = left > 1 ? bucket(o[1]) : 0;
		if (b < 255 && (left == 1 || !(ch->second[b][b2 >> 6] >> (b2 & 63) & 1))) {
			/* no rule of two or three code points reads what is here */
			for (int x = ch->one_start[b]; x < ch->one_start[b + 1]; x++)
				ix->rule[nm++] = ch->obs_ix[ch->one_idx[x]].k;
			continue;
		}
		for (int x = ch->obs_start[b]; x < ch->obs_start[b + 1]; x++) {
			const struct rule_ix *r = &ch->obs_ix[x];
			if (r->no > left || (b == 255 && r->obs[0] != o[0]) ||
			    (r->no > 1 && (r->obs[1] != o[1] || (r->no > 2 && r->obs[2] != o[2]))))
				continue;
			ix->rule[nm++] = r->k;
		}
	}
	ix->start[no] = nm;
}

/* The walk of one reading: from position i of obs and trie node node, with cur[0..nc)
 * read so far. Where the only step on is the letter as written (no rule goes on and no
 * dropped letter is tried: most steps of a walk), the walk goes on in this call instead
 * of a call of its own, in the same order, with the same counts. */
static void gen_rec(const chan *ch, const int32_t *obs, int no, int i, int32_t *cur, int nc,
                    uint32_t node, int costly, int inserts, variants *out)
{
	for (;;) {
		if (out->n >= MAX_VARIANTS || out->steps-- <= 0) {
			out->overflow = 1;
			return;
		}
		int used = out->max_costly - costly; /* costly steps on the way here (one_pass) */
		if (out->one_pass)
			out->cnt[used]++;
		else
			used = 0;
		if (i == no) {
			uint32_t g = tv_lex_key_end(out->lx, node);
			if (g == LEX_NONE)
				return;
			if (out->one_pass) {
				if (out->nleaf == MAX_LEAVES || out->npool + nc > LEAF_POOL) {
					out->overflow = 1;
					return;
				}
				out->leaf_off[out->nleaf] = out->npool;
				out->leaf_len[out->nleaf] = nc;
				out->leaf_fold[out->nleaf] = g;
				out->leaf_used[out->nleaf++] = (uint8_t)used;
				memcpy(out->pool + out->npool, cur, sizeof *cur * (size_t)nc);
				out->npool += nc;
				return;
			}
			for (int k = 0; k < out->n; k++)
				if (out->len[k] == nc &&
				    memcmp(out->v[k], cur, sizeof *cur * (size_t)nc) == 0)
					return;
			memcpy(out->v[out->n], cur, sizeof *cur * (size_t)nc);
			out->fold[out->n] = g;
			out->len[out->n++] = nc;
			return;
		}
		if (nc >= CP_MAX + 2)
			return;
		uint32_t g;
		/* the nodes the steps below go on to (a rule's first code point), found at once
		 * and asked for before the first walk below: their cache misses overlap instead
		 * of following one another; the rules with no such node (most) are not walked
		 * again */
		int c = out->ix.letter[i] == 2, rs = out->ix.start[i],
		    re = c > costly ? rs : out->ix.start[i + 1];
		uint32_t first[MAX_RULES]; /* the rules that go on (nf of them, in their order) */
		uint8_t go[MAX_RULES];
		int nf = 0;
		for (int x = rs; x < re; x++) {
			const rule *r = &ch->rules[out->ix.rule[x]];
			uint32_t f = r->nt ? tv_lex_child_label(out->lx, node, r->flabel[0]) : node;
			if (!f)
				continue;
			lex_prefetch(out->lx->trie + f);
			first[nf] = f;
			go[nf++] = out->ix.rule[x];
		}
		/* a letter the engine dropped (ö read as nothing): costly. (A round with no
		 * costly step left here leaves it out: the one with one more may find more;
		 * one_pass walks them all and notes which round would have left one out) */
		if (inserts > 0 && ch->nins > 0) {
			if (out->one_pass)
				out->pr[used] = 1;
			else if (costly == 0)
				out->pruned = 1;
		}
		/* rules that read what is here (those whose folded truth is what is written add
		 * nothing and are not indexed); reading a letter as another letter is costly, a
		 * digit, a sign or é is not, so with no costly step left a letter has none to
		 * try */
		if (c && out->ix.start[i] < out->ix.start[i + 1]) {
			if (out->one_pass)
				out->pr[used] = 1;
			else if (c > costly)
				out->pruned = 1;
		}
		int ins = inserts > 0 && costly > 0 && ch->nins > 0;
		/* as written (folded); a digit or a sign is never a letter as written */
		if (out->ix.letter[i]) {
			cur[nc] = out->ix.fold[i];
			g = tv_lex_child_label(out->lx, node, out->ix.label[i]);
			if (g && !nf && !ins) { /* the only step on: taken here */
				i++;
				nc++;
				node = g;
				continue;
			}
			if (g)
				gen_rec(ch, obs, no, i + 1, cur, nc + 1, g, costly, inserts, out);
		}
		for (int x = 0; ins && x < ch->nins; x++) {
			const rule *r = &ch->rules[ch->ins_idx[x]];
			cur[nc] = r->ftruth[0];
			if ((g = tv_lex_child_label(out->lx, node, r->flabel[0])))
				gen_rec(ch, obs, no, i, cur, nc + 1, g, costly - 1, inserts - 1,
				        out);
		}
		for (int x = 0; x < nf; x++) {
			const rule *r = &ch->rules[go[x]];
			if (nc + r->nt > CP_MAX + 2)
				continue;
			for (int m = 0; m < r->nt; m++)
				cur[nc + m] = r->ftruth[m];
			if ((g = trie_extend(out->lx, first[x], cur + nc + 1, r->nt - 1)))
				gen_rec(ch, obs, no, i + r->no, cur, nc + r->nt, g, costly - c,
				        inserts, out);
		}
		return;
	}
}

/*
 * The rounds of gen_variants in one walk: the rounds with 0, 1, .. max_costly costly
 * steps walk the same readings again and again (round c walks every path of round c - 1
 * and more). One walk with max_costly steps finds each path once, in the order of the
 * rounds' walks (round c's walk is the one walk without the paths of more than c costly
 * steps); the readings are then listed as the rounds would have listed them: round by
 * round, each with its paths of at most c costly steps in walk order, repeats dropped;
 * and the rounds stop where the rounds would have (the first that left no costly step
 * out). Where the rounds would have met a bound (MAX_VARIANTS readings, VARIANT_STEPS
 * steps in all rounds), or the walk meets its own (MAX_LEAVES, LEAF_POOL), it returns 0
 * and the rounds are walked instead, so the result is always theirs.
 */
static int one_pass(const chan *ch, const int32_t *obs, int no, int max_costly, int inserts,
                    variants *out, int32_t *cur)
{
	out->n = 0;
	out->steps = VARIANT_STEPS;
	out->one_pass = 1;
	out->max_costly = max_costly;
	out->nleaf = out->npool = out->overflow = 0;
	out->pruned = 0;
	for (int c = 0; c < 4; c++)
		out->cnt[c] = 0, out->pr[c] = 0;
	gen_rec(ch, obs, no, 0, cur, 0, LEX_TRIE_ROOT, max_costly, inserts, out);
	if (out->overflow)
		return 0;
	/* the last round: the first that left no costly step out */
	int last = 0;
	while (last < max_costly && out->pr[last])
		last++;
	/* the steps of rounds 0..last: round r enters every path of at most r costly steps */
	long steps = 0, upto = 0;
	for (int r = 0; r <= last; r++) {
		upto += out->cnt[r];
		steps += upto;
	}
	if (steps > VARIANT_STEPS)
		return 0;
	for (int r = 0; r <= last; r++)
		for (int k = 0; k < out->nleaf; k++) {
			if (out->leaf_used[k] > r)
				continue;
			const int32_t *v = out->pool + out->leaf_off[k];
			int nc = out->leaf_len[k], dup = 0;
			for (int m = 0; m < out->n && !dup; m++)
				dup = out->len[m] == nc &&
				      memcmp(out->v[m], v, sizeof *v * (size_t)nc) == 0;
			if (dup)
				continue;
			if (out->n == MAX_VARIANTS - 1)
				return 0; /* the rounds would have stopped at the cap: theirs */
			memcpy(out->v[out->n], v, sizeof *v * (size_t)nc);
			out->fold[out->n] = out->leaf_fold[k];
			out->len[out->n++] = nc;
		}
	return 1;
}

/*
 * The fold-space variants of obs: every way its OCR-damaged letters may be read back,
 * folded (so that one lookup covers a, å and ä). Rewrites of digits, signs and é are
 * free; a letter read as another letter, or a dropped letter, is costly: first the
 * variants with no costly step, then with one, then (max_costly 2) with two, until
 * MAX_VARIANTS; each with its fold group (out->fold). own is the fold group of the word
 * as written when it is a lexicon form, else LEX_NONE.
 */
void tv_search_variants(const tv_lex *lx, const chan *ch, const int32_t *obs, int no,
                        int max_costly, int inserts, uint32_t own, variants *out)
{
	int32_t cur[CP_MAX + 4];
	out->n = 0;
	out->steps = VARIANT_STEPS;
	out->lx = lx;
	if (no > CP_MAX) /* callers decode at most CP_MAX code points */
		return;
	/* a known word under a channel that reads nothing back (a folded page's channel for
	 * known words: its rules' folded truth is what is written, so none is indexed) and
	 * drops no letter has one reading, the search's only path: the word as written,
	 * folded, when every code point is a letter: the form's own fold key, whose group
	 * its record has */
	if (own != LEX_NONE && ch->obs_start[256] == 0 && (!inserts || ch->nins == 0)) {
		for (int i = 0; i < no; i++) {
			if (!is_letter(obs[i]))
				return;
			out->v[0][i] = fold_cp(obs[i]);
		}
		out->fold[0] = own;
		out->len[0] = no;
		out->n = 1;
		return;
	}
	tv_search_index_obs(ch, lx, obs, no, &out->ix);
	if (max_costly <= 3 && one_pass(ch, obs, no, max_costly, inserts, out, cur))
		return;
	/* a round that left nothing out for want of a costly step is the last: the next
	 * would walk the same readings again */
	out->n = 0;
	out->steps = VARIANT_STEPS;
	out->one_pass = 0;
	out->pruned = 1;
	for (int c = 0; c <= max_costly && out->n < MAX_VARIANTS && out->pruned; c++) {
		out->pruned = 0;
		out->max_costly = c;
		gen_rec(ch, obs, no, 0, cur, 0, LEX_TRIE_ROOT, c, inserts, out);
	}
}

/* Whether the MAX_GROUP first forms of fold group g, but form id, are all below lp_floor:
 * then add_group (restore.c) adds none of them. */
static int group_below(const tv_lex *lx, uint32_t g, uint32_t id, double lp_floor)
{
	const uint32_t *ids;
	uint32_t n;
	tv_lex_group(lx, g, &ids, &n);
	for (uint32_t i = 0; i < n && i < MAX_GROUP; i++)
		if (ids[i] != id && tv_lex_word(lx, ids[i])->lp >= lp_floor)
			return 0;
	return 1;
}

int tv_search_alone(const tv_lex *lx, const chan *ocr, uint32_t id, variants *scratch)
{
	const lex_word *w = tv_lex_word(lx, id);
	const char *s = tv_lex_str(lx, w->str);
	int32_t obs[CP_MAX + 4];
	int no = decode(s, strlen(s), obs, CP_MAX);
	if (no <= 0)
		return 1; /* build_cands keeps such a word as it is, unsearched */
	double lp_floor = w->lp - CAND_BEAM; /* build_cands' floor for a known word */
	/* a folded page reads a known word back as its own fold key alone (or as nothing,
	 * when a code point is no letter) */
	if (!group_below(lx, w->fold, id, lp_floor))
		return 0;
	/* an OCR page: the search build_cands makes for a known word */
	tv_search_variants(lx, ocr, obs, no, 1, no <= 6, w->fold, scratch);
	for (int i = 0; i < scratch->n; i++)
		if (scratch->fold[i] != w->fold && !group_below(lx, scratch->fold[i], id, lp_floor))
			return 0;
	return 1;
}
