/* stats_hot.h - the per-observation path of psr/stats.h, inline, for
 * stats.c and the engine (analysis.c), which adds one observation per run
 * of a value: a call across translation units and a five-array sketch
 * insert per busy sample were most of psreport's time. Private to
 * report/analysis/.
 *
 * The sketch: a bucket key is the top 20 bits of the IEEE-754 double
 * (sign, exponent and 7 mantissa bits), so for positive values keys are in
 * value order and each bucket spans 1/128 of a power of two. Negative
 * values use the key of their magnitude in a second store; zero has its
 * own weight. A slot holds the weight and the samples of its bucket and
 * the one value all its observations had, NaN once two differed: a
 * bucket then reports its midpoint, within half a bucket (1/256 of the
 * value, 0.39%) of any value in it. */
#ifndef PSR_ANALYSIS_STATS_HOT_H
#define PSR_ANALYSIS_STATS_HOT_H

#include <psr/stats.h>

#include <errno.h>
#include <math.h>
#include <string.h>

#define PSR_SK_KEY_SHIFT 45
#define PSR_SK_SPAN_MAX 4096 /* keys a store keeps before folding its lowest */

struct psr_sk_slot {
	double w, n; /* weight (seconds) and samples */
	double v;    /* the slot's only value; NaN once it had two */
};

struct psr_sk_store {
	uint32_t lo;  /* key of slot 0 */
	uint32_t len; /* slots in use */
	struct psr_sk_slot *slot;
};

struct psr_sketch {
	struct psr_sk_store pos, neg;
	double zero_w, zero_n;
};

/* Out of line: make room for key k (stats.c), and the exact store's
 * growth or its hand-over to the sketch. */
int psr_stats_fit(struct psr_sk_store *st, uint32_t k, uint32_t *slot);
int psr_stats_exact_full(struct psr_stats *s, double v, double w, double n);

static inline uint32_t psr_sk_key(double mag)
{
	uint64_t bits;

	memcpy(&bits, &mag, sizeof bits);
	return (uint32_t)(bits >> PSR_SK_KEY_SHIFT);
}

static inline int psr_sk_add(struct psr_sketch *sk, double v, double w,
			     double n)
{
	struct psr_sk_store *st;
	struct psr_sk_slot *p;
	uint32_t i;
	int rc;

	if (v == 0) {
		sk->zero_w += w;
		sk->zero_n += n;
		return 0;
	}
	st = v > 0 ? &sk->pos : &sk->neg;
	i = psr_sk_key(fabs(v)) - st->lo; /* wraps below lo: out of range */
	if (i >= st->len && (rc = psr_stats_fit(st, psr_sk_key(fabs(v)), &i)))
		return rc;
	p = &st->slot[i];
	if (!(p->w > 0))
		p->v = v;
	else if (p->v != v) /* NaN stays NaN */
		p->v = NAN;
	p->w += w;
	p->n += n;
	return 0;
}

static inline int psr_stats_add_inline(struct psr_stats *s, double v,
				       double w, uint64_t n)
{
	struct psr_point *last;
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
	if (s->sk)
		return psr_sk_add(s->sk, v, w, (double)n);
	last = s->nexact ? &s->exact[s->nexact - 1] : NULL;
	if (last && last->v == v) { /* the run goes on */
		last->w += w;
		last->n += (double)n;
		return 0;
	}
	if (s->nexact < s->capexact) {
		s->exact[s->nexact++] = (struct psr_point){v, w, (double)n};
		return 0;
	}
	return psr_stats_exact_full(s, v, w, (double)n);
}

#endif
