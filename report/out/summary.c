/* summary.c - --summary: CSV, one row per process and series with every
 * statistic, and the trend and verdict columns for memory series. */
#include "writers.h"

#include "csvw.h"
#include "output.h"
#include "rank.h"
#include "totals.h"

#include <math.h>
#include <string.h>

static const char *unit_name(enum psr_series_unit u)
{
	static const char *names[] = {"percent", "bytes", "bytes/s", "1/s",
				      "count", "seconds", "char"};
	return u <= PSR_SU_CHAR ? names[u] : "";
}

/* The trend's columns of a row without one, to the end of the line. */
static const char no_trend[] = ",,,,,,,,,,,,,\n";

static void row(FILE *f, size_t run, const struct psr_run_result *r,
		const struct psr_proc_result *p,
		const struct psr_series_result *s)
{
	const struct psr_leak *l = s->leak;
	char rules[64] = "";

	csvw_uint(f, run + 1);
	csvw_text_cell(f, r->header.hostname);
	csvw_uint_cell(f, p->pid);
	csvw_uint_cell(f, p->ppid);
	csvw_text_cell(f, p->tree ? "tree" : p == r->system ? "host" : "process");
	csvw_text_cell(f, p->comm);
	csvw_num_cell(f, p->start_epoch);
	csvw_text_cell(f, s->def->name);
	csvw_text_cell(f, unit_name(s->def->unit));
	csvw_uint_cell(f, s->n);
	csvw_num_cell(f, s->seconds);
	const double v[] = {s->min, s->max, s->mean, s->stddev, s->p5,
			    s->p50, s->p95, s->p99, s->first, s->last,
			    s->total};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		csvw_num_cell(f, v[i]);
	if (!l) {
		fputs(no_trend, f);
		return;
	}
	psr_leak_rules_text(l->rules, rules, sizeof rules);
	csvw_num_cell(f, l->ls.ok ? l->ls.slope * 3600 : NAN);
	csvw_num_cell(f, l->ls.r2);
	csvw_num_cell(f, l->ls_second.ok ? l->ls_second.slope * 3600 : NAN);
	csvw_num_cell(f, l->growth_per_h);
	csvw_num_cell(f, l->growth_pct_h);
	csvw_num_cell(f, l->mk.s);
	csvw_num_cell(f, l->mk.p);
	csvw_num_cell(f, (double)l->points);
	csvw_num_cell(f, l->grown);
	csvw_num_cell(f, l->grown_pct);
	csvw_text_cell(f, psr_leak_gate_name(l->gate));
	csvw_text_cell(f, rules);
	csvw_text_cell(f, psr_verdict_name(l->verdict));
	fputc('\n', f);
}

/* A row of one figure, in the total column (the exact CPU totals, the
 * job's): the statistics of a series do not apply. */
struct who {
	uint32_t pid, ppid;
	const char *comm;
	double start_epoch;
};

static void figure_of(FILE *f, size_t run, const struct psr_run_result *r,
		      const struct who *w, const char *kind,
		      const char *metric, const char *unit, double v)
{
	csvw_uint(f, run + 1);
	csvw_text_cell(f, r->header.hostname);
	csvw_uint_cell(f, w->pid);
	csvw_uint_cell(f, w->ppid);
	csvw_text_cell(f, kind);
	csvw_text_cell(f, w->comm);
	csvw_num_cell(f, w->start_epoch);
	csvw_text_cell(f, metric);
	csvw_text_cell(f, unit);
	fputs(",,,,,,,,,,,,", f);
	csvw_num_cell(f, v);
	fputs(no_trend, f);
}

static void figure(FILE *f, size_t run, const struct psr_run_result *r,
		   const struct psr_proc_result *p, const char *kind,
		   const char *metric, const char *unit, double v)
{
	struct who w = {0, 0, "", NAN};

	if (p)
		w = (struct who){p->pid, p->ppid, p->comm, p->start_epoch};
	figure_of(f, run, r, &w, kind, metric, unit, v);
}

/* A process summarised by its totals (psr_exited): kind "exited" for
 * the exit accounting's, "short" for a short-lived one; its figures,
 * one row each. */
static void summarised_rows(FILE *f, size_t run, const struct psr_run_result *r,
			    const struct psr_exited *e)
{
	const char *kind = e->samples ? "short" : "exited";
	const struct who w = {e->pid, e->ppid, e->comm, e->start_epoch};
	const struct { const char *m, *unit; double v; } rows[] = {
		{"cpu_seconds", "seconds", e->cpu_seconds},
		{"children_cpu_seconds", "seconds", e->children_cpu_seconds},
		{"cpu_total_seconds", "seconds",
		 e->cpu_seconds + e->children_cpu_seconds},
		{"rss_peak_bytes", "bytes", e->maxrss_bytes},
		{"read_bytes", "bytes", (double)e->read_bytes},
		{"write_bytes", "bytes", (double)e->write_bytes},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		figure_of(f, run, r, &w, kind, rows[i].m, rows[i].unit,
			  rows[i].v);
}

static void cpu_rows(FILE *f, size_t run, const struct psr_run_result *r,
		     const struct psr_proc_result *p)
{
	const char *kind = p->tree ? "tree" : "process";

	if (isnan(p->cpu_seconds))
		return;
	figure(f, run, r, p, kind, "cpu_seconds", "seconds", p->cpu_seconds);
	figure(f, run, r, p, kind, "children_cpu_seconds", "seconds",
	       p->children_cpu_seconds);
	figure(f, run, r, p, kind, "cpu_total_seconds", "seconds",
	       totals_cpu(p));
}

/* kind "job": what the kernel accounted for psrec -- CMD's job. */
static void job_rows(FILE *f, size_t run, const struct psr_run_result *r)
{
	const struct psr_job *j = totals_job(r);
	const struct psr_proc_result *p = totals_command(r);

	if (!j)
		return;
	const struct psr_rusage *u = &j->rusage;
	const struct { const char *m, *unit; double v; } rows[] = {
		{"cpu_seconds", "seconds", (double)(u->user_us + u->sys_us) / 1e6},
		{"cpu_user_seconds", "seconds", (double)u->user_us / 1e6},
		{"cpu_system_seconds", "seconds", (double)u->sys_us / 1e6},
		{"max_rss_bytes", "bytes", (double)u->maxrss_kb * 1024},
		{"minflt", "count", (double)u->minflt},
		{"majflt", "count", (double)u->majflt},
		{"block_read_bytes", "bytes", (double)u->inblock * 512},
		{"block_write_bytes", "bytes", (double)u->oublock * 512},
		{"vctxsw", "count", (double)u->nvcsw},
		{"nvctxsw", "count", (double)u->nivcsw},
		{"orphans_reaped", "count", (double)j->orphans},
		{"still_running", "count", (double)j->running},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		figure(f, run, r, p, "job", rows[i].m, rows[i].unit, rows[i].v);
}

static void proc_rows(FILE *f, size_t run, const struct psr_run_result *r,
		      const struct psr_proc_result *p)
{
	for (size_t k = 0; k < p->nseries; k++)
		row(f, run, r, p, &p->series[k]);
	if (p != r->system)
		cpu_rows(f, run, r, p);
}

/* Data, not a view: every process in the log's order (as --json), or
 * in --sort's, or the first --top N of it. */
static int procs(FILE *f, const struct report_ctx *c, size_t run,
		 const struct psr_run_result *r,
		 const struct psr_proc_result *p, size_t n)
{
	struct ranking k;

	if (c->rank->key < 0 && !c->rank->top) { /* the log's order */
		for (size_t j = 0; j < n; j++)
			proc_rows(f, run, r, &p[j]);
		/* and those summarised by their totals */
		for (size_t j = 0; p == r->procs && j < r->nexited; j++)
			summarised_rows(f, run, r, &r->exited[j]);
		return 0;
	}
	if (rank_procs(p, n, c->rank, RANK_ALL, &k))
		return -1;
	for (size_t j = 0; j < k.nshown; j++)
		proc_rows(f, run, r, k.shown[j]);
	rank_release(&k);
	return 0;
}

int summary_write(const struct report_ctx *c, FILE *f)
{
	const struct psr_result *res = c->result;

	fputs("run,host,pid,ppid,kind,name,start_epoch,metric,unit,n,seconds,"
	      "min,max,mean,stddev,p5,p50,p95,p99,first,last,total,"
	      "ls_slope_per_h,ls_r2,second_half_slope_per_h,"
	      "growth_per_h,growth_pct_per_h,mk_s,mk_p,trend_points,grown,"
	      "grown_pct,gate,rules,"
	      "verdict\n", f);
	for (size_t i = 0; i < res->nruns; i++) {
		const struct psr_run_result *r = &res->runs[i];
		if (procs(f, c, i, r, r->procs, r->nprocs) ||
		    procs(f, c, i, r, r->trees, r->ntrees))
			return -1;
		if (r->system)
			proc_rows(f, i, r, r->system);
		job_rows(f, i, r);
	}
	return ferror(f) ? -1 : 0;
}

OUTPUT_WRITER(write_summary, summary_write)

const struct output output_summary = {
	.option = "summary",
	.arg = "<file>",
	.help = "CSV: one row per process and metric, every statistic",
	.modes = MODE_REPORT,
	.flags = OUTPUT_FILE,
	.needs = NEEDS_RESULT,
	.result = write_summary,
};
