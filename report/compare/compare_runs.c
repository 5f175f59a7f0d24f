/* compare_runs.c - --runs: for each process key, one row per run in start
 * order with mean, p95 and max, to show a trend across releases (the
 * cells from the runs table, computed once). */
#include "compare.h"

#include "csvw.h"
#include "fmt.h"
#include "output.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

int runs_text(const struct runs_table *t, FILE *f)
{
	const struct psr_result *r = t->result;
	unsigned cpu = (unsigned)psr_series_find("cpu_percent");
	unsigned rss = (unsigned)psr_series_find("rss_bytes");

	fprintf(f, "%zu runs, in start order; processes matched by %s\n",
		r->nruns, psr_compare_match_name(t->match));
	for (size_t i = 0; i < t->nkeys; i++) {
		fprintf(f, "\n%s\n", t->keys[i]);
		fprintf(f, "  %-4s %-19s %-24s %8s %8s %8s %10s %10s %10s %12s\n",
			"RUN", "START", "LOG", "CPU mean", "p95", "max",
			"RSS mean", "p95", "max", "RSS growth/h");
		for (size_t j = 0; j < r->nruns; j++) {
			const struct psr_run_result *run = &r->runs[j];
			const struct psr_compare_cell *c =
				runs_table_cell(t, i, cpu, j);
			const struct psr_compare_cell *s =
				runs_table_cell(t, i, rss, j);
			char when[32], v[7][32];
			fmt_epoch(when, sizeof when, run->start_epoch);
			fmt_value(v[0], 32, c->mean, PSR_SU_PERCENT);
			fmt_value(v[1], 32, c->p95, PSR_SU_PERCENT);
			fmt_value(v[2], 32, c->max, PSR_SU_PERCENT);
			fmt_bytes(v[3], 32, s->mean);
			fmt_bytes(v[4], 32, s->p95);
			fmt_bytes(v[5], 32, s->max);
			fmt_bytes(v[6], 32, s->growth_per_h);
			fprintf(f, "  %-4zu %-19s %-24.24s %8s %8s %8s %10s "
				   "%10s %10s %12s\n",
				j + 1, when, base_name(run->paths[0]), v[0], v[1],
				v[2], v[3], v[4], v[5], v[6]);
		}
	}
	return ferror(f) ? -1 : 0;
}

int runs_csv(const struct runs_table *t, FILE *f)
{
	const struct psr_result *r = t->result;
	unsigned count;
	const struct psr_series_def *tab = psr_series_table(&count);

	fputs("run,start,log,key,metric,n,mean,p95,max,growth_per_h\n", f);
	for (size_t i = 0; i < t->nkeys; i++)
		for (unsigned s = 0; s < count; s++)
			for (size_t j = 0; j < r->nruns; j++) {
				const struct psr_compare_cell *c =
					runs_table_cell(t, i, s, j);
				if (!c->n)
					continue;
				fprintf(f, "%zu,%.3f", j + 1,
					r->runs[j].start_epoch);
				csvw_text_cell(f, r->runs[j].paths[0]);
				csvw_text_cell(f, t->keys[i]);
				csvw_text_cell(f, tab[s].name);
				fprintf(f, ",%llu", (unsigned long long)c->n);
				csvw_num_cell(f, c->mean);
				csvw_num_cell(f, c->p95);
				csvw_num_cell(f, c->max);
				csvw_num_cell(f, c->growth_per_h);
				fputc('\n', f);
			}
	return ferror(f) ? -1 : 0;
}

static int write_runs_text(struct out *out, const struct report_ctx *c)
{
	return runs_text(c->runs, out->f);
}

static int write_runs_csv(struct out *out, const struct report_ctx *c)
{
	return runs_csv(c->runs, out->f);
}

const struct output output_runs_text = {
	.modes = MODE_RUNS,
	.flags = OUTPUT_STDOUT | OUTPUT_DEFAULT,
	.needs = NEEDS_RESULT,
	.result = write_runs_text,
};

/* --runs --compare-csv (with --baseline: output_compare_csv) */
const struct output output_runs_csv = {
	.option = "compare-csv",
	.modes = MODE_RUNS,
	.flags = OUTPUT_FILE,
	.needs = NEEDS_RESULT,
	.result = write_runs_csv,
};
