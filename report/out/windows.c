/* windows.c - --csv with --window: one row per process and window, the
 * mean and the maximum of every series in it. */
#include "writers.h"

#include "cli.h"
#include "csvw.h"
#include "output.h"

#include <math.h>
#include <string.h>

/* The series any process has, in table order. */
static unsigned columns(const struct psr_result *res, unsigned *cols)
{
	unsigned count, n = 0;
	const struct psr_series_def *tab = psr_series_table(&count);

	for (unsigned i = 0; i < count; i++) {
		bool any = false;
		for (size_t r = 0; r < res->nruns && !any; r++)
			for (size_t p = 0; p < res->runs[r].nprocs && !any; p++)
				any = psr_result_series(&res->runs[r].procs[p],
							i) != NULL;
		if (any && (tab[i].flags & PSR_SF_STATS))
			cols[n++] = i;
	}
	return n;
}

int windows_write(const struct report_ctx *c, FILE *f)
{
	unsigned count, cols[64];
	const struct psr_series_def *tab = psr_series_table(&count);
	unsigned n = columns(c->result, cols);

	fputs("window_start,window_seconds,pid,ppid,name,start_epoch", f);
	for (unsigned i = 0; i < n; i++)
		fprintf(f, ",%s_mean,%s_max", tab[cols[i]].name,
			tab[cols[i]].name);
	fputc('\n', f);
	for (size_t r = 0; r < c->result->nruns; r++) {
		const struct psr_run_result *run = &c->result->runs[r];
		for (size_t p = 0; p < run->nprocs; p++) {
			const struct psr_proc_result *pr = &run->procs[p];
			for (size_t w = 0; w < pr->nwindows; w++) {
				fprintf(f, "%.0f,%g,%u,%u", pr->w_start[w],
					c->opts->window, pr->pid, pr->ppid);
				csvw_text_cell(f, pr->comm);
				fprintf(f, ",%.2f", pr->start_epoch);
				for (unsigned i = 0; i < n; i++) {
					const struct psr_series_result *s =
						psr_result_series(pr, cols[i]);
					csvw_num_cell(f, s && s->w_mean ? s->w_mean[w] : NAN);
					csvw_num_cell(f, s && s->w_max ? s->w_max[w] : NAN);
				}
				fputc('\n', f);
			}
		}
	}
	return ferror(f) ? -1 : 0;
}

OUTPUT_WRITER(write_windows, windows_write)

static bool windowed(const struct report_opts *o)
{
	return o->an.window > 0;
}

/* --csv with --window (output_csv without) */
const struct output output_csv_windows = {
	.option = "csv",
	.modes = MODE_REPORT,
	.flags = OUTPUT_FILE,
	.needs = NEEDS_RESULT,
	.wanted = windowed,
	.result = write_windows,
};
