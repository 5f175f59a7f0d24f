/* fleetvis.c - psreport --fleet's PDF, SVG and PNG (fleetvis.h): the
 * tables of the text output laid out with pdfdoc.h, and a time series
 * chart (chart.h) per metric with a line per host. */
#define _GNU_SOURCE
#include "fleetvis.h"

#include "chart.h"
#include "fmt.h"
#include "outfile.h"
#include "vchart.h"
#include "psr_config.h"
#include "visual.h"

#include <psr/series.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int fail(char *err, size_t errlen, int rc, const char *what)
{
	snprintf(err, errlen, "%s", what);
	return rc;
}

void fleetvis_short_name(unsigned series, char *buf, size_t len)
{
	static const char *const suffix[] = {"_percent", "_bytes", "_per_s"};
	unsigned count;
	const char *name = psr_series_table(&count)[series].name;
	size_t n = strlen(name);

	for (size_t k = 0; k < sizeof suffix / sizeof *suffix; k++) {
		size_t s = strlen(suffix[k]);
		if (n > s && !strcmp(name + n - s, suffix[k])) {
			n -= s;
			break;
		}
	}
	snprintf(buf, len, "%.*s", (int)n, name);
}

static const struct psr_series_def *def_of(unsigned series)
{
	unsigned count;

	return &psr_series_table(&count)[series];
}

/* "2026-11-24 10:00:00 UTC" in local time. */
static void when(char *buf, size_t len, double epoch)
{
	time_t t = (time_t)floor(epoch);
	struct tm tm;

	if (!isfinite(epoch) || !localtime_r(&t, &tm) ||
	    !strftime(buf, len, "%Y-%m-%d %H:%M:%S %Z", &tm))
		snprintf(buf, len, "–");
}

/* The chart file of metric name in dir; -ENAMETOOLONG. */
static int file_path(char *path, size_t len, const char *dir,
		     const char *name, const char *ext)
{
	char file[512];

	if (chartfmt_file_name(file, sizeof file, -1, "fleet", name, ext) < 0 ||
	    (size_t)snprintf(path, len, "%s/%s", dir, file) >= len)
		return -ENAMETOOLONG;
	return 0;
}

int fleetvis_check(const struct visual_opts *v, const unsigned *metrics,
		   size_t nmetrics, char *err, size_t errlen)
{
	const char *dirs[2] = {v->svg, v->png}, *ext[2] = {"svg", "png"};
	const char *opt[2] = {"--svg", "--png"};
	char path[4096], name[64], why[4200];
	int rc;

	if (v->pdf && (rc = outfile_check(v->pdf, v->force, why,
					  sizeof why)) < 0) {
		snprintf(err, errlen, "--pdf: %s", why);
		return rc;
	}
	for (int k = 0; k < 2; k++)
		for (size_t m = 0; dirs[k] && m < nmetrics; m++) {
			fleetvis_short_name(metrics[m], name, sizeof name);
			if (file_path(path, sizeof path, dirs[k], name, ext[k]))
				continue; /* fleetvis_write says so */
			if ((rc = outfile_check(path, v->force, why,
						sizeof why)) < 0) {
				snprintf(err, errlen, "%s: %s", opt[k], why);
				return rc;
			}
		}
	return 0;
}

/* ---- the charts ---------------------------------------------------- */

/* "CPU per host: the total of its processes (8 of 200 hosts)" */
static void chart_title(const struct fleetvis_metric *m, char *buf,
			size_t len)
{
	const struct psr_series_def *d = def_of(m->series);

	if (m->nlines < m->nhosts)
		snprintf(buf, len, "%s per host, the sum of its processes "
			 "(the %zu highest of %zu hosts)", d->label, m->nlines,
			 m->nhosts);
	else
		snprintf(buf, len, "%s per host, the sum of its processes",
			 d->label);
}

static int draw(const struct fleetvis_metric *m, const struct chart_target *tg,
		char *err, size_t errlen)
{
	const struct psr_series_def *d = def_of(m->series);
	struct chart_series cs[FLEETVIS_LINES];
	char title[256];

	if (!m->nlines)
		return fail(err, errlen, -ENOENT, "no samples");
	for (size_t i = 0; i < m->nlines; i++)
		cs[i] = (struct chart_series){m->lines[i].host, m->lines[i].t,
					      m->lines[i].v, NULL, NULL,
					      m->lines[i].n, 0};
	chart_title(m, title, sizeof title);
	struct chart_timeseries ts = {
		.title = title, .ylabel = d->label, .unit = vchart_unit(d->unit),
		.series = cs, .nseries = m->nlines, .t_start = m->t0,
		.t_end = m->t1, .y_from_zero = 1,
	};
	return chart_timeseries(tg, &ts, err, errlen);
}

/* The charts as files in the directory of --svg or --png (made when
 * missing, and removed again when this fails). */
static int chart_files(const struct fleetvis *f, const struct visual_opts *v,
		       enum chart_kind kind, struct outfile_set *w, char *err,
		       size_t errlen)
{
	const char *dir = kind == CHART_SVG ? v->svg : v->png;
	const char *opt = kind == CHART_SVG ? "--svg" : "--png";
	const char *ext = kind == CHART_SVG ? "svg" : "png";
	char path[4096], msg[1024];
	bool made = false;
	struct stat sb;
	int rc = 0;

	if (stat(dir, &sb) != 0) {
		if ((rc = outfile_mkdir(dir)) != 0) {
			snprintf(err, errlen, "%s: cannot create directory "
				 "'%s': %s", opt, dir, strerror(-rc));
			return rc;
		}
		made = true;
	} else if (!S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, "%s: '%s' is not a directory", opt, dir);
		return -ENOTDIR;
	}
	for (size_t m = 0; m < f->nmetrics && !rc; m++) {
		struct chart_target tg = {.kind = kind, .theme = v->theme,
					  .path = path, .force = v->force,
					  .dpi = v->dpi,
					  .transparent = v->transparent,
					  .set = w};
		if (file_path(path, sizeof path, dir, f->metrics[m].name,
			      ext)) {
			rc = fail(msg, sizeof msg, -ENAMETOOLONG,
				  "file name too long");
			break;
		}
		rc = draw(&f->metrics[m], &tg, msg, sizeof msg);
		if (rc == -ENOENT)
			rc = 0; /* no host has this metric: no file */
	}
	if (rc) {
		snprintf(err, errlen, "%s: %s", opt, msg);
		outfile_set_settle(w, rc);
	}
	if (made)
		outfile_dir_settle(dir, rc);
	return rc;
}

/* ---- the PDF ------------------------------------------------------- */

struct page {
	struct pdfdoc *d;
	struct pdfdoc_rect b;
	double y;
};

/* Room for h points below y, or a new page. */
static int room(struct page *p, double h)
{
	if (p->y - h >= p->b.y)
		return 0;
	if (pdfdoc_add_page(p->d) < 0)
		return -EIO;
	p->b = pdfdoc_body(p->d);
	p->y = p->b.y + p->b.h;
	return 0;
}

static int heading(struct page *p, const char *text)
{
	/* a heading and its table's head and first rows together */
	if (room(p, 24 + 3 * 14))
		return -EIO;
	p->y -= 16;
	if (pdfdoc_bookmark(p->d, 0, text) < 0 ||
	    pdfdoc_text(p->d, p->b.x, p->y, PDFDOC_HEADING, 'l', PDFDOC_PLAIN,
			text))
		return -EIO;
	p->y -= 6;
	return 0;
}

static enum pdfdoc_tone tone_of(unsigned leak, unsigned possible)
{
	return leak ? PDFDOC_BAD : possible ? PDFDOC_WARN : PDFDOC_PLAIN;
}

static void pct(char *buf, size_t n, double v)
{
	if (isfinite(v))
		snprintf(buf, n, "%.1f%%", v);
	else
		snprintf(buf, n, "-");
}

enum { CC = 10, HC = 8, CELL = 40 };

/* A table's cells: the name column points at the caller's strings, the
 * others at text formatted here, CELL bytes each. */
struct grid {
	int ncols;
	size_t n;
	char (*txt)[CELL]; /* n * ncols */
	const char **cells;
	enum pdfdoc_tone *tone;
};

static int grid_new(struct grid *g, size_t n, int ncols)
{
	size_t rows = n ? n : 1;

	g->ncols = ncols;
	g->n = n;
	g->txt = calloc(rows * (size_t)ncols, sizeof *g->txt);
	g->cells = calloc(rows * (size_t)ncols, sizeof *g->cells);
	g->tone = calloc(rows, sizeof *g->tone);
	if (g->txt && g->cells && g->tone)
		return 0;
	free(g->txt);
	free(g->cells);
	free(g->tone);
	return -ENOMEM;
}

/* Cell k of row i, for formatting into (CELL bytes). */
static char *grid_cell(struct grid *g, size_t i, int k)
{
	size_t at = i * (size_t)g->ncols + (size_t)k;

	g->cells[at] = g->txt[at];
	return g->txt[at];
}

/* Under its heading; the first column takes the width the others leave.
 * Frees the grid. */
static int grid_draw(struct page *p, struct grid *g, const char *title,
		     const char *const *head, const char *align, double *width)
{
	int rc;

	width[0] = p->b.w;
	for (int k = 1; k < g->ncols; k++)
		width[0] -= width[k];
	struct pdfdoc_table t = {g->ncols, g->n,  head, g->cells,
				 width,    align, g->tone, 0};
	rc = (rc = heading(p, title)) ? rc
	     : pdfdoc_table(p->d, p->b.x, &p->y, &t);
	free(g->txt);
	free(g->cells);
	free(g->tone);
	return rc;
}

static int cmd_table(struct page *p, const struct fleetvis *f)
{
	static const char *const head[CC] = {
		"command", "hosts", "processes", "samples", "CPU avg",
		"CPU p95", "RSS max", "growth/h max", "leak", "possible"};
	static const char align[CC] = {'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r',
				       'r', 'r'};
	double width[CC] = {0, 50, 65, 75, 65, 65, 75, 85, 45, 60};
	struct grid g;

	if (grid_new(&g, f->ncmds, CC))
		return -ENOMEM;
	for (size_t i = 0; i < f->ncmds; i++) {
		const struct fleetvis_cmd *c = &f->cmds[i];
		g.cells[i * CC] = c->name;
		snprintf(grid_cell(&g, i, 1), CELL, "%zu", c->hosts);
		snprintf(grid_cell(&g, i, 2), CELL, "%llu",
			 (unsigned long long)c->procs);
		snprintf(grid_cell(&g, i, 3), CELL, "%llu",
			 (unsigned long long)c->samples);
		pct(grid_cell(&g, i, 4), CELL, c->cpu_mean);
		pct(grid_cell(&g, i, 5), CELL, c->cpu_p95);
		fmt_bytes(grid_cell(&g, i, 6), CELL, c->rss_max);
		fmt_bytes(grid_cell(&g, i, 7), CELL, c->growth_max);
		snprintf(grid_cell(&g, i, 8), CELL, "%u", c->leak);
		snprintf(grid_cell(&g, i, 9), CELL, "%u", c->possible);
		g.tone[i] = tone_of(c->leak, c->possible);
	}
	return grid_draw(p, &g, "Per command, across hosts", head, align,
			 width);
}

static int host_table(struct page *p, const struct fleetvis *f)
{
	static const char *const head[HC] = {
		"host", "logs", "processes", "samples", "CPU seconds",
		"RSS max", "leak", "possible"};
	static const char align[HC] = {'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'};
	double width[HC] = {0, 50, 65, 75, 85, 75, 45, 60};
	struct grid g;

	if (grid_new(&g, f->nhosts, HC))
		return -ENOMEM;
	for (size_t i = 0; i < f->nhosts; i++) {
		const struct fleetvis_host *h = &f->hosts[i];
		g.cells[i * HC] = h->name;
		snprintf(grid_cell(&g, i, 1), CELL, "%llu",
			 (unsigned long long)h->logs);
		snprintf(grid_cell(&g, i, 2), CELL, "%llu",
			 (unsigned long long)h->procs);
		snprintf(grid_cell(&g, i, 3), CELL, "%llu",
			 (unsigned long long)h->samples);
		snprintf(grid_cell(&g, i, 4), CELL, "%.1f", h->cpu_s);
		fmt_bytes(grid_cell(&g, i, 5), CELL, h->rss_max);
		snprintf(grid_cell(&g, i, 6), CELL, "%u", h->leak);
		snprintf(grid_cell(&g, i, 7), CELL, "%u", h->possible);
		g.tone[i] = tone_of(h->leak, h->possible);
	}
	return grid_draw(p, &g, "Per host", head, align, width);
}

/* Each log with a problem: its path and the reason, wrapped. */
static int problems(struct page *p, const struct fleetvis *f)
{
	char line[2048];
	int rc;

	if (!f->nbad)
		return 0;
	double lh = pdfdoc_line_height(PDFDOC_BODY);

	if ((rc = heading(p, "Logs with problems")))
		return rc;
	p->y -= lh;
	for (size_t i = 0; i < f->nbad; i++) {
		if (p->y - 2 * lh < p->b.y) {
			if (room(p, 3 * lh))
				return -EIO;
			p->y -= lh;
		}
		snprintf(line, sizeof line, "%s: %s", f->bad[i].path,
			 f->bad[i].why);
		if (pdfdoc_paragraph(p->d, p->b.x, &p->y, p->b.w, PDFDOC_BODY,
				     3, line))
			return -EIO;
		p->y -= 3;
	}
	return 0;
}


static int first_page(struct page *p, const struct fleetvis *f)
{
	char line[1024], a[64], b[64];
	int rc;

	if (pdfdoc_add_page(p->d) < 0)
		return -EIO;
	p->b = pdfdoc_body(p->d);
	p->y = p->b.y + p->b.h - 18;
	snprintf(line, sizeof line, "psreport: a fleet of %zu host%s",
		 f->nhosts, f->nhosts == 1 ? "" : "s");
	if (pdfdoc_bookmark(p->d, 0, "Fleet") < 0 ||
	    pdfdoc_text(p->d, p->b.x, p->y, PDFDOC_TITLE, 'l', PDFDOC_PLAIN,
			line))
		return -EIO;
	p->y -= 24;
	snprintf(line, sizeof line, "%llu log%s read, %zu with problems, %zu "
		 "host%s, %zu command%s, %llu process-samples.",
		 (unsigned long long)f->logs_read, f->logs_read == 1 ? "" : "s",
		 f->nbad, f->nhosts, f->nhosts == 1 ? "" : "s", f->ncmds,
		 f->ncmds == 1 ? "" : "s", (unsigned long long)f->samples);
	if (pdfdoc_paragraph(p->d, p->b.x, &p->y, p->b.w, PDFDOC_BODY, 2, line))
		return -EIO;
	if (f->first <= f->last) {
		when(a, sizeof a, f->first);
		when(b, sizeof b, f->last);
		snprintf(line, sizeof line, "Samples from %s to %s.", a, b);
		if (pdfdoc_paragraph(p->d, p->b.x, &p->y, p->b.w, PDFDOC_BODY,
				     2, line))
			return -EIO;
	}
	snprintf(line, sizeof line, "CPU avg is time-weighted, CPU p95 is of "
		 "every CPU sample of the command; growth/h max is the largest "
		 "RSS growth per hour of its processes; leak and possible count "
		 "processes with those verdicts.");
	if (pdfdoc_paragraph(p->d, p->b.x, &p->y, p->b.w, PDFDOC_SMALL, 2,
			     line))
		return -EIO;
	p->y -= 4;
	if ((rc = cmd_table(p, f)) || (rc = host_table(p, f)) ||
	    (rc = problems(p, f)))
		return rc;
	return 0;
}

/* A page per metric: what the lines are, the chart, the hosts drawn. */
static int metric_page(struct page *p, const struct fleetvis_metric *m,
		       char *err, size_t errlen)
{
	enum { MC = 5 };
	static const char *const head[MC] = {"host", "mean", "peak",
					     "peak at", "recorded"};
	static const char align[MC] = {'l', 'r', 'r', 'r', 'r'};
	const struct psr_series_def *d = def_of(m->series);
	enum chart_unit u = vchart_unit(d->unit);
	char line[1024], w[64], txt[FLEETVIS_LINES][MC - 1][64];
	const char *cells[FLEETVIS_LINES * MC];
	double width[MC] = {0, 90, 90, 170, 90};
	int rc;

	if (pdfdoc_add_page(p->d) < 0)
		return fail(err, errlen, -EIO, pdfdoc_errmsg(p->d));
	p->b = pdfdoc_body(p->d);
	p->y = p->b.y + p->b.h - 14;
	snprintf(line, sizeof line, "%s (%s) per host", d->label, m->name);
	if (pdfdoc_bookmark(p->d, 0, line) < 0 ||
	    pdfdoc_text(p->d, p->b.x, p->y, PDFDOC_HEADING, 'l', PDFDOC_PLAIN,
			line))
		return fail(err, errlen, -EIO, pdfdoc_errmsg(p->d));
	p->y -= 16;
	if (!m->nhosts) {
		snprintf(line, sizeof line, "No host has a value of %s in the "
			 "logs read.", m->name);
		return pdfdoc_paragraph(p->d, p->b.x, &p->y, p->b.w,
					PDFDOC_BODY, 2, line)
			       ? fail(err, errlen, -EIO, pdfdoc_errmsg(p->d))
			       : 0;
	}
	chartfmt_duration(m->width, w, sizeof w);
	if (m->nlines < m->nhosts)
		snprintf(line, sizeof line, "One line per host: the sum of %s "
			 "over the processes recorded on it, averaged over time "
			 "buckets of %s (wall clock). %zu hosts have it; the %zu "
			 "with the highest bucket are drawn, the other %zu are "
			 "not (see the per-host table).", m->name, w, m->nhosts,
			 m->nlines, m->nhosts - m->nlines);
	else
		snprintf(line, sizeof line, "One line per host: the sum of %s "
			 "over the processes recorded on it, averaged over time "
			 "buckets of %s (wall clock). All %zu host%s drawn.",
			 m->name, w, m->nhosts,
			 m->nhosts == 1 ? " is" : "s are");
	if (pdfdoc_paragraph(p->d, p->b.x, &p->y, p->b.w, PDFDOC_BODY, 3,
			     line))
		return fail(err, errlen, -EIO, pdfdoc_errmsg(p->d));
	/* the chart over what the table under it leaves */
	double table_h = 14.0 * (double)(m->nlines + 1) + 8;
	struct chart_target tg = {.kind = CHART_PDF, .doc = p->d};
	tg.rect = (struct pdfdoc_rect){p->b.x, p->b.y + table_h, p->b.w,
				       p->y - 4 - (p->b.y + table_h)};
	if ((rc = draw(m, &tg, err, errlen)))
		return rc;
	p->y = p->b.y + table_h;
	width[0] = p->b.w;
	for (int k = 1; k < MC; k++)
		width[0] -= width[k];
	for (size_t i = 0; i < m->nlines; i++) {
		const struct fleetvis_line *l = &m->lines[i];
		chartfmt_value(l->mean, u, txt[i][0], 64);
		chartfmt_value(l->peak, u, txt[i][1], 64);
		when(txt[i][2], 64, l->peak_t);
		chartfmt_duration(l->seconds, txt[i][3], 64);
		cells[i * MC] = l->host;
		for (int k = 1; k < MC; k++)
			cells[i * MC + (size_t)k] = txt[i][k - 1];
	}
	struct pdfdoc_table t = {MC, m->nlines, head, cells, width, align,
				 NULL, 0};
	if (pdfdoc_table(p->d, p->b.x, &p->y, &t))
		return fail(err, errlen, -EIO, pdfdoc_errmsg(p->d));
	return 0;
}

static int write_pdf(const struct fleetvis *f, const struct visual_opts *v,
		     char *err, size_t errlen)
{
	char footer[256], a[64], b[64];
	struct page p = {0};
	int rc;

	when(a, sizeof a, f->first);
	when(b, sizeof b, f->last);
	if (f->first <= f->last)
		snprintf(footer, sizeof footer, "fleet of %zu host%s · %s – %s",
			 f->nhosts, f->nhosts == 1 ? "" : "s", a, b);
	else
		snprintf(footer, sizeof footer, "fleet of %zu host%s",
			 f->nhosts, f->nhosts == 1 ? "" : "s");
	struct pdfdoc_opts o = {.paper = v->paper, .theme = v->theme,
				.title = "psreport: fleet",
				.creator = "psreport " PSR_VERSION,
				.footer = footer};
	if ((rc = pdfdoc_new(&p.d, &o, err, errlen)) < 0)
		return rc;
	if ((rc = first_page(&p, f)) < 0) {
		snprintf(err, errlen, "cannot draw the tables: %s",
			 pdfdoc_errmsg(p.d));
		goto out;
	}
	for (size_t m = 0; m < f->nmetrics && !rc; m++)
		rc = metric_page(&p, &f->metrics[m], err, errlen);
	if (!rc)
		rc = pdfdoc_save(p.d, v->pdf, v->force, err, errlen);
out:
	pdfdoc_free(p.d);
	return rc;
}

int fleetvis_write(const struct fleetvis *f, const struct visual_opts *v,
		   char *err, size_t errlen)
{
	struct outfile_set w = {0};
	char msg[1024];
	int rc = 0;

	if (v->svg)
		rc = chart_files(f, v, CHART_SVG, &w, err, errlen);
	if (!rc && v->png)
		rc = chart_files(f, v, CHART_PNG, &w, err, errlen);
	if (!rc && v->pdf && (rc = write_pdf(f, v, msg, sizeof msg))) {
		snprintf(err, errlen, "--pdf: %s", msg);
	}
	outfile_set_settle(&w, rc); /* all outputs or none */
	return rc;
}
