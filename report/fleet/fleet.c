/* fleet.c - psreport --fleet's totals (see fleet.h): each recording's
 * result reduced into its host and, process by process, into its
 * command; the logs with problems; the order of the tables.
 *
 * The CPU p95 of a command is that of all its processes' CPU time: each
 * process's distribution comes from the engine (psr_series_result.points)
 * and is pooled into one psr_stats per command, time-weighted like every
 * other p95 of psreport. */
#define _GNU_SOURCE
#include "fleetdata.h"

#include "session.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- growing arrays ------------------------------------------------- */

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 16;
	void *p = realloc(*v, c * size);
	if (!p)
		return -ENOMEM;
	*v = p;
	*cap = c;
	return 0;
}

static int add_problem(struct fleet *f, const char *path, const char *why)
{
	if (grow((void **)&f->bad, &f->capbad, f->nbad, sizeof *f->bad))
		return -ENOMEM;
	struct problem *b = &f->bad[f->nbad];
	b->path = strdup(path);
	b->why = strdup(why);
	if (!b->path || !b->why) {
		free(b->path);
		free(b->why);
		return -ENOMEM;
	}
	f->nbad++;
	return 0;
}

/* ---- hosts and commands --------------------------------------------- */

static struct host *host_of(struct fleet *f, const char *name, size_t *idx)
{
	for (size_t i = 0; i < f->nhosts; i++)
		if (!strcmp(f->hosts[i].name, name)) {
			*idx = i;
			return &f->hosts[i];
		}
	if (grow((void **)&f->hosts, &f->caphosts, f->nhosts, sizeof *f->hosts))
		return NULL;
	struct host *h = &f->hosts[f->nhosts];
	memset(h, 0, sizeof *h);
	if (!(h->name = strdup(name)))
		return NULL;
	*idx = f->nhosts++;
	return h;
}

static struct cmd *cmd_of(struct fleet *f, const char *name)
{
	for (size_t i = 0; i < f->ncmds; i++)
		if (!strcmp(f->cmds[i].name, name))
			return &f->cmds[i];
	if (grow((void **)&f->cmds, &f->capcmds, f->ncmds, sizeof *f->cmds))
		return NULL;
	struct cmd *c = &f->cmds[f->ncmds];
	memset(c, 0, sizeof *c);
	psr_stats_init(&c->cpu);
	if (!(c->name = strdup(name)))
		return NULL;
	f->ncmds++;
	return c;
}

static int cmd_add_host(struct cmd *c, size_t host)
{
	for (size_t i = 0; i < c->nhosts; i++)
		if (c->hosts[i] == host)
			return 0;
	if (grow((void **)&c->hosts, &c->caphosts, c->nhosts, sizeof *c->hosts))
		return -ENOMEM;
	c->hosts[c->nhosts++] = host;
	return 0;
}

/* A process's CPU: its time, its weighted mean, its distribution. */
static int add_cpu(struct cmd *c, struct host *h,
		   const struct psr_series_result *cpu)
{
	if (!cpu || !cpu->n)
		return 0;
	c->cpu_w += cpu->seconds;
	c->cpu_wx += cpu->mean * cpu->seconds;
	if (isfinite(cpu->total)) {
		c->cpu_s += cpu->total;
		h->cpu_s += cpu->total;
	}
	for (size_t i = 0; i < cpu->npoints; i++) {
		const struct psr_point *pt = &cpu->points[i];
		int rc = psr_stats_add(&c->cpu, pt->v, pt->w, (uint64_t)pt->n);
		if (rc)
			return rc;
	}
	return 0;
}

static int reduce_proc(struct fleet *f, size_t hi,
		       const struct psr_proc_result *p)
{
	const struct psr_series_result *rss;
	struct cmd *c = cmd_of(f, p->comm ? p->comm : "");
	struct host *h = &f->hosts[hi];

	if (!c || cmd_add_host(c, hi))
		return -ENOMEM;
	c->procs++;
	h->procs++;
	c->samples += p->samples;
	h->samples += p->samples;
	if (add_cpu(c, h, psr_result_series(p, (unsigned)f->cpu_idx)))
		return -ENOMEM;
	rss = psr_result_series(p, (unsigned)f->rss_idx);
	if (rss && rss->n) {
		if (rss->max > c->rss_max)
			c->rss_max = rss->max;
		if (rss->max > h->rss_max)
			h->rss_max = rss->max;
		if (rss->leak && isfinite(rss->leak->growth_per_h) &&
		    rss->leak->growth_per_h > c->growth_max)
			c->growth_max = rss->leak->growth_per_h;
	}
	if (p->verdict == PSR_VERDICT_LEAK) {
		c->leak++;
		h->leak++;
	} else if (p->verdict == PSR_VERDICT_POSSIBLE) {
		c->possible++;
		h->possible++;
	}
	return 0;
}

/* A short-lived process the engine summarised (psr_exited with
 * samples): its CPU as two points, its peak for one interval and the
 * rest of its sampled span at the mean that leaves (its two rates
 * exactly, a few more nearly), its peak RSS. The exit accounting's
 * processes (no samples) are not the fleet's. */
static int add_short_cpu(struct psr_stats *st, const struct psr_exited *e,
			 double span, double mean)
{
	uint64_t rates = e->samples > 1 ? e->samples - 1 : 1;
	double w1 = span / (double)rates, peak = e->cpu_peak_percent;

	if (rates < 2 || !isfinite(peak) || peak <= mean)
		return psr_stats_add(st, mean, span, rates);
	double rest = (mean * span - peak * w1) / (span - w1);
	int rc = psr_stats_add(st, peak, w1, 1);
	return rc ? rc : psr_stats_add(st, rest > 0 ? rest : 0, span - w1,
				       rates - 1);
}

static int reduce_short(struct fleet *f, size_t hi, const struct psr_exited *e)
{
	struct cmd *c = cmd_of(f, e->comm ? e->comm : "");
	struct host *h = &f->hosts[hi];
	double span = e->last_epoch - e->first_epoch;

	if (!c || cmd_add_host(c, hi))
		return -ENOMEM;
	c->procs++;
	h->procs++;
	c->samples += e->samples;
	h->samples += e->samples;
	if (span > 0 && isfinite(e->sampled_cpu_seconds)) {
		double mean = 100 * e->sampled_cpu_seconds / span;
		c->cpu_w += span;
		c->cpu_wx += mean * span;
		c->cpu_s += e->sampled_cpu_seconds;
		h->cpu_s += e->sampled_cpu_seconds;
		if (add_short_cpu(&c->cpu, e, span, mean))
			return -ENOMEM;
	}
	if (e->maxrss_bytes > c->rss_max)
		c->rss_max = e->maxrss_bytes;
	if (e->maxrss_bytes > h->rss_max)
		h->rss_max = e->maxrss_bytes;
	return 0;
}

int fleet_reduce(struct fleet *f, const struct psr_result *r)
{
	for (size_t k = 0; k < r->nruns; k++) {
		const struct psr_run_result *run = &r->runs[k];
		size_t hi;
		struct host *h = host_of(f, run->header.hostname, &hi);
		if (!h)
			return -ENOMEM;
		h->logs += run->npaths;
		if (f->charts && fleet_grid_add(&f->g, run, h))
			return -ENOMEM;
		for (size_t i = 0; i < run->nprocs; i++)
			if (reduce_proc(f, hi, &run->procs[i]))
				return -ENOMEM;
		for (size_t i = run->nexited - run->nshort; i < run->nexited; i++)
			if (reduce_short(f, hi, &run->exited[i]))
				return -ENOMEM;
	}
	return 0;
}

int fleet_log(struct fleet *f, const struct input *in)
{
	char why[700];

	if (!in->opened)
		return add_problem(f, in->path, in->why);
	if (!in->why && !in->warnings) {
		f->logs_read++;
		return 0;
	}
	f->logs_read++;
	if (in->why)
		return add_problem(f, in->path, in->why);
	snprintf(why, sizeof why, "damaged, read as far as it goes (%" PRIu64
		 " warning%s, first: %s)", in->warnings,
		 in->warnings == 1 ? "" : "s", in->first_warning);
	return add_problem(f, in->path, why);
}

/* ---- the tables' order ---------------------------------------------- */

double fleet_cmd_p95(const struct cmd *c)
{
	double p = 0.95, out = NAN;

	psr_stats_quantiles(&c->cpu, &p, 1, &out);
	return out;
}

double fleet_cmd_mean(const struct cmd *c)
{
	return c->cpu_w > 0 ? c->cpu_wx / c->cpu_w : NAN;
}

static int by_cpu(const void *a, const void *b)
{
	const struct cmd *x = a, *y = b;

	if (x->cpu_s != y->cpu_s)
		return x->cpu_s < y->cpu_s ? 1 : -1;
	return strcmp(x->name, y->name);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct host *)a)->name,
		      ((const struct host *)b)->name);
}

void fleet_done(struct fleet *f)
{
	if (f->ncmds)
		qsort(f->cmds, f->ncmds, sizeof *f->cmds, by_cpu);
	/* hosts are sorted once commands no longer point at them by index */
	if (f->nhosts)
		qsort(f->hosts, f->nhosts, sizeof *f->hosts, by_name);
	/* every host's buckets at the last width of the grid */
	for (size_t i = 0; f->charts && i < f->nhosts; i++)
		fleet_grid_fit(&f->g, &f->hosts[i]);
}

/* ---- life ------------------------------------------------------------ */

void fleet_analysis_opts(struct psr_analysis_opts *an)
{
	an->points |= 1ull << psr_series_find("cpu_percent");
}

struct fleet *fleet_new(bool charts, const unsigned *metrics,
			size_t nmetrics, double t0)
{
	struct fleet *f = calloc(1, sizeof *f);

	if (!f)
		return NULL;
	f->cpu_idx = psr_series_find("cpu_percent");
	f->rss_idx = psr_series_find("rss_bytes");
	f->charts = charts && nmetrics;
	if (f->charts && fleet_grid_init(&f->g, metrics, nmetrics, t0)) {
		free(f);
		return NULL;
	}
	return f;
}

double fleet_t0(const struct input_set *s, const struct psr_analysis_opts *an)
{
	double t0 = INFINITY;

	/* the first start, on a whole minute, or --from */
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].opened && s->v[i].h.start_epoch_ns > 0)
			t0 = fmin(t0, floor((double)s->v[i].h.start_epoch_ns /
					    60e9) * 60);
	if (an->from.kind == PSR_TIME_EPOCH)
		t0 = isfinite(t0) ? fmax(t0, an->from.s) : an->from.s;
	return isfinite(t0) ? t0 : 0;
}

uint64_t fleet_logs_read(const struct fleet *f)
{
	return f->logs_read;
}

size_t fleet_problems(const struct fleet *f)
{
	return f->nbad;
}

void fleet_free(struct fleet *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nhosts; i++) {
		free(f->hosts[i].name);
		free(f->hosts[i].tl_s);
		free(f->hosts[i].tl_c);
	}
	free(f->hosts);
	for (size_t i = 0; i < f->ncmds; i++) {
		free(f->cmds[i].name);
		free(f->cmds[i].hosts);
		psr_stats_release(&f->cmds[i].cpu);
	}
	free(f->cmds);
	for (size_t i = 0; i < f->nbad; i++) {
		free(f->bad[i].path);
		free(f->bad[i].why);
	}
	free(f->bad);
	fleet_grid_release(&f->g);
	free(f);
}
