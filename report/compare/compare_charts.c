/* compare_charts.c - the comparison's charts (compare_charts.h): plain
 * arrays made from the comparison and the two results, handed to chart.h. */
#include "compare_charts.h"

#include "outfile.h"
#include "vchart.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SIDE_MAX 4    /* lines per side in an overlay */
#define BINS 30
#define KDE_POINTS 128

static const char *const chart_names[COMPARE_CHART_N] = {
	"compare-cpu", "compare-rss", "compare-cpu-dist", "compare-rss-dist",
	"compare-diff",
};

static const struct psr_compare_metric *metric_of(
	const struct psr_compare_proc *cp, const char *name)
{
	int idx = psr_series_find(name);

	for (size_t i = 0; idx >= 0 && i < cp->nmetrics; i++)
		if (cp->metrics[i].series == (unsigned)idx)
			return &cp->metrics[i];
	return NULL;
}

static int fail(char *err, size_t errlen, int rc, const char *what)
{
	snprintf(err, errlen, "%s", what);
	return rc;
}

/* ---- overlays over time ------------------------------------------- */

struct line {
	double *t, *mean, *min, *max;
	size_t n;
	char label[48];
};

static void line_free(struct line *l)
{
	free(l->t);
	free(l->mean);
	free(l->min);
	free(l->max);
}

/* The buckets of p's series idx, shifted by (t0 - its first sample). */
static int line_of(const struct psr_proc_result *p, unsigned idx, double t0,
		   const char *side, struct line *l)
{
	const struct psr_series_result *s = psr_result_series(p, idx);
	size_t n = p->nbuckets ? p->nbuckets : 1;

	memset(l, 0, sizeof *l);
	snprintf(l->label, sizeof l->label, "%s (pid %u)", side, p->pid);
	if (!s || !s->n || !s->b_mean)
		return 0;
	l->t = malloc(n * sizeof *l->t);
	l->mean = malloc(n * sizeof *l->mean);
	l->min = malloc(n * sizeof *l->min);
	l->max = malloc(n * sizeof *l->max);
	if (!l->t || !l->mean || !l->min || !l->max)
		return -ENOMEM;
	for (size_t k = 0; k < p->nbuckets; k++) {
		if (!isfinite(p->b_t[k]))
			continue;
		l->t[l->n] = p->b_t[k] - p->first_epoch + t0;
		l->mean[l->n] = s->b_mean[k];
		l->min[l->n] = s->b_min ? s->b_min[k] : s->b_mean[k];
		l->max[l->n] = s->b_max ? s->b_max[k] : s->b_mean[k];
		l->n++;
	}
	return 0;
}

static int overlay(const struct psr_compare_proc *cp, const char *series,
		   const char *what, const struct chart_target *tg,
		   char *err, size_t errlen)
{
	const struct psr_compare_metric *m = metric_of(cp, series);
	struct line lines[2 * SIDE_MAX];
	struct chart_series cs[2 * SIDE_MAX];
	size_t n = 0, ns = 0;
	char title[160];
	int rc = 0;

	if (!m || !cp->ncur)
		return fail(err, errlen, -ENOENT, "no such series");
	double t0 = cp->cur[0]->first_epoch;
	for (int side = 0; side < 2 && !rc; side++) {
		const struct psr_proc_result *const *p = side ? cp->cur : cp->base;
		size_t np = side ? cp->ncur : cp->nbase;
		for (size_t i = 0; i < np && i < SIDE_MAX && !rc; i++) {
			rc = line_of(p[i], m->series, t0,
				     side ? "new" : "baseline", &lines[n]);
			n++;
		}
	}
	if (rc) {
		rc = fail(err, errlen, rc, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (lines[i].n)
			cs[ns++] = (struct chart_series){lines[i].label,
				lines[i].t, lines[i].mean, lines[i].min,
				lines[i].max, lines[i].n, 0};
	if (!ns) {
		rc = fail(err, errlen, -ENOENT, "no samples");
		goto out;
	}
	snprintf(title, sizeof title, "%.60s: %s, baseline and new from "
		 "their start", cp->key, what);
	struct chart_timeseries ts = {
		.title = title, .ylabel = m->def->label,
		.unit = vchart_unit(m->def->unit), .series = cs, .nseries = ns,
		.y_from_zero = 1,
	};
	rc = chart_timeseries(tg, &ts, err, errlen);
out:
	for (size_t i = 0; i < n; i++)
		line_free(&lines[i]);
	return rc;
}

/* ---- distributions ------------------------------------------------- */

/* The bucket means of series idx of procs[0..n) into a new array. */
static double *bucket_values(const struct psr_proc_result *const *procs,
			     size_t n, unsigned idx, size_t *count)
{
	size_t cap = 1;
	double *v;

	*count = 0;
	for (size_t i = 0; i < n; i++)
		cap += procs[i]->nbuckets;
	if (!(v = malloc(cap * sizeof *v)))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const struct psr_series_result *s =
			psr_result_series(procs[i], idx);
		for (size_t k = 0; s && s->b_mean && k < procs[i]->nbuckets; k++)
			if (isfinite(s->b_mean[k]))
				v[(*count)++] = s->b_mean[k];
	}
	return v;
}

/* A Gaussian density of v over [lo, hi] (Silverman's bandwidth). */
static void density(const double *v, size_t n, double lo, double hi,
		    double *x, double *y)
{
	double mean = 0, var = 0, h;

	for (size_t i = 0; i < n; i++)
		mean += v[i];
	mean /= (double)n;
	for (size_t i = 0; i < n; i++)
		var += (v[i] - mean) * (v[i] - mean);
	h = 1.06 * sqrt(var / (double)n) * pow((double)n, -0.2);
	if (!(h > 0))
		h = (hi - lo) / BINS;
	for (size_t k = 0; k < KDE_POINTS; k++) {
		double s = 0;
		x[k] = lo + (hi - lo) * (double)k / (KDE_POINTS - 1);
		for (size_t i = 0; i < n; i++) {
			double z = (x[k] - v[i]) / h;
			s += exp(-0.5 * z * z);
		}
		y[k] = s / ((double)n * h * sqrt(2 * M_PI));
	}
}

static int distribution(const struct psr_compare_proc *cp, const char *series,
			const char *what, const struct chart_target *tg,
			char *err, size_t errlen)
{
	const struct psr_compare_metric *m = metric_of(cp, series);
	double count[BINS] = {0}, kx[KDE_POINTS], ky[KDE_POINTS];
	double *b = NULL, *c = NULL, lo = INFINITY, hi = -INFINITY;
	size_t nb = 0, nc = 0;
	char title[160];
	int rc;

	if (!m)
		return fail(err, errlen, -ENOENT, "no such series");
	b = bucket_values(cp->base, cp->nbase, m->series, &nb);
	c = bucket_values(cp->cur, cp->ncur, m->series, &nc);
	if (!b || !c) {
		rc = fail(err, errlen, -ENOMEM, "out of memory");
		goto out;
	}
	if (!nb || !nc) {
		rc = fail(err, errlen, -ENOENT, "no samples");
		goto out;
	}
	for (size_t i = 0; i < nb; i++) {
		lo = fmin(lo, b[i]);
		hi = fmax(hi, b[i]);
	}
	for (size_t i = 0; i < nc; i++) {
		lo = fmin(lo, c[i]);
		hi = fmax(hi, c[i]);
	}
	if (!(hi > lo)) { /* one value on both sides */
		double pad = lo != 0 ? fabs(lo) * 0.05 : 1;
		lo -= pad;
		hi += pad;
	}
	for (size_t i = 0; i < nb; i++) {
		size_t k = (size_t)((b[i] - lo) / (hi - lo) * BINS);
		count[k < BINS ? k : BINS - 1]++;
	}
	density(c, nc, lo, hi, kx, ky);
	struct chart_vline vl[2] = {{m->base.mean, "baseline mean"},
				    {m->cur.mean, "new mean"}};
	snprintf(title, sizeof title, "%.60s: %s, baseline (bars) and new "
		 "(line)", cp->key, what);
	struct chart_histogram h = {
		.title = title, .xlabel = m->def->label,
		.unit = vchart_unit(m->def->unit), .lo = lo, .hi = hi, .count = count,
		.nbins = BINS, .kde_x = kx, .kde_y = ky, .nkde = KDE_POINTS,
		.vline = vl, .nvline = 2,
	};
	rc = chart_histogram(tg, &h, err, errlen);
out:
	free(b);
	free(c);
	return rc;
}

/* ---- relative differences ------------------------------------------ */

/* A bar's colour: worse red, better green, only when the metric is gated;
 * inconclusive amber and pale, same and ungated pale grey. */
static enum chart_tone bar_tone(enum psr_cmp_verdict v, bool gated)
{
	if (v == PSR_CMP_INCONCLUSIVE)
		return CHART_WARN;
	if (!gated)
		return CHART_PLAIN;
	return v == PSR_CMP_WORSE ? CHART_BAD
	       : v == PSR_CMP_BETTER ? CHART_OK : CHART_PLAIN;
}

static int differences(const struct psr_compare_proc *cp,
		       const struct chart_target *tg, char *err, size_t errlen)
{
	char names[40][64], title[160];
	const char *label[40];
	double v[40];
	enum chart_tone tone[40];
	size_t n = 0;

	for (size_t i = 0; i < cp->nmetrics && n < 40; i++) {
		const struct psr_compare_metric *m = &cp->metrics[i];
		if (m->verdict == PSR_CMP_NA)
			continue;
		/* the verdict beside the bar and its colour: a difference
		 * that decides nothing is pale, whatever its size */
		snprintf(names[n], sizeof names[n], "%s (%s%s)", m->def->label,
			 psr_compare_verdict_name(m->verdict),
			 m->gated ? "" : ", not gated");
		label[n] = names[n];
		tone[n] = bar_tone(m->verdict, m->gated);
		v[n++] = isfinite(m->rel) ? m->rel : NAN;
		if (m->growth_verdict == PSR_CMP_NA || n == 40)
			continue;
		snprintf(names[n], sizeof names[n], "%s growth/h (%s%s)",
			 m->def->label,
			 psr_compare_verdict_name(m->growth_verdict),
			 m->gated ? "" : ", not gated");
		label[n] = names[n];
		tone[n] = bar_tone(m->growth_verdict, m->gated);
		v[n++] = isfinite(m->growth_rel) ? m->growth_rel : NAN;
	}
	if (!n)
		return fail(err, errlen, -ENOENT, "no metric");
	snprintf(title, sizeof title, "%.60s: new against baseline", cp->key);
	struct chart_hbar hb = {
		.title = title,
		.xlabel = "difference of means, relative to the baseline",
		.label = label, .v = v, .n = n, .higher_is_bad = 1,
		.tone = tone,
	};
	return chart_hbar(tg, &hb, err, errlen);
}

int compare_chart_draw(const struct psr_compare_proc *cp,
		       enum compare_chart which, const struct chart_target *tg,
		       char *err, size_t errlen)
{
	switch (which) {
	case COMPARE_CHART_CPU:
		return overlay(cp, "cpu_percent", "CPU", tg, err, errlen);
	case COMPARE_CHART_RSS:
		return overlay(cp, "rss_bytes", "memory (RSS)", tg, err, errlen);
	case COMPARE_CHART_CPU_DIST:
		return distribution(cp, "cpu_percent", "CPU distribution", tg,
				    err, errlen);
	case COMPARE_CHART_RSS_DIST:
		return distribution(cp, "rss_bytes", "RSS distribution", tg,
				    err, errlen);
	case COMPARE_CHART_DIFF:
		return differences(cp, tg, err, errlen);
	default:
		return fail(err, errlen, -EINVAL, "no such chart");
	}
}

/* dir/NAME into path; -ENAMETOOLONG when it does not fit. */
static int join(char *path, size_t len, const char *dir, long pid,
		const char *name, const char *chart, const char *ext)
{
	char file[512];

	if (chartfmt_file_name(file, sizeof file, pid, name, chart, ext) < 0 ||
	    (size_t)snprintf(path, len, "%s/%s", dir, file) >= len)
		return -ENAMETOOLONG;
	return 0;
}

int compare_charts(const struct psr_compare *c,
		   const struct chart_target *tmpl, const char *dir,
		   size_t *nfiles, char *err, size_t errlen)
{
	const char *ext = tmpl->kind == CHART_PNG ? "png" : "svg";
	struct outfile_set w = {0};
	char path[4096];
	int rc = 0;

	for (size_t i = 0; i < c->nprocs && !rc; i++) {
		const struct psr_compare_proc *cp = &c->procs[i];
		long pid = cp->ncur ? (long)cp->cur[0]->pid : -1;
		bool tree = cp->ncur && cp->cur[0]->tree;
		for (int k = 0; k < COMPARE_CHART_N && !rc; k++) {
			struct chart_target tg = *tmpl;
			char chart[48];
			/* a tree has its root's pid: "PID-NAME-tree-..." */
			snprintf(chart, sizeof chart, "%s%s", tree ? "tree-" : "",
				 chart_names[k]);
			if (join(path, sizeof path, dir, pid, cp->name, chart,
				 ext)) {
				rc = fail(err, errlen, -ENAMETOOLONG,
					  "file name too long");
				break;
			}
			tg.path = path;
			tg.set = &w;
			rc = compare_chart_draw(cp, (enum compare_chart)k, &tg,
						err, errlen);
			if (rc == -ENOENT)
				rc = 0;
		}
	}
	*nfiles = outfile_set_settle(&w, rc);
	return rc;
}

int compare_charts_pdf(const struct psr_compare_proc *cp, struct pdfdoc *doc,
		       struct pdfdoc_rect area, char *err, size_t errlen)
{
	static const enum compare_chart grid[4] = {
		COMPARE_CHART_CPU, COMPARE_CHART_RSS, COMPARE_CHART_RSS_DIST,
		COMPARE_CHART_DIFF,
	};

	for (int i = 0; i < 4; i++) {
		struct chart_target tg = {.kind = CHART_PDF, .doc = doc};
		int rc;
		tg.rect = pdfdoc_cell(area, 2, 2, i / 2, i % 2, 8);
		rc = compare_chart_draw(cp, grid[i], &tg, err, errlen);
		if (rc && rc != -ENOENT)
			return rc;
	}
	return 0;
}

/* ---- --runs -------------------------------------------------------- */

static int runs_chart(const struct runs_table *rt, size_t key,
		      const char *series, const struct chart_target *tg,
		      char *err, size_t errlen)
{
	const struct psr_result *r = rt->result;
	int idx = psr_series_find(series);
	size_t n = r->nruns;
	double *t = malloc((n ? n : 1) * 4 * sizeof *t);
	double *mean, *p95, *max;
	const struct psr_series_def *def;
	unsigned count;
	char title[160];
	size_t k = 0;
	int rc;

	if (!t)
		return fail(err, errlen, -ENOMEM, "out of memory");
	mean = t + n;
	p95 = t + 2 * n;
	max = t + 3 * n;
	def = &psr_series_table(&count)[idx];
	for (size_t i = 0; i < n; i++) {
		const struct psr_compare_cell *c =
			runs_table_cell(rt, key, (unsigned)idx, i);
		if (!c->n)
			continue;
		t[k] = r->runs[i].start_epoch;
		mean[k] = c->mean;
		p95[k] = c->p95;
		max[k++] = c->max;
	}
	if (!k) {
		free(t);
		return fail(err, errlen, -ENOENT, "no samples");
	}
	struct chart_series cs[3] = {
		/* markers: where mean, p95 and max coincide the lines do too */
		{"mean", t, mean, NULL, NULL, k, 1},
		{"p95", t, p95, NULL, NULL, k, 1},
		{"max", t, max, NULL, NULL, k, 1},
	};
	snprintf(title, sizeof title, "%.60s: %s per run", rt->keys[key],
		 def->label);
	struct chart_timeseries ts = {
		.title = title, .ylabel = def->label, .unit = vchart_unit(def->unit),
		.series = cs, .nseries = 3, .y_from_zero = 1,
	};
	rc = chart_timeseries(tg, &ts, err, errlen);
	free(t);
	return rc;
}

int runs_charts(const struct runs_table *rt, const struct chart_target *tmpl,
		const char *dir, size_t *nfiles, char *err, size_t errlen)
{
	static const char *const series[2] = {"cpu_percent", "rss_bytes"};
	static const char *const names[2] = {"runs-cpu", "runs-rss"};
	const char *ext = tmpl->kind == CHART_PNG ? "png" : "svg";
	struct outfile_set w = {0};
	char path[4096];
	int rc = 0;

	*nfiles = 0;
	for (size_t i = 0; i < rt->nkeys && !rc; i++)
		for (int s = 0; s < 2 && !rc; s++) {
			struct chart_target tg = *tmpl;
			/* the key's name: one file per key, numbered */
			char name[96];
			snprintf(name, sizeof name, "%zu-%.64s", i + 1,
				 rt->keys[i]);
			if (join(path, sizeof path, dir, -1, name, names[s],
				  ext)) {
				rc = fail(err, errlen, -ENAMETOOLONG,
					  "file name too long");
				break;
			}
			tg.path = path;
			tg.set = &w;
			rc = runs_chart(rt, i, series[s], &tg, err, errlen);
			if (rc == -ENOENT)
				rc = 0;
		}
	*nfiles = outfile_set_settle(&w, rc);
	return rc;
}

/* ---- PDF and the visual options ------------------------------------ */

static enum pdfdoc_tone tone_of(enum psr_cmp_verdict v)
{
	return v == PSR_CMP_WORSE ? PDFDOC_BAD
	       : v == PSR_CMP_BETTER ? PDFDOC_OK
	       : v == PSR_CMP_INCONCLUSIVE ? PDFDOC_WARN : PDFDOC_PLAIN;
}

static void side_text(char *buf, size_t len, const char *label,
		      const struct psr_result *r)
{
	size_t at = (size_t)snprintf(buf, len, "%s:", label);

	for (size_t i = 0; i < r->nruns && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s %s (%s)",
				       i ? "," : "",
				       r->runs[i].npaths ? r->runs[i].paths[0]
							 : "-",
				       r->runs[i].header.hostname);
}

static int first_page(struct pdfdoc *d, const struct psr_compare *c)
{
	struct pdfdoc_rect b = pdfdoc_body(d);
	double y = b.y + b.h - 20;
	char line[2048];
	size_t n = c->nprocs;
	const char *head[4] = {"process", "verdict", "worse", "better"};
	const double width[4] = {b.w - 210, 90, 60, 60};
	const char align[4] = {'l', 'l', 'r', 'r'};
	char (*num)[2][16] = calloc(n ? n : 1, sizeof *num);
	const char **cells = calloc((n ? n : 1) * 4, sizeof *cells);
	enum pdfdoc_tone *tone = calloc(n ? n : 1, sizeof *tone);
	int rc = -ENOMEM;

	if (!num || !cells || !tone)
		goto out;
	pdfdoc_bookmark(d, 0, "Comparison");
	pdfdoc_text(d, b.x, y, PDFDOC_TITLE, 'l', PDFDOC_PLAIN,
		    "Comparison: new against baseline");
	y -= 24;
	side_text(line, sizeof line, "baseline", c->base);
	pdfdoc_paragraph(d, b.x, &y, b.w, PDFDOC_BODY, 3, line);
	side_text(line, sizeof line, "new", c->cur);
	pdfdoc_paragraph(d, b.x, &y, b.w, PDFDOC_BODY, 3, line);
	snprintf(line, sizeof line, "%zu worse, %zu better over %zu matched "
		 "process%s, %zu unmatched; matched by %s, practical "
		 "difference %g%%, p < %g on block means", c->worse,
		 c->better, n, n == 1 ? "" : "es", c->nunmatched,
		 psr_compare_match_name(c->opts.match), c->opts.threshold_pct,
		 c->opts.alpha);
	pdfdoc_paragraph(d, b.x, &y, b.w, PDFDOC_BODY, 3, line);
	y -= 10;
	for (size_t i = 0; i < n; i++) {
		const struct psr_compare_proc *cp = &c->procs[i];
		snprintf(num[i][0], 16, "%zu", cp->worse);
		snprintf(num[i][1], 16, "%zu", cp->better);
		cells[4 * i] = cp->key;
		cells[4 * i + 1] = psr_compare_verdict_name(cp->worst);
		cells[4 * i + 2] = num[i][0];
		cells[4 * i + 3] = num[i][1];
		tone[i] = tone_of(cp->worst);
	}
	struct pdfdoc_table t = {4, n, head, cells, width, align, tone, 1};
	rc = n ? pdfdoc_table(d, b.x, &y, &t) : 0;
out:
	free(num);
	free(cells);
	free(tone);
	return rc;
}

/* The metrics of one process as a table, one row per metric and trend. */
/* "worse", "worse, not gated", "inconclusive (n=6+7, +-12 MiB)". */
static void verdict_cell(char *buf, size_t len,
			 const struct psr_compare_metric *m)
{
	const char *v = psr_compare_verdict_name(m->verdict);

	if (m->verdict == PSR_CMP_INCONCLUSIVE) {
		char d[24] = "?";
		if (isfinite(m->detectable))
			chartfmt_value(m->detectable, vchart_unit(m->def->unit),
				       d, sizeof d);
		snprintf(buf, len, "%s (n=%zu+%zu, ±%s)", v, m->base.blocks,
			 m->cur.blocks, d);
	} else if (!m->gated && (m->verdict == PSR_CMP_WORSE ||
				 m->verdict == PSR_CMP_BETTER)) {
		snprintf(buf, len, "%s, not gated", v);
	} else {
		snprintf(buf, len, "%s", v);
	}
}

static int metric_table(struct pdfdoc *d, const struct psr_compare_proc *cp)
{
	enum { COLS = 8 };
	struct pdfdoc_rect b = pdfdoc_body(d);
	double y = b.y + b.h - 20;
	size_t n = 0;
	const char *head[COLS] = {"metric", "baseline mean", "new mean",
				  "difference", "p95 base / new", "Cliff's delta",
				  "p", "verdict"};
	const char align[COLS] = {'l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'};
	char (*txt)[COLS][48] = calloc(2 * cp->nmetrics + 1, sizeof *txt);
	const char **cells = calloc((2 * cp->nmetrics + 1) * COLS,
				    sizeof *cells);
	enum pdfdoc_tone *tone = calloc(2 * cp->nmetrics + 1, sizeof *tone);
	int rc = -ENOMEM;

	if (!txt || !cells || !tone)
		goto out;
	for (size_t i = 0; i < cp->nmetrics; i++) {
		const struct psr_compare_metric *m = &cp->metrics[i];
		enum chart_unit u = vchart_unit(m->def->unit);
		char a[20], bb[20];
		snprintf(txt[n][0], 48, "%s", m->def->label);
		chartfmt_value(m->base.mean, u, txt[n][1], 48);
		chartfmt_value(m->cur.mean, u, txt[n][2], 48);
		if (isfinite(m->rel))
			snprintf(txt[n][3], 48, "%+.1f%%", m->rel * 100);
		else
			snprintf(txt[n][3], 48, "%s", m->diff > 0 ? "+inf"
						      : "-");
		chartfmt_value(m->base.p95, u, a, sizeof a);
		chartfmt_value(m->cur.p95, u, bb, sizeof bb);
		snprintf(txt[n][4], 48, "%s / %s", a, bb);
		snprintf(txt[n][5], 48, "%+.2f", m->cliff_delta);
		snprintf(txt[n][6], 48, "%.3g", m->p);
		verdict_cell(txt[n][7], 48, m);
		tone[n++] = m->gated || m->verdict == PSR_CMP_INCONCLUSIVE
				    ? tone_of(m->verdict) : PDFDOC_PLAIN;
		if (m->growth_verdict == PSR_CMP_NA)
			continue;
		snprintf(txt[n][0], 48, "%s growth/h", m->def->label);
		chartfmt_value(m->base.growth_per_h, u, txt[n][1], 48);
		chartfmt_value(m->cur.growth_per_h, u, txt[n][2], 48);
		if (isfinite(m->growth_rel))
			snprintf(txt[n][3], 48, "%+.1f%%", m->growth_rel * 100);
		snprintf(txt[n][6], 48, "%.3g", m->growth_p);
		snprintf(txt[n][7], 48, "%s%s%s",
			 psr_compare_verdict_name(m->growth_verdict),
			 m->leak_change ? ", " : "",
			 psr_compare_leak_change_name(m->leak_change));
		tone[n++] = m->gated ? tone_of(m->growth_verdict)
				     : PDFDOC_PLAIN;
	}
	for (size_t r = 0; r < n; r++)
		for (int k = 0; k < COLS; k++)
			cells[r * COLS + (size_t)k] = txt[r][k];
	pdfdoc_text(d, b.x, y, PDFDOC_HEADING, 'l', PDFDOC_PLAIN,
		    "Metrics");
	y -= 12;
	/* the verdict column takes what the figures leave */
	double width[COLS] = {120, 85, 85, 70, 120, 70, 55, 0};
	width[7] = b.w - 605;
	struct pdfdoc_table t = {COLS, n, head, cells, width, align, tone, 7};
	rc = pdfdoc_table(d, b.x, &y, &t);
out:
	free(txt);
	free(cells);
	free(tone);
	return rc;
}

static int proc_pages(struct pdfdoc *d, const struct psr_compare_proc *cp,
		      char *err, size_t errlen)
{
	struct pdfdoc_rect b;
	char title[300];
	int rc;

	pdfdoc_add_page(d);
	b = pdfdoc_body(d);
	snprintf(title, sizeof title, "%.200s: %s", cp->key,
		 psr_compare_verdict_name(cp->worst));
	pdfdoc_bookmark(d, 0, title);
	pdfdoc_text(d, b.x, b.y + b.h - 12, PDFDOC_HEADING, 'l',
		    tone_of(cp->worst), title);
	b.h -= 24;
	if ((rc = compare_charts_pdf(cp, d, b, err, errlen)))
		return rc;
	pdfdoc_add_page(d);
	if ((rc = metric_table(d, cp)))
		return fail(err, errlen, rc, "cannot draw the metric table");
	return 0;
}

static int new_doc(struct pdfdoc **d, const struct compare_visual *v,
		   const char *title, char *err, size_t errlen)
{
	struct pdfdoc_opts o = {.paper = v->paper, .theme = v->theme,
				.title = title, .creator = "psreport"};

	return pdfdoc_new(d, &o, err, errlen);
}

static int compare_pdf(const struct psr_compare *c,
		       const struct compare_visual *v, char *err,
		       size_t errlen)
{
	struct pdfdoc *d;
	int rc = new_doc(&d, v, "psreport: comparison", err, errlen);

	if (rc)
		return rc;
	pdfdoc_add_page(d);
	if ((rc = first_page(d, c))) {
		fail(err, errlen, rc, "cannot draw the first page");
		goto out;
	}
	for (size_t i = 0; i < c->nprocs && !rc; i++)
		rc = proc_pages(d, &c->procs[i], err, errlen);
	if (!rc)
		rc = pdfdoc_save(d, v->pdf, v->force, err, errlen);
out:
	pdfdoc_free(d);
	return rc;
}

/* The output directory of --svg or --png: made when missing (and
 * removed again by undo_dir if nothing could be written). */
static int ensure_dir(const char *opt, const char *dir, bool *made,
		      char *err, size_t errlen)
{
	struct stat sb;

	*made = false;
	if (stat(dir, &sb) != 0) {
		int rc = outfile_mkdir(dir);
		if (rc) {
			snprintf(err, errlen, "%s: cannot create directory "
				 "'%s': %s", opt, dir, strerror(-rc));
			return rc;
		}
		*made = true;
	} else if (!S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, "%s: '%s' is not a directory", opt, dir);
		return -ENOTDIR;
	}
	return 0;
}

/* Charts of a comparison (c) or of runs (r) into the directory of one
 * option; the directory goes again if this made it and failed. */
static int chart_files(const struct psr_compare *c,
		       const struct runs_table *rt,
		       const struct compare_visual *v, enum chart_kind kind,
		       char *err, size_t errlen)
{
	const char *dir = kind == CHART_SVG ? v->svg : v->png;
	struct chart_target t = {.kind = kind, .theme = v->theme,
				 .force = v->force, .dpi = v->dpi,
				 .transparent = v->transparent};
	bool made;
	size_t n;
	int rc = ensure_dir(kind == CHART_SVG ? "--svg" : "--png", dir, &made,
			    err, errlen);

	if (rc)
		return rc;
	rc = c ? compare_charts(c, &t, dir, &n, err, errlen)
	       : runs_charts(rt, &t, dir, &n, err, errlen);
	if (made)
		outfile_dir_settle(dir, rc);
	return rc;
}

int compare_visual_write(const struct psr_compare *c,
			 const struct compare_visual *v, char *err,
			 size_t errlen)
{
	int rc = 0;

	if (v->svg)
		rc = chart_files(c, NULL, v, CHART_SVG, err, errlen);
	if (!rc && v->png)
		rc = chart_files(c, NULL, v, CHART_PNG, err, errlen);
	if (!rc && v->pdf)
		rc = compare_pdf(c, v, err, errlen);
	return rc;
}

static int runs_pdf(const struct runs_table *rt,
		    const struct compare_visual *v, char *err, size_t errlen)
{
	static const char *const series[2] = {"cpu_percent", "rss_bytes"};
	struct pdfdoc *d;
	int rc = new_doc(&d, v, "psreport: runs", err, errlen);

	if (rc)
		return rc;
	for (size_t i = 0; i < rt->nkeys && !rc; i++) {
		pdfdoc_add_page(d);
		struct pdfdoc_rect b = pdfdoc_body(d);
		pdfdoc_bookmark(d, 0, rt->keys[i]);
		pdfdoc_text(d, b.x, b.y + b.h - 12, PDFDOC_HEADING, 'l',
			    PDFDOC_PLAIN, rt->keys[i]);
		b.h -= 24;
		for (int s = 0; s < 2 && !rc; s++) {
			struct chart_target tg = {.kind = CHART_PDF, .doc = d};
			tg.rect = pdfdoc_cell(b, 2, 1, s, 0, 8);
			rc = runs_chart(rt, i, series[s], &tg, err, errlen);
			if (rc == -ENOENT)
				rc = 0;
		}
	}
	if (!rc)
		rc = pdfdoc_save(d, v->pdf, v->force, err, errlen);
	pdfdoc_free(d);
	return rc;
}

int runs_visual_write(const struct runs_table *rt,
		      const struct compare_visual *v, char *err,
		      size_t errlen)
{
	int rc = 0;

	if (v->svg)
		rc = chart_files(NULL, rt, v, CHART_SVG, err, errlen);
	if (!rc && v->png)
		rc = chart_files(NULL, rt, v, CHART_PNG, err, errlen);
	if (!rc && v->pdf)
		rc = runs_pdf(rt, v, err, errlen);
	return rc;
}
