/* fleetgrid.c - the time grid of the fleet's charts (fleetdata.h).
 *
 * A grid of FLEET_BUCKETS buckets from the fleet's first start, whose
 * width grows through round steps as later recordings arrive (runs of
 * buckets merge). A recording's processes come from the engine already
 * put into time buckets of their own (psr_proc_result b_t, b_w and each
 * series' b_mean): each of those buckets, value x seconds, is spread over
 * the time it covers into the grid; the time the recording covers (from
 * an interval before its first sample to its last) counts as seconds
 * recorded for the metrics it has. At the end of a recording these go to
 * its host, recorded seconds capped at the bucket width, so that two
 * recordings of one host at once add their processes, not their time. A
 * host's line is then value x seconds / seconds per bucket: the time
 * average of its total. */
#include "fleetdata.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Bucket widths, seconds: each a whole multiple of the one before (so
 * that buckets merge), and round for the reader; beyond, doubled. */
static const double widths[] = {
	0.01, 0.02, 0.1, 0.2, 1, 2, 10, 20, 60, 120, 600, 1200, 3600, 7200,
	21600, 43200, 86400, 172800, 864000, 1728000, 8640000,
};

static double wider(double w)
{
	for (size_t i = 0; i < sizeof widths / sizeof *widths; i++)
		if (widths[i] > w * 1.001)
			return widths[i];
	return w * 2;
}

/* Rows of FLEET_BUCKETS buckets from width `from` to width `to`, a whole
 * multiple k of it: runs of k buckets add up into one. */
static void merge(float *a, size_t rows, double from, double to)
{
	size_t k = (size_t)llround(to / from);

	if (k <= 1)
		return;
	for (size_t r = 0; r < rows; r++) {
		float *v = a + r * FLEET_BUCKETS;
		for (size_t j = 0; j < FLEET_BUCKETS; j++) {
			float s = 0;
			for (size_t i = j * k; i < (j + 1) * k && i < FLEET_BUCKETS;
			     i++)
				s += v[i];
			v[j] = s;
		}
	}
}

int fleet_grid_init(struct fleet_grid *g, const unsigned *metrics,
		    size_t nmetrics, double t0)
{
	memset(g, 0, sizeof *g);
	g->nm = nmetrics;
	memcpy(g->metrics, metrics, nmetrics * sizeof *metrics);
	g->t0 = t0;
	g->w = widths[0];
	g->first = INFINITY;
	g->last = -INFINITY;
	g->r_s = calloc(nmetrics * FLEET_BUCKETS, sizeof *g->r_s);
	g->r_c = calloc(nmetrics * FLEET_BUCKETS, sizeof *g->r_c);
	if (!g->r_s || !g->r_c) {
		fleet_grid_release(g);
		return -ENOMEM;
	}
	return 0;
}

void fleet_grid_release(struct fleet_grid *g)
{
	free(g->r_s);
	free(g->r_c);
	g->r_s = g->r_c = NULL;
}

void fleet_grid_fit(const struct fleet_grid *g, struct host *h)
{
	if (h->tl_s && h->tl_w < g->w * 0.999) {
		merge(h->tl_s, g->nm, h->tl_w, g->w);
		merge(h->tl_c, g->nm, h->tl_w, g->w);
		h->tl_w = g->w;
	}
}

/* amount, spread evenly over [lo, hi), into the buckets of row v */
static void spread(const struct fleet_grid *g, double *v, double amount,
		   double lo, double hi)
{
	double span = hi - lo, end = g->t0 + FLEET_BUCKETS * g->w;
	double a = fmax(lo, g->t0), b = fmin(hi, end);

	if (!(span > 0) || !(b > a))
		return;
	size_t k0 = (size_t)((a - g->t0) / g->w);
	size_t k1 = (size_t)((b - g->t0) / g->w);
	if (k1 >= FLEET_BUCKETS)
		k1 = FLEET_BUCKETS - 1;
	for (size_t k = k0; k <= k1; k++) {
		double x = fmax(a, g->t0 + (double)k * g->w);
		double y = fmin(b, g->t0 + (double)(k + 1) * g->w);
		if (y > x)
			v[k] += amount * (y - x) / span;
	}
}

/* Metric m of the run's processes into row m of the recording's buckets;
 * whether any process has it. */
static bool add_metric(struct fleet_grid *g, const struct psr_run_result *run,
		       size_t m)
{
	double *s = g->r_s + m * FLEET_BUCKETS;
	bool any = false;

	for (size_t i = 0; i < run->nprocs; i++) {
		const struct psr_proc_result *p = &run->procs[i];
		const struct psr_series_result *x =
			psr_result_series(p, g->metrics[m]);
		if (!x || !x->n || !x->b_mean)
			continue;
		any = true;
		for (size_t b = 0; b < p->nbuckets; b++) {
			double w = p->b_w[b], t = p->b_t[b], v = x->b_mean[b];
			if (w > 0 && isfinite(t) && isfinite(v))
				spread(g, s, v * w, t - w / 2, t + w / 2);
		}
	}
	/* the short-lived ones summarised: their means over their span
	 * (CPU and RSS: the figures a row has) */
	unsigned cpu = (unsigned)psr_series_find("cpu_percent");
	unsigned rss = (unsigned)psr_series_find("rss_bytes");
	for (size_t i = run->nexited - run->nshort; i < run->nexited; i++) {
		const struct psr_exited *e = &run->exited[i];
		double span = e->last_epoch - e->first_epoch;
		double v = g->metrics[m] == cpu ? 100 * e->sampled_cpu_seconds / span
			   : g->metrics[m] == rss ? e->rss_mean_bytes : NAN;
		if (span > 0 && isfinite(v)) {
			any = true;
			spread(g, s, v * span, e->first_epoch, e->last_epoch);
		}
	}
	return any;
}

int fleet_grid_add(struct fleet_grid *g, const struct psr_run_result *run,
		   struct host *h)
{
	size_t n = g->nm * FLEET_BUCKETS;
	double iv = (double)run->header.interval_ns / 1e9;
	double a = run->start_epoch - (iv > 0 ? iv : 1), b = run->end_epoch;
	bool any = false;

	if (!run->samples || !isfinite(b) || !(b > fmax(a, g->t0)))
		return 0;
	while (b - g->t0 > FLEET_BUCKETS * g->w)
		g->w = wider(g->w);
	memset(g->r_s, 0, n * sizeof *g->r_s);
	memset(g->r_c, 0, n * sizeof *g->r_c);
	for (size_t m = 0; m < g->nm; m++)
		if (add_metric(g, run, m)) {
			any = true;
			/* the seconds it recorded, once however many
			 * processes it had */
			spread(g, g->r_c + m * FLEET_BUCKETS, b - a, a, b);
		}
	if (!any)
		return 0;
	g->first = fmin(g->first, fmax(run->start_epoch, g->t0));
	g->last = fmax(g->last, b);
	if (!h->tl_s) {
		h->tl_s = calloc(n, sizeof *h->tl_s);
		h->tl_c = calloc(n, sizeof *h->tl_c);
		h->tl_w = g->w;
		if (!h->tl_s || !h->tl_c)
			return -ENOMEM;
	}
	fleet_grid_fit(g, h);
	for (size_t i = 0; i < n; i++) {
		h->tl_s[i] += (float)g->r_s[i];
		h->tl_c[i] = (float)fmin(h->tl_c[i] + g->r_c[i], g->w);
	}
	return 0;
}
