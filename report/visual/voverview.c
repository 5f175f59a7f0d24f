/* voverview.c - the processes of a run on one chart: each process's
 * time buckets (its own, of its own width) are put on one time grid
 * over the run, CPU as the CPU-seconds of each bucket (mean rate x its
 * seconds) so that the stack adds up to the run's CPU use, RSS as each
 * process's mean in the grid's cell. A process that was not alive adds
 * no CPU (0 in the stack) and has no RSS (a gap in its line). */
#define _GNU_SOURCE
#include "voverview.h"

#include "vchart.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { GRID_MAX = 240 };

/* The run's time grid: at most GRID_MAX cells, none shorter than the
 * sampling interval. */
struct grid {
	size_t n;
	double t0, w;
	double t[GRID_MAX]; /* cell centres */
};

static void grid_init(struct grid *g, const struct psr_run_result *r)
{
	double span = r->end_epoch - r->start_epoch;
	double iv = r->header.interval_ns ? r->header.interval_ns / 1e9 : 1;

	if (!(span > 0))
		span = iv;
	double cells = fmin(GRID_MAX, fmax(2, floor(span / iv)));
	g->n = (size_t)cells;
	g->t0 = r->start_epoch;
	g->w = span / cells;
	for (size_t k = 0; k < g->n; k++)
		g->t[k] = g->t0 + (k + 0.5) * g->w;
}

static size_t grid_cell(const struct grid *g, double t)
{
	double k = floor((t - g->t0) / g->w);
	return k < 0 ? 0 : k >= (double)g->n ? g->n - 1 : (size_t)k;
}

/* A process's rank for one chart: CPU seconds, or its peak RSS. */
struct ranked {
	const struct psr_proc_result *p;
	const struct psr_series_result *s;
	double key;
};

static int by_key(const void *a, const void *b)
{
	double x = ((const struct ranked *)a)->key,
	       y = ((const struct ranked *)b)->key;
	return (x < y) - (x > y); /* biggest first */
}

/* The run's processes (not trees) with values of series name, biggest
 * first; NULL with *n 0 when out of memory or none. */
static struct ranked *rank(const struct psr_run_result *r, const char *name,
			   bool cpu, size_t *n)
{
	struct ranked *v = malloc((r->nprocs ? r->nprocs : 1) * sizeof *v);

	*n = 0;
	if (!v)
		return NULL;
	for (size_t i = 0; i < r->nprocs; i++) {
		const struct psr_proc_result *p = &r->procs[i];
		const struct psr_series_result *s = vchart_series(p, name);
		if (!s || !p->nbuckets)
			continue;
		double key = cpu ? (isfinite(p->cpu_seconds) ? p->cpu_seconds
							     : s->total)
				 : s->max;
		v[(*n)++] = (struct ranked){p, s, isfinite(key) ? key : 0};
	}
	qsort(v, *n, sizeof *v, by_key);
	return v;
}

static void proc_label(const struct psr_proc_result *p, char *buf,
		       size_t len)
{
	snprintf(buf, len, "%.24s %u", p->comm ? p->comm : "?", p->pid);
}

/* CPU % of a process in each grid cell, added to out. */
static void add_cpu(const struct grid *g, const struct ranked *x, double *out)
{
	for (size_t b = 0; b < x->p->nbuckets; b++) {
		double v = x->s->b_mean[b], t = x->p->b_t[b], w = x->p->b_w[b];
		if (isfinite(v) && isfinite(t) && isfinite(w))
			out[grid_cell(g, t)] += v * w / g->w;
	}
}

int voverview_cpu(const struct report_ctx *c, const struct psr_run_result *r,
		  const struct chart_target *tg, char *err, size_t errlen)
{
	size_t n;
	struct ranked *v = rank(r, "cpu_percent", true, &n);
	static struct grid g;
	int rc = 1;

	if (!v) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	if (n < 2)
		goto out;
	rc = 0;
	if (!tg)
		goto out;
	grid_init(&g, r);
	size_t top = n <= VOVERVIEW_TOP_CPU + 1 ? n : VOVERVIEW_TOP_CPU;
	size_t nl = top + (n > top);
	double *m = calloc(nl * g.n, sizeof *m);
	char names[VOVERVIEW_TOP_CPU + 1][64], title[200];
	const double *layer[VOVERVIEW_TOP_CPU + 1];
	const char *label[VOVERVIEW_TOP_CPU + 1];
	if (!m) {
		snprintf(err, errlen, "out of memory");
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		add_cpu(&g, &v[i], m + (i < top ? i : top) * g.n);
	for (size_t l = 0; l < nl; l++) {
		if (l < top)
			proc_label(v[l].p, names[l], sizeof names[l]);
		else
			snprintf(names[l], sizeof names[l], "%zu others",
				 n - top);
		layer[l] = m + l * g.n;
		label[l] = names[l];
	}
	snprintf(title, sizeof title, "CPU by process, stacked (%zu "
		 "processes; 100%% = one CPU)", n);
	struct chart_stacked cs = {
		.title = title, .ylabel = "CPU", .unit = CHART_UNIT_PERCENT,
		.t = g.t, .n = g.n, .layer = layer, .label = label,
		.nlayers = nl, .t_start = r->start_epoch,
		.t_end = r->end_epoch,
		.elapsed_from = vchart_elapsed_from(c, r)};
	rc = chart_stacked(tg, &cs, err, errlen);
	free(m);
out:
	free(v);
	return rc;
}

/* A process's mean RSS in each grid cell (weighted by the seconds of
 * its buckets), NaN where it was not sampled. */
static void rss_line(const struct grid *g, const struct ranked *x,
		     double *sum, double *wsum)
{
	for (size_t k = 0; k < g->n; k++)
		sum[k] = wsum[k] = 0;
	for (size_t b = 0; b < x->p->nbuckets; b++) {
		double v = x->s->b_mean[b], t = x->p->b_t[b], w = x->p->b_w[b];
		if (!isfinite(v) || !isfinite(t))
			continue;
		w = isfinite(w) && w > 0 ? w : 1;
		size_t k = grid_cell(g, t);
		sum[k] += v * w;
		wsum[k] += w;
	}
	for (size_t k = 0; k < g->n; k++)
		sum[k] = wsum[k] > 0 ? sum[k] / wsum[k] : NAN;
}

int voverview_rss(const struct report_ctx *c, const struct psr_run_result *r,
		  const struct chart_target *tg, char *err, size_t errlen)
{
	size_t n;
	struct ranked *v = rank(r, "rss_bytes", false, &n);
	static struct grid g;
	int rc = 1;

	if (!v) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	if (n < 2)
		goto out;
	rc = 0;
	if (!tg)
		goto out;
	grid_init(&g, r);
	size_t top = n < VOVERVIEW_TOP_RSS ? n : VOVERVIEW_TOP_RSS;
	double *m = malloc((top + 1) * g.n * sizeof *m);
	struct chart_series cs[VOVERVIEW_TOP_RSS];
	char names[VOVERVIEW_TOP_RSS][64], title[200];
	if (!m) {
		snprintf(err, errlen, "out of memory");
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < top; i++) {
		rss_line(&g, &v[i], m + i * g.n, m + top * g.n);
		proc_label(v[i].p, names[i], sizeof names[i]);
		cs[i] = (struct chart_series){names[i], g.t, m + i * g.n, NULL,
					      NULL, g.n, 0};
	}
	if (n > top)
		snprintf(title, sizeof title, "RSS of the %zu largest "
			 "processes (of %zu), by peak", top, n);
	else
		snprintf(title, sizeof title, "RSS of the %zu processes", n);
	struct chart_timeseries ts = {
		.title = title, .ylabel = "RSS", .unit = CHART_UNIT_BYTES,
		.series = cs, .nseries = top, .y_from_zero = 1,
		.t_start = r->start_epoch, .t_end = r->end_epoch,
		.elapsed_from = vchart_elapsed_from(c, r)};
	rc = chart_timeseries(tg, &ts, err, errlen);
	free(m);
out:
	free(v);
	return rc;
}

const struct voverview voverviews[VOVERVIEW_COUNT] = {
	{"overview-cpu", voverview_cpu},
	{"overview-rss", voverview_rss},
};
