/* psr/trend.h - trend lines and memory-leak verdicts.
 *
 * Least squares gives the slope and R^2 users expect; Theil-Sen (the median
 * of pairwise slopes) with a Mann-Kendall test gives a trend that a GC
 * sawtooth or a few spikes neither fake nor hide. The Mann-Kendall
 * variance is corrected for ties and, in the leak verdict, for the
 * autocorrelation of the detrended series (Hamed & Rao 1998): samples a
 * second apart are not independent, and without the correction any
 * sawtooth looks "significant".
 *
 * Prefix: psr_trend_. Times are seconds, slopes are per second. */
#ifndef PSR_TREND_H
#define PSR_TREND_H

#include <stdbool.h>
#include <stddef.h>

/* A point of a series: time (s), value, and weight (time it stood for). */
struct psr_tpoint {
	double t, x, w;
};

struct psr_fit {
	double slope;     /* per second */
	double intercept; /* value at t = 0 */
	double r2;        /* NaN when the values do not vary */
	size_t n;
	bool ok;          /* at least two distinct times */
};

/* Weighted least squares over pts (weights w; all equal is ordinary). */
void psr_trend_least_squares(const struct psr_tpoint *pts, size_t n,
			     struct psr_fit *f);

/* Theil-Sen slope: median of (x_j - x_i) / (t_j - t_i) over i < j.
 * NaN with fewer than two distinct times. O(n^2) time, O(n^2) memory:
 * keep n small (the leak verdict uses at most PSR_TREND_POINTS). */
double psr_trend_theil_sen(const struct psr_tpoint *pts, size_t n);

struct psr_mk {
	double s;     /* sum of sign(x_j - x_i), i < j */
	double var;   /* variance of S under no trend, corrected for ties */
	double ac;    /* variance factor for autocorrelation (1: none) */
	double z;     /* continuity-corrected normal score */
	double p;     /* two-sided p-value */
	size_t n;
};

/* Mann-Kendall on x in time order, with the tie correction. With
 * slope_for_ac finite, the variance is also multiplied by the Hamed-Rao
 * factor computed on the ranks of x - slope * t (t needed then). */
int psr_trend_mann_kendall(const struct psr_tpoint *pts, size_t n,
			   double slope_for_ac, struct psr_mk *mk);

/* ---- leak verdicts ---- */

#define PSR_TREND_POINTS 256 /* the robust trend's points at most */

/* Runs shorter than this get no growth per hour (growth_per_h NaN): an
 * hour extrapolated from minutes is a guess, from 0.2 s a fiction. */
#define PSR_LEAK_HOURLY_SECONDS 900

enum psr_verdict {
	PSR_VERDICT_NONE,
	PSR_VERDICT_POSSIBLE,
	PSR_VERDICT_LEAK,
};

enum psr_leak_rule {
	PSR_RULE_TREND = 1u << 0,       /* robust trend, see below */
	PSR_RULE_SECOND_HALF = 1u << 1, /* LS slope of the second half > 0 */
	PSR_RULE_MONOTONIC = 1u << 2,   /* never decreases, >= 10 samples,
					   no value > 66% of them */
};

/* Why a series is not a leak before any rule is asked: the first gate
 * that held it back (README "What a verdict means"). */
enum psr_leak_gate {
	PSR_GATE_PASSED,  /* through every gate: the rules decided */
	PSR_GATE_SHORT,   /* too few samples, points or seconds */
	PSR_GATE_SMALL,   /* grew less than the floors */
	PSR_GATE_SWINGS,  /* the growth is smaller than the swing */
	PSR_GATE_STOPPED, /* the growth did not go on to the end */
};

struct psr_leak_opts {
	double p;           /* Mann-Kendall significance (default 0.01) */
	double growth_pct;  /* least growth, % of the median per hour (1) */
	double possible_p;  /* weaker evidence for "possible" (0.05) */
	unsigned min_samples; /* fewer samples: never a verdict (10) */
	double min_seconds;   /* a shorter run: never a verdict (120) */
	double host_min_seconds; /* the same for the host's RAM (600): a
				 host's RAM climbs while any job runs */
	double min_growth;    /* least growth over the run, in the series'
				 unit (bytes: 4 MiB) */
	double min_growth_pct; /* ... and % of the median (5) */
};

void psr_trend_leak_defaults(struct psr_leak_opts *o);

/* What the engine knows from the samples themselves. */
struct psr_leak_samples {
	size_t n;            /* samples */
	bool decreased;      /* some sample was lower than the one before */
	size_t longest_hold; /* longest run of one value, in samples */
	double median;
	double spread;       /* p95 - p5 */
	double seconds;      /* time the samples cover (0: from the points) */
};

struct psr_leak {
	struct psr_fit ls;        /* least squares over the whole run */
	struct psr_fit ls_second; /* over its second half */
	double ts_slope;          /* Theil-Sen, whole run, per second */
	double ts_slope_second;   /* Theil-Sen, second half */
	double ts_slope_last;     /* Theil-Sen, last third */
	struct psr_mk mk;         /* autocorrelation-corrected */
	size_t points;            /* points the robust trend used */
	double seconds;           /* the run the verdict looked at */
	double start, end;        /* levels: medians of the first and the
				     last tenth of the points */
	double grown;             /* end - start: "grew X over seconds" */
	double grown_pct;         /* ... as % of the median */
	double mid_level, last_level; /* medians of the middle and last
				     thirds */
	double final;             /* the last point's value */
	double growth_per_h;      /* Theil-Sen slope per hour; NaN for a
				     run under PSR_LEAK_HOURLY_SECONDS */
	double growth_pct_h;      /* ... as % of the median */
	unsigned rules;           /* enum psr_leak_rule that fired */
	enum psr_leak_gate gate;
	enum psr_verdict verdict;
};

/* Verdict on one memory series. pts in time order (at most any count:
 * more than PSR_TREND_POINTS are averaged in consecutive groups first).
 *
 * Gates first, in this order; the first that holds gives gate and
 * verdict none:
 *   short     fewer than opts.min_samples samples or 10 points, or a
 *             run under opts.min_seconds
 *   small     grown under opts.min_growth or under opts.min_growth_pct
 *             of the median, or the Theil-Sen slope under
 *             opts.growth_pct of the median per hour
 *   swings    the Theil-Sen growth over the run under half the p5-p95
 *             spread (an oscillation: a GC sawtooth ends where it began)
 *   stopped   the last third's Theil-Sen slope under a quarter of the
 *             run's, or the last third's median not above the middle
 *             third's (a warm-up that ends in a plateau, a cache that
 *             filled, a step), or the last point below the start level
 *             (the memory was given back: sort freeing its buffers)
 * Then the rules:
 *   trend     = Theil-Sen slope > 0 over the run and over its second
 *               half, and Mann-Kendall p < opts.p
 *   leak      = trend fired
 *   possible  = not leak, and second-half or monotonic fired with
 *               Mann-Kendall p < opts.possible_p
 *   none      = otherwise
 */
int psr_trend_leak(const struct psr_tpoint *pts, size_t n,
		   const struct psr_leak_samples *smp,
		   const struct psr_leak_opts *opts, struct psr_leak *out);

const char *psr_verdict_name(enum psr_verdict v);
/* "trend,second-half,monotonic" style list into buf ("" for none). */
void psr_leak_rules_text(unsigned rules, char *buf, size_t len);
/* "too short", "small", "swings", "stopped"; "" for PSR_GATE_PASSED. */
const char *psr_leak_gate_name(enum psr_leak_gate g);

#endif
