/* stats.c - one-pass weighted moments and quantiles (psr/stats.h). */
#include "stats_hot.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the sketch (layout and insert in stats_hot.h) ------------------ */

/* The keys of st's first and last slots in use into *lo, *hi (st holds
 * some): its slack is not data. */
static void used_keys(const struct psr_sk_store *st, uint32_t *lo,
		      uint32_t *hi)
{
	uint32_t a = 0, b = st->len - 1;

	while (a < b && !(st->slot[a].w > 0))
		a++;
	while (b > a && !(st->slot[b].w > 0))
		b--;
	*lo = st->lo + a;
	*hi = st->lo + b;
}

/* Make room for key k in st; keys more than PSR_SK_SPAN_MAX below the
 * top (a magnitude 2^32 times smaller than the greatest) are folded into
 * the lowest slot: their quantiles lose precision first. */
int psr_stats_fit(struct psr_sk_store *st, uint32_t k, uint32_t *slot)
{
	uint32_t lo, hi, len;
	struct psr_sk_slot *nw;

	lo = hi = k;
	if (st->len) {
		uint32_t ulo, uhi;
		used_keys(st, &ulo, &uhi);
		lo = k < ulo ? k : ulo;
		hi = k > uhi ? k : uhi;
	}
	if (hi - lo + 1 > PSR_SK_SPAN_MAX) {
		lo = hi - PSR_SK_SPAN_MAX + 1;
	} else {
		/* slack in the direction of growth, so that a series that
		 * keeps rising (a leak) does not copy the store at each key */
		uint32_t slack = 64 + (hi - lo) / 2;
		if (slack > PSR_SK_SPAN_MAX - (hi - lo + 1))
			slack = PSR_SK_SPAN_MAX - (hi - lo + 1);
		if (st->len && k < st->lo)
			lo = lo > slack ? lo - slack : 0;
		else
			hi += slack;
	}
	len = hi - lo + 1;
	nw = calloc(len, sizeof *nw);
	if (!nw)
		return -ENOMEM;
	for (uint32_t i = 0; i < st->len; i++) {
		const struct psr_sk_slot *o = &st->slot[i];
		uint32_t key = st->lo + i;
		if (!(o->w > 0))
			continue; /* (slack may lie beyond the new hi) */
		struct psr_sk_slot *to = &nw[key < lo ? 0 : key - lo];
		if (!(to->w > 0))
			to->v = o->v;
		else if (to->v != o->v)
			to->v = NAN;
		to->w += o->w;
		to->n += o->n;
	}
	free(st->slot);
	st->slot = nw;
	st->lo = lo;
	st->len = len;
	*slot = k < lo ? 0 : k - lo;
	return 0;
}

static void sketch_free(struct psr_sketch *sk)
{
	if (!sk)
		return;
	free(sk->pos.slot);
	free(sk->neg.slot);
	free(sk);
}

/* ---- the accumulator ---------------------------------------------- */

void psr_stats_init(struct psr_stats *s)
{
	memset(s, 0, sizeof *s);
	s->min = INFINITY;
	s->max = -INFINITY;
}

static int to_sketch(struct psr_stats *s)
{
	s->sk = calloc(1, sizeof *s->sk);
	if (!s->sk)
		return -ENOMEM;
	for (uint32_t i = 0; i < s->nexact; i++) {
		const struct psr_point *p = &s->exact[i];
		int rc = psr_sk_add(s->sk, p->v, p->w, p->n);
		if (rc)
			return rc;
	}
	free(s->exact);
	s->exact = NULL;
	s->nexact = s->capexact = 0;
	return 0;
}

/* A new run that does not fit the exact store as it is: grow it, or
 * hand everything to the sketch past PSR_STATS_EXACT runs. */
int psr_stats_exact_full(struct psr_stats *s, double v, double w, double n)
{
	if (s->nexact == PSR_STATS_EXACT) {
		int rc = to_sketch(s);
		return rc ? rc : psr_sk_add(s->sk, v, w, n);
	}
	/* from 4: most series of a short-lived process hold 1 to 5 runs */
	uint32_t cap = s->capexact ? s->capexact * 2 : 4;
	struct psr_point *p = realloc(s->exact, cap * sizeof *p);
	if (!p)
		return -ENOMEM;
	s->exact = p;
	s->capexact = cap;
	s->exact[s->nexact++] = (struct psr_point){v, w, n};
	return 0;
}

int psr_stats_add(struct psr_stats *s, double v, double w, uint64_t n)
{
	return psr_stats_add_inline(s, v, w, n);
}

double psr_stats_mean(const struct psr_stats *s)
{
	return s->w > 0 ? s->shift + s->swd / s->w : NAN;
}

double psr_stats_stddev(const struct psr_stats *s)
{
	double m, var;

	if (!(s->w > 0))
		return NAN;
	m = s->swd / s->w;
	var = s->swd2 / s->w - m * m;
	return var > 0 ? sqrt(var) : 0;
}

static int by_value(const void *a, const void *b)
{
	double x = ((const struct psr_point *)a)->v;
	double y = ((const struct psr_point *)b)->v;

	return (x > y) - (x < y);
}

/* Sort and merge equal values. */
static size_t sort_points(struct psr_point *p, size_t n)
{
	size_t k = 0;

	qsort(p, n, sizeof *p, by_value);
	for (size_t i = 0; i < n; i++) {
		if (k && p[k - 1].v == p[i].v) {
			p[k - 1].w += p[i].w;
			p[k - 1].n += p[i].n;
		} else {
			p[k++] = p[i];
		}
	}
	return k;
}

/* The midpoint of bucket k: the next mantissa bit set, exact and inside
 * the bucket whatever its power of two. */
static double key_mid(uint32_t k)
{
	uint64_t bits = (uint64_t)k << PSR_SK_KEY_SHIFT |
			1ull << (PSR_SK_KEY_SHIFT - 1);
	double v;

	memcpy(&v, &bits, sizeof v);
	return v;
}

static size_t store_points(const struct psr_sk_store *st, int sign,
			   struct psr_point *out)
{
	size_t k = 0;

	for (uint32_t i = 0; i < st->len; i++) {
		uint32_t at = sign > 0 ? i : st->len - 1 - i;
		const struct psr_sk_slot *p = &st->slot[at];
		if (!(p->w > 0))
			continue;
		/* its only value, or the midpoint of the bucket */
		double v = isnan(p->v) ? sign * key_mid(st->lo + at) : p->v;
		out[k++] = (struct psr_point){v, p->w, p->n};
	}
	return k;
}

long psr_stats_points(const struct psr_stats *s, struct psr_point **pts)
{
	const struct psr_sketch *sk = s->sk;
	size_t cap = sk ? (size_t)sk->pos.len + sk->neg.len + 1 : s->nexact;
	struct psr_point *p = malloc((cap ? cap : 1) * sizeof *p);
	size_t n = 0;

	if (!p)
		return -ENOMEM;
	if (!sk) {
		if (s->nexact)
			memcpy(p, s->exact, s->nexact * sizeof *p);
		n = sort_points(p, s->nexact);
	} else {
		n += store_points(&sk->neg, -1, p + n);
		if (sk->zero_w > 0)
			p[n++] = (struct psr_point){0, sk->zero_w, sk->zero_n};
		n += store_points(&sk->pos, 1, p + n);
	}
	*pts = p;
	return (long)n;
}

void psr_points_quantiles(const struct psr_point *pts, size_t n,
			  const double *p, size_t np, double *out)
{
	double total = 0;

	for (size_t i = 0; i < n; i++)
		total += pts[i].w;
	for (size_t q = 0; q < np; q++) {
		double target = p[q] * total, cum = 0;
		double eps = total * 1e-12;
		size_t i = 0;

		if (!n) {
			out[q] = NAN;
			continue;
		}
		for (; i < n; i++) {
			cum += pts[i].w;
			if (cum >= target - eps)
				break;
		}
		if (i >= n)
			i = n - 1;
		/* on a boundary: the average of the two sides (type 2) */
		if (fabs(cum - target) <= eps && i + 1 < n && p[q] > 0)
			out[q] = (pts[i].v + pts[i + 1].v) / 2;
		else
			out[q] = pts[i].v;
	}
}

int psr_stats_quantiles(const struct psr_stats *s, const double *p, size_t np,
			double *out)
{
	struct psr_point *pts;
	long n = psr_stats_points(s, &pts);

	if (n < 0)
		return (int)n;
	psr_points_quantiles(pts, (size_t)n, p, np, out);
	free(pts);
	return 0;
}

void psr_stats_release(struct psr_stats *s)
{
	free(s->exact);
	sketch_free(s->sk);
	psr_stats_init(s);
}
