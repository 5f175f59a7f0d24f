/* psr/compare.h - a baseline against a new recording: processes matched
 * across the two analysis results, and per metric the difference, an
 * effect size, its significance and a verdict (better / worse / same).
 *
 * Method (README "Comparing recordings"): samples a second apart are not
 * independent, so tests never use raw samples. Each process's time
 * buckets (struct psr_series_result b_mean, at most PSR_ANALYSIS_BUCKETS)
 * are merged further into blocks of L consecutive buckets: L starts at
 * twice the AR(1) integrated autocorrelation time (1 + r) / (1 - r) of
 * the bucket means (r their lag-1 autocorrelation, bias-corrected) and
 * doubles while the block means still correlate (lag 1 > 0.1), at most an
 * eighth of the buckets. Block means are then about independent and,
 * being means, about normal: Welch's t test on them gives the p-value
 * and the 95% confidence interval of the difference of means (each
 * side's variance inflated by (1 + rho) / (1 - rho), and the degrees of
 * freedom deflated by the same factor, for the correlation rho left
 * between block means, pooled over both sides, when the blocks could not
 * grow long enough). A Mann-Whitney U test on the same blocks gives Cliff's delta
 * (the effect size) and a second, rank-based p-value for reference. A verdict is
 * `worse` (or `better`) only when the difference is significant
 * (p < alpha), at least threshold_pct of the baseline mean, and above a
 * negligible absolute amount for its unit (psr_compare_floor()). It is
 * `same` only when the data could have seen a difference that large:
 * the smallest difference detectable with 80% power at alpha,
 * (z(1 - alpha/2) + z(0.8)) times the standard error of the difference,
 * is at most that least practical difference, and each side has at least
 * PSR_COMPARE_MIN_BLOCKS blocks. Otherwise it is `inconclusive` (thin or
 * erratic evidence), with that detectable difference to say how thin.
 *
 * Only the metrics users budget decide a process's verdict and
 * --fail-on-regression (opts.gate: CPU, RSS, USS, PSS, their growth,
 * disk read and write, descriptors); the others (context switches,
 * faults, system calls, ...) are reported with their verdicts, not gated.
 *
 * Memory series with a trend also get a growth verdict: the difference of
 * the least-squares slopes of the bucket means (z test, each standard
 * error inflated for the AR(1) autocorrelation of the residuals),
 * practical when at least threshold_pct of the baseline's growth and at
 * least leak_growth_pct of the baseline mean per hour; a leak verdict
 * that appears (or disappears) makes it worse (better) whatever else.
 *
 * Several processes with the same key on one side (a worker pool, or the
 * same command in several baseline runs) are pooled: their blocks are
 * tested together; mean is the sample-weighted mean, p95 the
 * sample-weighted mean of their p95s, max the largest, growth the mean.
 *
 * Process trees (struct psr_run_result trees[]) are matched among
 * themselves, keyed "tree: " and the key of their root process.
 *
 * Prefix: psr_compare_. Returns 0 or -ENOMEM; nothing prints. The
 * comparison points into both results: free it before them. */
#ifndef PSR_COMPARE_H
#define PSR_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis.h"

enum psr_match {
	PSR_MATCH_CMD,  /* the whole command line, then the name */
	PSR_MATCH_NAME, /* comm */
	PSR_MATCH_EXE,  /* the command line's first argument, then the name */
};

enum psr_cmp_verdict {
	PSR_CMP_NA,     /* nothing to compare (no samples on a side) */
	PSR_CMP_SAME,
	PSR_CMP_BETTER,
	PSR_CMP_WORSE,
	PSR_CMP_INCONCLUSIVE, /* not significant, and the data could not
				 have shown a practical difference */
};

/* Fewer blocks a side than this: inconclusive whatever the p-value. */
#define PSR_COMPARE_MIN_BLOCKS 5

enum psr_leak_change {
	PSR_LEAK_UNCHANGED,
	PSR_LEAK_APPEARED, /* new is a leak, the baseline was not */
	PSR_LEAK_GONE,     /* the baseline was a leak, new is not */
};

struct psr_compare_opts {
	enum psr_match match;
	double threshold_pct;   /* least practical difference (5) */
	double alpha;           /* significance level (0.05) */
	double leak_growth_pct; /* least growth difference, % of the
				   baseline mean per hour (1) */
	uint64_t gate;          /* bit i: series i of psr_series_table()
				   decides verdicts (psr_compare_gate_default) */
};

/* The metrics users budget: CPU (total, user, system), RSS, USS, PSS,
 * disk read and write, descriptors, as a gate mask. */
uint64_t psr_compare_gate_default(void);
/* Whether series idx decides the verdict under gate. */
static inline bool psr_compare_gated(uint64_t gate, unsigned idx)
{
	return idx < 64 && (gate >> idx & 1);
}

void psr_compare_defaults(struct psr_compare_opts *o);

/* One side of a metric: the processes of one key pooled. */
struct psr_compare_side {
	uint64_t n;           /* samples */
	double mean, p95, max;
	double growth_per_h;  /* memory series: Theil-Sen per hour, else NaN */
	double slope_per_h, slope_se_per_h; /* least squares on buckets */
	size_t blocks;        /* block means the tests used */
	double block_buckets; /* buckets per block (mean over processes) */
	enum psr_verdict leak; /* worst; NONE for series without a trend */
	bool has_leak;         /* the series has a leak analysis */
};

struct psr_compare_metric {
	unsigned series;      /* index into psr_series_table() */
	const struct psr_series_def *def;
	struct psr_compare_side base, cur;
	double diff, rel;     /* of means: cur - base, and / base (0 when
				 both are 0; +-inf when only base is) */
	double diff_p95, diff_max;
	double cliff_delta;   /* P(cur > base) - P(cur < base), blocks */
	double p;             /* Welch two-sided on block means: decides */
	double mw_p;          /* Mann-Whitney two-sided on block means */
	double ci_lo, ci_hi;  /* 95% of the difference of means (Welch) */
	double least;         /* the least practical difference (base unit) */
	double detectable;    /* the smallest difference the blocks could
				 have detected (80% power at alpha); NaN
				 without a test */
	bool gated;           /* decides the process's verdict */
	enum psr_cmp_verdict verdict;
	/* memory series with a trend */
	double growth_diff, growth_rel, growth_p;
	enum psr_cmp_verdict growth_verdict; /* NA without a trend */
	enum psr_leak_change leak_change;
};

struct psr_compare_proc {
	char *key;            /* the matching key, printable */
	const char *name;     /* comm of the first process */
	bool by_name;         /* matched by the name fallback */
	size_t nbase, ncur;
	const struct psr_proc_result **base, **cur;
	size_t nmetrics;
	struct psr_compare_metric *metrics;
	enum psr_cmp_verdict worst; /* of the gated metrics: WORSE if any
				       metric or growth is, then BETTER, then
				       INCONCLUSIVE, then SAME */
	size_t worse, better;  /* gated metrics */
	size_t inconclusive;   /* gated metrics */
};

struct psr_compare_unmatched {
	const struct psr_proc_result *proc;
	bool baseline;        /* on the baseline side, else the new one */
	char *key;
};

struct psr_compare {
	struct psr_compare_opts opts;
	const struct psr_result *base, *cur;
	size_t nprocs;
	struct psr_compare_proc *procs;
	size_t nunmatched;
	struct psr_compare_unmatched *unmatched;
	size_t worse, better; /* verdicts over all processes */
};

int psr_compare_new(const struct psr_result *base,
		    const struct psr_result *cur,
		    const struct psr_compare_opts *o, struct psr_compare **out);
void psr_compare_free(struct psr_compare *c);

/* The key of p under match m into a new string (NULL: out of memory):
 * arguments joined by spaces, the first argument, or comm; a process
 * without a command line (a kernel thread) is "[comm]". */
char *psr_compare_key(const struct psr_proc_result *p, enum psr_match m);

/* Differences below this, in the series' base unit, are negligible
 * whatever their relative size: 1 CPU percentage point, 256 KiB,
 * 1 KiB/s, 1 event/s, half a descriptor or thread. */
double psr_compare_floor(const struct psr_series_def *d);

const char *psr_compare_verdict_name(enum psr_cmp_verdict v);
const char *psr_compare_match_name(enum psr_match m);
const char *psr_compare_leak_change_name(enum psr_leak_change c);

/* ---- per run (psreport --runs) ---- */

/* The processes of run r with key k (under m) pooled as above, for one
 * series; n == 0 when none has a value. */
struct psr_compare_cell {
	uint64_t n;
	double mean, p95, max, growth_per_h;
};
struct psr_compare_cell psr_compare_run_cell(const struct psr_run_result *r,
					     const char *k, enum psr_match m,
					     unsigned series);

/* The distinct keys of all runs' processes, in order of first
 * appearance; NULL when out of memory. */
char **psr_compare_keys(const struct psr_result *r, enum psr_match m,
			size_t *n);
void psr_compare_keys_free(char **k, size_t n);

/* ---- tests on plain arrays (exposed for the unit tests) ---- */

/* Mann-Whitney U of y against x: U counts pairs with y > x (ties 1/2).
 * p two-sided, normal approximation with tie and continuity corrections,
 * the variance multiplied by inflation (when > 1) for correlation left
 * between the values; NaN when a side is empty or every value ties.
 * Returns U. */
double psr_compare_mann_whitney(const double *x, size_t nx, const double *y,
				size_t ny, double inflation, double *p);

/* Welch's test of mean(y) - mean(x), each side's variance multiplied by
 * its inflation (when > 1): p two-sided (Student t with Welch's degrees
 * of freedom, through a normal approximation), *half the half-width of
 * the 95% interval. Returns the difference. p NaN with fewer than two
 * values a side; constant sides give p 0 (means differ) or 1. */
double psr_compare_welch(const double *x, size_t nx, double ix,
			 const double *y, size_t ny, double iy, double *p,
			 double *half);

/* Block means of v[0..n) (NaN skipped) with weights w (NULL: equal), L
 * consecutive values per block, L as above. Writes at most n means into
 * out, returns their count; *len gets L. */
size_t psr_compare_blocks(const double *v, const double *w, size_t n,
			  double *out, double *len);

/* The lag-1 correlation left between consecutive block means, pooled
 * over both sides (each about its own mean), bias-corrected, in
 * [0, 0.95]. */
double psr_compare_left_corr(const double *x, size_t nx, const double *y,
			     size_t ny);

#endif
