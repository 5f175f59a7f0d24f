/* psr/stats.h - time-weighted statistics of one series, in one pass.
 *
 * Values arrive as (value, weight, count) observations: weight is the time
 * the value stood for (seconds), count how many samples carried it, so a
 * run of identical samples costs one observation. Moments are exact.
 * Quantiles are exact while the series has at most PSR_STATS_EXACT
 * distinct runs; beyond that a log-linear sketch keeps them within 0.4%
 * (128 buckets per power of two; a bucket reports its midpoint, within
 * 1/256 of any value in it, or its value when all it holds is one value,
 * so such a value is exact); magnitudes below 2^-32 of the greatest
 * share the lowest bucket. Memory: the exact runs, then at most 4,096
 * buckets of 24 bytes per sign.
 *
 * Quantile definition: the weighted inverse of the empirical distribution
 * that averages the two neighbours where the cumulative weight lands
 * exactly on a boundary (Hyndman & Fan type 2): with equal weights the
 * median of 1,2,3,4 is 2.5 and p95 of 1..20 is 19.5.
 *
 * Prefix: psr_stats_. Errors are negative errno codes. */
#ifndef PSR_STATS_H
#define PSR_STATS_H

#include <stddef.h>
#include <stdint.h>

#define PSR_STATS_EXACT 512

/* One weighted point: a value, the time it held, the samples it covers. */
struct psr_point {
	double v;
	double w;
	double n;
};

struct psr_sketch;

struct psr_stats {
	uint64_t n;         /* samples */
	double w;           /* total weight (seconds) */
	double shift;       /* the first value: moments are kept about it */
	double swd, swd2;   /* sum of w*(v-shift) and w*(v-shift)^2 */
	double min, max;
	struct psr_point *exact; /* while sk is NULL */
	uint32_t nexact, capexact;
	struct psr_sketch *sk;
};

void psr_stats_init(struct psr_stats *s);

/* Add n samples of value v that stood for w seconds in all (w > 0). */
int psr_stats_add(struct psr_stats *s, double v, double w, uint64_t n);

double psr_stats_mean(const struct psr_stats *s);
/* Population standard deviation, time-weighted. */
double psr_stats_stddev(const struct psr_stats *s);

/* Quantiles p[i] in [0, 1] into out[i]; NaN for an empty series. */
int psr_stats_quantiles(const struct psr_stats *s, const double *p, size_t np,
			double *out);

/* The distribution as points sorted by value: the exact runs (merged when
 * equal) or the sketch's buckets. *pts is malloc'd; returns the count or
 * a negative code. */
long psr_stats_points(const struct psr_stats *s, struct psr_point **pts);

/* Quantiles of a sorted point array (as psr_stats_quantiles). */
void psr_points_quantiles(const struct psr_point *pts, size_t n,
			  const double *p, size_t np, double *out);

void psr_stats_release(struct psr_stats *s);

#endif
