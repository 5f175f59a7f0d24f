/* dist.c - histograms, kernel densities, correlations, peaks. */
#include <psr/dist.h>

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static double total_samples(const struct psr_point *p, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += p[i].n;
	return s;
}

int psr_dist_histogram(const struct psr_point *pts, size_t n, double iqr,
		       struct psr_hist *h)
{
	double lo, hi, ns, width;
	size_t bins;

	memset(h, 0, sizeof *h);
	if (!n)
		return 0;
	lo = pts[0].v; /* pts are sorted by value */
	hi = pts[n - 1].v;
	ns = total_samples(pts, n);
	if (hi > lo && iqr > 0) {
		width = 2 * iqr / cbrt(ns > 1 ? ns : 1);
		double b = ceil((hi - lo) / width);
		bins = b > PSR_DIST_MAX_BINS ? PSR_DIST_MAX_BINS : (size_t)b;
	} else if (hi > lo) {
		bins = (size_t)ceil(log2(ns > 1 ? ns : 1)) + 1; /* Sturges */
	} else {
		bins = 1;
	}
	if (bins < 1)
		bins = 1;
	width = hi > lo ? (hi - lo) / (double)bins : 1;
	h->seconds = calloc(bins, sizeof *h->seconds);
	h->samples = calloc(bins, sizeof *h->samples);
	if (!h->seconds || !h->samples) {
		psr_dist_hist_release(h);
		return -ENOMEM;
	}
	h->nbins = bins;
	h->lo = hi > lo ? lo : lo - 0.5;
	h->width = width;
	for (size_t i = 0; i < n; i++) {
		size_t b = (size_t)((pts[i].v - h->lo) / width);
		if (b >= bins)
			b = bins - 1;
		h->seconds[b] += pts[i].w;
		h->samples[b] += pts[i].n;
	}
	return 0;
}

void psr_dist_hist_release(struct psr_hist *h)
{
	free(h->seconds);
	free(h->samples);
	memset(h, 0, sizeof *h);
}

#define FINE 512 /* the grid points are binned onto */

int psr_dist_kde(const struct psr_point *pts, size_t n, double sd, double iqr,
		 struct psr_kde *k)
{
	double ns, spread, h, lo, hi, step, total = 0;
	double fine[FINE] = {0};

	memset(k, 0, sizeof *k);
	if (n < 2 || !(sd > 0))
		return 0;
	ns = total_samples(pts, n);
	spread = iqr > 0 && iqr / 1.34 < sd ? iqr / 1.34 : sd;
	h = 0.9 * spread * pow(ns > 1 ? ns : 1, -0.2);
	if (!(h > 0))
		return 0;
	lo = pts[0].v - 3 * h;
	hi = pts[n - 1].v + 3 * h;
	step = (hi - lo) / (FINE - 1);
	/* linear binning: each point shares its weight with two grid nodes */
	for (size_t i = 0; i < n; i++) {
		double pos = (pts[i].v - lo) / step;
		size_t j = (size_t)pos;
		double frac = pos - (double)j;
		if (j >= FINE - 1) {
			fine[FINE - 1] += pts[i].w;
		} else {
			fine[j] += pts[i].w * (1 - frac);
			fine[j + 1] += pts[i].w * frac;
		}
		total += pts[i].w;
	}
	k->x = malloc(PSR_DIST_KDE_POINTS * sizeof *k->x);
	k->density = malloc(PSR_DIST_KDE_POINTS * sizeof *k->density);
	if (!k->x || !k->density) {
		psr_dist_kde_release(k);
		return -ENOMEM;
	}
	/* the kernel at each grid offset, cut at 5 bandwidths */
	size_t reach = (size_t)ceil(5 * h / step);
	if (reach > FINE - 1)
		reach = FINE - 1;
	double kern[FINE];
	for (size_t d = 0; d <= reach; d++) {
		double u = (double)d * step / h;
		kern[d] = exp(-0.5 * u * u) / (h * sqrt(2 * M_PI) * total);
	}
	/* the grid nodes with weight, in order: a process of a few samples
	 * has a few of the 512, and skipping the empty ones (adding 0)
	 * leaves every sum as it was, bit for bit */
	uint16_t nz[FINE];
	size_t nnz = 0;
	for (size_t j = 0; j < FINE; j++)
		if (fine[j] != 0)
			nz[nnz++] = (uint16_t)j;
	k->npoints = PSR_DIST_KDE_POINTS;
	k->bandwidth = h;
	size_t from = 0; /* the first node within reach of c */
	for (size_t o = 0; o < PSR_DIST_KDE_POINTS; o++) {
		size_t c = o * (FINE - 1) / (PSR_DIST_KDE_POINTS - 1);
		size_t a = c > reach ? c - reach : 0;
		size_t b = c + reach < FINE ? c + reach : FINE - 1;
		double d = 0;
		while (from < nnz && nz[from] < a)
			from++; /* c only grows: so does a */
		for (size_t q = from; q < nnz && nz[q] <= b; q++) {
			size_t j = nz[q];
			d += fine[j] * kern[j > c ? j - c : c - j];
		}
		k->x[o] = lo + (double)c * step;
		k->density[o] = d;
	}
	return 0;
}

void psr_dist_kde_release(struct psr_kde *k)
{
	free(k->x);
	free(k->density);
	memset(k, 0, sizeof *k);
}

double psr_dist_pearson(const double *x, const double *y, size_t n)
{
	double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;

	if (n < 2)
		return NAN;
	for (size_t i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= (double)n;
	my /= (double)n;
	for (size_t i = 0; i < n; i++) {
		double dx = x[i] - mx, dy = y[i] - my;
		sxx += dx * dx;
		syy += dy * dy;
		sxy += dx * dy;
	}
	/* a series that does not vary has no correlation with anything */
	if (!(sxx > 0) || !(syy > 0))
		return NAN;
	double r = sxy / sqrt(sxx * syy);
	return r > 1 ? 1 : r < -1 ? -1 : r;
}

struct ranked {
	double v;
	size_t i;
};

static int cmp_ranked(const void *a, const void *b)
{
	double x = ((const struct ranked *)a)->v;
	double y = ((const struct ranked *)b)->v;
	return (x > y) - (x < y);
}

int psr_dist_ranks(const double *v, size_t n, double *r)
{
	struct ranked *k = malloc(n * sizeof *k);

	if (!k)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		k[i] = (struct ranked){v[i], i};
	qsort(k, n, sizeof *k, cmp_ranked);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && k[j].v == k[i].v)
			j++;
		for (size_t m = i; m < j; m++)
			r[k[m].i] = (double)(i + j + 1) / 2;
		i = j;
	}
	free(k);
	return 0;
}

double psr_dist_spearman(const double *x, const double *y, size_t n)
{
	double *rx, *ry, r = NAN;

	if (n < 2)
		return NAN;
	rx = malloc(n * sizeof *rx);
	ry = malloc(n * sizeof *ry);
	if (rx && ry && !psr_dist_ranks(x, n, rx) && !psr_dist_ranks(y, n, ry))
		r = psr_dist_pearson(rx, ry, n);
	free(rx);
	free(ry);
	return r;
}

static int by_prominence(const void *a, const void *b)
{
	double x = ((const struct psr_peak *)a)->prominence;
	double y = ((const struct psr_peak *)b)->prominence;
	return (x < y) - (x > y);
}

/* Prominence of the plateau x[a..b]: walk each way to a higher value. */
static double prominence(const double *x, size_t n, size_t a, size_t b)
{
	double top = x[a], lmin = top, rmin = top;

	for (size_t i = a; i-- > 0;) {
		if (x[i] > top)
			break;
		if (x[i] < lmin)
			lmin = x[i];
	}
	for (size_t i = b + 1; i < n; i++) {
		if (x[i] > top)
			break;
		if (x[i] < rmin)
			rmin = x[i];
	}
	return top - (lmin > rmin ? lmin : rmin);
}

size_t psr_dist_peaks(const double *t, const double *x, size_t n, size_t max,
		      struct psr_peak *out)
{
	struct psr_peak *all;
	size_t k = 0;

	if (!n || !max)
		return 0;
	all = malloc(n * sizeof *all);
	if (!all)
		return 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j + 1 < n && x[j + 1] == x[i])
			j++;
		bool left = i == 0 || x[i - 1] < x[i];
		bool right = j == n - 1 || x[j + 1] < x[i];
		/* an edge is a peak only if something lower is beside it */
		if (left && right && !(i == 0 && j == n - 1)) {
			double p = prominence(x, n, i, j);
			if (p > 0)
				all[k++] = (struct psr_peak){t[(i + j) / 2],
							     x[i], p};
		}
		i = j + 1;
	}
	qsort(all, k, sizeof *all, by_prominence);
	if (k > max)
		k = max;
	memcpy(out, all, k * sizeof *out);
	free(all);
	return k;
}
