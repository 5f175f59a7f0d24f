/* stats.c - one-pass weighted moments and quantiles (psr/stats.h). */
#include <psr/stats.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the sketch ---------------------------------------------------- */

/* A bucket key is the top 20 bits of the IEEE-754 double (sign, exponent
 * and 7 mantissa bits): for positive values keys are in value order and
 * each bucket spans 1/128 of a power of two. Negative values use the key
 * of their magnitude in a second store; zero has its own count. */
#define KEY_SHIFT 45
#define SPAN_MAX 4096 /* keys a store keeps before merging its lowest */

struct store {
	uint32_t lo;  /* key of slot 0 */
	uint32_t len; /* slots in use */
	double *w, *wv;
	double *lo_v, *hi_v; /* least and greatest value seen per slot */
};

struct psr_sketch {
	struct store pos, neg;
	double zero_w, zero_n;
	double *n_pos, *n_neg; /* samples per slot, parallel to w */
};

static uint32_t key_of(double v)
{
	uint64_t bits;

	memcpy(&bits, &v, sizeof bits);
	return (uint32_t)(bits >> KEY_SHIFT);
}

/* Make room for key k in st; keys beyond SPAN_MAX below the top are
 * folded into the lowest slot (their quantiles lose precision first). */
static int store_fit(struct store *st, double **n, uint32_t k, uint32_t *slot)
{
	uint32_t lo, hi, len;

	if (st->len && k >= st->lo && k < st->lo + st->len) {
		*slot = k - st->lo;
		return 0;
	}
	lo = st->len ? (k < st->lo ? k : st->lo) : k;
	hi = st->len ? (k >= st->lo + st->len ? k : st->lo + st->len - 1) : k;
	if (hi - lo + 1 > SPAN_MAX) {
		lo = hi - SPAN_MAX + 1;
	} else {
		/* slack in the direction of growth, so that a series that
		 * keeps rising (a leak) does not copy the store at each key */
		uint32_t slack = 64 + (hi - lo) / 2;
		if (slack > SPAN_MAX - (hi - lo + 1))
			slack = SPAN_MAX - (hi - lo + 1);
		if (st->len && k < st->lo)
			lo = lo > slack ? lo - slack : 0;
		else
			hi += slack;
	}
	len = hi - lo + 1;
	double *w = calloc(len, sizeof *w), *wv = calloc(len, sizeof *wv);
	double *nn = calloc(len, sizeof *nn);
	double *lv = malloc(len * sizeof *lv), *hv = malloc(len * sizeof *hv);
	if (!w || !wv || !nn || !lv || !hv) {
		free(w);
		free(wv);
		free(nn);
		free(lv);
		free(hv);
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < len; i++) {
		lv[i] = INFINITY;
		hv[i] = -INFINITY;
	}
	for (uint32_t i = 0; i < st->len; i++) {
		uint32_t key = st->lo + i;
		uint32_t to = key < lo ? 0 : key - lo;
		w[to] += st->w[i];
		wv[to] += st->wv[i];
		nn[to] += (*n)[i];
		lv[to] = fmin(lv[to], st->lo_v[i]);
		hv[to] = fmax(hv[to], st->hi_v[i]);
	}
	free(st->w);
	free(st->wv);
	free(st->lo_v);
	free(st->hi_v);
	free(*n);
	st->w = w;
	st->wv = wv;
	st->lo_v = lv;
	st->hi_v = hv;
	*n = nn;
	st->lo = lo;
	st->len = len;
	*slot = k < lo ? 0 : k - lo;
	return 0;
}

static int sketch_add(struct psr_sketch *sk, double v, double w, double n)
{
	struct store *st = v > 0 ? &sk->pos : &sk->neg;
	double **cnt = v > 0 ? &sk->n_pos : &sk->n_neg;
	uint32_t slot;
	int rc;

	if (v == 0) {
		sk->zero_w += w;
		sk->zero_n += n;
		return 0;
	}
	uint32_t k = key_of(fabs(v));
	if (k - st->lo < st->len) /* the common case: the slot exists */
		slot = k - st->lo;
	else if ((rc = store_fit(st, cnt, k, &slot)))
		return rc;
	st->w[slot] += w;
	st->wv[slot] += w * v;
	(*cnt)[slot] += n;
	if (v < st->lo_v[slot])
		st->lo_v[slot] = v;
	if (v > st->hi_v[slot])
		st->hi_v[slot] = v;
	return 0;
}

static void sketch_free(struct psr_sketch *sk)
{
	if (!sk)
		return;
	free(sk->pos.w);
	free(sk->pos.wv);
	free(sk->pos.lo_v);
	free(sk->pos.hi_v);
	free(sk->neg.w);
	free(sk->neg.wv);
	free(sk->neg.lo_v);
	free(sk->neg.hi_v);
	free(sk->n_pos);
	free(sk->n_neg);
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
		int rc = sketch_add(s->sk, p->v, p->w, p->n);
		if (rc)
			return rc;
	}
	free(s->exact);
	s->exact = NULL;
	s->nexact = s->capexact = 0;
	return 0;
}

static int exact_add(struct psr_stats *s, double v, double w, double n)
{
	if (s->nexact && s->exact[s->nexact - 1].v == v) {
		s->exact[s->nexact - 1].w += w;
		s->exact[s->nexact - 1].n += n;
		return 0;
	}
	if (s->nexact == PSR_STATS_EXACT) {
		int rc = to_sketch(s);
		return rc ? rc : sketch_add(s->sk, v, w, n);
	}
	if (s->nexact == s->capexact) {
		uint32_t cap = s->capexact ? s->capexact * 2 : 16;
		struct psr_point *p = realloc(s->exact, cap * sizeof *p);
		if (!p)
			return -ENOMEM;
		s->exact = p;
		s->capexact = cap;
	}
	s->exact[s->nexact++] = (struct psr_point){v, w, n};
	return 0;
}

int psr_stats_add(struct psr_stats *s, double v, double w, uint64_t n)
{
	double d;

	if (!(w > 0) || !isfinite(v))
		return -EINVAL;
	if (!s->n)
		s->shift = v;
	d = v - s->shift;
	s->n += n;
	s->w += w;
	s->swd += w * d;
	s->swd2 += w * d * d;
	if (v < s->min)
		s->min = v;
	if (v > s->max)
		s->max = v;
	return s->sk ? sketch_add(s->sk, v, w, (double)n)
		     : exact_add(s, v, w, (double)n);
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

static size_t store_points(const struct store *st, const double *cnt,
			   int sign, struct psr_point *out)
{
	size_t k = 0;

	for (uint32_t i = 0; i < st->len; i++) {
		uint32_t slot = sign > 0 ? i : st->len - 1 - i;
		if (!(st->w[slot] > 0))
			continue;
		/* the mean of the slot's values, exact when they are equal */
		double v = st->wv[slot] / st->w[slot];
		if (st->lo_v[slot] == st->hi_v[slot] || v < st->lo_v[slot])
			v = st->lo_v[slot];
		else if (v > st->hi_v[slot])
			v = st->hi_v[slot];
		out[k++] = (struct psr_point){v, st->w[slot], cnt[slot]};
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
		n += store_points(&sk->neg, sk->n_neg, -1, p + n);
		if (sk->zero_w > 0)
			p[n++] = (struct psr_point){0, sk->zero_w, sk->zero_n};
		n += store_points(&sk->pos, sk->n_pos, 1, p + n);
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
