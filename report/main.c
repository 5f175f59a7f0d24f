/* main.c - psreport: read psrec logs offline and write reports.
 *
 * One decode: every record goes to --info and to the analysis engine,
 * which hands process-samples to the row outputs (--csv, --jsonl) as it
 * goes; then the result outputs (text, --summary, --json) are written
 * from the one result. */
#define _GNU_SOURCE
#include "cli.h"
#include "compare.h"
#include "export.h"
#include "fleet.h"
#include "info.h"
#include "logfile.h"
#include "outfile.h"
#include "rows.h"
#include "visual.h"
#include "writers.h"

#include "chart.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- the run ------------------------------------------------------- */

struct outputs {
	struct outfile csv, jsonl, summary, json, rss_top, exp;
	struct rows *csv_rows, *jsonl_rows;
	struct export *exp_rows;
};

static int on_row(void *ctx, const struct psr_row *row)
{
	struct outputs *out = ctx;

	if (out->csv_rows && rows_write(out->csv_rows, row))
		return -ENOMEM;
	if (out->jsonl_rows && rows_write(out->jsonl_rows, row))
		return -ENOMEM;
	if (out->exp_rows)
		return export_row(out->exp_rows, row);
	return 0;
}

static int open_out(struct outfile *of, const char *opt, const char *path,
		    bool force)
{
	char err[1024];

	if (!path)
		return 0;
	if (outfile_open(of, path, force, err, sizeof err) != 0) {
		fprintf(stderr, "psreport: %s: %s\n", opt, err);
		return -1;
	}
	return 0;
}

static void abort_outputs(struct outputs *out)
{
	outfile_abort(&out->csv);
	outfile_abort(&out->jsonl);
	outfile_abort(&out->summary);
	outfile_abort(&out->json);
	outfile_abort(&out->rss_top);
	outfile_abort(&out->exp);
	export_free(out->exp_rows);
	out->exp_rows = NULL;
	rows_free(out->csv_rows);
	rows_free(out->jsonl_rows);
	out->csv_rows = out->jsonl_rows = NULL;
}

static int open_outputs(const struct report_opts *o, struct outputs *out,
			const struct psr_header *const *h)
{
	if (open_out(&out->csv, "--csv", o->csv, o->force) ||
	    open_out(&out->jsonl, "--jsonl", o->jsonl, o->force) ||
	    open_out(&out->summary, "--summary", o->summary, o->force) ||
	    open_out(&out->json, "--json", o->json, o->force) ||
	    open_out(&out->rss_top, "--rss-top", o->rss_top, o->force) ||
	    open_out(&out->exp, "--export", o->export_path, o->force))
		return -1;
	if (o->export_path &&
	    !(out->exp_rows = export_new(out->exp.f,
					 export_is_jsonl(o->export_path))))
		return -1;
	/* with --window, the CSV holds windows, written from the result */
	if (o->csv && !(o->an.window > 0) &&
	    !(out->csv_rows = rows_new_csv(out->csv.f, h, o->nlogs)))
		return -1;
	if (o->jsonl &&
	    !(out->jsonl_rows = rows_new_jsonl(out->jsonl.f, h, o->nlogs)))
		return -1;
	return 0;
}

static int commit(struct outfile *of)
{
	char err[1024];

	if (!of->f)
		return 0;
	if (outfile_commit(of, err, sizeof err) != 0) {
		fprintf(stderr, "psreport: %s\n", err);
		return -1;
	}
	return 0;
}

struct session {
	const struct report_opts *o;
	struct logfile *lf;
	const struct psr_header **headers;
	size_t *order;
	struct info **info;
	struct psr_analysis *an;
	struct psr_result *result;
	struct outputs out;
};

/* Progress on a terminal, for long work only: the share of the bytes of
 * all logs read so far, redrawn when it changes by a percent. */
struct progress {
	bool on;
	uint64_t total, done; /* bytes: all logs, logs finished */
	int shown;
};

static void progress_show(struct progress *p, const struct logfile *lf)
{
	struct psr_reader_stats st;
	int pct;

	if (!p->on)
		return;
	psr_reader_stats(lf->r, &st);
	pct = (int)((p->done + st.offset) * 100 / (p->total ? p->total : 1));
	if (pct == p->shown)
		return;
	p->shown = pct;
	fprintf(stderr, "\rpsreport: reading %3d%% of %llu MiB", pct,
		(unsigned long long)(p->total >> 20));
}

static void progress_end(struct progress *p)
{
	if (p->on && p->shown >= 0)
		fputs("\r\033[K", stderr);
}

static int decode_one(struct session *s, size_t i, struct progress *pg)
{
	struct logfile *lf = &s->lf[i];
	struct psr_record rec;
	char err[1024];
	uint64_t n = 0;
	int rc;

	if (s->an && psr_analysis_begin_log(s->an, s->headers[i], lf->path))
		goto engine;
	while ((rc = logfile_next(lf, &rec, err, sizeof err)) > 0) {
		if (s->info && info_record(s->info[i], &rec)) {
			fprintf(stderr, "psreport: out of memory\n");
			return -1;
		}
		if (s->an && psr_analysis_record(s->an, &rec))
			goto engine;
		if (pg->on && ++n % 4096 == 0)
			progress_show(pg, lf);
	}
	if (pg->on) {
		struct psr_reader_stats st;
		psr_reader_stats(lf->r, &st);
		pg->done += st.file_size;
	}
	if (rc < 0) {
		fprintf(stderr, "psreport: %s\n", err);
		return -1;
	}
	return 0;
engine:
	fprintf(stderr, "psreport: '%s': %s\n", lf->path,
		psr_analysis_errmsg(s->an));
	return -1;
}

static int write_result(struct session *s)
{
	const struct report_opts *o = s->o;
	const char *nc = getenv("NO_COLOR");
	struct report_ctx c = {s->result, &o->an,
			       isatty(STDOUT_FILENO) && !(nc && *nc), NULL};

	if (o->text && text_write(&c, stdout))
		return -1;
	if (o->summary && summary_write(&c, s->out.summary.f))
		return -1;
	if (o->json && json_write(&c, s->out.json.f))
		return -1;
	if (o->csv && o->an.window > 0 && windows_write(&c, s->out.csv.f))
		return -1;
	if (o->rss_top && rss_top_write(&c, s->out.rss_top.f))
		return -1;
	char err[1024];
	if (visual_wanted(&o->vis) &&
	    visual_write(&c, &o->vis, err, sizeof err)) {
		fprintf(stderr, "psreport: %s\n", err);
		return -1;
	}
	return 0;
}

static int print_info(struct session *s)
{
	for (size_t k = 0; k < s->o->nlogs; k++) {
		if (k)
			putchar('\n');
		info_print(s->info[k], &s->lf[k], stdout);
	}
	if (s->o->text)
		putchar('\n');
	return 0;
}

static int run(struct session *s)
{
	const struct report_opts *o = s->o;
	bool analyse = o->text || o->csv || o->jsonl || o->summary || o->json ||
		       o->rss_top || o->export_path || visual_wanted(&o->vis);

	if (open_outputs(o, &s->out, s->headers))
		return EXIT_RUNTIME;
	if (analyse) {
		s->o = o;
		struct psr_analysis_opts an = o->an;
		if (s->out.csv_rows || s->out.jsonl_rows || s->out.exp_rows) {
			/* rows cost */
			an.on_row = on_row;
			an.row_ctx = &s->out;
		}
		if (psr_analysis_new(&s->an, &an)) {
			fprintf(stderr, "psreport: out of memory\n");
			return EXIT_RUNTIME;
		}
	}
	struct progress pg = {.shown = -1};
	for (size_t k = 0; k < o->nlogs; k++) {
		struct psr_reader_stats st;
		psr_reader_stats(s->lf[k].r, &st);
		pg.total += st.file_size;
	}
	pg.on = isatty(STDERR_FILENO) && pg.total >= (16u << 20);
	for (size_t k = 0; k < o->nlogs; k++) {
		if (s->out.exp_rows &&
		    export_begin_log(s->out.exp_rows, s->headers[s->order[k]],
				     o->host)) {
			fprintf(stderr, "psreport: out of memory\n");
			return EXIT_RUNTIME;
		}
		if (decode_one(s, s->order[k], &pg)) {
			progress_end(&pg);
			return EXIT_RUNTIME;
		}
	}
	progress_end(&pg);
	/* the avg rows name processes the engine still holds */
	if (s->out.csv_rows && rows_finish(s->out.csv_rows))
		return EXIT_RUNTIME;
	if (o->info)
		print_info(s);
	if (s->an && psr_analysis_finish(s->an, &s->result)) {
		fprintf(stderr, "psreport: %s\n", psr_analysis_errmsg(s->an));
		return EXIT_RUNTIME;
	}
	if (s->result && write_result(s))
		return EXIT_RUNTIME;
	if (fflush(stdout) != 0 || commit(&s->out.csv) ||
	    commit(&s->out.jsonl) || commit(&s->out.summary) ||
	    commit(&s->out.json) || commit(&s->out.rss_top))
		return EXIT_RUNTIME;
	if (s->out.exp_rows && export_finish(s->out.exp_rows)) {
		fprintf(stderr, "psreport: --export '%s': write error\n",
			o->export_path);
		return EXIT_RUNTIME;
	}
	if (commit(&s->out.exp))
		return EXIT_RUNTIME;
	if (o->fail_on_leak && s->result &&
	    s->result->worst == PSR_VERDICT_LEAK)
		return EXIT_LEAK;
	return 0;
}

static int open_logs(struct session *s)
{
	const struct report_opts *o = s->o;
	char err[1024];

	s->lf = calloc(o->nlogs, sizeof *s->lf);
	s->headers = calloc(o->nlogs, sizeof *s->headers);
	s->order = calloc(o->nlogs, sizeof *s->order);
	s->info = o->info ? calloc(o->nlogs, sizeof *s->info) : NULL;
	if (!s->lf || !s->headers || !s->order || (o->info && !s->info))
		goto nomem;
	for (size_t i = 0; i < o->nlogs; i++) {
		if (logfile_open(&s->lf[i], o->logs[i], err, sizeof err)) {
			fprintf(stderr, "psreport: %s\n", err);
			return -1;
		}
		s->lf[i].print_warnings = true;
		s->headers[i] = psr_reader_header(s->lf[i].r);
		if (s->info && !(s->info[i] = info_new()))
			goto nomem;
	}
	/* reports go by run; --info prints the logs in the order given */
	psr_analysis_order(s->headers, o->nlogs, s->order);
	return 0;
nomem:
	fprintf(stderr, "psreport: out of memory\n");
	return -1;
}

static void end_session(struct session *s)
{
	abort_outputs(&s->out);
	for (size_t i = 0; s->lf && i < s->o->nlogs; i++) {
		logfile_close(&s->lf[i]);
		if (s->info)
			info_free(s->info[i]);
	}
	free(s->lf);
	free(s->headers);
	free(s->order);
	free(s->info);
	psr_result_free(s->result);
	psr_analysis_free(s->an);
}

int main(int argc, char **argv)
{
	struct report_opts o;
	struct session s = {.o = &o};
	int code = report_cli_parse(&o, argc, argv);

	if (code) {
		code = code < 0 ? 0 : code;
	} else if (o.fleet) {
		struct fleet_opts fo = {&o.an, o.logs, o.nlogs, o.fleet_csv,
					o.text, o.force, &o.vis,
					o.fleet_metrics, o.nfleet_metrics};
		code = fleet_main(&fo);
	} else if (compare_wanted(&o.cmp)) {
		code = compare_main(&o.cmp, &o.an, o.logs, o.nlogs);
	} else {
		code = open_logs(&s) ? EXIT_RUNTIME : run(&s);
		end_session(&s);
	}
	report_cli_release(&o);
	chart_shutdown(); /* PLplot's global state, for leak checkers */
	return code;
}
