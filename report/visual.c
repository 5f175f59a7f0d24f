/* visual.c - the PDF report and the per-chart SVG and PNG files.
 *
 * Charts are a table (charts[] below): each entry draws one chart of one
 * process from its decimated buckets (struct psr_proc_result b_t, b_w and
 * each series' b_mean/b_min/b_max, at most PSR_ANALYSIS_BUCKETS points),
 * so the output does not grow with the samples. A chart function called
 * with a NULL target only says whether it has something to draw (0) or
 * not (1): the PDF writes a note in its place, the file outputs make no
 * file. The PDF lays the same charts out on pages; --svg and --png write
 * them one per file. */
#define _GNU_SOURCE
#include "visual.h"

#include "chart.h"
#include "psr_config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Options                                                             */

static const char *const opt_name[VISUAL_NOPTS] = {
	"--pdf", "--svg", "--png", "--dpi", "--transparent", "--theme",
	"--paper",
};

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

void visual_defaults(struct visual_opts *v)
{
	memset(v, 0, sizeof *v);
	v->dpi = 100;
	v->theme = THEME_LIGHT;
	v->paper = PDFDOC_A4;
}

int visual_option(struct visual_opts *v, enum visual_opt which,
		  const char *arg, char *err, size_t errlen)
{
	const char *name = opt_name[which];
	char *end;
	long n;

	switch (which) {
	case VISUAL_OPT_PDF:
		if (!*arg || strcmp(arg, "-") == 0)
			return fail(err, errlen, "--pdf '%s': a file name is "
				    "needed (not standard output)", arg);
		v->pdf = arg;
		break;
	case VISUAL_OPT_SVG:
	case VISUAL_OPT_PNG:
		if (!*arg || strcmp(arg, "-") == 0)
			return fail(err, errlen, "%s '%s': a directory is "
				    "needed", name, arg);
		*(which == VISUAL_OPT_SVG ? &v->svg : &v->png) = arg;
		break;
	case VISUAL_OPT_DPI:
		errno = 0;
		n = strtol(arg, &end, 10);
		if (end == arg || *end || errno || n < 20 || n > 600)
			return fail(err, errlen, "--dpi '%s': not a resolution "
				    "from 20 to 600", arg);
		v->dpi = (int)n;
		break;
	case VISUAL_OPT_TRANSPARENT:
		v->transparent = true;
		break;
	case VISUAL_OPT_THEME:
		if (strcmp(arg, "light") == 0)
			v->theme = THEME_LIGHT;
		else if (strcmp(arg, "dark") == 0)
			v->theme = THEME_DARK;
		else
			return fail(err, errlen, "--theme '%s': not 'light' or "
				    "'dark'", arg);
		break;
	case VISUAL_OPT_PAPER:
		if (strcmp(arg, "a4") == 0)
			v->paper = PDFDOC_A4;
		else if (strcmp(arg, "letter") == 0)
			v->paper = PDFDOC_LETTER;
		else
			return fail(err, errlen, "--paper '%s': not 'a4' or "
				    "'letter'", arg);
		break;
	default:
		return fail(err, errlen, "unknown visual option");
	}
	v->given |= 1u << which;
	return 0;
}

bool visual_wanted(const struct visual_opts *v)
{
	return v->pdf || v->svg || v->png;
}

int visual_check(const struct visual_opts *v, char *err, size_t errlen)
{
	static const struct {
		enum visual_opt opt;
		const char *needs;
	} rule[] = {
		{VISUAL_OPT_DPI, "--png"},
		{VISUAL_OPT_TRANSPARENT, "--png"},
		{VISUAL_OPT_PAPER, "--pdf"},
		{VISUAL_OPT_THEME, "--pdf, --svg or --png"},
	};

	for (size_t i = 0; i < sizeof rule / sizeof rule[0]; i++) {
		bool ok = rule[i].opt == VISUAL_OPT_PAPER ? v->pdf != NULL
			  : rule[i].opt == VISUAL_OPT_THEME ? visual_wanted(v)
							    : v->png != NULL;
		if ((v->given & (1u << rule[i].opt)) && !ok)
			return fail(err, errlen, "%s needs %s",
				    opt_name[rule[i].opt], rule[i].needs);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Data of one process (or tree) for its charts                       */

struct pctx {
	const struct report_ctx *c;
	const struct psr_run_result *run;
	const struct psr_proc_result *p;
	size_t n;      /* buckets with a time */
	size_t *idx;   /* their indexes in p's buckets */
	double *t;     /* their times, Unix seconds */
	char who[200]; /* "nginx 1200", "tree of nginx 1200": chart titles */
};

static int pctx_init(struct pctx *x, const struct report_ctx *c,
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
	return 0;
}

static void pctx_release(struct pctx *x)
{
	free(x->idx);
	free(x->t);
}

/* A series of p with at least one value, or NULL. */
static const struct psr_series_result *ser(const struct psr_proc_result *p,
					   const char *name)
{
	int i = psr_series_find(name);
	const struct psr_series_result *s =
		i < 0 ? NULL : psr_result_series(p, (unsigned)i);

	return s && s->n && s->b_mean ? s : NULL;
}

/* The bucket columns of a series at the process's timed buckets. */
struct col {
	double *m, *lo, *hi;
};

static int col_get(const struct pctx *x, const struct psr_series_result *s,
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

static enum chart_unit unit_of(enum psr_series_unit u)
{
	switch (u) {
	case PSR_SU_PERCENT: return CHART_UNIT_PERCENT;
	case PSR_SU_BYTES: return CHART_UNIT_BYTES;
	case PSR_SU_BYTES_PER_S: return CHART_UNIT_BYTES_PER_S;
	case PSR_SU_PER_S: return CHART_UNIT_PER_S;
	case PSR_SU_COUNT: return CHART_UNIT_COUNT;
	default: return CHART_UNIT_NONE;
	}
}

static void title_of(const struct pctx *x, const char *what, char *buf,
		     size_t len)
{
	snprintf(buf, len, "%s: %s", x->who, what);
}

/* ------------------------------------------------------------------ */
/* Charts                                                              */

typedef int (*chart_fn)(const struct pctx *x, const struct chart_target *tg,
			char *err, size_t errlen);

static int draw_cpu(const struct pctx *x, const struct chart_target *tg,
		    char *err, size_t errlen)
{
	const struct psr_series_result *tot = ser(x->p, "cpu_percent"),
		*usr = ser(x->p, "cpu_user_percent"),
		*sys = ser(x->p, "cpu_system_percent");
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
	/* stacked areas count a missing value as 0: keep only the buckets
	 * with a rate (not a process's first sample, say) */
	for (size_t i = 0; i < x->n; i++)
		if (isfinite(t.m[i])) {
			tt[n] = x->t[i];
			u.m[n] = u.m[i];
			s.m[n] = s.m[i];
			t.m[n++] = t.m[i];
		}
	title_of(x, "CPU (100% = one CPU)", title, sizeof title);
	const double *layer[2] = {u.m, s.m};
	const char *label[2] = {"user", "system"};
	struct chart_stacked c = {
		.title = title, .ylabel = "CPU", .unit = CHART_UNIT_PERCENT,
		.t = tt, .n = n, .layer = layer, .label = label,
		.nlayers = 2, .total = t.m, .total_label = "total",
		.t_start = x->p->first_epoch, .t_end = x->p->last_epoch};
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
 * verdict used, through the median of the buckets' residuals. */
static bool trend_line(const struct pctx *x, const struct psr_series_result *s,
		       const struct col *c, struct chart_trend *tr,
		       char *label, size_t len)
{
	double b = s->leak ? s->leak->ts_slope : NAN;
	double *r;
	size_t n = 0;

	/* too few samples for a verdict: a line through them is noise */
	if (!isfinite(b) || s->n < x->c->opts->leak.min_samples || !x->n ||
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
	chartfmt_value(fabs(b * 3600), CHART_UNIT_BYTES, g, sizeof g);
	snprintf(label, len, "trend %s%s/h (Theil-Sen)", b < 0 ? "-" : "+", g);
	tr->t0 = x->t[0];
	tr->b = b;
	tr->label = label;
	return true;
}

/* The verdict as the chart says it: "LEAK: +7.20 MiB/h (+3.1%/h), ...". */
static enum chart_tone leak_note(const struct pctx *x,
				 const struct psr_series_result *s, char *buf,
				 size_t len)
{
	const struct psr_leak *l = s->leak;
	char g[32], p[32];

	if (!l) {
		buf[0] = 0;
		return CHART_PLAIN;
	}
	if (s->n < x->c->opts->leak.min_samples) {
		snprintf(buf, len, "no leak verdict: %llu samples are too few",
			 (unsigned long long)s->n);
		return CHART_PLAIN;
	}
	chartfmt_value(fabs(l->growth_per_h), CHART_UNIT_BYTES, g, sizeof g);
	if (!isfinite(l->mk.p))
		snprintf(p, sizeof p, "p n/a");
	else if (l->mk.p < 0.001)
		snprintf(p, sizeof p, "p < 0.001");
	else
		snprintf(p, sizeof p, "p = %.2g", l->mk.p);
	const char *sign = l->growth_per_h < 0 ? "-" : "+";
	char pct[32] = "";
	/* % of the median per hour: telling for slow growth; for a short
	 * run's steep climb (+11724%/h) the absolute figure says it */
	if (isfinite(l->growth_pct_h) && fabs(l->growth_pct_h) < 1000)
		snprintf(pct, sizeof pct, " (%+.*f%%/h)",
			 fabs(l->growth_pct_h) < 100 ? 1 : 0,
			 l->growth_pct_h);
	switch (l->verdict) {
	case PSR_VERDICT_LEAK:
		snprintf(buf, len, "LEAK: grows %s%s/h%s, Mann-Kendall %s", sign,
			 g, pct, p);
		return CHART_BAD;
	case PSR_VERDICT_POSSIBLE:
		snprintf(buf, len, "possible leak: %s%s/h%s, Mann-Kendall %s",
			 sign, g, pct, p);
		return CHART_WARN;
	default:
		if (isfinite(l->growth_per_h))
			snprintf(buf, len, "no leak: trend %s%s/h, Mann-Kendall "
				 "%s", sign, g, p);
		else
			snprintf(buf, len, "no leak");
		return CHART_OK;
	}
}

static int draw_memory_series(const struct pctx *x,
			      const struct chart_target *tg, const char *name,
			      const char *what, char *err, size_t errlen)
{
	const struct psr_series_result *s = ser(x->p, name);
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
	title_of(x, what, title, sizeof title);
	enum chart_tone tone = leak_note(x, s, note, sizeof note);
	struct chart_series cs = {s->def->label, x->t, c.m, c.lo, c.hi, x->n};
	struct chart_timeseries ct = {
		.title = title, .ylabel = s->def->label,
		.unit = CHART_UNIT_BYTES, .series = &cs, .nseries = 1,
		.trend = trend_line(x, s, &c, &tr, label, sizeof label) ? &tr
									 : NULL,
		.note = note[0] ? note : NULL, .note_tone = tone,
		.t_start = x->p->first_epoch, .t_end = x->p->last_epoch};
	rc = chart_timeseries(tg, &ct, err, errlen);
	col_free(&c);
	return rc;
}

static int draw_rss(const struct pctx *x, const struct chart_target *tg,
		    char *err, size_t errlen)
{
	return draw_memory_series(x, tg, "rss_bytes", "memory (RSS)", err,
				  errlen);
}

static int draw_vms(const struct pctx *x, const struct chart_target *tg,
		    char *err, size_t errlen)
{
	return draw_memory_series(x, tg, "vms_bytes", "virtual memory (VMS)",
				  err, errlen);
}

/* Stacked layers of named series (missing ones count as 0), with an
 * optional total line. */
static int draw_layers(const struct pctx *x, const struct chart_target *tg,
		       const char *what, const char *const *names,
		       const char *const *labels, size_t n, const char *total,
		       char *err, size_t errlen)
{
	struct col c[4] = {{0}};
	const double *layer[3];
	const struct psr_series_result *tot = total ? ser(x->p, total) : NULL;
	char title[300];
	int rc = 0, any = 0;

	for (size_t i = 0; i < n; i++)
		any |= ser(x->p, names[i]) != NULL;
	if (!any || !x->n)
		return 1;
	if (!tg)
		return 0;
	for (size_t i = 0; i < n && !rc; i++) {
		rc = col_get(x, ser(x->p, names[i]), &c[i]);
		layer[i] = c[i].m;
	}
	if (!rc && tot)
		rc = col_get(x, tot, &c[3]);
	if (!rc) {
		title_of(x, what, title, sizeof title);
		struct chart_stacked cs = {
			.title = title, .ylabel = "memory",
			.unit = CHART_UNIT_BYTES, .t = x->t, .n = x->n,
			.layer = layer, .label = labels, .nlayers = n,
			.total = tot ? c[3].m : NULL, .total_label = "RSS",
			.t_start = x->p->first_epoch,
			.t_end = x->p->last_epoch};
		rc = chart_stacked(tg, &cs, err, errlen);
	}
	for (size_t i = 0; i < 4; i++)
		col_free(&c[i]);
	return rc;
}

/* RssAnon/RssFile/RssShmem when recorded (they add up to RSS), else
 * statm's text, data and shared (sizes, not parts of RSS). */
static int draw_breakdown(const struct pctx *x, const struct chart_target *tg,
			  char *err, size_t errlen)
{
	static const char *const rss[] = {"rss_anon_bytes", "rss_file_bytes",
					  "rss_shmem_bytes"};
	static const char *const rss_l[] = {"anon", "file", "shmem"};
	static const char *const statm[] = {"text_bytes", "data_bytes",
					    "shared_bytes"};
	static const char *const statm_l[] = {"text", "data", "shared"};

	if (ser(x->p, "rss_anon_bytes"))
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

/* Lines of named series (those recorded), each with its bucket range as
 * a band; cumulative: the running sum of rate x bucket seconds. */
static int draw_lines(const struct pctx *x, const struct chart_target *tg,
		      const char *what, const char *ylabel,
		      const char *const *names, const char *const *labels,
		      size_t n, enum chart_unit unit, bool cumulative,
		      char *err, size_t errlen)
{
	struct chart_series cs[4];
	struct col c[4] = {{0}};
	size_t k = 0;
	char title[300];
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		k += ser(x->p, names[i]) != NULL;
	if (!k || !x->n)
		return 1;
	if (!tg)
		return 0;
	k = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const struct psr_series_result *s = ser(x->p, names[i]);
		if (!s || (rc = col_get(x, s, &c[k])))
			continue;
		cs[k] = (struct chart_series){labels[i], x->t, c[k].m, c[k].lo,
					      c[k].hi, x->n};
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
		title_of(x, what, title, sizeof title);
		struct chart_timeseries ct = {
			.title = title, .ylabel = ylabel, .unit = unit,
			.series = cs, .nseries = k, .y_from_zero = 1,
			.t_start = x->p->first_epoch,
			.t_end = x->p->last_epoch};
		rc = chart_timeseries(tg, &ct, err, errlen);
	}
	for (size_t i = 0; i < 4; i++)
		col_free(&c[i]);
	return rc;
}

static int draw_io_total(const struct pctx *x, const struct chart_target *tg,
			 char *err, size_t errlen)
{
	return draw_lines(x, tg, "I/O, cumulative bytes", "I/O", io_names,
			  io_labels, 4, CHART_UNIT_BYTES, true, err, errlen);
}

static int draw_io_rate(const struct pctx *x, const struct chart_target *tg,
			char *err, size_t errlen)
{
	return draw_lines(x, tg, "I/O rate", "I/O", io_names, io_labels, 4,
			  CHART_UNIT_BYTES_PER_S, false, err, errlen);
}

static int draw_ctxsw(const struct pctx *x, const struct chart_target *tg,
		      char *err, size_t errlen)
{
	static const char *const names[] = {"vctxsw_per_s", "nvctxsw_per_s"};
	static const char *const labels[] = {"voluntary", "involuntary"};

	return draw_lines(x, tg, "context switches", "switches", names,
			  labels, 2, CHART_UNIT_PER_S, false, err, errlen);
}

static int draw_fds(const struct pctx *x, const struct chart_target *tg,
		    char *err, size_t errlen)
{
	static const char *const names[] = {"fds", "threads"};
	static const char *const labels[] = {"descriptors", "threads"};

	return draw_lines(x, tg, "descriptors and threads", "count", names,
			  labels, 2, CHART_UNIT_COUNT, false, err, errlen);
}

static int draw_dist(const struct pctx *x, const struct chart_target *tg,
		     const char *name, const char *what, char *err,
		     size_t errlen)
{
	const struct psr_series_result *s = ser(x->p, name);
	char title[300], mean[48], p95[48], v[32];

	/* a histogram of a constant, or of two values, shows nothing */
	if (!s || s->n < 3 || !(s->max - s->min > 1e-9 * fabs(s->max)) ||
	    !s->hist.nbins || !(s->hist.width > 0) || !s->hist.samples)
		return 1;
	if (!tg)
		return 0;
	enum chart_unit u = unit_of(s->def->unit);
	chartfmt_value(s->mean, u, v, sizeof v);
	snprintf(mean, sizeof mean, "mean %s", v);
	chartfmt_value(s->p95, u, v, sizeof v);
	snprintf(p95, sizeof p95, "p95 %s", v);
	struct chart_vline vl[2] = {{s->mean, mean}, {s->p95, p95}};
	title_of(x, what, title, sizeof title);
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

static int draw_cpu_dist(const struct pctx *x, const struct chart_target *tg,
			 char *err, size_t errlen)
{
	return draw_dist(x, tg, "cpu_percent", "CPU distribution", err,
			 errlen);
}

static int draw_rss_dist(const struct pctx *x, const struct chart_target *tg,
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

static int draw_corr(const struct pctx *x, const struct chart_target *tg,
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
	title_of(x, "correlations (Pearson)", title, sizeof title);
	struct chart_heatmap c = {.title = title, .row_label = lab,
				  .col_label = lab, .nrows = k, .ncols = k,
				  .v = v, .vmin = -1, .vmax = 1, .decimals = 2};
	return chart_heatmap(tg, &c, err, errlen);
}

enum {
	C_CPU, C_RSS, C_VMS, C_BREAKDOWN, C_IO_TOTAL, C_IO_RATE, C_CTXSW,
	C_FDS, C_CPU_DIST, C_RSS_DIST, C_CORR, C_COUNT
};

static const struct {
	const char *file;  /* in file names: PID-NAME-file.svg */
	const char *title; /* where the PDF has nothing to draw */
	const char *none;  /* ... and why */
	chart_fn draw;
} charts[C_COUNT] = {
	[C_CPU] = {"cpu", "CPU", "no values (a rate needs two samples)",
		   draw_cpu},
	[C_RSS] = {"memory", "memory (RSS)", "not recorded", draw_rss},
	[C_VMS] = {"vms", "virtual memory", "not recorded", draw_vms},
	[C_BREAKDOWN] = {"memory-breakdown", "memory breakdown",
			 "not recorded", draw_breakdown},
	[C_IO_TOTAL] = {"io-total", "I/O, cumulative",
			"not recorded (another user's /proc/PID/io?)",
			draw_io_total},
	[C_IO_RATE] = {"io-rate", "I/O rate",
		       "not recorded (another user's /proc/PID/io?)",
		       draw_io_rate},
	[C_CTXSW] = {"ctxsw", "context switches",
		     "not recorded (psrec -x records them)", draw_ctxsw},
	[C_FDS] = {"fds-threads", "descriptors and threads", "not recorded",
		   draw_fds},
	[C_CPU_DIST] = {"cpu-dist", "CPU distribution",
			"no spread to show (a constant or too few values)",
			draw_cpu_dist},
	[C_RSS_DIST] = {"rss-dist", "RSS distribution",
			"no spread to show (a constant or too few values)",
			draw_rss_dist},
	[C_CORR] = {"correlation", "correlations",
		    "fewer than 8 time points, or than two series that vary",
		    draw_corr},
};

/* The charts of a tree total: what summing means. */
static const int tree_charts[] = {C_CPU, C_RSS, C_IO_RATE, C_FDS};

/* ------------------------------------------------------------------ */
/* Text helpers                                                        */

/* Local time: W_DATE "2026-11-24", W_TIME "16:15:39 UTC", W_STAMP
 * "2026-11-24 16:15:39", W_ZONED "2026-11-24 16:15:39 UTC". */
enum { W_DATE, W_TIME, W_STAMP, W_ZONED };

static void when(char *buf, size_t len, double epoch, int what)
{
	time_t t = (time_t)floor(epoch);
	struct tm tm;
	size_t n = 0;

	/* epoch 0: a run without samples has no times */
	if (isfinite(epoch) && epoch > 0 && localtime_r(&t, &tm)) {
		switch (what) {
		case W_DATE: n = strftime(buf, len, "%Y-%m-%d", &tm); break;
		case W_TIME: n = strftime(buf, len, "%H:%M:%S %Z", &tm); break;
		case W_STAMP:
			n = strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
			break;
		default:
			n = strftime(buf, len, "%Y-%m-%d %H:%M:%S %Z", &tm);
		}
	}
	if (!n)
		snprintf(buf, len, "–");
}

/* Whether an argument needs quotes to read back as one word. */
static bool needs_quotes(const char *a, size_t n)
{
	if (!n)
		return true;
	for (size_t i = 0; i < n; i++)
		if (strchr(" \t\n'\"\\$`!*?[]{}()<>|&;#~", a[i]))
			return true;
	return false;
}

/* NUL-separated arguments as a shell would take them back: joined by
 * spaces, quoted where needed ('it'\''s'); "[comm]" when empty. */
static char *join_args(const char *a, size_t len, const char *comm)
{
	char *s = malloc(4 * len + (comm ? strlen(comm) : 0) + 4), *o = s;

	if (!s)
		return NULL;
	if (!len) {
		sprintf(s, "[%s]", comm ? comm : "?");
		return s;
	}
	while (len && !a[len - 1])
		len--;
	for (size_t i = 0; i <= len;) {
		size_t n = strnlen(a + i, len - i);
		bool q = needs_quotes(a + i, n);
		if (o != s)
			*o++ = ' ';
		if (q)
			*o++ = '\'';
		for (size_t k = 0; k < n; k++) {
			if (q && a[i + k] == '\'') {
				memcpy(o, "'\\''", 4);
				o += 4;
			} else {
				*o++ = a[i + k];
			}
		}
		if (q)
			*o++ = '\'';
		i += n + 1;
	}
	*o = 0;
	return s;
}

/* "host · 2026-11-24 16:15:39 – 16:16:39 UTC" */
static void footer_text(const struct psr_result *r, char *buf, size_t len)
{
	double t0 = INFINITY, t1 = -INFINITY;
	char a[64], b[64], d0[16], d1[16];

	for (size_t i = 0; i < r->nruns; i++) {
		if (!r->runs[i].samples)
			continue;
		t0 = fmin(t0, r->runs[i].start_epoch);
		t1 = fmax(t1, r->runs[i].end_epoch);
	}
	when(a, sizeof a, t0, W_STAMP);
	when(d0, sizeof d0, t0, W_DATE);
	when(d1, sizeof d1, t1, W_DATE);
	when(b, sizeof b, t1, strcmp(d0, d1) ? W_ZONED : W_TIME);
	if (!(t0 > 0 && isfinite(t0))) /* no samples selected */
		snprintf(buf, len, "%s", r->nruns ? r->runs[0].header.hostname
						  : "");
	else
		snprintf(buf, len, "%s%s · %s – %s",
			 r->nruns ? r->runs[0].header.hostname : "",
			 r->nruns > 1 ? " and other runs" : "", a, b);
}

/* ------------------------------------------------------------------ */
/* PDF pages                                                           */

struct pdfw {
	const struct report_ctx *c;
	struct pdfdoc *d;
	char *err;
	size_t errlen;
};

static int doc_error(struct pdfw *w)
{
	snprintf(w->err, w->errlen, "cannot make the PDF: %s",
		 pdfdoc_errmsg(w->d)[0] ? pdfdoc_errmsg(w->d) : "out of memory");
	return -EIO;
}

/* A chart in a rectangle, or a note saying why there is none. */
static int pdf_chart(struct pdfw *w, const struct pctx *x, int k,
		     struct pdfdoc_rect r)
{
	struct chart_target tg = {.kind = CHART_PDF, .doc = w->d, .rect = r};
	int rc = charts[k].draw(x, NULL, w->err, w->errlen);

	if (rc == 0)
		return charts[k].draw(x, &tg, w->err, w->errlen);
	char t[300], why[200], v[32];
	title_of(x, charts[k].title, t, sizeof t);
	snprintf(why, sizeof why, "%s", charts[k].none);
	const struct psr_series_result *s =
		k == C_CPU_DIST ? ser(x->p, "cpu_percent")
		: k == C_RSS_DIST ? ser(x->p, "rss_bytes") : NULL;
	if (s && s->max == s->min) { /* say what it was */
		chartfmt_value(s->max, unit_of(s->def->unit), v, sizeof v);
		snprintf(why, sizeof why, "%s was %s in all %llu samples",
			 s->def->label, v, (unsigned long long)s->n);
	}
	if (pdfdoc_text(w->d, r.x + r.w / 2, r.y + r.h / 2 + 6, PDFDOC_BOLD,
			'c', PDFDOC_PLAIN, t) ||
	    pdfdoc_text(w->d, r.x + r.w / 2, r.y + r.h / 2 - 8, PDFDOC_SMALL,
			'c', PDFDOC_PLAIN, why))
		return doc_error(w);
	return 0;
}

/* Key: value lines from the top of the body; *y follows. */
static int kv(struct pdfw *w, double *y, const char *key, const char *val,
	      enum pdfdoc_style st, size_t lines)
{
	struct pdfdoc_rect b = pdfdoc_body(w->d);
	double yy = *y;

	if (pdfdoc_text(w->d, b.x, *y, PDFDOC_BOLD, 'l', PDFDOC_PLAIN, key) ||
	    pdfdoc_paragraph(w->d, b.x + 95, &yy, b.w - 95, st, lines, val))
		return doc_error(w);
	*y = fmin(*y - pdfdoc_line_height(PDFDOC_BODY), yy);
	return 0;
}

static const struct psr_series_result *verdict_series(
	const struct psr_proc_result *p)
{
	const struct psr_series_result *best = NULL;

	for (size_t i = 0; i < p->nseries; i++) {
		const struct psr_series_result *s = &p->series[i];
		if (s->leak && s->n && (!best || s->leak->verdict >
						  best->leak->verdict))
			best = s;
	}
	return best;
}

static enum pdfdoc_tone verdict_text(const struct psr_proc_result *p,
				     char *buf, size_t len)
{
	const struct psr_series_result *s = verdict_series(p);

	if (!s) {
		snprintf(buf, len, "–");
		return PDFDOC_PLAIN;
	}
	switch (s->leak->verdict) {
	case PSR_VERDICT_LEAK:
		snprintf(buf, len, "LEAK (%s)", s->def->label);
		return PDFDOC_BAD;
	case PSR_VERDICT_POSSIBLE:
		snprintf(buf, len, "possible leak (%s)", s->def->label);
		return PDFDOC_WARN;
	default:
		snprintf(buf, len, "no leak");
		return PDFDOC_OK;
	}
}

enum { VCOLS = 8, CELL = 96 };

/* The verdict table: a row per process. */
static int verdict_table(struct pdfw *w, const struct psr_run_result *r,
			 double *y)
{
	static const char *const head[VCOLS] = {
		"process", "pid", "samples", "CPU mean", "RSS max",
		"RSS trend/h", "verdict", "command"};
	size_t n = r->nprocs + r->ntrees; /* trees last */
	char *buf = calloc(n ? n : 1, VCOLS * CELL);
	const char **cells = calloc(n ? n : 1, VCOLS * sizeof *cells);
	enum pdfdoc_tone *tone = calloc(n ? n : 1, sizeof *tone);
	char **cmd = calloc(n ? n : 1, sizeof *cmd);
	int rc = 0;

	if (!buf || !cells || !tone || !cmd) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const struct psr_proc_result *p =
			i < r->nprocs ? &r->procs[i] : &r->trees[i - r->nprocs];
		const struct psr_series_result *cpu = ser(p, "cpu_percent"),
					       *rss = ser(p, "rss_bytes");
		char *c = buf + i * VCOLS * CELL;
		snprintf(c, CELL, "%s%s", p->tree ? "tree of " : "",
			 p->comm ? p->comm : "?");
		snprintf(c + CELL, CELL, "%u", p->pid);
		snprintf(c + 2 * CELL, CELL, "%llu",
			 (unsigned long long)p->samples);
		chartfmt_value(cpu ? cpu->mean : NAN, CHART_UNIT_PERCENT,
			       c + 3 * CELL, CELL);
		chartfmt_value(rss ? rss->max : NAN, CHART_UNIT_BYTES,
			       c + 4 * CELL, CELL);
		double g = rss && rss->leak ? rss->leak->growth_per_h : NAN;
		char v[32];
		chartfmt_value(fabs(g), CHART_UNIT_BYTES, v, sizeof v);
		snprintf(c + 5 * CELL, CELL, "%s%s",
			 !isfinite(g) ? "" : g < 0 ? "-" : "+", v);
		tone[i] = verdict_text(p, c + 6 * CELL, CELL);
		if (p->tree && (cmd[i] = malloc(64)))
			snprintf(cmd[i], 64, "%zu processes, summed",
				 p->tree_members);
		else if (!p->tree)
			cmd[i] = join_args(p->cmdline, p->cmdline_len, p->comm);
		if (!cmd[i]) {
			rc = -ENOMEM;
			goto out;
		}
		for (size_t k = 0; k < VCOLS - 1; k++)
			cells[i * VCOLS + k] = c + k * CELL;
		cells[i * VCOLS + VCOLS - 1] = cmd[i];
	}
	struct pdfdoc_rect b = pdfdoc_body(w->d);
	double wd[VCOLS] = {110, 48, 52, 62, 66, 74, 110, 0};
	double used = 0;
	for (size_t k = 0; k < VCOLS - 1; k++)
		used += wd[k];
	wd[VCOLS - 1] = b.w - used;
	struct pdfdoc_table t = {.ncols = VCOLS, .nrows = n, .head = head,
				 .cells = cells, .width = wd,
				 .align = "lrrrrrll", .tone = tone,
				 .tone_col = 6};
	if (pdfdoc_table(w->d, b.x, y, &t))
		rc = doc_error(w);
out:
	for (size_t i = 0; cmd && i < n; i++)
		free(cmd[i]);
	free(cmd);
	free(tone);
	free(cells);
	free(buf);
	if (rc == -ENOMEM)
		snprintf(w->err, w->errlen, "out of memory");
	return rc;
}

static int title_page(struct pdfw *w, const struct psr_run_result *r,
		      size_t run_no, int *parent)
{
	const struct psr_header *h = &r->header;
	char t[800], a[64], b[64], d[64];
	char *cmd = NULL;
	int rc;

	if (pdfdoc_add_page(w->d) < 0)
		return doc_error(w);
	*parent = 0;
	if (w->c->result->nruns > 1) {
		when(a, sizeof a, r->start_epoch, W_STAMP);
		snprintf(t, sizeof t, "Run %zu: %s, %s", run_no + 1,
			 h->hostname, a);
		if ((*parent = pdfdoc_bookmark(w->d, 0, t)) < 0)
			return doc_error(w);
	}
	struct pdfdoc_rect body = pdfdoc_body(w->d);
	double y = body.y + body.h - 18;
	if (w->c->result->nruns > 1)
		snprintf(t, sizeof t, "psreport: %s (run %zu of %zu)",
			 h->hostname, run_no + 1, w->c->result->nruns);
	else
		snprintf(t, sizeof t, "psreport: %s", h->hostname);
	if (pdfdoc_text(w->d, body.x, y, PDFDOC_TITLE, 'l', PDFDOC_PLAIN, t) ||
	    pdfdoc_bookmark(w->d, *parent, "Summary") < 0)
		return doc_error(w);
	y -= 30;
	snprintf(t, sizeof t, "%s, %s %s, %u CPUs", h->hostname, h->kernel,
		 h->machine, h->cpu_count);
	if ((rc = kv(w, &y, "host", t, PDFDOC_BODY, 2)))
		return rc;
	if (!(cmd = join_args(h->command_line, h->command_line_len, "psrec"))) {
		snprintf(w->err, w->errlen, "out of memory");
		return -ENOMEM;
	}
	rc = kv(w, &y, "command", cmd, PDFDOC_MONO, 3);
	free(cmd);
	if (rc)
		return rc;
	when(a, sizeof a, r->start_epoch, W_ZONED);
	when(b, sizeof b, r->end_epoch, W_ZONED);
	chartfmt_duration(r->end_epoch - r->start_epoch, d, sizeof d);
	if ((rc = kv(w, &y, "start", a, PDFDOC_BODY, 1)) ||
	    (rc = kv(w, &y, "end", b, PDFDOC_BODY, 1)) ||
	    (rc = kv(w, &y, "duration", d, PDFDOC_BODY, 1)))
		return rc;
	chartfmt_duration((double)h->interval_ns / 1e9, d, sizeof d);
	if ((rc = kv(w, &y, "interval", d, PDFDOC_BODY, 1)))
		return rc;
	snprintf(t, sizeof t, "%llu samples, %llu process-samples, %zu "
		 "processes%s", (unsigned long long)r->samples,
		 (unsigned long long)r->process_samples, r->nprocs,
		 r->warnings ? " (the log is damaged: see psreport --info)"
			     : "");
	if ((rc = kv(w, &y, "samples", t, PDFDOC_BODY, 2)) ||
	    (rc = kv(w, &y, "recorded by", h->writer[0] ? h->writer : "–",
		     PDFDOC_BODY, 1)))
		return rc;
	if (r->npaths == 1)
		snprintf(t, sizeof t, "%s", r->paths[0]);
	else
		snprintf(t, sizeof t, "%zu files: %s … %s", r->npaths,
			 r->paths[0], r->paths[r->npaths - 1]);
	if ((rc = kv(w, &y, r->npaths == 1 ? "log" : "logs", t, PDFDOC_MONO,
		     2)))
		return rc;
	y -= 16;
	if (pdfdoc_text(w->d, body.x, y, PDFDOC_HEADING, 'l', PDFDOC_PLAIN,
			"Verdicts"))
		return doc_error(w);
	y -= 8;
	if (!r->nprocs)
		return pdfdoc_text(w->d, body.x, y - 12, PDFDOC_BODY, 'l',
				   PDFDOC_PLAIN,
				   "no process-samples selected")
			       ? doc_error(w)
			       : 0;
	if ((rc = verdict_table(w, r, &y)))
		return rc;
	y -= 14;
	if (pdfdoc_paragraph(w->d, body.x, &y, body.w, PDFDOC_SMALL, 3,
			     "verdict: the worst of the memory series' trends "
			     "(Theil-Sen slope with a Mann-Kendall test "
			     "corrected for autocorrelation); RSS trend: "
			     "Theil-Sen slope per hour. Sizes in binary units "
			     "(1 MiB = 1024 KiB); 100% CPU = one CPU."))
		return doc_error(w);
	return 0;
}

/* The heading of a process page: name, pid, command line, facts. */
static int proc_heading(struct pdfw *w, const struct pctx *x, double *y)
{
	const struct psr_proc_result *p = x->p;
	struct pdfdoc_rect b = pdfdoc_body(w->d);
	char t[400], a[64], e[64], d[64], st[64] = "";
	char *cmd;

	*y = b.y + b.h - 12;
	if (p->tree)
		snprintf(t, sizeof t, "Process tree of %s (pid %u): %zu "
			 "processes", p->comm ? p->comm : "?", p->pid,
			 p->tree_members);
	else
		snprintf(t, sizeof t, "%s (pid %u)", p->comm ? p->comm : "?",
			 p->pid);
	if (pdfdoc_text(w->d, b.x, *y, PDFDOC_HEADING, 'l', PDFDOC_PLAIN, t))
		return doc_error(w);
	*y -= 14;
	if (!p->tree) { /* a tree has no command line of its own */
		if (!(cmd = join_args(p->cmdline, p->cmdline_len, p->comm))) {
			snprintf(w->err, w->errlen, "out of memory");
			return -ENOMEM;
		}
		int bad = pdfdoc_paragraph(w->d, b.x, y, b.w, PDFDOC_MONO, 1,
					   cmd);
		free(cmd);
		if (bad)
			return doc_error(w);
	}
	when(a, sizeof a, p->first_epoch, W_STAMP);
	when(e, sizeof e, p->last_epoch, W_TIME);
	chartfmt_duration(p->last_epoch - p->first_epoch, d, sizeof d);
	if (p->ended && p->status >= 0)
		snprintf(st, sizeof st, ", ended (wait status %d)",
			 p->status);
	else if (p->ended)
		snprintf(st, sizeof st, ", ended");
	if (p->tree)
		snprintf(t, sizeof t, "%llu samples from %s to %s (%s); CPU, "
			 "I/O and descriptors summed; RSS summed counts a "
			 "shared page once per process that maps it",
			 (unsigned long long)p->samples, a, e, d);
	else
		snprintf(t, sizeof t, "parent %u, uid %u; %llu samples from %s "
			 "to %s (%s)%s", p->ppid, p->uid,
			 (unsigned long long)p->samples, a, e, d, st);
	if (pdfdoc_text(w->d, b.x, *y, PDFDOC_SMALL, 'l', PDFDOC_PLAIN, t))
		return doc_error(w);
	*y -= 8;
	return 0;
}

/* A page of charts in a rows x cols grid under the heading; cells of
 * value -1 stay empty. */
static int chart_page(struct pdfw *w, const struct pctx *x, int parent,
		      const char *section, const int *cells, int rows,
		      int cols)
{
	double y;
	int rc;

	if (pdfdoc_add_page(w->d) < 0 ||
	    pdfdoc_bookmark(w->d, parent, section) < 0)
		return doc_error(w);
	if ((rc = proc_heading(w, x, &y)))
		return rc;
	struct pdfdoc_rect b = pdfdoc_body(w->d);
	struct pdfdoc_rect area = {b.x, b.y, b.w, y - b.y};
	for (int i = 0; i < rows * cols; i++) {
		if (cells[i] < 0)
			continue;
		struct pdfdoc_rect r = pdfdoc_cell(area, rows, cols, i / cols,
						   i % cols, 10);
		if ((rc = pdf_chart(w, x, cells[i], r)))
			return rc;
	}
	return 0;
}

/* Distributions on the left, the correlation heatmap on the right. */
static int dist_page(struct pdfw *w, const struct pctx *x, int parent)
{
	double y;
	int rc;

	if (pdfdoc_add_page(w->d) < 0 ||
	    pdfdoc_bookmark(w->d, parent, "Distributions and correlations") < 0)
		return doc_error(w);
	if ((rc = proc_heading(w, x, &y)))
		return rc;
	struct pdfdoc_rect b = pdfdoc_body(w->d);
	struct pdfdoc_rect area = {b.x, b.y, b.w, y - b.y};
	struct pdfdoc_rect left = pdfdoc_cell(area, 1, 2, 0, 0, 10);
	struct pdfdoc_rect right = pdfdoc_cell(area, 1, 2, 0, 1, 10);
	if ((rc = pdf_chart(w, x, C_CPU_DIST,
			    pdfdoc_cell(left, 2, 1, 0, 0, 10))) ||
	    (rc = pdf_chart(w, x, C_RSS_DIST,
			    pdfdoc_cell(left, 2, 1, 1, 0, 10))))
		return rc;
	return pdf_chart(w, x, C_CORR, right);
}

enum { SCOLS = 8 };

static void stat_cell(char *buf, size_t len, double v,
		      const struct psr_series_def *d)
{
	if (d->flags & PSR_SF_INT && d->unit == PSR_SU_COUNT && isfinite(v) &&
	    fabs(v) < 1e6)
		snprintf(buf, len, "%.*f", v == floor(v) ? 0 : 1, v);
	else
		chartfmt_value(v, unit_of(d->unit), buf, len);
}

/* The counter's growth over the run, in its base unit. */
static void total_cell(char *buf, size_t len,
		       const struct psr_series_result *s)
{
	if (!isfinite(s->total)) {
		snprintf(buf, len, "–");
		return;
	}
	switch (s->def->unit) {
	case PSR_SU_PERCENT:
		chartfmt_duration(s->total, buf, len);
		return;
	case PSR_SU_BYTES_PER_S:
		chartfmt_value(s->total, CHART_UNIT_BYTES, buf, len);
		return;
	default:
		snprintf(buf, len, "%.0f", s->total);
	}
}

static int stats_page(struct pdfw *w, const struct pctx *x, int parent)
{
	static const char *const head[SCOLS] = {
		"metric", "n", "min", "mean", "p50", "p95", "max", "total"};
	const struct psr_proc_result *p = x->p;
	char *buf = calloc(p->nseries ? p->nseries : 1, SCOLS * CELL);
	const char **cells = calloc(p->nseries ? p->nseries : 1,
				    SCOLS * sizeof *cells);
	size_t n = 0;
	double y;
	int rc = 0;

	if (!buf || !cells) {
		snprintf(w->err, w->errlen, "out of memory");
		rc = -ENOMEM;
		goto out;
	}
	if (pdfdoc_add_page(w->d) < 0 ||
	    pdfdoc_bookmark(w->d, parent, "Statistics") < 0) {
		rc = doc_error(w);
		goto out;
	}
	if ((rc = proc_heading(w, x, &y)))
		goto out;
	for (size_t i = 0; i < p->nseries; i++) {
		const struct psr_series_result *s = &p->series[i];
		if (!(s->def->flags & PSR_SF_STATS) || !s->n)
			continue;
		char *c = buf + n * SCOLS * CELL;
		double v[5] = {s->min, s->mean, s->p50, s->p95, s->max};
		snprintf(c, CELL, "%s", s->def->label);
		snprintf(c + CELL, CELL, "%llu", (unsigned long long)s->n);
		for (int k = 0; k < 5; k++)
			stat_cell(c + (2 + k) * CELL, CELL, v[k], s->def);
		total_cell(c + 7 * CELL, CELL, s);
		for (int k = 0; k < SCOLS; k++)
			cells[n * SCOLS + k] = c + k * CELL;
		n++;
	}
	struct pdfdoc_rect b = pdfdoc_body(w->d);
	y -= 10;
	if (pdfdoc_text(w->d, b.x, y, PDFDOC_HEADING, 'l', PDFDOC_PLAIN,
			"Statistics")) {
		rc = doc_error(w);
		goto out;
	}
	y -= 8;
	double wd[SCOLS] = {150, 60, 85, 85, 85, 85, 85, 95};
	struct pdfdoc_table t = {.ncols = SCOLS, .nrows = n, .head = head,
				 .cells = cells, .width = wd,
				 .align = "lrrrrrrr"};
	if (pdfdoc_table(w->d, b.x, &y, &t)) {
		rc = doc_error(w);
		goto out;
	}
	y -= 14;
	if (pdfdoc_paragraph(w->d, b.x, &y, b.w, PDFDOC_SMALL, 3,
			     "Time-weighted over the samples (a sample stands "
			     "for the time until the next one); rates are per "
			     "second between samples; total: the counter's "
			     "growth over the run (CPU time for CPU)."))
		rc = doc_error(w);
out:
	free(cells);
	free(buf);
	return rc;
}

static int proc_pages(struct pdfw *w, const struct psr_run_result *r,
		      const struct psr_proc_result *p, int parent)
{
	static const int mem[] = {C_CPU, C_RSS, C_VMS, C_BREAKDOWN};
	static const int io[] = {C_IO_TOTAL, C_IO_RATE, C_CTXSW, C_FDS};
	struct pctx x;
	char bm[300];
	int rc, top;

	if ((rc = pctx_init(&x, w->c, r, p)))
		goto nomem;
	if (pdfdoc_add_page(w->d) < 0) {
		rc = doc_error(w);
		goto out;
	}
	snprintf(bm, sizeof bm, "%s (pid %u)", p->comm ? p->comm : "?",
		 p->pid);
	if ((top = pdfdoc_bookmark(w->d, parent, bm)) < 0) {
		rc = doc_error(w);
		goto out;
	}
	/* the bookmark points at this page; its first section too */
	double y = 0;
	if (pdfdoc_bookmark(w->d, top, "CPU and memory") < 0) {
		rc = doc_error(w);
		goto out;
	}
	if ((rc = proc_heading(w, &x, &y)))
		goto out;
	struct pdfdoc_rect b = pdfdoc_body(w->d);
	struct pdfdoc_rect area = {b.x, b.y, b.w, y - b.y};
	for (int i = 0; i < 4 && !rc; i++)
		rc = pdf_chart(w, &x, mem[i],
			       pdfdoc_cell(area, 2, 2, i / 2, i % 2, 10));
	if (!rc)
		rc = chart_page(w, &x, top, "I/O, switches, descriptors", io,
				2, 2);
	if (!rc)
		rc = dist_page(w, &x, top);
	if (!rc)
		rc = stats_page(w, &x, top);
out:
	pctx_release(&x);
	return rc;
nomem:
	pctx_release(&x);
	snprintf(w->err, w->errlen, "out of memory");
	return rc;
}

static int tree_pages(struct pdfw *w, const struct psr_run_result *r,
		      int parent)
{
	int top = 0, rc = 0;

	for (size_t i = 0; i < r->ntrees && !rc; i++) {
		const struct psr_proc_result *p = &r->trees[i];
		struct pctx x;
		char bm[300];
		if ((rc = pctx_init(&x, w->c, r, p))) {
			snprintf(w->err, w->errlen, "out of memory");
			pctx_release(&x);
			return rc;
		}
		if (pdfdoc_add_page(w->d) < 0)
			rc = doc_error(w);
		if (!rc && i == 0 &&
		    (top = pdfdoc_bookmark(w->d, parent, "Process trees")) < 0)
			rc = doc_error(w);
		snprintf(bm, sizeof bm, "tree of %s (pid %u)",
			 p->comm ? p->comm : "?", p->pid);
		double y = 0;
		if (!rc && pdfdoc_bookmark(w->d, top, bm) < 0)
			rc = doc_error(w);
		if (!rc)
			rc = proc_heading(w, &x, &y);
		struct pdfdoc_rect b = pdfdoc_body(w->d);
		struct pdfdoc_rect area = {b.x, b.y, b.w, y - b.y};
		for (int k = 0; k < 4 && !rc; k++)
			rc = pdf_chart(w, &x, tree_charts[k],
				       pdfdoc_cell(area, 2, 2, k / 2, k % 2,
						   10));
		pctx_release(&x);
	}
	return rc;
}

static int write_pdf(const struct report_ctx *c, const struct visual_opts *v,
		     char *err, size_t errlen)
{
	const struct psr_result *res = c->result;
	char footer[700], title[720];
	struct pdfw w = {c, NULL, err, errlen};
	struct stat sb;
	int rc = 0;

	/* fail before the work, not after it */
	if (!v->force && stat(v->pdf, &sb) == 0) {
		snprintf(err, errlen, "'%s' exists (use --force to overwrite "
			 "it)", v->pdf);
		return -EEXIST;
	}
	footer_text(res, footer, sizeof footer);
	snprintf(title, sizeof title, "psreport: %s", footer);
	struct pdfdoc_opts o = {.paper = v->paper, .theme = v->theme,
				.title = title,
				.creator = "psreport " PSR_VERSION,
				.footer = footer};
	if ((rc = pdfdoc_new(&w.d, &o, err, errlen)) < 0)
		return rc;
	for (size_t i = 0; i < res->nruns && !rc; i++) {
		const struct psr_run_result *r = &res->runs[i];
		int parent = 0;
		rc = title_page(&w, r, i, &parent);
		for (size_t k = 0; k < r->nprocs && !rc; k++)
			rc = proc_pages(&w, r, &r->procs[k], parent);
		if (!rc)
			rc = tree_pages(&w, r, parent);
	}
	if (!rc)
		rc = pdfdoc_save(w.d, v->pdf, v->force, err, errlen);
	pdfdoc_free(w.d);
	return rc;
}

/* ------------------------------------------------------------------ */
/* SVG and PNG files                                                   */

struct files {
	const struct report_ctx *c;
	const struct visual_opts *v;
	enum chart_kind kind;
	const char *dir, *ext;
	char **written;
	size_t nwritten;
	char *err;
	size_t errlen;
};

/* The file name stem of a process: its name, or "name-2", "name-3" for
 * a later process with the same pid and name (pid reuse, other runs). */
static void stem_of(const struct psr_result *res, size_t run, size_t k,
		    bool tree, char *buf, size_t len)
{
	const struct psr_run_result *r = &res->runs[run];
	const struct psr_proc_result *p = tree ? &r->trees[k] : &r->procs[k];
	unsigned same = 0;

	for (size_t i = 0; i <= run; i++) {
		const struct psr_run_result *ri = &res->runs[i];
		size_t n = tree ? ri->ntrees : ri->nprocs;
		for (size_t j = 0; j < (i == run ? k : n); j++) {
			const struct psr_proc_result *q =
				tree ? &ri->trees[j] : &ri->procs[j];
			same += q->pid == p->pid && q->comm && p->comm &&
				strcmp(q->comm, p->comm) == 0;
		}
	}
	if (same)
		snprintf(buf, len, "%s-%u", p->comm ? p->comm : "", same + 1);
	else
		snprintf(buf, len, "%s", p->comm ? p->comm : "");
}

/* The path of chart k of a process; -1 when too long. */
static int file_path(struct files *f, size_t run, size_t i, bool tree, int k,
		     char *path, size_t len)
{
	const struct psr_run_result *r = &f->c->result->runs[run];
	const struct psr_proc_result *p = tree ? &r->trees[i] : &r->procs[i];
	char stem[300], chart[64], name[512];

	stem_of(f->c->result, run, i, tree, stem, sizeof stem);
	snprintf(chart, sizeof chart, "%s%s", tree ? "tree-" : "",
		 charts[k].file);
	if (chartfmt_file_name(name, sizeof name, p->pid, stem, chart,
			       f->ext) < 0 ||
	    (size_t)snprintf(path, len, "%s/%s", f->dir, name) >= len)
		return -1;
	return 0;
}

/* Refuse an existing file before drawing anything. */
static int check_free(struct files *f, const char *path)
{
	struct stat sb;

	if (f->v->force || stat(path, &sb) != 0)
		return 0;
	snprintf(f->err, f->errlen, "'%s' exists (use --force to overwrite "
		 "it)", path);
	return -EEXIST;
}

/* Every chart of every process and tree: check (draw 0) or write (1). */
static int each_chart(struct files *f, int draw)
{
	const struct psr_result *res = f->c->result;
	char path[4096];
	int rc = 0;

	for (size_t run = 0; run < res->nruns && !rc; run++) {
		const struct psr_run_result *r = &res->runs[run];
		for (size_t i = 0; i < r->nprocs + r->ntrees && !rc; i++) {
			bool tree = i >= r->nprocs;
			size_t j = tree ? i - r->nprocs : i;
			const struct psr_proc_result *p =
				tree ? &r->trees[j] : &r->procs[j];
			struct pctx x;
			if ((rc = pctx_init(&x, f->c, r, p))) {
				pctx_release(&x);
				snprintf(f->err, f->errlen, "out of memory");
				return rc;
			}
			size_t nk = tree ? sizeof tree_charts /
						   sizeof tree_charts[0]
					 : C_COUNT;
			for (size_t m = 0; m < nk && !rc; m++) {
				int k = tree ? tree_charts[m] : (int)m;
				if (charts[k].draw(&x, NULL, f->err,
						   f->errlen))
					continue;
				if (file_path(f, run, j, tree, k, path,
					      sizeof path)) {
					rc = fail(f->err, f->errlen, "'%s': "
						  "file name too long", f->dir);
					break;
				}
				if (!draw) {
					rc = check_free(f, path);
					continue;
				}
				struct chart_target tg = {
					.kind = f->kind, .theme = f->v->theme,
					.path = path, .force = f->v->force,
					.dpi = f->v->dpi,
					.transparent = f->v->transparent};
				if ((rc = charts[k].draw(&x, &tg, f->err,
							 f->errlen)))
					break;
				char *keep = strdup(path);
				char **w = realloc(f->written,
						   (f->nwritten + 1) *
							   sizeof *w);
				if (!keep || !w) {
					free(keep);
					if (w)
						f->written = w;
					rc = -ENOMEM;
					snprintf(f->err, f->errlen,
						 "out of memory");
					break;
				}
				f->written = w;
				f->written[f->nwritten++] = keep;
			}
			pctx_release(&x);
		}
	}
	return rc;
}

static int write_files(const struct report_ctx *c, const struct visual_opts *v,
		       enum chart_kind kind, char *err, size_t errlen)
{
	struct files f = {c, v, kind, kind == CHART_SVG ? v->svg : v->png,
			  kind == CHART_SVG ? "svg" : "png", NULL, 0, err,
			  errlen};
	const char *opt = kind == CHART_SVG ? "--svg" : "--png";
	bool made = false;
	struct stat sb;
	int rc;

	if (stat(f.dir, &sb) != 0) {
		if (mkdir(f.dir, 0777) != 0) {
			rc = -errno;
			snprintf(err, errlen, "%s: cannot create directory "
				 "'%s': %s", opt, f.dir, strerror(-rc));
			return rc;
		}
		made = true;
	} else if (!S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, "%s: '%s' is not a directory", opt,
			 f.dir);
		return -ENOTDIR;
	}
	rc = each_chart(&f, 0);
	if (!rc)
		rc = each_chart(&f, 1);
	for (size_t i = 0; i < f.nwritten; i++) {
		if (rc)
			unlink(f.written[i]); /* all of this run, or none */
		free(f.written[i]);
	}
	free(f.written);
	if (rc && made)
		rmdir(f.dir);
	if (rc) {
		char msg[1024];
		snprintf(msg, sizeof msg, "%s", err);
		snprintf(err, errlen, "%s: %s", opt, msg);
	}
	return rc;
}

/* Before any work: existing chart files (without --force) are refused. */
static int files_check(const struct report_ctx *c, const struct visual_opts *v,
		       enum chart_kind kind, char *err, size_t errlen)
{
	struct files f = {c, v, kind, kind == CHART_SVG ? v->svg : v->png,
			  kind == CHART_SVG ? "svg" : "png", NULL, 0, err,
			  errlen};
	struct stat sb;
	int rc;

	if (stat(f.dir, &sb) != 0 || !S_ISDIR(sb.st_mode) || v->force)
		return 0; /* write_files says what is wrong */
	if ((rc = each_chart(&f, 0))) {
		char msg[1024];
		snprintf(msg, sizeof msg, "%s", err);
		snprintf(err, errlen, "%s: %s",
			 kind == CHART_SVG ? "--svg" : "--png", msg);
	}
	return rc;
}

int visual_write(const struct report_ctx *c, const struct visual_opts *v,
		 char *err, size_t errlen)
{
	int rc = 0;

	if ((v->svg && (rc = files_check(c, v, CHART_SVG, err, errlen))) ||
	    (v->png && (rc = files_check(c, v, CHART_PNG, err, errlen))))
		return rc;
	if (v->pdf && (rc = write_pdf(c, v, err, errlen)) < 0) {
		char msg[1024];
		snprintf(msg, sizeof msg, "%s", err);
		snprintf(err, errlen, "--pdf: %s", msg);
		return rc;
	}
	if (v->svg && (rc = write_files(c, v, CHART_SVG, err, errlen)) < 0)
		goto undo;
	if (v->png && (rc = write_files(c, v, CHART_PNG, err, errlen)) < 0)
		goto undo;
	return 0;
undo:
	/* the PDF was whole, but the run failed: leave none of it */
	if (v->pdf)
		unlink(v->pdf);
	return rc;
}
