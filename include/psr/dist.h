/* psr/dist.h - distributions, correlations and peaks of a series.
 *
 * Prefix: psr_dist_. Functions return 0 or a negative errno code; results
 * own malloc'd arrays released with the matching _release. */
#ifndef PSR_DIST_H
#define PSR_DIST_H

#include <stddef.h>

#include "stats.h"

/* Histogram with Freedman-Diaconis bins: width 2 IQR / n^(1/3), at most
 * PSR_DIST_MAX_BINS (Sturges' rule when the IQR is 0). Bin i covers
 * [lo + i*width, lo + (i+1)*width); the last one includes the maximum. */
#define PSR_DIST_MAX_BINS 100

struct psr_hist {
	size_t nbins;
	double lo, width;
	double *seconds; /* time spent in each bin */
	double *samples; /* samples in each bin */
};

int psr_dist_histogram(const struct psr_point *pts, size_t n, double iqr,
		       struct psr_hist *h);
void psr_dist_hist_release(struct psr_hist *h);

/* Gaussian kernel density with Silverman's bandwidth
 * 0.9 min(sd, IQR/1.34) n^(-1/5), time-weighted, on PSR_DIST_KDE_POINTS
 * points from min - 3h to max + 3h. A series that does not vary has no
 * density: npoints 0. Points are binned onto a fine grid first, so the
 * cost does not depend on the number of samples. */
#define PSR_DIST_KDE_POINTS 128
/* The samples a series needs for psreport to estimate its density: a
 * curve drawn through 1 to 5 samples says nothing the histogram does not,
 * and cost 2 KB and 256 numbers of --json per series of every short
 * process of a churning host (README "A churning host"). */
#define PSR_DIST_KDE_MIN_SAMPLES 8

struct psr_kde {
	size_t npoints;
	double bandwidth;
	double *x, *density; /* density integrates to 1 over x */
};

int psr_dist_kde(const struct psr_point *pts, size_t n, double sd, double iqr,
		 struct psr_kde *k);
void psr_dist_kde_release(struct psr_kde *k);

/* Correlation of x and y over n pairs; NaN when either does not vary
 * (undefined, never shown as 0). Spearman is Pearson on average ranks. */
/* Average ranks (1-based, ties share their mean rank) of v into r. */
int psr_dist_ranks(const double *v, size_t n, double *r);

double psr_dist_pearson(const double *x, const double *y, size_t n);
double psr_dist_spearman(const double *x, const double *y, size_t n);

/* Peaks by topographic prominence: a local maximum (a plateau counts
 * once, at its middle), its prominence being its height above the
 * higher of the lowest points between it and a higher value on each side
 * (or the series' end). The `max` most prominent, by prominence. */
struct psr_peak {
	double t, value, prominence;
};

size_t psr_dist_peaks(const double *t, const double *x, size_t n, size_t max,
		      struct psr_peak *out);

#endif
