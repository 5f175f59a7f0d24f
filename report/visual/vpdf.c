/* vpdf.c - the PDF report: per run a title page with the verdicts that
 * are not none and the top consumers (rank.h), then a page per process
 * tree, the host, and per process of the top N four pages (CPU and
 * memory; I/O, switches, descriptors; distributions and correlations;
 * statistics); bookmarks per run, process and section. The charts are vchart.c's,
 * drawn into rectangles of the pages. */
#define _GNU_SOURCE
#include "vpdf.h"

#include "psr_config.h"
#include "groups.h"
#include "outfile.h"
#include "rank.h"
#include "totals.h"
#include "vchart.h"
#include "voverview.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
static int pdf_chart(struct pdfw *w, const struct vchart_proc *x, int k,
		     struct pdfdoc_rect r)
{
	struct chart_target tg = {.kind = CHART_PDF, .doc = w->d, .rect = r};
	int rc = vcharts[k].draw(x, NULL, w->err, w->errlen);

	if (rc == 0)
		return vcharts[k].draw(x, &tg, w->err, w->errlen);
	char t[300], why[200], v[32];
	vchart_title(x, vcharts[k].title, t, sizeof t);
	snprintf(why, sizeof why, "%s", vcharts[k].none);
	const struct psr_series_result *s =
		k == VC_CPU_DIST ? vchart_series(x->p, "cpu_percent")
		: k == VC_RSS_DIST ? vchart_series(x->p, "rss_bytes") : NULL;
	if (s && s->max == s->min) { /* say what it was */
		chartfmt_value(s->max, vchart_unit(s->def->unit), v, sizeof v);
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

static enum pdfdoc_tone verdict_text(const struct psr_proc_result *p,
				     char *buf, size_t len)
{
	const struct psr_series_result *s = psr_result_verdict_series(p);

	if (!s || s->leak->gate == PSR_GATE_SHORT) {
		snprintf(buf, len, s ? "too short" : "–");
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

/* The verdict table: a row per process of rows[]. */
static int verdict_table(struct pdfw *w,
			 const struct psr_proc_result *const *rows, size_t n,
			 double *y)
{
	static const char *const head[VCOLS] = {
		"process", "pid", "CPU time", "CPU mean", "RSS max",
		"RSS grew", "verdict", "command"};
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
		const struct psr_proc_result *p = rows[i];
		const struct psr_series_result *cpu = vchart_series(p, "cpu_percent"),
					       *rss = vchart_series(p, "rss_bytes");
		char *c = buf + i * VCOLS * CELL;
		snprintf(c, CELL, "%s%s", p->tree ? "tree of " : "",
			 p->comm ? p->comm : "?");
		snprintf(c + CELL, CELL, "%u", p->pid);
		if (isnan(totals_cpu(p)))
			snprintf(c + 2 * CELL, CELL, "–");
		else
			snprintf(c + 2 * CELL, CELL, "%.2f s", totals_cpu(p));
		chartfmt_value(cpu ? cpu->mean : NAN, CHART_UNIT_PERCENT,
			       c + 3 * CELL, CELL);
		chartfmt_value(rss ? rss->max : NAN, CHART_UNIT_BYTES,
			       c + 4 * CELL, CELL);
		double g = rss && rss->leak ? rss->leak->grown : NAN;
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
	double wd[VCOLS] = {110, 48, 60, 62, 66, 74, 110, 0};
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

/* The job's totals as the kernel accounted them (psrec -- CMD), and the
 * notes on CPU time no row shows, as key: value lines. */
static int job_kv(struct pdfw *w, const struct psr_run_result *r, double *y)
{
	const struct psr_proc_result *noted[2];
	size_t n = totals_noted(r, noted, 2);
	char t[1024];
	int rc;

	totals_job_lines(t, sizeof t, r, "");
	/* its lines as one paragraph: "...; ..." */
	size_t k = 0;
	for (size_t i = 0; t[i]; i++) {
		if (t[i] != '\n') {
			t[k++] = t[i];
			continue;
		}
		while (t[i + 1] == ' ')
			i++;
		if (t[i + 1])
			t[k++] = ';', t[k++] = ' ';
	}
	t[k] = 0;
	/* the key says it: the value goes on after "job total" */
	const char *v = t;
	if (!strncmp(v, "job total, ", 11) || !strncmp(v, "job total: ", 11))
		v += 11;
	if (t[0] && (rc = kv(w, y, "job total", v, PDFDOC_BODY, 4)))
		return rc;
	for (size_t i = 0; i < n && i < 2; i++) {
		totals_note(t, sizeof t, r, noted[i]);
		if ((rc = kv(w, y, "note", t, PDFDOC_SMALL, 4)))
			return rc;
	}
	return 0;
}

/* Room for need points below *y on this page, else a new page whose
 * body starts at *y. */
static int room(struct pdfw *w, double *y, double need)
{
	struct pdfdoc_rect b = pdfdoc_body(w->d);

	if (*y - need >= b.y)
		return 0;
	if (pdfdoc_add_page(w->d) < 0)
		return doc_error(w);
	*y = b.y + b.h - 12;
	return 0;
}

/* Each line of text as a small paragraph, with room for it. */
static int small_lines(struct pdfw *w, double *y, const char *text)
{
	struct pdfdoc_rect b = pdfdoc_body(w->d);
	char line[600];
	int rc = 0;

	for (const char *at = text; *at && !rc;) {
		size_t len = strcspn(at, "\n");
		snprintf(line, sizeof line, "%.*s", (int)len, at);
		at += len + (at[len] == '\n');
		if (!(rc = room(w, y, 24)) &&
		    pdfdoc_paragraph(w->d, b.x, y, b.w, PDFDOC_SMALL, 3, line))
			rc = doc_error(w);
	}
	return rc;
}

/* The top trees after the processes of rows (room for them all), the
 * trees of a verdict being there already. */
static int add_trees(struct pdfw *w, const struct psr_run_result *r,
		     const struct psr_proc_result **rows, size_t *n)
{
	struct ranking t;

	if (rank_procs(r->trees, r->ntrees, w->c->rank, RANK_TOP_VISUAL, &t)) {
		snprintf(w->err, w->errlen, "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < t.nshown; i++)
		rank_add_once(rows, n, t.shown[i]);
	rank_release(&t);
	return 0;
}

/* "Verdicts and top consumers": the table, then what it left out. */
static int top_table(struct pdfw *w, const struct psr_run_result *r,
		     double *y)
{
	struct pdfdoc_rect body = pdfdoc_body(w->d);
	const struct psr_proc_result **rows = NULL;
	struct ranking k;
	char head[200], left[900];
	size_t n;
	int rc = 0;

	if (rank_visual(r, w->c->rank, &k, &rows, &n)) {
		snprintf(w->err, w->errlen, "out of memory");
		return -ENOMEM;
	}
	snprintf(head, sizeof head, "Verdicts and the top consumers (by %s)",
		 rank_key_label(w->c->rank->key));
	if (pdfdoc_text(w->d, body.x, *y, PDFDOC_HEADING, 'l', PDFDOC_PLAIN,
			head))
		rc = doc_error(w);
	*y -= 8;
	if (!rc && !r->nprocs) {
		*y -= 12;
		rc = pdfdoc_text(w->d, body.x, *y, PDFDOC_BODY, 'l',
				 PDFDOC_PLAIN, "no process-samples selected")
			     ? doc_error(w) : 0;
		*y -= 12;
	} else if (!rc) {
		rc = add_trees(w, r, rows, &n);
		if (!rc)
			rc = verdict_table(w, rows, n, y);
	}
	rank_hidden_lines(left, sizeof left, &k, "processes", "");
	if (r->nexited > r->nshort) { /* the exit accounting's: never rows */
		size_t at = strlen(left);
		snprintf(left + at, sizeof left - at, "+ %zu processes that ran "
			 "between two samples, %.2fs of CPU time in all (exit "
			 "accounting: in the totals per command and of the "
			 "trees).\n", r->nexited - r->nshort,
			 r->exited_cpu_seconds);
	}
	if (r->nshort) { /* summarised: never rows either */
		size_t at = strlen(left);
		snprintf(left + at, sizeof left - at, "+ %zu short-lived "
			 "processes (ended within %d samples), %.2fs of CPU "
			 "time in all (summarised: in the totals per command "
			 "and of the trees).\n", r->nshort,
			 PSR_SHORT_SAMPLES - 1, r->short_cpu_seconds);
	}
	if (k.nshown < r->nprocs) {
		size_t at = strlen(left), procs = 0;
		for (size_t i = 0; i < n; i++)
			procs += !rows[i]->tree;
		snprintf(left + at, sizeof left - at, "Pages per process "
			 "follow for the %zu processes above (--top N; --top "
			 "all: every process).\n", procs);
	}
	if (!rc && left[0]) {
		*y -= 12;
		rc = small_lines(w, y, left);
	}
	free(rows);
	rank_release(&k);
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
	char more[96] = "";
	if (r->nexited) /* those summarised by their totals count too */
		snprintf(more, sizeof more, " (%zu of them summarised by their "
			 "totals)", r->nexited);
	snprintf(t, sizeof t, "%llu samples, %llu process-samples, %zu "
		 "processes%s%s", (unsigned long long)r->samples,
		 (unsigned long long)r->process_samples,
		 r->nprocs + r->nexited, more,
		 r->warnings ? " (the log is damaged: see psreport --info)"
			     : "");
	if ((rc = kv(w, &y, "samples", t, PDFDOC_BODY, 2)) ||
	    (rc = job_kv(w, r, &y)) ||
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
	if ((rc = top_table(w, r, &y)))
		return rc;
	y -= 14;
	const struct psr_leak_opts *lo = &w->c->opts->leak;
	char floor[24], need[32], note[600];
	chartfmt_value(lo->min_growth, CHART_UNIT_BYTES, floor, sizeof floor);
	chartfmt_duration(lo->min_seconds, need, sizeof need);
	snprintf(note, sizeof note,
		 "verdict: the worst of the memory series; a leak grew at "
		 "least %s and %g%% of its median, on to the end of a run of "
		 "%s or more, by more than it swings, with a significant "
		 "trend (Theil-Sen slope, Mann-Kendall test corrected for "
		 "autocorrelation). RSS grew: from the median of the run's "
		 "first tenth to its last tenth's. Sizes in binary units "
		 "(1 MiB = 1024 KiB); 100%% CPU = one CPU.", floor,
		 lo->min_growth_pct, need);
	if ((rc = room(w, &y, 40)))
		return rc;
	if (pdfdoc_paragraph(w->d, body.x, &y, body.w, PDFDOC_SMALL, 4, note))
		return doc_error(w);
	return 0;
}

/* A process's or tree's exact CPU time, and what it holds. */
static void cpu_line(char *t, size_t n, const struct psr_proc_result *p)
{
	if (isnan(p->children_cpu_seconds))
		snprintf(t, n, "CPU time %.2f s (from its counters, exact)",
			 p->cpu_seconds);
	else
		snprintf(t, n, "CPU time %.2f s, exact%s: %.2f s of %s own, "
			 "%.2f s of children no sample shows (cutime)",
			 totals_cpu(p), p->tree ? ", each process once" : "",
			 p->cpu_seconds, p->tree ? "its members'" : "its",
			 p->children_cpu_seconds);
}

/* The heading of a process page: name, pid, command line, facts. */
static int proc_heading(struct pdfw *w, const struct vchart_proc *x, double *y)
{
	const struct psr_proc_result *p = x->p;
	struct pdfdoc_rect b = pdfdoc_body(w->d);
	char t[400], a[64], e[64], d[64], st[64] = "";
	char *cmd;

	bool host = p == x->run->system;

	*y = b.y + b.h - 12;
	if (host)
		snprintf(t, sizeof t, "Host %.200s: %u CPUs, Linux %.100s",
			 x->run->header.hostname, x->run->header.cpu_count,
			 x->run->header.kernel);
	else if (p->tree)
		snprintf(t, sizeof t, "Process tree of %s (pid %u): %zu "
			 "processes", p->comm ? p->comm : "?", p->pid,
			 p->tree_members);
	else
		snprintf(t, sizeof t, "%s (pid %u)", p->comm ? p->comm : "?",
			 p->pid);
	if (pdfdoc_text(w->d, b.x, *y, PDFDOC_HEADING, 'l', PDFDOC_PLAIN, t))
		return doc_error(w);
	*y -= 14;
	if (!p->tree && !host) { /* a tree has no command line of its own */
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
	if (host)
		snprintf(t, sizeof t, "%llu samples from %s to %s (%s); RAM "
			 "used as htop counts it: MemTotal - MemFree - Buffers "
			 "- Cached - SReclaimable", (unsigned long long)p->samples,
			 a, e, d);
	else if (p->tree)
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
	if (!host && !isnan(p->cpu_seconds)) {
		cpu_line(t, sizeof t, p);
		*y -= 11;
		if (pdfdoc_text(w->d, b.x, *y, PDFDOC_SMALL, 'l', PDFDOC_PLAIN,
				t))
			return doc_error(w);
	}
	*y -= 8;
	return 0;
}

/* A page of charts in a rows x cols grid under the heading; cells of
 * value -1 stay empty. */
static int chart_page(struct pdfw *w, const struct vchart_proc *x, int parent,
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
static int dist_page(struct pdfw *w, const struct vchart_proc *x, int parent)
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
	if ((rc = pdf_chart(w, x, VC_CPU_DIST,
			    pdfdoc_cell(left, 2, 1, 0, 0, 10))) ||
	    (rc = pdf_chart(w, x, VC_RSS_DIST,
			    pdfdoc_cell(left, 2, 1, 1, 0, 10))))
		return rc;
	return pdf_chart(w, x, VC_CORR, right);
}

enum { SCOLS = 8 };

static void stat_cell(char *buf, size_t len, double v,
		      const struct psr_series_def *d)
{
	if (d->flags & PSR_SF_INT && d->unit == PSR_SU_COUNT && isfinite(v) &&
	    fabs(v) < 1e6)
		snprintf(buf, len, "%.*f", v == floor(v) ? 0 : 1, v);
	else
		chartfmt_value(v, vchart_unit(d->unit), buf, len);
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

static int stats_page(struct pdfw *w, const struct vchart_proc *x, int parent)
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
			     "for the interval before it); rates are per "
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
	static const int mem[] = {VC_CPU, VC_RSS, VC_VMS, VC_BREAKDOWN};
	static const int io[] = {VC_IO_TOTAL, VC_IO_RATE, VC_CTXSW, VC_FDS};
	struct vchart_proc x;
	char bm[300];
	int rc, top;

	if ((rc = vchart_proc_init(&x, w->c, r, p)))
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
	vchart_proc_release(&x);
	return rc;
nomem:
	vchart_proc_release(&x);
	snprintf(w->err, w->errlen, "out of memory");
	return rc;
}

static int tree_pages(struct pdfw *w, const struct psr_run_result *r,
		      int parent)
{
	struct ranking trees;
	int top = 0, rc = 0;

	if (rank_procs(r->trees, r->ntrees, w->c->rank, RANK_TOP_VISUAL,
		       &trees)) {
		snprintf(w->err, w->errlen, "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < trees.nshown && !rc; i++) {
		const struct psr_proc_result *p = trees.shown[i];
		struct vchart_proc x;
		char bm[300];
		if ((rc = vchart_proc_init(&x, w->c, r, p))) {
			snprintf(w->err, w->errlen, "out of memory");
			vchart_proc_release(&x);
			break;
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
			rc = pdf_chart(w, &x, vchart_tree[k],
				       pdfdoc_cell(area, 2, 2, k / 2, k % 2,
						   10));
		vchart_proc_release(&x);
	}
	rank_release(&trees);
	return rc;
}

/* --by: a page of the totals per group, the top N. */
static int groups_page(struct pdfw *w, size_t run, int parent)
{
	static const char *const head[] = {
		"group", "processes", "CPU time", "CPU mean", "CPU p95",
		"RSS peak", "RSS sum", "disk read", "disk write"};
	const struct group_table *g = w->c->groups ? &w->c->groups[run] : NULL;
	size_t top = w->c->rank->top ? w->c->rank->top : RANK_TOP_DEFAULT;
	enum { GCOLS = 9, GCELL = 128 };
	char t[300];
	int rc = 0;

	if (!g || !g->n)
		return 0;
	size_t n = g->n < top ? g->n : top;
	char *buf = calloc(n, GCOLS * GCELL);
	const char **cells = calloc(n, GCOLS * sizeof *cells);
	if (!buf || !cells) {
		free(buf);
		free(cells);
		snprintf(w->err, w->errlen, "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		const struct group_row *r = &g->rows[i];
		char *c = buf + i * GCOLS * GCELL;
		snprintf(c, GCELL, "%s", r->key);
		snprintf(c + GCELL, GCELL, "%zu", r->count);
		if (isnan(r->cpu_seconds))
			snprintf(c + 2 * GCELL, GCELL, "–");
		else
			snprintf(c + 2 * GCELL, GCELL, "%.2f s", r->cpu_seconds);
		chartfmt_value(r->cpu_mean, CHART_UNIT_PERCENT, c + 3 * GCELL,
			       GCELL);
		chartfmt_value(r->cpu_p95, CHART_UNIT_PERCENT, c + 4 * GCELL,
			       GCELL);
		const double b[] = {r->peak_rss, r->rss_sum_peak, r->read_bytes,
				    r->write_bytes};
		for (int k = 0; k < 4; k++)
			chartfmt_value(b[k], CHART_UNIT_BYTES,
				       c + (5 + k) * GCELL, GCELL);
		for (int k = 0; k < GCOLS; k++)
			cells[i * GCOLS + k] = c + k * GCELL;
	}
	snprintf(t, sizeof t, "Totals per %s", groups_by_label(g->by));
	if (pdfdoc_add_page(w->d) < 0 || pdfdoc_bookmark(w->d, parent, t) < 0) {
		rc = doc_error(w);
		goto out;
	}
	struct pdfdoc_rect b = pdfdoc_body(w->d);
	double y = b.y + b.h - 12;
	if (pdfdoc_text(w->d, b.x, y, PDFDOC_HEADING, 'l', PDFDOC_PLAIN, t)) {
		rc = doc_error(w);
		goto out;
	}
	y -= 20;
	double wd[GCOLS] = {0, 60, 64, 62, 62, 70, 70, 70, 70};
	wd[0] = b.w - 528;
	struct pdfdoc_table tab = {GCOLS, n, head, cells, wd, "lrrrrrrrr",
				   NULL, 0};
	if (pdfdoc_table(w->d, b.x, &y, &tab) < 0) {
		rc = doc_error(w);
		goto out;
	}
	char count[96];
	if (g->n > n)
		snprintf(count, sizeof count, "The first %zu of %zu groups "
			 "(--top).", n, g->n);
	else
		snprintf(count, sizeof count, "%zu group%s.", n,
			 n == 1 ? "" : "s");
	snprintf(t, sizeof t, "%s CPU mean and p95: of the group's summed CPU "
		 "over time. RSS peak: the largest member's; RSS sum: the peak "
		 "of the members' RSS summed, which counts a shared page once "
		 "per process that maps it.", count);
	y -= 12;
	if ((rc = room(w, &y, 30)) == 0 &&
	    pdfdoc_paragraph(w->d, b.x, &y, b.w, PDFDOC_SMALL, 3, t))
		rc = doc_error(w);
out:
	free(cells);
	free(buf);
	return rc;
}

/* The processes with pages of their own: those of the title page. */
static int paged_procs(struct pdfw *w, const struct psr_run_result *r,
		       int parent)
{
	const struct psr_proc_result **rows;
	struct ranking k;
	size_t n;
	int rc = 0;

	if (rank_visual(r, w->c->rank, &k, &rows, &n)) {
		snprintf(w->err, w->errlen, "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < n && !rc; i++)
		if (!rows[i]->tree)
			rc = proc_pages(w, r, rows[i], parent);
	free(rows);
	rank_release(&k);
	return rc;
}

/* Host-wide runs: the processes whose RSS varied most, a table, then
 * their RSS charts four to a page. */
static int rss_top_pages(struct pdfw *w, const struct psr_run_result *r,
			 int parent)
{
	const struct psr_proc_result *top[RSS_TOP];
	static const char *const head[] = {"pid", "name", "variation", "min",
					   "max", "first", "last"};
	static const char align[] = "rlrrrrr";
	char cells[RSS_TOP][7][64];
	const char *cp[RSS_TOP * 7];
	size_t n;
	int rc = 0;

	if (!rss_top_wanted(r) || !(n = rss_top_rank(r, top)))
		return 0;
	for (size_t i = 0; i < n; i++) {
		const struct psr_series_result *s =
			vchart_series(top[i], "rss_bytes");
		double v[5] = {s ? s->max - s->min : NAN, s ? s->min : NAN,
			       s ? s->max : NAN, s ? s->first : NAN,
			       s ? s->last : NAN};
		snprintf(cells[i][0], 64, "%u", top[i]->pid);
		snprintf(cells[i][1], 64, "%.60s", top[i]->comm);
		for (int k = 0; k < 5; k++)
			chartfmt_value(v[k], CHART_UNIT_BYTES, cells[i][2 + k],
				       64);
		for (int k = 0; k < 7; k++)
			cp[i * 7 + k] = cells[i][k];
	}
	if (pdfdoc_add_page(w->d) < 0 ||
	    pdfdoc_bookmark(w->d, parent, "RSS varied most") < 0)
		return doc_error(w);
	struct pdfdoc_rect b = pdfdoc_body(w->d);
	double y = b.y + b.h - 12;
	if (pdfdoc_text(w->d, b.x, y, PDFDOC_HEADING, 'l', PDFDOC_PLAIN,
			"The processes whose RSS varied most (max - min)"))
		return doc_error(w);
	y -= 20;
	struct pdfdoc_table t = {7, n, head, cp, NULL, align, NULL, 0};
	if ((rc = pdfdoc_table(w->d, b.x, &y, &t)) < 0)
		return doc_error(w);
	for (size_t i = 0; i < n && !rc; i += 4) {
		if (pdfdoc_add_page(w->d) < 0)
			return doc_error(w);
		struct pdfdoc_rect area = pdfdoc_body(w->d);
		for (size_t k = i; k < n && k < i + 4 && !rc; k++) {
			struct vchart_proc x;
			if ((rc = vchart_proc_init(&x, w->c, r, top[k]))) {
				vchart_proc_release(&x);
				snprintf(w->err, w->errlen, "out of memory");
				return rc;
			}
			rc = pdf_chart(w, &x, VC_RSS,
				       pdfdoc_cell(area, 2, 2, (int)(k - i) / 2,
						   (int)(k - i) % 2, 10));
			vchart_proc_release(&x);
		}
	}
	return rc;
}

/* Who used what, on one page before the per-process pages: CPU stacked
 * by process and the RSS of the largest, when the run has two processes
 * or more (a tree, psrec -a). */
static int overview_page(struct pdfw *w, const struct psr_run_result *r,
			 int parent)
{
	int rc = 0;

	if (voverview_cpu(w->c, r, NULL, w->err, w->errlen) &&
	    voverview_rss(w->c, r, NULL, w->err, w->errlen))
		return 0;
	if (pdfdoc_add_page(w->d) < 0 ||
	    pdfdoc_bookmark(w->d, parent, "Who used what") < 0)
		return doc_error(w);
	struct pdfdoc_rect b = pdfdoc_body(w->d);
	if (pdfdoc_text(w->d, b.x, b.y + b.h - 12, PDFDOC_HEADING, 'l',
			PDFDOC_PLAIN, "Who used the CPU and the memory"))
		return doc_error(w);
	struct pdfdoc_rect area = {b.x, b.y, b.w, b.h - 22};
	for (int k = 0; k < VOVERVIEW_COUNT && !rc; k++) {
		struct chart_target tg = {
			.kind = CHART_PDF, .doc = w->d,
			.rect = pdfdoc_cell(area, 2, 1, k, 0, 10)};
		if (voverviews[k].draw(w->c, r, NULL, w->err, w->errlen) == 0)
			rc = voverviews[k].draw(w->c, r, &tg, w->err,
						w->errlen);
	}
	return rc < 0 ? rc : 0;
}

/* The host (psrec --system): its charts, then its statistics. */
static int host_pages(struct pdfw *w, const struct psr_run_result *r,
		      int parent)
{
	struct vchart_proc x;
	int rc, top;

	if (!r->system)
		return 0;
	if ((rc = vchart_proc_init(&x, w->c, r, r->system))) {
		vchart_proc_release(&x);
		snprintf(w->err, w->errlen, "out of memory");
		return rc;
	}
	snprintf(x.who, sizeof x.who, "host %.150s", r->header.hostname);
	rc = (top = pdfdoc_bookmark(w->d, parent, "Host")) < 0
		     ? doc_error(w)
		     : chart_page(w, &x, top, "CPU, memory, load", vchart_host,
				  3, 2);
	if (!rc)
		rc = stats_page(w, &x, top);
	vchart_proc_release(&x);
	return rc;
}

int vpdf_write(const struct report_ctx *c, const struct visual_opts *v,
	       char *err, size_t errlen)
{
	const struct psr_result *res = c->result;
	char footer[700], title[720];
	struct pdfw w = {c, NULL, err, errlen};
	int rc;

	/* fail before the work, not after it */
	if ((rc = outfile_check(v->pdf, v->force, err, errlen)) < 0)
		return rc;
	rc = 0;
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
		/* the answers first: who used what, trees, the host; then
		 * the pages of each process of the title page */
		rc = title_page(&w, r, i, &parent);
		if (!rc)
			rc = overview_page(&w, r, parent);
		if (!rc)
			rc = tree_pages(&w, r, parent);
		if (!rc)
			rc = groups_page(&w, i, parent);
		if (!rc)
			rc = host_pages(&w, r, parent);
		if (!rc)
			rc = rss_top_pages(&w, r, parent);
		if (!rc)
			rc = paged_procs(&w, r, parent);
	}
	if (!rc)
		rc = pdfdoc_save(w.d, v->pdf, v->force, err, errlen);
	pdfdoc_free(w.d);
	return rc;
}

