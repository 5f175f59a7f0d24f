/* visual.c - the PDF report and the per-chart SVG and PNG files.
 *
 * The PDF (vpdf.c) lays the charts of vchart.c out on pages; --svg and
 * --png write the same charts one per file, all of a run or none. */
#define _GNU_SOURCE
#include "visual.h"

#include "cli.h"
#include "output.h"
#include "rank.h"
#include "vchart.h"
#include "voverview.h"
#include "vpdf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* ------------------------------------------------------------------ */
/* Options                                                             */

void visual_defaults(struct visual_opts *v)
{
	memset(v, 0, sizeof *v);
	v->dpi = 100;
	v->theme = THEME_LIGHT;
	v->paper = PDFDOC_A4;
}

bool visual_wanted(const struct visual_opts *v)
{
	return v->pdf || v->svg || v->png;
}

/* ------------------------------------------------------------------ */
/* SVG and PNG files                                                   */

struct files {
	const struct report_ctx *c;
	const struct visual_opts *v;
	enum chart_kind kind;
	const char *dir, *ext;
	struct outfile_set *written; /* this run's PDF and chart files */
	char *err;
	size_t errlen;
};

/* The file name stem of a process: its name, or "name-2", "name-3" for
 * a later process with the same pid and name (pid reuse, other runs). */
static void stem_of(const struct psr_result *res, size_t run, size_t k,
		    bool tree, char *buf, size_t len)
{
	if (k == (size_t)-1) { /* the host */
		snprintf(buf, len, "host");
		return;
	}
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
	bool host = i == (size_t)-1;
	const struct psr_proc_result *p = host ? r->system
					  : tree ? &r->trees[i] : &r->procs[i];
	char stem[300], chart[64], name[512];

	stem_of(f->c->result, run, i, tree, stem, sizeof stem);
	snprintf(chart, sizeof chart, "%s%s",
		 host ? "host-" : tree ? "tree-" : "", vcharts[k].file);
	if (chartfmt_file_name(name, sizeof name, p->pid, stem, chart,
			       f->ext) < 0 ||
	    (size_t)snprintf(path, len, "%s/%s", f->dir, name) >= len)
		return -1;
	return 0;
}

/* Refuse an existing file before drawing anything. */
static int check_free(struct files *f, const char *path)
{
	int rc = outfile_check(path, f->v->force, f->err, f->errlen);

	return rc < 0 ? rc : 0;
}

/* The run's processes on one chart each (voverview.h), first:
 * overview-cpu.svg, overview-rss.svg (run2-overview-cpu.svg... for later
 * runs). */
static int overview_files(struct files *f, size_t run, int draw)
{
	const struct psr_run_result *r = &f->c->result->runs[run];
	char path[4096], name[64];
	int rc = 0;

	for (int k = 0; k < VOVERVIEW_COUNT && !rc; k++) {
		if (voverviews[k].draw(f->c, r, NULL, f->err, f->errlen))
			continue;
		if (run)
			snprintf(name, sizeof name, "run%zu-%s", run + 1,
				 voverviews[k].file);
		else
			snprintf(name, sizeof name, "%s", voverviews[k].file);
		if ((size_t)snprintf(path, sizeof path, "%s/%s.%s", f->dir,
				     name, f->ext) >= sizeof path)
			return fail(f->err, f->errlen, "'%s': file name too "
				    "long", f->dir);
		if (!draw) {
			rc = check_free(f, path);
			continue;
		}
		struct chart_target tg = {
			.kind = f->kind, .theme = f->v->theme, .path = path,
			.force = f->v->force, .dpi = f->v->dpi,
			.transparent = f->v->transparent, .set = f->written};
		rc = voverviews[k].draw(f->c, r, &tg, f->err, f->errlen);
	}
	return rc;
}


/* Which processes and trees of r have charts: the PDF's (the top N of
 * --sort and --top and those with a verdict), and the top N trees;
 * charted[i] by index of procs then trees. */
static int charted_of(const struct report_ctx *c,
		      const struct psr_run_result *r, bool *charted)
{
	const struct psr_proc_result **rows = NULL;
	struct ranking k = {0}, t = {0};
	size_t n;
	int rc = -ENOMEM;

	if (rank_visual(r, c->rank, &k, &rows, &n) ||
	    rank_procs(r->trees, r->ntrees, c->rank, RANK_TOP_VISUAL, &t))
		goto out;
	for (size_t i = 0; i < n; i++)
		if (!rows[i]->tree)
			charted[rows[i] - r->procs] = true;
	for (size_t i = 0; i < t.nshown; i++)
		charted[r->nprocs + (size_t)(t.shown[i] - r->trees)] = true;
	rc = 0;
out:
	rank_release(&k);
	rank_release(&t);
	free(rows);
	return rc;
}

/* Every chart of every process and tree charted: check (draw 0) or
 * write (1). */
static int each_chart(struct files *f, int draw)
{
	const struct psr_result *res = f->c->result;
	char path[4096];
	int rc = 0;

	for (size_t run = 0; run < res->nruns && !rc; run++) {
		const struct psr_run_result *r = &res->runs[run];
		if ((rc = overview_files(f, run, draw)))
			break;
		size_t all = r->nprocs + r->ntrees + (r->system ? 1 : 0);
		bool *charted = calloc(all + 1, sizeof *charted);
		if (!charted || charted_of(f->c, r, charted)) {
			free(charted);
			snprintf(f->err, f->errlen, "out of memory");
			return -ENOMEM;
		}
		for (size_t i = 0; i < all && !rc; i++) {
			bool host = i == r->nprocs + r->ntrees;
			bool tree = i >= r->nprocs && !host;
			size_t j = host ? (size_t)-1 : tree ? i - r->nprocs : i;
			const struct psr_proc_result *p =
				host ? r->system
				     : tree ? &r->trees[j] : &r->procs[j];
			struct vchart_proc x;
			if (!host && !charted[i])
				continue;
			if ((rc = vchart_proc_init(&x, f->c, r, p))) {
				vchart_proc_release(&x);
				snprintf(f->err, f->errlen, "out of memory");
				break;
			}
			size_t nk = host ? VCHART_HOST
				    : tree ? VCHART_TREE : VC_PROC_COUNT;
			for (size_t m = 0; m < nk && !rc; m++) {
				int k = host ? vchart_host[m]
					: tree ? vchart_tree[m] : (int)m;
				if (vcharts[k].draw(&x, NULL, f->err,
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
					.transparent = f->v->transparent,
					.set = f->written};
				if ((rc = vcharts[k].draw(&x, &tg, f->err,
							 f->errlen)))
					break;
			}
			vchart_proc_release(&x);
		}
		free(charted);
	}
	return rc;
}

/* --svg FILE.svg, --png FILE.png: one figure of the first run instead of
 * a directory of files (an existing directory of that name stays one). */
bool visual_is_figure(const char *path, enum chart_kind kind)
{
	const char *ext = kind == CHART_SVG ? ".svg" : ".png";
	size_t n = path ? strlen(path) : 0;
	struct stat sb;

	return n > 4 && strcasecmp(path + n - 4, ext) == 0 &&
	       !(stat(path, &sb) == 0 && S_ISDIR(sb.st_mode));
}

/* What a figure holds: who used what for a run of several processes,
 * else the one process's CPU, memory and I/O; the host's CPU and memory
 * when recorded (at most 4 panels). */
struct panel {
	voverview_fn over;       /* or */
	int k;                   /* a vchart of x */
	const struct psr_proc_result *p;
};

static size_t figure_panels(const struct report_ctx *c,
			    const struct psr_run_result *r, struct panel *pn,
			    char *err, size_t errlen)
{
	size_t n = 0;

	for (int k = 0; k < VOVERVIEW_COUNT; k++)
		if (!voverviews[k].draw(c, r, NULL, err, errlen))
			pn[n++] = (struct panel){voverviews[k].draw, 0, NULL};
	if (!n && r->nprocs) {
		static const int one[] = {VC_CPU, VC_RSS, VC_IO_RATE};
		for (size_t i = 0; i < 3; i++)
			pn[n++] = (struct panel){NULL, one[i], &r->procs[0]};
	}
	if (r->system) {
		pn[n++] = (struct panel){NULL, VC_HOST_CPU, r->system};
		if (n < 4)
			pn[n++] = (struct panel){NULL, VC_HOST_MEM, r->system};
	}
	return n;
}

static int figure_panel(const struct report_ctx *c,
			const struct psr_run_result *r, const struct panel *pn,
			const struct chart_target *tg, char *err, size_t errlen)
{
	struct vchart_proc x;
	int rc;

	if (pn->over)
		return pn->over(c, r, tg, err, errlen);
	if ((rc = vchart_proc_init(&x, c, r, pn->p))) {
		vchart_proc_release(&x);
		snprintf(err, errlen, "out of memory");
		return rc;
	}
	if (pn->p == r->system)
		snprintf(x.who, sizeof x.who, "host %.150s", r->header.hostname);
	rc = vcharts[pn->k].draw(&x, tg, err, errlen);
	vchart_proc_release(&x);
	return rc;
}

static int write_figure(const struct report_ctx *c, const struct visual_opts *v,
			enum chart_kind kind, struct outfile_set *written,
			char *err, size_t errlen)
{
	const char *path = kind == CHART_SVG ? v->svg : v->png;
	const char *opt = kind == CHART_SVG ? "--svg" : "--png";
	struct panel pn[VOVERVIEW_COUNT + 4];
	size_t n = 0;
	int rc = 0;

	if (c->result->nruns)
		n = figure_panels(c, &c->result->runs[0], pn, err, errlen);
	if (!n) {
		snprintf(err, errlen, "%s: '%s': nothing to draw", opt, path);
		return -ENOENT;
	}
	struct chart_target tg = {.kind = kind, .theme = v->theme,
				  .path = path, .force = v->force,
				  .dpi = v->dpi, .transparent = v->transparent,
				  .width = 720, .height = 250.0 * (double)n,
				  .set = written};
	if ((rc = chart_figure_begin(&tg, n, err, errlen)) < 0)
		goto fail;
	for (size_t i = 0; i < n && rc >= 0; i++) {
		struct chart_target p = {.kind = CHART_PANEL, .panel = i};
		rc = figure_panel(c, &c->result->runs[0], &pn[i], &p, err,
				  errlen);
	}
	if (rc < 0) {
		char keep[1024];
		snprintf(keep, sizeof keep, "%s", err);
		chart_figure_end(0, err, errlen);
		snprintf(err, errlen, "%s", keep);
		goto fail;
	}
	if ((rc = chart_figure_end(1, err, errlen)) >= 0)
		return 0;
fail: {
	char msg[1024];
	snprintf(msg, sizeof msg, "%s", err);
	snprintf(err, errlen, "%s: %s", opt, msg);
	return rc;
}
}

static int write_files(const struct report_ctx *c, const struct visual_opts *v,
		       enum chart_kind kind, struct outfile_set *written,
		       bool *made, char *err, size_t errlen)
{
	struct files f = {c, v, kind, kind == CHART_SVG ? v->svg : v->png,
			  kind == CHART_SVG ? "svg" : "png", written, err,
			  errlen};
	const char *opt = kind == CHART_SVG ? "--svg" : "--png";
	struct stat sb;
	int rc;

	if (visual_is_figure(f.dir, kind))
		return write_figure(c, v, kind, written, err, errlen);
	if (stat(f.dir, &sb) != 0) {
		if ((rc = outfile_mkdir(f.dir)) != 0) {
			snprintf(err, errlen, "%s: cannot create directory "
				 "'%s': %s", opt, f.dir, strerror(-rc));
			return rc;
		}
		*made = true;
	} else if (!S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, "%s: '%s' is not a directory", opt,
			 f.dir);
		return -ENOTDIR;
	}
	rc = each_chart(&f, 0);
	if (!rc)
		rc = each_chart(&f, 1);
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
			  kind == CHART_SVG ? "svg" : "png", NULL, err, errlen};
	struct stat sb;
	int rc;

	if (visual_is_figure(f.dir, kind)) {
		if (v->force || stat(f.dir, &sb) != 0)
			return 0;
		snprintf(err, errlen, "%s: '%s' exists (use --force to "
			 "overwrite it)", kind == CHART_SVG ? "--svg" : "--png",
			 f.dir);
		return -EEXIST;
	}
	if (stat(f.dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
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
	if (v->pdf && (rc = vpdf_write(c, v, err, errlen)) < 0) {
		char msg[1024];
		snprintf(msg, sizeof msg, "%s", err);
		snprintf(err, errlen, "--pdf: %s", msg);
		return rc;
	}
	/* the PDF and every chart, or none of them (a signal too): a PDF
	 * written into a device or a fifo is not a file to remove */
	struct outfile_set run = {0};
	bool made[2] = {false, false};
	struct stat sb;
	if (v->pdf && lstat(v->pdf, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (rc = outfile_set_add(&run, v->pdf)))
		snprintf(err, errlen, "out of memory");
	if (!rc && v->svg)
		rc = write_files(c, v, CHART_SVG, &run, &made[0], err, errlen);
	if (!rc && v->png)
		rc = write_files(c, v, CHART_PNG, &run, &made[1], err, errlen);
	outfile_set_settle(&run, rc);
	if (made[0])
		outfile_dir_settle(v->svg, rc);
	if (made[1])
		outfile_dir_settle(v->png, rc);
	return rc;
}


static bool wanted(const struct report_opts *o)
{
	return visual_wanted(&o->vis);
}

static int write_visual(struct out *out, const struct report_ctx *c)
{
	return visual_write(c, &out->o->vis, out->err, sizeof out->err);
}

/* --pdf, --svg, --png of a report (their options are in cli.c) */
const struct output output_visual = {
	.modes = MODE_REPORT,
	.needs = NEEDS_RESULT | NEEDS_DISTRIBUTIONS,
	.wanted = wanted,
	.result = write_visual,
};
