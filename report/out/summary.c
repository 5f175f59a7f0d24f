/* summary.c - --summary: CSV, one row per process and series with every
 * statistic, and the trend and verdict columns for memory series. */
#include "writers.h"

#include "csvw.h"
#include "output.h"

#include <math.h>
#include <string.h>

static const char *unit_name(enum psr_series_unit u)
{
	static const char *names[] = {"percent", "bytes", "bytes/s", "1/s",
				      "count", "seconds", "char"};
	return u <= PSR_SU_CHAR ? names[u] : "";
}

static void row(FILE *f, size_t run, const struct psr_run_result *r,
		const struct psr_proc_result *p,
		const struct psr_series_result *s)
{
	const struct psr_leak *l = s->leak;
	char rules[64] = "";

	fprintf(f, "%zu", run + 1);
	csvw_text_cell(f, r->header.hostname);
	fprintf(f, ",%u,%u", p->pid, p->ppid);
	csvw_text_cell(f, p->tree ? "tree" : p == r->system ? "host" : "process");
	csvw_text_cell(f, p->comm);
	csvw_num_cell(f, p->start_epoch);
	csvw_text_cell(f, s->def->name);
	csvw_text_cell(f, unit_name(s->def->unit));
	fprintf(f, ",%llu", (unsigned long long)s->n);
	csvw_num_cell(f, s->seconds);
	const double v[] = {s->min, s->max, s->mean, s->stddev, s->p5,
			    s->p50, s->p95, s->p99, s->first, s->last,
			    s->total};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		csvw_num_cell(f, v[i]);
	if (!l) {
		fputs(",,,,,,,,,,\n", f);
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
	csvw_text_cell(f, rules);
	csvw_text_cell(f, psr_verdict_name(l->verdict));
	fputc('\n', f);
}

static void procs(FILE *f, size_t run, const struct psr_run_result *r,
		  const struct psr_proc_result *p, size_t n)
{
	for (size_t j = 0; j < n; j++)
		for (size_t k = 0; k < p[j].nseries; k++)
			row(f, run, r, &p[j], &p[j].series[k]);
}

int summary_write(const struct report_ctx *c, FILE *f)
{
	const struct psr_result *res = c->result;

	fputs("run,host,pid,ppid,kind,name,start_epoch,metric,unit,n,seconds,"
	      "min,max,mean,stddev,p5,p50,p95,p99,first,last,total,"
	      "ls_slope_per_h,ls_r2,second_half_slope_per_h,"
	      "growth_per_h,growth_pct_per_h,mk_s,mk_p,trend_points,rules,"
	      "verdict\n", f);
	for (size_t i = 0; i < res->nruns; i++) {
		const struct psr_run_result *r = &res->runs[i];
		procs(f, i, r, r->procs, r->nprocs);
		procs(f, i, r, r->trees, r->ntrees);
		if (r->system)
			procs(f, i, r, r->system, 1);
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
