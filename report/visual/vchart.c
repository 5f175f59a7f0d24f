/* vchart.c - the charts of one process (or process tree), from the
 * analysis result: each draws from the process's time buckets (b_t,
 * b_w and each series' b_mean/b_min/b_max, at most PSR_ANALYSIS_BUCKETS
 * points), so its output does not grow with the samples. Called with a
 * NULL target, a chart function only says whether it has something to
 * draw (0) or not (1). */
#define _GNU_SOURCE
#include "vchart.h"

#include "fmt.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Data of one process (or tree) for its charts                       */

/* Second 0 of the run's elapsed-time axes, or 0 for the wall clock: a
 * launched command, and anything under an hour, reads best as seconds
 * since the start; a long host recording by the clock. */
double vchart_elapsed_from(const struct report_ctx *c,
			   const struct psr_run_result *run)
{
	double start = run->start_epoch;

	if (!isfinite(start) || start <= 0 ||
	    c->time_axis == VIS_TIME_WALL)
		return 0;
	if (c->time_axis == VIS_TIME_ELAPSED || run->job.flags ||
	    run->end_epoch - start < 3600)
		return start;
	return 0;
}

int vchart_proc_init(struct vchart_proc *x, const struct report_ctx *c,
		     const struct psr_run_result *run,
		     const struct psr_proc_result *p)
{
	size_t nb = p->nbuckets;

	memset(x, 0, sizeof *x);
	x->c = c;
	x->run = run;
	x->p = p;
	x->idx = malloc((nb ? nb : 1) * sizeof *x->idx);
	x->t = malloc((nb ? nb : 1) * sizeof *x->t);
	if (!x->idx || !x->t)
		return -ENOMEM;
	for (size_t b = 0; b < nb; b++)
		if (isfinite(p->b_t[b]) &&
		    (!x->n || p->b_t[b] >= x->t[x->n - 1])) {
			x->idx[x->n] = b;
			x->t[x->n++] = p->b_t[b];
		}
	snprintf(x->who, sizeof x->who, "%s%s %u", p->tree ? "tree of " : "",
		 p->comm ? p->comm : "?", p->pid);
	x->elapsed_from = vchart_elapsed_from(c, run);
	return 0;
}

void vchart_proc_release(struct vchart_proc *x)
{
	free(x->idx);
	free(x->t);
}

/* A series of p with at least one value, or NULL. */
const struct psr_series_result *vchart_series(
	const struct psr_proc_result *p, const char *name)
{
	/* by name among p's own: the host's series are not the processes' */
	for (size_t i = 0; i < p->nseries; i++) {
		const struct psr_series_result *s = &p->series[i];
		if (strcmp(s->def->name, name) == 0)
			return s->n && s->b_mean ? s : NULL;
	}
	return NULL;
}

/* The bucket columns of a series at the process's timed buckets. */
struct col {
	double *m, *lo, *hi;
};

static int col_get(const struct vchart_proc *x, const struct psr_series_result *s,
		   struct col *c)
{
	c->m = malloc((x->n ? x->n : 1) * 3 * sizeof *c->m);
	if (!c->m)
		return -ENOMEM;
	c->lo = c->m + x->n;
	c->hi = c->lo + x->n;
	for (size_t i = 0; i < x->n; i++) {
		size_t b = x->idx[i];
		c->m[i] = s ? s->b_mean[b] : NAN;
		c->lo[i] = s && s->b_min ? s->b_min[b] : NAN;
		c->hi[i] = s && s->b_max ? s->b_max[b] : NAN;
	}
	return 0;
}

static void col_free(struct col *c)
{
	free(c->m);
	c->m = c->lo = c->hi = NULL;
}

void vchart_title(const struct vchart_proc *x, const char *what, char *buf,
		     size_t len)
{
	snprintf(buf, len, "%s: %s", x->who, what);
}

/* ------------------------------------------------------------------ */
/* Charts                                                              */

static int draw_cpu(const struct vchart_proc *x, const struct chart_target *tg,
		    char *err, size_t errlen)
{
	const struct psr_series_result *tot = vchart_series(x->p, "cpu_percent"),
		*usr = vchart_series(x->p, "cpu_user_percent"),
		*sys = vchart_series(x->p, "cpu_system_percent");
	struct col u = {0}, s = {0}, t = {0};
	double *tt = NULL;
	size_t n = 0;
	char title[300];
	int rc;

	if (!tot || !x->n)
		return 1;
	if (!tg)
		return 0;
	if ((rc = col_get(x, usr, &u)) || (rc = col_get(x, sys, &s)) ||
	    (rc = col_get(x, tot, &t)))
		goto out;
	if (!(tt = malloc(x->n * sizeof *tt))) {
		rc = -ENOMEM;
		goto out;
	}
	/* a bucket without a rate (a process's first sample, say) is a gap
	 * in the stack, as chart_stacked draws a missing value */
	for (size_t i = 0; i < x->n; i++) {
		tt[n] = x->t[i];
		if (!isfinite(t.m[i]))
			u.m[i] = s.m[i] = NAN;
		n++;
	}
	vchart_title(x, "CPU (100% = one CPU)", title, sizeof title);
	const double *layer[2] = {u.m, s.m};
	const char *label[2] = {"user", "system"};
	struct chart_stacked c = {
		.title = title, .ylabel = "CPU", .unit = CHART_UNIT_PERCENT,
		.t = tt, .n = n, .layer = layer, .label = label,
		.nlayers = 2, .total = t.m, .total_label = "total",
		.t_start = x->p->first_epoch, .t_end = x->p->last_epoch,
		.elapsed_from = x->elapsed_from};
	rc = chart_stacked(tg, &c, err, errlen);
out:
	free(tt);
	col_free(&u);
	col_free(&s);
	col_free(&t);
	return rc;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The robust trend of a memory series as a line: the Theil-Sen slope the
 * verdict used, through the median of the buckets' residuals. Labelled by
 * its growth over the run, and per hour only for runs long enough for
 * an hour to mean something. */
static bool trend_line(const struct vchart_proc *x, const struct psr_series_result *s,
		       const struct col *c, struct chart_trend *tr,
		       char *label, size_t len)
{
	double b = s->leak ? s->leak->ts_slope : NAN;
	double *r;
	size_t n = 0;

	/* too short for a verdict: a line through it is noise */
	if (!isfinite(b) || s->leak->gate == PSR_GATE_SHORT || !x->n ||
	    !(r = malloc(x->n * sizeof *r)))
		return false;
	for (size_t i = 0; i < x->n; i++)
		if (isfinite(c->m[i]))
			r[n++] = c->m[i] - b * (x->t[i] - x->t[0]);
	if (n) {
		qsort(r, n, sizeof *r, cmp_double);
		tr->a = n % 2 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2;
	}
	free(r);
	if (!n)
		return false;
	char g[32];
	double over = b * s->leak->seconds;
	if (isfinite(s->leak->growth_per_h)) {
		chartfmt_value(fabs(b * 3600), CHART_UNIT_BYTES, g, sizeof g);
		snprintf(label, len, "trend %s%s/h (Theil-Sen)", b < 0 ? "-" : "+", g);
	} else {
		chartfmt_value(fabs(over), CHART_UNIT_BYTES, g, sizeof g);
		snprintf(label, len, "trend %s%s over the run (Theil-Sen)",
			 over < 0 ? "-" : "+", g);
	}
	tr->t0 = x->t[0];
	tr->b = b;
	tr->label = label;
	return true;
}

/* Why a series that grew is not a leak, as the chart says it. */
static const char *gate_reason(enum psr_leak_gate g)
{
	switch (g) {
	case PSR_GATE_SMALL: return "under the floors";
	case PSR_GATE_SWINGS: return "less trend than swing";
	case PSR_GATE_STOPPED: return "the growth stopped before the end";
	case PSR_GATE_PASSED: return "no significant trend";
	default: return "";
	}
}

/* The verdict as the chart says it: "LEAK: grew 47.0 MiB over 3m00s
 * (+162%), Mann-Kendall p < 0.001". The box's tone is the process's
 * verdict (psr_result_verdict_series: the one the verdict table shows),
 * and when another series decided it, the note says which. */
static enum chart_tone leak_note(const struct vchart_proc *x,
				 const struct psr_series_result *s, char *buf,
				 size_t len)
{
	const struct psr_leak *l = s->leak;
	const struct psr_series_result *dec = psr_result_verdict_series(x->p);
	char g[96], p[32], other[64] = "";

	if (!l) {
		buf[0] = 0;
		return CHART_PLAIN;
	}
	enum psr_verdict pv = dec ? dec->leak->verdict : PSR_VERDICT_NONE;
	enum chart_tone tone = pv == PSR_VERDICT_LEAK ? CHART_BAD
			       : pv == PSR_VERDICT_POSSIBLE ? CHART_WARN
							    : CHART_OK;
	if (dec && dec != s && pv != l->verdict)
		snprintf(other, sizeof other, "; the process: %s (%s)",
			 pv == PSR_VERDICT_LEAK ? "LEAK" : "possible leak",
			 dec->def->label);
	fmt_growth(g, sizeof g, l);
	if (l->gate == PSR_GATE_SHORT) {
		double need = x->p == x->run->system
			? x->c->opts->leak.host_min_seconds
			: x->c->opts->leak.min_seconds;
		char d[32];
		chartfmt_duration(need, d, sizeof d);
		snprintf(buf, len, "no leak verdict: %s; a verdict needs %u "
			 "samples over %s%s", g, x->c->opts->leak.min_samples,
			 d, other);
		return dec && dec != s ? tone : CHART_PLAIN;
	}
	if (!isfinite(l->mk.p))
		snprintf(p, sizeof p, "p n/a");
	else if (l->mk.p < 0.001)
		snprintf(p, sizeof p, "p < 0.001");
	else
		snprintf(p, sizeof p, "p = %.2g", l->mk.p);
	switch (l->verdict) {
	case PSR_VERDICT_LEAK:
		snprintf(buf, len, "LEAK: %s, Mann-Kendall %s", g, p);
		break;
	case PSR_VERDICT_POSSIBLE:
		snprintf(buf, len, "possible leak: %s, Mann-Kendall %s%s", g, p,
			 other);
		break;
	default:
		snprintf(buf, len, "no leak: %s; %s%s", g, gate_reason(l->gate),
			 other);
		break;
	}
	return tone;
}

static int draw_memory_series(const struct vchart_proc *x,
			      const struct chart_target *tg, const char *name,
			      const char *what, char *err, size_t errlen)
{
	const struct psr_series_result *s = vchart_series(x->p, name);
	struct col c;
	char title[300], label[80], note[200];
	struct chart_trend tr;
	int rc;

	if (!s || !x->n)
		return 1;
	if (!tg)
		return 0;
	if ((rc = col_get(x, s, &c)))
		return rc;
	vchart_title(x, what, title, sizeof title);
	enum chart_tone tone = leak_note(x, s, note, sizeof note);
	struct chart_series cs = {s->def->label, x->t, c.m, c.lo, c.hi, x->n, 0};
	struct chart_timeseries ct = {
		.title = title, .ylabel = s->def->label,
		.unit = CHART_UNIT_BYTES, .series = &cs, .nseries = 1,
		.trend = trend_line(x, s, &c, &tr, label, sizeof label) ? &tr
									 : NULL,
		.note = note[0] ? note : NULL, .note_tone = tone,
		.t_start = x->p->first_epoch, .t_end = x->p->last_epoch,
		.elapsed_from = x->elapsed_from};
	rc = chart_timeseries(tg, &ct, err, errlen);
	col_free(&c);
	return rc;
}

static int draw_rss(const struct vchart_proc *x, const struct chart_target *tg,
		    char *err, size_t errlen)
{
	return draw_memory_series(x, tg, "rss_bytes", "memory (RSS)", err,
				  errlen);
}

static int draw_vms(const struct vchart_proc *x, const struct chart_target *tg,
		    char *err, size_t errlen)
{
	return draw_memory_series(x, tg, "vms_bytes", "virtual memory (VMS)",
				  err, errlen);
}

/* Stacked layers of named series (missing ones count as 0), with an
 * optional total line. */
static int draw_layers(const struct vchart_proc *x, const struct chart_target *tg,
		       const char *what, const char *const *names,
		       const char *const *labels, size_t n, const char *total,
		       char *err, size_t errlen)
{
	struct col c[4] = {{0}};
	const double *layer[3];
	const struct psr_series_result *tot = total ? vchart_series(x->p, total) : NULL;
	char title[300];
	int rc = 0, any = 0;

	for (size_t i = 0; i < n; i++)
		any |= vchart_series(x->p, names[i]) != NULL;
	if (!any || !x->n)
		return 1;
	if (!tg)
		return 0;
	for (size_t i = 0; i < n && !rc; i++) {
		rc = col_get(x, vchart_series(x->p, names[i]), &c[i]);
		layer[i] = c[i].m;
	}
	if (!rc && tot)
		rc = col_get(x, tot, &c[3]);
	if (!rc) {
		vchart_title(x, what, title, sizeof title);
		struct chart_stacked cs = {
			.title = title, .ylabel = "memory",
			.unit = CHART_UNIT_BYTES, .t = x->t, .n = x->n,
			.layer = layer, .label = labels, .nlayers = n,
			.total = tot ? c[3].m : NULL, .total_label = "RSS",
			.t_start = x->p->first_epoch,
			.t_end = x->p->last_epoch,
			.elapsed_from = x->elapsed_from};
		rc = chart_stacked(tg, &cs, err, errlen);
	}
	for (size_t i = 0; i < 4; i++)
		col_free(&c[i]);
	return rc;
}

/* RssAnon/RssFile/RssShmem when recorded (they add up to RSS), else
 * statm's text, data and shared (sizes, not parts of RSS). */
static int draw_breakdown(const struct vchart_proc *x, const struct chart_target *tg,
			  char *err, size_t errlen)
{
	static const char *const rss[] = {"rss_anon_bytes", "rss_file_bytes",
					  "rss_shmem_bytes"};
	static const char *const rss_l[] = {"anon", "file", "shmem"};
	static const char *const statm[] = {"text_bytes", "data_bytes",
					    "shared_bytes"};
	static const char *const statm_l[] = {"text", "data", "shared"};

	if (vchart_series(x->p, "rss_anon_bytes"))
		return draw_layers(x, tg, "RSS by kind (anon, file, shmem)",
				   rss, rss_l, 3, "rss_bytes", err, errlen);
	return draw_layers(x, tg, "memory by segment (text, data, shared)",
			   statm, statm_l, 3, NULL, err, errlen);
}

static const char *const io_names[] = {"rchar_bytes_per_s",
				       "wchar_bytes_per_s", "read_bytes_per_s",
				       "write_bytes_per_s"};
static const char *const io_labels[] = {"read", "write", "disk read",
					"disk write"};

/* How draw_lines draws: the first palette colour (so that the charts
 * of a page give different quantities different colours) and the text
 * of a chart of nothing but zeros. */
struct lines_style {
	unsigned colour;
	const char *empty;
};

/* Lines of named series (those recorded), each with its bucket range as
 * a band; cumulative: the running sum of rate x bucket seconds. */
static int draw_lines_styled(const struct vchart_proc *x,
			     const struct chart_target *tg, const char *what,
			     const char *ylabel, const char *const *names,
			     const char *const *labels, size_t n,
			     enum chart_unit unit, bool cumulative,
			     const struct lines_style *st, char *err,
			     size_t errlen)
{
	struct chart_series cs[4];
	struct col c[4] = {{0}};
	size_t k = 0;
	char title[300];
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		k += vchart_series(x->p, names[i]) != NULL;
	if (!k || !x->n)
		return 1;
	if (!tg)
		return 0;
	k = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const struct psr_series_result *s = vchart_series(x->p, names[i]);
		if (!s || (rc = col_get(x, s, &c[k])))
			continue;
		cs[k] = (struct chart_series){labels[i], x->t, c[k].m, c[k].lo,
					      c[k].hi, x->n, 0};
		if (cumulative) {
			double sum = 0;
			for (size_t j = 0; j < x->n; j++) {
				double v = c[k].m[j] * x->p->b_w[x->idx[j]];
				sum += isfinite(v) ? v : 0;
				c[k].m[j] = sum;
			}
			cs[k].min = cs[k].max = NULL;
		}
		k++;
	}
	if (!rc) {
		vchart_title(x, what, title, sizeof title);
		struct chart_timeseries ct = {
			.title = title, .ylabel = ylabel, .unit = unit,
			.series = cs, .nseries = k, .y_from_zero = 1,
			.t_start = x->p->first_epoch,
			.t_end = x->p->last_epoch,
			.elapsed_from = x->elapsed_from,
			.colour_from = st ? st->colour : 0,
			.empty = st ? st->empty : NULL};
		rc = chart_timeseries(tg, &ct, err, errlen);
	}
	for (size_t i = 0; i < 4; i++)
		col_free(&c[i]);
	return rc;
}

static int draw_lines(const struct vchart_proc *x, const struct chart_target *tg,
		      const char *what, const char *ylabel,
		      const char *const *names, const char *const *labels,
		      size_t n, enum chart_unit unit, bool cumulative,
		      char *err, size_t errlen)
{
	return draw_lines_styled(x, tg, what, ylabel, names, labels, n, unit,
				 cumulative, NULL, err, errlen);
}

static const struct lines_style no_io = {0, "no I/O"};

static int draw_io_total(const struct vchart_proc *x, const struct chart_target *tg,
			 char *err, size_t errlen)
{
	return draw_lines_styled(x, tg, "I/O, cumulative bytes", "I/O",
				 io_names, io_labels, 4, CHART_UNIT_BYTES, true,
				 &no_io, err, errlen);
}

static int draw_io_rate(const struct vchart_proc *x, const struct chart_target *tg,
			char *err, size_t errlen)
{
	return draw_lines_styled(x, tg, "I/O rate", "I/O", io_names,
				 io_labels, 4, CHART_UNIT_BYTES_PER_S, false,
				 &no_io, err, errlen);
}

static int draw_ctxsw(const struct vchart_proc *x, const struct chart_target *tg,
		      char *err, size_t errlen)
{
	static const char *const names[] = {"vctxsw_per_s", "nvctxsw_per_s"};
	static const char *const labels[] = {"voluntary", "involuntary"};

	return draw_lines(x, tg, "context switches", "switches", names,
			  labels, 2, CHART_UNIT_PER_S, false, err, errlen);
}

static int draw_fds(const struct vchart_proc *x, const struct chart_target *tg,
		    char *err, size_t errlen)
{
	static const char *const names[] = {"fds", "threads"};
	static const char *const labels[] = {"descriptors", "threads"};

	return draw_lines(x, tg, "descriptors and threads", "count", names,
			  labels, 2, CHART_UNIT_COUNT, false, err, errlen);
}

static int draw_dist(const struct vchart_proc *x, const struct chart_target *tg,
		     const char *name, const char *what, char *err,
		     size_t errlen)
{
	const struct psr_series_result *s = vchart_series(x->p, name);
	char title[300], mean[48], p95[48], v[32];

	/* a histogram of a constant, or of two values, shows nothing */
	if (!s || s->n < 3 || !(s->max - s->min > 1e-9 * fabs(s->max)) ||
	    !s->hist.nbins || !(s->hist.width > 0) || !s->hist.samples)
		return 1;
	if (!tg)
		return 0;
	enum chart_unit u = vchart_unit(s->def->unit);
	chartfmt_value(s->mean, u, v, sizeof v);
	snprintf(mean, sizeof mean, "mean %s", v);
	chartfmt_value(s->p95, u, v, sizeof v);
	snprintf(p95, sizeof p95, "p95 %s", v);
	struct chart_vline vl[2] = {{s->mean, mean}, {s->p95, p95}};
	vchart_title(x, what, title, sizeof title);
	struct chart_histogram c = {
		.title = title, .xlabel = s->def->label, .unit = u,
		.lo = s->hist.lo,
		.hi = s->hist.lo + s->hist.width * (double)s->hist.nbins,
		.count = s->hist.samples, .nbins = s->hist.nbins,
		.kde_x = s->kde.npoints ? s->kde.x : NULL,
		.kde_y = s->kde.npoints ? s->kde.density : NULL,
		.nkde = s->kde.npoints, .vline = vl, .nvline = 2};
	return chart_histogram(tg, &c, err, errlen);
}

static int draw_cpu_dist(const struct vchart_proc *x, const struct chart_target *tg,
			 char *err, size_t errlen)
{
	return draw_dist(x, tg, "cpu_percent", "CPU distribution", err,
			 errlen);
}

static int draw_rss_dist(const struct vchart_proc *x, const struct chart_target *tg,
			 char *err, size_t errlen)
{
	return draw_dist(x, tg, "rss_bytes", "RSS distribution", err, errlen);
}

/* Short names for the heatmap's rows and columns. */
static const char *short_label(const struct psr_series_def *d)
{
	static const char *const map[][2] = {
		{"cpu_percent", "CPU"}, {"rss_bytes", "RSS"},
		{"vms_bytes", "VMS"}, {"threads", "threads"}, {"fds", "fds"},
		{"minflt_per_s", "minflt/s"}, {"majflt_per_s", "majflt/s"},
		{"read_bytes_per_s", "disk rd/s"},
		{"write_bytes_per_s", "disk wr/s"},
		{"rchar_bytes_per_s", "read/s"},
		{"wchar_bytes_per_s", "write/s"},
		{"vctxsw_per_s", "vcsw/s"}, {"nvctxsw_per_s", "nvcsw/s"},
		{"uss_bytes", "USS"}, {"pss_bytes", "PSS"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(d->name, map[i][0]) == 0)
			return map[i][1];
	return d->label;
}

enum { CORR_MIN_POINTS = 8 };

static int draw_corr(const struct vchart_proc *x, const struct chart_target *tg,
		     char *err, size_t errlen)
{
	const struct psr_proc_result *p = x->p;
	const char *lab[32];
	size_t keep[32], k = 0;
	double v[32 * 32];
	unsigned count;
	const struct psr_series_def *tab = psr_series_table(&count);
	char title[300];

	/* over a few points every correlation is near +-1: not shown */
	if (p->ncorr > 32 || !p->pearson || x->n < CORR_MIN_POINTS)
		return 1;
	/* a series that never varied correlates with nothing: leave it out
	 * rather than fill rows with undefined cells */
	for (size_t i = 0; i < p->ncorr; i++)
		for (size_t j = 0; j < p->ncorr; j++)
			if (i != j && isfinite(p->pearson[i * p->ncorr + j])) {
				keep[k++] = i;
				break;
			}
	if (k < 2)
		return 1;
	if (!tg)
		return 0;
	for (size_t i = 0; i < k; i++) {
		unsigned s = p->corr_series[keep[i]];
		lab[i] = s < count ? short_label(&tab[s]) : "?";
		for (size_t j = 0; j < k; j++)
			v[i * k + j] = p->pearson[keep[i] * p->ncorr + keep[j]];
	}
	vchart_title(x, "correlations (Pearson)", title, sizeof title);
	struct chart_heatmap c = {.title = title, .row_label = lab,
				  .col_label = lab, .nrows = k, .ncols = k,
				  .v = v, .vmin = -1, .vmax = 1, .decimals = 2};
	return chart_heatmap(tg, &c, err, errlen);
}


/* The host (psrec --system). */
static int draw_host_cpu(const struct vchart_proc *x,
			 const struct chart_target *tg, char *err,
			 size_t errlen)
{
	static const char *const names[] = {
		"host_cpu_percent", "host_cpu_user_percent",
		"host_cpu_system_percent", "host_cpu_iowait_percent"};
	static const char *const labels[] = {"busy", "user", "system",
					     "iowait"};

	return draw_lines(x, tg, "CPU, % of all CPUs", "CPU", names, labels,
			  4, CHART_UNIT_PERCENT, false, err, errlen);
}

/* RAM used on an axis of its own: next to RAM available (GiB) a few
 * hundred MiB used would be a flat line at the bottom. */
static int draw_host_memory(const struct vchart_proc *x,
			    const struct chart_target *tg, char *err,
			    size_t errlen)
{
	static const char *const names[] = {"ram_used_bytes",
					    "swap_used_bytes"};
	static const char *const labels[] = {"RAM used", "swap used"};
	static const struct lines_style st = {4, NULL};

	return draw_lines_styled(x, tg, "RAM used (htop's way) and swap used",
				 "memory", names, labels, 2, CHART_UNIT_BYTES,
				 false, &st, err, errlen);
}

static int draw_host_avail(const struct vchart_proc *x,
			   const struct chart_target *tg, char *err,
			   size_t errlen)
{
	static const char *const names[] = {"ram_available_bytes"};
	static const char *const labels[] = {"RAM available"};
	static const struct lines_style st = {2, NULL};

	return draw_lines_styled(x, tg, "RAM available (MemAvailable)",
				 "memory", names, labels, 1, CHART_UNIT_BYTES,
				 false, &st, err, errlen);
}

/* The load averages alone: the running count jumps from sample to
 * sample and would set their axis. */
static int draw_host_load(const struct vchart_proc *x,
			  const struct chart_target *tg, char *err,
			  size_t errlen)
{
	static const char *const names[] = {"load1", "load5", "load15"};
	static const char *const labels[] = {"load 1 min", "load 5 min",
					     "load 15 min"};
	static const struct lines_style st = {5, NULL};

	return draw_lines_styled(x, tg, "load averages", "load", names,
				 labels, 3, CHART_UNIT_COUNT, false, &st, err,
				 errlen);
}

static int draw_host_running(const struct vchart_proc *x,
			     const struct chart_target *tg, char *err,
			     size_t errlen)
{
	static const char *const names[] = {"procs_running"};
	static const char *const labels[] = {"running"};
	static const struct lines_style st = {3, NULL};

	return draw_lines_styled(x, tg, "processes running (procs_running)",
				 "processes", names, labels, 1,
				 CHART_UNIT_COUNT, false, &st, err, errlen);
}

static int draw_host_ram_pct(const struct vchart_proc *x,
			     const struct chart_target *tg, char *err,
			     size_t errlen)
{
	static const char *const names[] = {"ram_used_percent"};
	static const char *const labels[] = {"RAM used"};
	static const struct lines_style st = {4, NULL};

	return draw_lines_styled(x, tg, "RAM used, % of MemTotal", "RAM",
				 names, labels, 1, CHART_UNIT_PERCENT, false,
				 &st, err, errlen);
}

const struct vchart vcharts[VC_COUNT] = {
	[VC_CPU] = {"cpu", "CPU", "no values (a rate needs two samples)",
		   draw_cpu},
	[VC_RSS] = {"memory", "memory (RSS)", "not recorded", draw_rss},
	[VC_VMS] = {"vms", "virtual memory", "not recorded", draw_vms},
	[VC_BREAKDOWN] = {"memory-breakdown", "memory breakdown",
			 "not recorded", draw_breakdown},
	[VC_IO_TOTAL] = {"io-total", "I/O, cumulative",
			"not recorded (another user's /proc/PID/io?)",
			draw_io_total},
	[VC_IO_RATE] = {"io-rate", "I/O rate",
		       "not recorded (another user's /proc/PID/io?)",
		       draw_io_rate},
	[VC_CTXSW] = {"ctxsw", "context switches",
		     "not recorded (psrec -x records them)", draw_ctxsw},
	[VC_FDS] = {"fds-threads", "descriptors and threads", "not recorded",
		   draw_fds},
	[VC_CPU_DIST] = {"cpu-dist", "CPU distribution",
			"no spread to show (a constant or too few values)",
			draw_cpu_dist},
	[VC_RSS_DIST] = {"rss-dist", "RSS distribution",
			"no spread to show (a constant or too few values)",
			draw_rss_dist},
	[VC_CORR] = {"correlation", "correlations",
		    "fewer than 8 time points, or than two series that vary",
		    draw_corr},
	[VC_HOST_CPU] = {"cpu", "host CPU", "not recorded", draw_host_cpu},
	[VC_HOST_MEM] = {"memory", "host memory", "not recorded",
			 draw_host_memory},
	[VC_HOST_RAM_PCT] = {"ram-percent", "RAM used %", "not recorded",
			     draw_host_ram_pct},
	[VC_HOST_LOAD] = {"load", "load averages", "not recorded",
			  draw_host_load},
	[VC_HOST_AVAIL] = {"ram-available", "RAM available", "not recorded",
			   draw_host_avail},
	[VC_HOST_RUNNING] = {"running", "processes running", "not recorded",
			     draw_host_running},
};

/* The charts of a tree total: what summing means. */
const int vchart_tree[VCHART_TREE] = {VC_CPU, VC_RSS, VC_IO_RATE, VC_FDS};

/* The host's charts. */
const int vchart_host[VCHART_HOST] = {VC_HOST_CPU, VC_HOST_LOAD,
				      VC_HOST_MEM, VC_HOST_RUNNING,
				      VC_HOST_RAM_PCT, VC_HOST_AVAIL};

