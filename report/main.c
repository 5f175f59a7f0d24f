/* main.c - psreport: read psrec logs offline and write reports.
 *
 * The options (cli.c) choose a mode and the outputs. The session
 * (session.h) turns the arguments into logs and reads them into the
 * engine; what the mode makes of the engine's results is computed once
 * (a comparison, the runs table, the fleet's totals); then every output
 * asked for is written from that, in the order of the output table
 * (out/output.h), which also hands them the logs, records and
 * process-samples they want while the logs are read. */
#define _GNU_SOURCE
#include "cli.h"
#include "compare_run.h"
#include "fleet.h"
#include "logdir.h"
#include "output.h"
#include "session.h"

#include "chart.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct report {
	struct report_opts *o;
	struct outputs outs;
	struct input_set logs, base;   /* the logs given; --baseline's */
	struct psr_result *result;     /* the logs given */
	struct psr_result *base_result;
	struct psr_result **into;      /* where the engine's result goes */
	struct compare_baseline cmp;   /* --baseline */
	struct runs_table *runs;       /* --runs */
	struct fleet *fleet;           /* --fleet */
	struct group_table *groups;    /* --by: per run of result */
};

/* ---- what the session reads, to the outputs and the mode ------------ */

static int sink_log(void *ctx, const struct input *in)
{
	struct report *r = ctx;

	if (r->fleet && !in->opened && fleet_log(r->fleet, in))
		goto nomem;
	return outputs_log(&r->outs, in);
nomem:
	fputs("psreport: out of memory\n", stderr);
	return -1;
}

static int sink_record(void *ctx, const struct input *in,
		       const struct psr_record *rec)
{
	return outputs_record(&((struct report *)ctx)->outs, in, rec);
}

static int sink_log_end(void *ctx, const struct input *in)
{
	struct report *r = ctx;

	if (r->fleet && fleet_log(r->fleet, in)) {
		fputs("psreport: out of memory\n", stderr);
		return -1;
	}
	return outputs_log_end(&r->outs, in);
}

static int sink_row(void *ctx, const struct psr_row *row)
{
	return outputs_row(&((struct report *)ctx)->outs, row);
}

/* A result of the engine: the fleet's is reduced and freed (one
 * recording at a time), the others kept. */
static int sink_result(void *ctx, struct psr_result *res)
{
	struct report *r = ctx;
	int rc = 0;

	if (r->fleet) {
		if ((rc = fleet_reduce(r->fleet, res)))
			fputs("psreport: out of memory\n", stderr);
		psr_result_free(res);
		return rc;
	}
	psr_result_free(*r->into);
	*r->into = res;
	return 0;
}

/* ---- the mode ------------------------------------------------------- */

/* The logs of the mode: 0, or an exit code (said). */
static int inputs(struct report *r)
{
	const struct report_opts *o = r->o;
	char *dir[1] = {(char *)o->cmp.index_dir};

	switch (o->mode) {
	case MODE_BASELINE:
		if (session_inputs(&r->base, (char *const *)o->cmp.baselines,
				   o->cmp.nbaselines, 0, NULL))
			return EXIT_RUNTIME;
		break;
	case MODE_RUNS:
		if (session_inputs(&r->logs, o->logs, o->nlogs, SESSION_DIRS,
				   "--runs"))
			return EXIT_RUNTIME;
		if (!r->logs.n) {
			fputs("psreport: --runs: no log found\n", stderr);
			return EXIT_RUNTIME;
		}
		return 0;
	case MODE_FLEET:
		return session_inputs(&r->logs, o->logs, o->nlogs,
				      SESSION_DIRS | SESSION_KEEP_BAD, "--fleet")
			       ? EXIT_RUNTIME : 0;
	case MODE_INDEX:
		if (!logdir_is_dir(dir[0])) {
			fprintf(stderr, "psreport: --index: cannot read '%s': "
				"%s\n", dir[0], access(dir[0], F_OK) == 0
					? "not a directory" : strerror(errno));
			return EXIT_RUNTIME;
		}
		return session_inputs(&r->logs, dir, 1,
				      SESSION_DIRS | SESSION_KEEP_BAD |
				      SESSION_LISTED | SESSION_COPIES, "--index")
			       ? EXIT_RUNTIME : 0;
	default:
		break;
	}
	return session_inputs(&r->logs, o->logs, o->nlogs, 0, NULL)
		       ? EXIT_RUNTIME : 0;
}

/* Read the logs (and --baseline's) through the engine into the mode. */
static int read_logs(struct report *r)
{
	const struct report_opts *o = r->o;
	unsigned needs = outputs_needs(&r->outs);
	struct psr_analysis_opts an = o->an;
	bool engine = o->mode != MODE_INDEX &&
		      (o->mode != MODE_REPORT ||
		       (needs & (NEEDS_ROWS | NEEDS_RESULT)));
	bool fleet = o->mode == MODE_FLEET, index = o->mode == MODE_INDEX;
	struct session_read how = {engine ? &an : NULL, fleet, fleet || index,
				   fleet || index};
	struct session_sink sink = {
		r, sink_log, needs & NEEDS_RECORDS ? sink_record : NULL,
		sink_log_end, needs & NEEDS_ROWS ? sink_row : NULL,
		sink_result};

	if (fleet) {
		fleet_analysis_opts(&an);
		r->fleet = fleet_new(visual_wanted(&o->vis), o->fleet_metrics,
				     o->nfleet_metrics, fleet_t0(&r->logs, &an));
		if (!r->fleet) {
			fputs("psreport: out of memory\n", stderr);
			return EXIT_RUNTIME;
		}
	}
	/* a comparison pools each command's processes, short-lived ones
	 * too: their full results, not the rows a report summarises them
	 * to (README "A churning host") */
	if (o->mode == MODE_BASELINE || o->mode == MODE_RUNS)
		an.every_process = true;
	if (o->mode == MODE_BASELINE) {
		/* each side its own engine: a log compared with itself
		 * stays two runs */
		struct session_sink side = {r, .result = sink_result};
		r->into = &r->base_result;
		if (session_read(&r->base, &how, &side))
			return EXIT_RUNTIME;
	}
	r->into = &r->result;
	return session_read(&r->logs, &how, &sink) ? EXIT_RUNTIME : 0;
}

/* A run of more processes than this (a churning host: a build server's
 * day) gets totals per command without --by: its top processes alone
 * are a few of 100,000 (README "A churning host"). */
#define HOST_SCALE_PROCS 1000

/* --by, or by command for a report of a run of a churning host. */
static int report_by(const struct report_opts *o,
		     const struct psr_result *res)
{
	if (o->by != GROUPS_NONE || o->mode != MODE_REPORT || !res)
		return o->by;
	for (size_t i = 0; i < res->nruns; i++)
		if (res->runs[i].nprocs + res->runs[i].nexited > HOST_SCALE_PROCS ||
		    res->runs[i].nexited)
			return GROUPS_COMMAND;
	return GROUPS_NONE;
}

/* What the mode makes of the results, once, for every output. */
static int compute(struct report *r, struct report_ctx *c)
{
	const struct report_opts *o = r->o;
	const char *nc = getenv("NO_COLOR");
	int by = report_by(o, r->result);

	*c = (struct report_ctx){r->result, &o->an,
				 isatty(STDOUT_FILENO) && !(nc && *nc), NULL,
				 NULL, r->fleet, &o->rank, NULL, 0};
	c->time_axis = o->vis.time_axis;
	if (o->mode == MODE_REPORT && by != GROUPS_NONE && r->result) {
		if (!(r->groups = calloc(r->result->nruns + 1,
					 sizeof *r->groups)))
			goto nomem;
		for (size_t i = 0; i < r->result->nruns; i++)
			if (groups_compute(&r->result->runs[i], by,
					   &r->groups[i]))
				goto nomem;
		c->groups = r->groups;
	}
	switch (o->mode) {
	case MODE_BASELINE: {
		struct psr_result *base = r->base_result, *cur = r->result;
		r->base_result = r->result = NULL;
		if (compare_baseline(base, cur, &o->cmp.cmp, &r->cmp))
			goto nomem;
		c->result = &r->cmp.both;
		c->compare = r->cmp.c;
		break;
	}
	case MODE_RUNS:
		if (runs_table_new(r->result, o->cmp.cmp.match, &r->runs))
			goto nomem;
		c->runs = r->runs;
		break;
	case MODE_FLEET:
		fleet_done(r->fleet);
		break;
	default:
		break;
	}
	return 0;
nomem:
	fputs("psreport: out of memory\n", stderr);
	return EXIT_RUNTIME;
}

/* The exit code of a run whose outputs are written. */
static int verdict(const struct report *r)
{
	const struct report_opts *o = r->o;

	switch (o->mode) {
	case MODE_REPORT:
		return o->fail_on_leak && r->result &&
				       r->result->worst == PSR_VERDICT_LEAK
			       ? EXIT_LEAK : 0;
	case MODE_BASELINE:
		return o->cmp.fail_on_regression && r->cmp.c->worse
			       ? EXIT_REGRESSION : 0;
	case MODE_FLEET:
		if (!fleet_logs_read(r->fleet) && !fleet_problems(r->fleet))
			fputs("psreport: --fleet: no log found\n", stderr);
		return fleet_problems(r->fleet) || !fleet_logs_read(r->fleet)
			       ? EXIT_RUNTIME : 0;
	default:
		return 0;
	}
}

static int report(struct report_opts *o)
{
	struct report r = {.o = o};
	struct report_ctx c;
	int code = inputs(&r);

	if (!code && outputs_open(&r.outs, o, o->mode, &r.logs))
		code = EXIT_RUNTIME;
	if (!code)
		code = read_logs(&r);
	if (!code)
		code = compute(&r, &c);
	if (!code)
		code = outputs_write(&r.outs, &c)
			       ? r.outs.usage ? EXIT_USAGE : EXIT_RUNTIME
			       : verdict(&r);
	outputs_free(&r.outs);
	compare_baseline_release(&r.cmp);
	runs_table_free(r.runs);
	fleet_free(r.fleet);
	for (size_t i = 0; r.groups && i < r.result->nruns; i++)
		groups_release(&r.groups[i]);
	free(r.groups);
	psr_result_free(r.result);
	psr_result_free(r.base_result);
	session_inputs_free(&r.logs);
	session_inputs_free(&r.base);
	return code;
}

int main(int argc, char **argv)
{
	struct report_opts o;
	int code = report_cli_parse(&o, argc, argv);

	if (!code) {
		outfile_signals();
		code = report(&o);
	}
	else if (code < 0)
		code = 0;
	report_cli_release(&o);
	chart_shutdown(); /* PLplot's global state, for leak checkers */
	return code;
}
