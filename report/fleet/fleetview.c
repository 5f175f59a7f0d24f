/* fleetview.c - psreport --fleet's charts: the totals as fleetvis.h
 * takes them (per metric, the lines of the hosts with the highest
 * bucket), drawn by fleetvis.c. */
#include "fleetdata.h"

#include "cli.h"
#include "fleetvis.h"
#include "output.h"
#include "visual.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct view {
	struct fleetvis v;
	struct fleetvis_cmd *cmds;
	struct fleetvis_host *hosts;
	struct fleetvis_bad *bad;
	struct fleetvis_metric *metrics;
	char (*names)[64];
};

struct rank {
	size_t host;
	double peak;
};

static int by_peak(const void *a, const void *b)
{
	const struct rank *x = a, *y = b;

	if (x->peak != y->peak)
		return x->peak < y->peak ? 1 : -1;
	return x->host < y->host ? -1 : x->host > y->host;
}

/* Metric m of every host: its figures, and the lines of the
 * FLEETVIS_LINES hosts with the highest bucket. */
static int view_metric(const struct fleet *f, size_t m,
		       struct fleetvis_metric *vm, struct rank *rk)
{
	const size_t B = FLEET_BUCKETS;
	size_t lo = B, hi = 0, nr = 0;

	for (size_t i = 0; i < f->nhosts; i++) {
		const struct host *h = &f->hosts[i];
		double peak = -INFINITY;
		if (!h->tl_s)
			continue;
		for (size_t k = 0; k < B; k++) {
			double c = h->tl_c[m * B + k];
			if (!(c > 0))
				continue;
			lo = k < lo ? k : lo;
			hi = k > hi ? k : hi;
			peak = fmax(peak, h->tl_s[m * B + k] / c);
		}
		if (isfinite(peak))
			rk[nr++] = (struct rank){i, peak};
	}
	vm->nhosts = nr;
	vm->width = f->g.w;
	vm->t0 = f->g.t0 + (double)lo * f->g.w;
	vm->t1 = f->g.t0 + (double)(hi + 1) * f->g.w;
	if (!nr)
		return 0;
	qsort(rk, nr, sizeof *rk, by_peak);
	vm->nlines = nr < FLEETVIS_LINES ? nr : FLEETVIS_LINES;
	if (!(vm->lines = calloc(vm->nlines, sizeof *vm->lines)))
		return -ENOMEM;
	for (size_t j = 0; j < vm->nlines; j++) {
		const struct host *h = &f->hosts[rk[j].host];
		struct fleetvis_line *l = &vm->lines[j];
		double ss = 0, sc = 0;
		l->host = h->name;
		l->peak = -INFINITY;
		l->t = malloc((hi - lo + 1) * sizeof *l->t);
		l->v = malloc((hi - lo + 1) * sizeof *l->v);
		if (!l->t || !l->v)
			return -ENOMEM;
		for (size_t k = lo; k <= hi; k++) {
			double c = h->tl_c[m * B + k], s = h->tl_s[m * B + k];
			double v = c > 0 ? s / c : NAN;
			l->t[l->n] = f->g.t0 + ((double)k + 0.5) * f->g.w;
			l->v[l->n++] = v;
			if (!(c > 0))
				continue;
			ss += s;
			sc += c;
			if (v > l->peak) {
				l->peak = v;
				l->peak_t = l->t[l->n - 1];
			}
		}
		l->mean = ss / sc;
		l->seconds = sc;
	}
	return 0;
}

static void view_free(struct view *w)
{
	for (size_t m = 0; w->metrics && m < w->v.nmetrics; m++) {
		for (size_t j = 0; j < w->metrics[m].nlines; j++) {
			free(w->metrics[m].lines[j].t);
			free(w->metrics[m].lines[j].v);
		}
		free(w->metrics[m].lines);
	}
	free(w->metrics);
	free(w->cmds);
	free(w->hosts);
	free(w->bad);
	free(w->names);
}

/* The tables and charts as fleetvis.h takes them; 0 or -ENOMEM. */
static int view_make(const struct fleet *f, struct view *w)
{
	size_t n1 = f->ncmds + 1, n2 = f->nhosts + 1, nb = f->nbad + 1;
	struct rank *rk = calloc(n2, sizeof *rk);
	int rc = 0;

	memset(w, 0, sizeof *w);
	w->cmds = calloc(n1, sizeof *w->cmds);
	w->hosts = calloc(n2, sizeof *w->hosts);
	w->bad = calloc(nb, sizeof *w->bad);
	w->metrics = calloc(f->g.nm + 1, sizeof *w->metrics);
	w->names = calloc(f->g.nm + 1, sizeof *w->names);
	if (!rk || !w->cmds || !w->hosts || !w->bad || !w->metrics ||
	    !w->names) {
		free(rk);
		return -ENOMEM;
	}
	w->v = (struct fleetvis){.logs_read = f->logs_read, .cmds = w->cmds,
		.ncmds = f->ncmds, .hosts = w->hosts, .nhosts = f->nhosts,
		.bad = w->bad, .nbad = f->nbad, .metrics = w->metrics,
		.nmetrics = f->g.nm, .first = f->g.first, .last = f->g.last};
	for (size_t i = 0; i < f->ncmds; i++) {
		const struct cmd *c = &f->cmds[i];
		w->cmds[i] = (struct fleetvis_cmd){c->name, c->nhosts, c->procs,
			c->samples, fleet_cmd_mean(c), fleet_cmd_p95(c), c->rss_max, c->growth_max, c->leak,
			c->possible};
	}
	for (size_t i = 0; i < f->nhosts; i++) {
		const struct host *h = &f->hosts[i];
		w->hosts[i] = (struct fleetvis_host){h->name, h->logs, h->procs,
			h->samples, h->cpu_s, h->rss_max, h->leak, h->possible};
		w->v.samples += h->samples;
	}
	for (size_t i = 0; i < f->nbad; i++)
		w->bad[i] = (struct fleetvis_bad){f->bad[i].path, f->bad[i].why};
	for (size_t m = 0; m < f->g.nm && !rc; m++) {
		w->metrics[m].series = f->g.metrics[m];
		fleetvis_short_name(f->g.metrics[m], w->names[m],
				    sizeof w->names[m]);
		w->metrics[m].name = w->names[m];
		rc = view_metric(f, m, &w->metrics[m], rk);
	}
	free(rk);
	return rc;
}

static bool wanted(const struct report_opts *o)
{
	return visual_wanted(&o->vis);
}

/* An existing output refused before any log is read, not after. */
static int charts_open(struct out *out)
{
	const struct report_opts *o = out->o;

	return fleetvis_check(&o->vis, o->fleet_metrics, o->nfleet_metrics,
			      out->err, sizeof out->err) ? -1 : 0;
}

static int charts_write(struct out *out, const struct report_ctx *c)
{
	struct view w;
	int rc = view_make(c->fleet, &w);

	if (rc)
		snprintf(out->err, sizeof out->err, "out of memory");
	else
		rc = fleetvis_write(&w.v, &out->o->vis, out->err,
				    sizeof out->err);
	view_free(&w);
	return rc;
}

const struct output output_fleet_charts = {
	.modes = MODE_FLEET,
	.needs = NEEDS_RESULT,
	.wanted = wanted,
	.open = charts_open,
	.result = charts_write,
};
